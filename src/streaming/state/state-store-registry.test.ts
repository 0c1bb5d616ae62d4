import assert from "node:assert/strict";
import { test } from "node:test";
import type { TsparkError } from "../../common/errors.js";
import { MapValue } from "../../data/values.js";
import { statePartitionOf, stateKeyOf, stateKeyPrefixOf, stateKeyWithIndex } from "./state-key.js";
import { stateStoreProvider, stateStoreProviders, unloadStateStores } from "./state-store-registry.js";
import { cloneStateValue, estimateStateValueSize } from "./state-value.js";
import { DEFAULT_STATE_STORE_CONF } from "./state-store.js";

const conf = { ...DEFAULT_STATE_STORE_CONF, maxVersionsToRetain: 2 };

test("one provider per (stateRoot, operatorId, partitionId) for the whole process", () => {
  const a = stateStoreProvider({ stateRoot: "/r1/state", operatorId: 0, partitionId: 0 }, conf);
  assert.equal(stateStoreProvider({ stateRoot: "/r1/state", operatorId: 0, partitionId: 0 }, conf), a);
  assert.notEqual(stateStoreProvider({ stateRoot: "/r1/state", operatorId: 1, partitionId: 0 }, conf), a);
  assert.notEqual(stateStoreProvider({ stateRoot: "/r1/state", operatorId: 0, partitionId: 1 }, conf), a);
  assert.notEqual(stateStoreProvider({ stateRoot: "/r2/state", operatorId: 0, partitionId: 0 }, conf), a);
});

test("unloading a state root forgets its state, as a new process would", async () => {
  const id = { stateRoot: "/r3/state", operatorId: 0, partitionId: 0 };
  const s = await stateStoreProvider(id, conf).getStore(0);
  s.put(["k"], 1);
  await s.commit();
  const other = { stateRoot: "/r4/state", operatorId: 0, partitionId: 0 };
  const o = await stateStoreProvider(other, conf).getStore(0);
  await o.commit();
  unloadStateStores("/r3/state");
  await assert.rejects(
    () => stateStoreProvider(id, conf).getStore(1),
    (e: TsparkError) => e.errorClass === "CANNOT_LOAD_STATE_STORE.CANNOT_READ_DELTA_FILE_NOT_EXISTS",
  );
  // Other roots keep theirs.
  assert.equal((await stateStoreProvider(other, conf).getStore(1)).numKeys(), 0);
  unloadStateStores();
  await assert.rejects(() => stateStoreProvider(other, conf).getStore(1));
});

test("state keys: compact keys and a stable partition in range", () => {
  assert.equal(stateKeyOf([]), "");
  assert.equal(stateKeyOf([5]), 5);
  assert.equal(stateKeyOf([null]), stateKeyOf([null]));
  assert.notEqual(stateKeyOf([1, 2]), stateKeyOf([12]));
  const counts = new Array(5).fill(0);
  for (let i = 0; i < 1000; i++) {
    const p = statePartitionOf(stateKeyOf([i]), 5);
    assert.ok(p >= 0 && p < 5);
    assert.equal(statePartitionOf(stateKeyOf([i]), 5), p);
    counts[p]++;
  }
  // Consecutive integers spread over every partition.
  for (const c of counts) assert.ok(c > 100, `uneven spread ${counts}`);
  assert.equal(statePartitionOf(stateKeyOf(["a", 1.5]), 1), 0);
  const big = statePartitionOf(stateKeyOf([2n ** 70n]), 7);
  assert.ok(big >= 0 && big < 7);
});

test("cloneStateValue copies every mutable level", () => {
  const buf = [1, [2, 3], new Uint8Array([4]), new MapValue([1], [[5]]), { months: 1, days: 2, micros: 3 }];
  const copy = cloneStateValue(buf) as unknown[];
  assert.deepEqual(copy, buf);
  (copy[1] as number[]).push(9);
  (copy[2] as Uint8Array)[0] = 0;
  ((copy[3] as MapValue).values[0] as number[]).push(6);
  assert.deepEqual(buf[1], [2, 3]);
  assert.equal((buf[2] as Uint8Array)[0], 4);
  assert.deepEqual((buf[3] as MapValue).values[0], [5]);
  assert.ok(copy[3] instanceof MapValue);
  assert.equal(cloneStateValue(7n), 7n);
  assert.equal(cloneStateValue(null), null);
});

test("size estimates grow with the value", () => {
  assert.ok(estimateStateValueSize("abcdef") > estimateStateValueSize("a"));
  assert.ok(estimateStateValueSize([1, 2, 3]) > estimateStateValueSize([1]));
  assert.ok(estimateStateValueSize(new Uint8Array(100)) > 100);
  assert.ok(estimateStateValueSize(null) > 0);
});

test("stateStoreProviders returns the same cached providers as stateStoreProvider, per partition", () => {
  const root = "/ckpt-many/state";
  const conf = { ...DEFAULT_STATE_STORE_CONF, maxVersionsToRetain: 2 };
  const all = stateStoreProviders(root, 3, 4, conf);
  assert.equal(all.length, 4);
  for (let p = 0; p < 4; p++) {
    assert.equal(all[p], stateStoreProvider({ stateRoot: root, operatorId: 3, partitionId: p }, conf));
    assert.deepEqual(all[p]!.id, { stateRoot: root, operatorId: 3, partitionId: p });
  }
  assert.equal(stateStoreProviders(root, 3, 4, conf)[2], all[2]);
  assert.notEqual(stateStoreProviders(root, 4, 4, conf)[2], all[2]);
  unloadStateStores(root);
  assert.notEqual(stateStoreProviders(root, 3, 4, conf)[2], all[2]);
  unloadStateStores(root);
});

test("stateKeyWithIndex(stateKeyPrefixOf(key), i) is stateKeyOf([...key, i]) for keys of any width and value", () => {
  // Keys of one or more values (a join's keys; `[...[], i]` would be a one-value row).
  const keys: unknown[][] = [
    [1],
    ["a"],
    [null],
    [[1, "x"]],
    [1, "b"],
    [Number.NaN, -0, 7n],
    ["s;n1;", [1, 2]],
  ];
  for (const key of keys)
    for (const i of [0, 1, 9, 10, 63, 64, 65, 12345])
      assert.equal(
        stateKeyWithIndex(stateKeyPrefixOf(key), i),
        stateKeyOf([...key, i]),
        JSON.stringify(key, (_, v) => (typeof v === "bigint" ? `${v}n` : v)),
      );
});
