// GroupIndex against the key strings it replaces: two rows share a group exactly when
// compositeKey gives them equal strings, and groups come out in first-seen order.
import assert from "node:assert/strict";
import { test } from "node:test";
import { MapValue } from "../data/values.js";
import { GroupIndex } from "./group-index.js";
import { groupKeyAt } from "./group-key.js";

/** Groups `rows` (columns of equal length) both ways; returns each row's group number per way. */
function groupBoth(columns: unknown[][], n: number): { byIndex: number[]; byString: number[] } {
  const index = new GroupIndex<number>();
  const strings = new Map<unknown, number>();
  const byIndex: number[] = [];
  const byString: number[] = [];
  const rows = columns[0]?.length ?? 1;
  for (let r = 0; r < rows; r++) {
    let g = index.find(columns, n, r);
    if (g === undefined) {
      g = index.size;
      index.add(g);
    }
    byIndex.push(g);
    const k = groupKeyAt(columns, n, r);
    let s = strings.get(k);
    if (s === undefined) {
      s = strings.size;
      strings.set(k, s);
    }
    byString.push(s);
  }
  assert.deepEqual(
    index.values,
    Array.from({ length: index.size }, (_, i) => i),
  );
  return { byIndex, byString };
}

test("GroupIndex: the same groups, in the same order, as the key strings (edge values)", () => {
  const windows = [[0, 10], [2, 12], null, [0, 10], [0, null], [null, 10], [0, null]];
  const ids = [1, 1, 1, 1, 1, 1, 1];
  const a = groupBoth([ids, windows], 2);
  assert.deepEqual(a.byIndex, a.byString);
  assert.deepEqual(a.byIndex, [0, 1, 2, 0, 3, 4, 3]);

  // Numbers as Spark normalises them (NaN = NaN, -0 = 0), strings that look like markers or
  // encodings, booleans, bigints, nested arrays of different lengths, maps by entries, binaries.
  const values: unknown[] = [
    Number.NaN,
    0,
    -0,
    Number.NaN,
    "\u0000null",
    null,
    "~",
    "",
    true,
    false,
    9007199254740993n,
    9007199254740993n,
    [1, [2, 3]],
    [1, [2, 3]],
    [[1, 2], 3],
    [1, 2, 3],
    [],
    [null],
    [[]],
    new MapValue([1, 2], ["a", "b"]),
    new MapValue([2, 1], ["b", "a"]),
    new MapValue([1], ["a"]),
    new Uint8Array([1, 2]),
    new Uint8Array([1, 2]),
    new Uint8Array([2]),
    { months: 1, days: 2, micros: 3 },
    { months: 1, days: 2, micros: 3 },
    "n0;",
  ];
  const one = groupBoth([values], 1);
  assert.deepEqual(one.byIndex, one.byString);
  // Two columns: the same values against a second column, so that flattening boundaries move.
  const other = values.map((_, i) => (i % 3 === 0 ? null : i % 2 === 0 ? [i % 4] : "x"));
  const two = groupBoth([values, other], 2);
  assert.deepEqual(two.byIndex, two.byString);
  const swapped = groupBoth([other, values], 2);
  assert.deepEqual(swapped.byIndex, swapped.byString);
});

test("GroupIndex: no key columns put every row in one group", () => {
  const { byIndex } = groupBoth([[1, 2, 3]], 0);
  assert.deepEqual(byIndex, [0, 0, 0]);
});

test("GroupIndex: random rows of nullable ints, doubles, strings and structs group as their key strings", () => {
  let seed = 7;
  const rand = (k: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % k;
  };
  const pick = <T>(xs: readonly T[]): T => xs[rand(xs.length)]!;
  const n = 2000;
  const ints = Array.from({ length: n }, () => pick([null, 0, 1, 2, -0]));
  const doubles = Array.from({ length: n }, () => pick([null, 1.5, Number.NaN, 0, -0]));
  const strs = Array.from({ length: n }, () => pick([null, "a", "", "\u0000null", "ab"]));
  const structs = Array.from({ length: n }, () => pick([null, [1, null], [1, 2], [null, null], [[1], "a"]]));
  const cols = [ints, doubles, strs, structs];
  for (let width = 1; width <= cols.length; width++) {
    const { byIndex, byString } = groupBoth(cols, width);
    assert.deepEqual(byIndex, byString, `first ${width} columns`);
  }
});
