import assert from "node:assert/strict";
import { test } from "node:test";
import { INT, STRING } from "../../types/data-type.js";
import type { BindArg, WindowFunctionDefinition } from "../function-definition.js";
import { argOf, litArg, testContext } from "../testing.js";
import { lag, lead } from "./lag-lead.js";
import { ntile } from "./ntile.js";
import { cumeDist, denseRank, percentRank, rank, rowNumber } from "./ranking.js";

/** Peer-group starts for a sorted list of ORDER BY keys. */
function peersOf(keys: readonly unknown[]): Int32Array {
  const p = new Int32Array(keys.length);
  for (let r = 0; r < keys.length; r++) p[r] = r > 0 && keys[r] === keys[r - 1] ? (p[r - 1] as number) : r;
  return p;
}

function evalWindow(
  def: WindowFunctionDefinition,
  args: readonly BindArg[],
  cols: readonly (readonly unknown[])[],
  keys: readonly unknown[],
  ignoreNulls = false,
): unknown[] {
  const k = def.bind(args, testContext(), ignoreNulls);
  return k.evaluatePartition(cols, peersOf(keys), keys.length);
}

// Spark docs: VALUES ('A1', 2), ('A1', 1), ('A2', 3), ('A1', 1) partitioned by a, ordered by b;
// partition A1 sorted is b = [1, 1, 2], partition A2 is [3].
const A1 = [1, 1, 2];

test("row_number / rank / dense_rank (Spark docs)", () => {
  assert.deepEqual(evalWindow(rowNumber, [], [], A1), [1, 2, 3]);
  assert.deepEqual(evalWindow(rank, [], [], A1), [1, 1, 3]);
  assert.deepEqual(evalWindow(denseRank, [], [], A1), [1, 1, 2]);
  assert.deepEqual(evalWindow(rank, [], [], [3]), [1]);
  assert.deepEqual(evalWindow(rowNumber, [], [], []), []);
});

test("percent_rank / cume_dist (Spark docs)", () => {
  assert.deepEqual(evalWindow(percentRank, [], [], A1), [0, 0, 1]);
  assert.deepEqual(evalWindow(percentRank, [], [], [3]), [0]);
  assert.deepEqual(evalWindow(cumeDist, [], [], A1), [2 / 3, 2 / 3, 1]);
  assert.deepEqual(evalWindow(cumeDist, [], [], [3]), [1]);
  assert.deepEqual(evalWindow(cumeDist, [], [], [1, 2, 2, 2, 3]), [0.2, 0.8, 0.8, 0.8, 1]);
});

test("ranking display names: RANK() family upper case", () => {
  assert.equal(rank.sql?.([], "rank"), "RANK()");
  assert.equal(denseRank.sql?.([], "dense_rank"), "DENSE_RANK()");
  assert.equal(percentRank.sql?.([], "percent_rank"), "PERCENT_RANK()");
  assert.equal(rowNumber.sql?.([], "row_number"), "row_number()");
  assert.equal(cumeDist.sql?.([], "cume_dist"), "cume_dist()");
});

test("ntile: bucket sizes differ by at most one, larger buckets first", () => {
  assert.deepEqual(evalWindow(ntile, [litArg(INT, 2)], [[2, 2, 2]], A1), [1, 1, 2]);
  const seven = [1, 2, 3, 4, 5, 6, 7];
  assert.deepEqual(evalWindow(ntile, [litArg(INT, 3)], [], seven), [1, 1, 1, 2, 2, 3, 3]);
  assert.deepEqual(evalWindow(ntile, [litArg(INT, 10)], [], [1, 2, 3]), [1, 2, 3]);
  assert.throws(() => ntile.bind([litArg(INT, 0)], testContext(), false), /VALUE_OUT_OF_RANGE/);
  assert.throws(() => ntile.bind([argOf(INT)], testContext(), false), /NON_FOLDABLE_INPUT/);
});

test("lag / lead (Spark docs)", () => {
  const b = [1, 1, 2];
  assert.deepEqual(evalWindow(lag, [argOf(INT, "b")], [b], A1), [null, 1, 1]);
  assert.deepEqual(evalWindow(lead, [argOf(INT, "b")], [b], A1), [1, 2, null]);
  assert.deepEqual(evalWindow(lag, [argOf(INT, "b")], [[3]], [3]), [null]);
});

test("lag / lead: offsets, defaults per row, negative and zero offsets", () => {
  const x = ["a", "b", "c", "d"];
  const keys = [1, 2, 3, 4];
  const def = ["d0", "d1", "d2", "d3"];
  const args3 = (o: number) => [argOf(STRING), litArg(INT, o), argOf(STRING, "dflt")];
  assert.deepEqual(evalWindow(lag, args3(2), [x, [2, 2, 2, 2], def], keys), ["d0", "d1", "a", "b"]);
  assert.deepEqual(evalWindow(lead, args3(2), [x, [2, 2, 2, 2], def], keys), ["c", "d", "d2", "d3"]);
  assert.deepEqual(evalWindow(lag, args3(-1), [x, [-1, -1, -1, -1], def], keys), ["b", "c", "d", "d3"]);
  assert.deepEqual(evalWindow(lead, args3(0), [x, [0, 0, 0, 0], def], keys), x);
});

test("lag / lead IGNORE NULLS skip null values when counting the offset", () => {
  const x = [1, null, 2, null, 3];
  const keys = [1, 2, 3, 4, 5];
  assert.deepEqual(evalWindow(lag, [argOf(INT)], [x], keys, true), [null, 1, 1, 2, 2]);
  assert.deepEqual(evalWindow(lead, [argOf(INT)], [x], keys, true), [2, 2, 3, 3, null]);
  assert.deepEqual(evalWindow(lead, [argOf(INT)], [x], keys, false), [null, 2, null, 3, null]);
});

test("lag / lead display names show all three arguments", () => {
  assert.equal(lag.sql?.(["b"], "lag"), "lag(b, 1, NULL)");
  assert.equal(lead.sql?.(["b", "2", "0"], "lead"), "lead(b, 2, 0)");
  assert.throws(
    () => lag.bind([argOf(INT), argOf(INT)], testContext(), false),
    /FRAME_LESS_OFFSET_WITHOUT_FOLDABLE/,
  );
});
