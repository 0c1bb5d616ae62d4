/**
 * `mode(col[, deterministic])`: the most frequent non-null value of a group (NULL for no input).
 * Among values with the same highest count Spark returns any of them, or the lowest when
 * `deterministic` is true; here ties always go to the lowest value (Spark's total order), which is a
 * valid answer in both cases.
 *
 * Buffer: [values[], counts[]] (plain data); a key index is cached beside it in a WeakMap and rebuilt
 * after deserialisation.
 */
import { BOOLEAN } from "../../types/data-type.js";
import { hashKeyFn } from "../collection/helpers.js";
import { compareValues } from "../collection/compare.js";
import { unexpectedInputType } from "../errors.js";
import type { AggregateFunctionDefinition, BoundAggregate } from "../function-definition.js";
import { aggCallSql, foldableValue } from "./helpers.js";
import { requireOrderable } from "./min-max.js";

type ModeBuffer = [unknown[], number[]];

/** `mode`: the most frequent value. */
export const mode: AggregateFunctionDefinition = {
  type: "aggregate",
  name: "mode",
  // A third argument is the parser's `mode() WITHIN GROUP (ORDER BY col [DESC])` flag (descending).
  args: { min: 1, max: 3 },
  // The deterministic flag is a parameter, not a child, so the name shows only the column.
  sql: (args) =>
    args.length === 3
      ? `mode() WITHIN GROUP (ORDER BY ${args[0] ?? ""}${args[2] === "true" ? " DESC" : ""})`
      : `mode(${args[0] ?? ""})`,
  docs: {
    usage:
      "mode(col[, deterministic]) returns the most frequent value for the values within col; NULL values are ignored.",
    examples: [
      { sql: "mode(col) FROM VALUES (0), (10), (10) AS tab(col)", result: "10" },
      { sql: "mode(col) FROM VALUES (0), (10), (10), (null), (null), (null) AS tab(col)", result: "10" },
      { sql: "mode(col, true) FROM VALUES (-10), (0), (10) AS tab(col)", result: "-10" },
      { sql: "mode() WITHIN GROUP (ORDER BY col) FROM VALUES (0), (10), (10) AS tab(col)", result: "10" },
      {
        sql: "mode() WITHIN GROUP (ORDER BY col DESC) FROM VALUES (0), (10), (10), (20), (20) AS tab(col)",
        result: "20",
      },
    ],
    since: "3.4.0",
  },
  bind: (args): BoundAggregate => {
    const t = requireOrderable("mode", args, 0);
    if (args.length > 1) {
      const flag = args[1]!;
      if (flag.dataType.kind !== BOOLEAN.kind)
        throw unexpectedInputType(aggCallSql("mode", args), 1, '"BOOLEAN"', flag);
      foldableValue("mode", args, 1, "deterministic", '"BOOLEAN"');
    }
    // WITHIN GROUP (ORDER BY col DESC): ties go to the highest value instead of the lowest.
    const tieSign = args.length === 3 && args[2]!.value === true ? -1 : 1;
    const keyOf = hashKeyFn(t);
    const cmp = compareValues(t);
    const index = new WeakMap<unknown[], Map<unknown, number>>();
    const positions = (b: ModeBuffer): Map<unknown, number> => {
      let m = index.get(b[0]);
      if (m === undefined) {
        m = new Map(b[0].map((v, i) => [keyOf(v), i]));
        index.set(b[0], m);
      }
      return m;
    };
    const add = (b: ModeBuffer, v: unknown, n: number): void => {
      const pos = positions(b);
      const k = keyOf(v);
      const i = pos.get(k);
      if (i === undefined) {
        pos.set(k, b[0].length);
        b[0].push(v);
        b[1].push(n);
      } else {
        b[1][i] = (b[1][i] as number) + n;
      }
    };
    return {
      dataType: t,
      nullable: true,
      init: () => [[], []],
      update: (buf, x) => {
        add(buf as ModeBuffer, x, 1);
        return buf;
      },
      merge: (a, b) => {
        const x = a as ModeBuffer;
        const y = b as ModeBuffer;
        for (let i = 0; i < y[0].length; i++) add(x, y[0][i], y[1][i] as number);
        return x;
      },
      finish: (buf) => {
        const [values, counts] = buf as ModeBuffer;
        let best = -1;
        for (let i = 0; i < values.length; i++) {
          if (
            best < 0 ||
            (counts[i] as number) > (counts[best] as number) ||
            (counts[i] === counts[best] && tieSign * cmp(values[i], values[best]) < 0)
          ) {
            best = i;
          }
        }
        return best < 0 ? null : values[best];
      },
    };
  },
};
