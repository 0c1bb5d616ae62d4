import assert from "node:assert/strict";
import { test } from "node:test";
import { compositeKey, singleKey } from "./group-key.js";

test("equal structs in a row share a key; a struct changed in place, or different values, do not", () => {
  const w = [1_700_000_000_000_000, 1_700_000_010_000_000];
  const a = compositeKey([w, 5]);
  assert.equal(compositeKey([[1_700_000_000_000_000, 1_700_000_010_000_000], 5]), a);
  // The same array object, changed in place: a new key (the cache compares values, not identity).
  w[1] = 1_700_000_020_000_000;
  const b = compositeKey([w, 5]);
  assert.notEqual(b, a);
  assert.equal(b, compositeKey([[1_700_000_000_000_000, 1_700_000_020_000_000], 5]));
  // Values of different types or nesting never share a key through the cache.
  assert.notEqual(singleKey([1, "1"]), singleKey([1, 1]));
  assert.notEqual(singleKey([null]), singleKey([[]]));
  assert.equal(singleKey([0]), singleKey([-0]));
  assert.equal(singleKey([Number.NaN]), singleKey([Number.NaN]));
  const inner = [1, 2];
  const k1 = singleKey([inner, 3]);
  inner[0] = 9;
  assert.notEqual(singleKey([inner, 3]), k1, "a nested array is compared by its values too");
  // Keys of structs alternating with other structs stay exact.
  const keys = [
    [1, 2],
    [1, 3],
    [1, 2],
  ].map((s) => singleKey(s));
  assert.equal(keys[0], keys[2]);
  assert.notEqual(keys[0], keys[1]);
});
