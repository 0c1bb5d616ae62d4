/**
 * Ranking window functions over a sorted partition: `row_number()`, `rank()`, `dense_rank()`,
 * `percent_rank()`, `cume_dist()`. They take no arguments; peer groups (rows with equal ORDER BY
 * keys) come from the operator as `peers[r]` = index of the first row of r's group.
 * Spark prints the rank family in upper case (`RANK()`), the others in lower case.
 */
import { DOUBLE, INT } from "../../types/data-type.js";
import type { BoundWindowFunction, FunctionDocs, WindowFunctionDefinition } from "../function-definition.js";

// Doc example rows are newline-separated and sorted by every output column.
const RANK_EXAMPLE_FROM = "FROM VALUES ('A1', 2), ('A1', 1), ('A2', 3), ('A1', 1) tab(a, b) ORDER BY 1, 2, 3";

function rankingDefinition(
  name: string,
  upperCaseSql: boolean,
  kernel: BoundWindowFunction,
  docs: FunctionDocs,
): WindowFunctionDefinition {
  return {
    type: "window",
    name,
    // Spark's rank functions accept (and ignore) arguments: the analyzer fills in the ORDER BY keys.
    args: { min: 0, max: upperCaseSql ? Number.POSITIVE_INFINITY : 0 },
    sql: () => `${upperCaseSql ? name.toUpperCase() : name}()`,
    docs,
    bind: () => kernel,
  };
}

/** Index one past the last row of the peer group starting at `start`. */
function groupEnd(peers: Int32Array, start: number, n: number): number {
  let e = start + 1;
  while (e < n && peers[e] === start) e++;
  return e;
}

/** `row_number()`: 1, 2, 3, … within the partition. */
export const rowNumber = rankingDefinition(
  "row_number",
  false,
  {
    dataType: INT,
    nullable: false,
    evaluatePartition: (_args, _peers, n) => {
      const out = new Array<unknown>(n);
      for (let r = 0; r < n; r++) out[r] = r + 1;
      return out;
    },
  },
  {
    usage:
      "row_number() assigns a unique, sequential number to each row, starting with one, according to the ordering of rows within the window partition.",
    examples: [
      {
        sql: `a, b, row_number() OVER (PARTITION BY a ORDER BY b) ${RANK_EXAMPLE_FROM}`,
        result: "A1 1 1\nA1 1 2\nA1 2 3\nA2 3 1",
      },
    ],
    since: "2.0.0",
  },
);

/** `rank()`: one plus the number of rows before the row's peer group (gaps after ties). */
export const rank = rankingDefinition(
  "rank",
  true,
  {
    dataType: INT,
    nullable: false,
    evaluatePartition: (_args, peers, n) => {
      const out = new Array<unknown>(n);
      for (let r = 0; r < n; r++) out[r] = (peers[r] as number) + 1;
      return out;
    },
  },
  {
    usage:
      "rank() computes the rank of a value in a group of values: one plus the number of rows preceding or equal to the current row in the ordering of the partition; ties leave gaps.",
    examples: [
      {
        sql: `a, b, rank(b) OVER (PARTITION BY a ORDER BY b) ${RANK_EXAMPLE_FROM}`,
        result: "A1 1 1\nA1 1 1\nA1 2 3\nA2 3 1",
      },
    ],
    since: "2.0.0",
  },
);

/** `dense_rank()`: the number of distinct peer groups up to and including the row's (no gaps). */
export const denseRank = rankingDefinition(
  "dense_rank",
  true,
  {
    dataType: INT,
    nullable: false,
    evaluatePartition: (_args, peers, n) => {
      const out = new Array<unknown>(n);
      let dr = 0;
      for (let r = 0; r < n; r++) {
        if (peers[r] === r) dr++;
        out[r] = dr;
      }
      return out;
    },
  },
  {
    usage:
      "dense_rank() computes the rank of a value in a group of values without gaps in the ranking sequence.",
    examples: [
      {
        sql: `a, b, dense_rank(b) OVER (PARTITION BY a ORDER BY b) ${RANK_EXAMPLE_FROM}`,
        result: "A1 1 1\nA1 1 1\nA1 2 2\nA2 3 1",
      },
    ],
    since: "2.0.0",
  },
);

/** `percent_rank()`: (rank − 1) / (rows − 1), 0.0 for a one-row partition. */
export const percentRank = rankingDefinition(
  "percent_rank",
  true,
  {
    dataType: DOUBLE,
    nullable: false,
    evaluatePartition: (_args, peers, n) => {
      const out = new Array<unknown>(n);
      for (let r = 0; r < n; r++) out[r] = n > 1 ? (peers[r] as number) / (n - 1) : 0;
      return out;
    },
  },
  {
    usage: "percent_rank() computes the percentage ranking of a value in a group of values.",
    examples: [
      {
        sql: `a, b, percent_rank(b) OVER (PARTITION BY a ORDER BY b) ${RANK_EXAMPLE_FROM}`,
        result: "A1 1 0.0\nA1 1 0.0\nA1 2 1.0\nA2 3 0.0",
      },
    ],
    since: "2.0.0",
  },
);

/** `cume_dist()`: the fraction of partition rows that are ordered before or are peers of the row. */
export const cumeDist = rankingDefinition(
  "cume_dist",
  false,
  {
    dataType: DOUBLE,
    nullable: false,
    evaluatePartition: (_args, peers, n) => {
      const out = new Array<unknown>(n);
      let r = 0;
      while (r < n) {
        const end = groupEnd(peers, r, n);
        const v = end / n;
        for (let k = r; k < end; k++) out[k] = v;
        r = end;
      }
      return out;
    },
  },
  {
    usage: "cume_dist() computes the position of a value relative to all values in the partition.",
    examples: [
      {
        sql: `a, b, cume_dist() OVER (PARTITION BY a ORDER BY b) ${RANK_EXAMPLE_FROM}`,
        result: "A1 1 0.6666666666666666\nA1 1 0.6666666666666666\nA1 2 1.0\nA2 3 1.0",
      },
    ],
    since: "2.0.0",
  },
);
