import assert from "node:assert/strict";
import { test } from "node:test";
import type { TsparkError } from "../../common/errors.js";
import { MapValue } from "../../data/values.js";
import { InMemoryStateStoreProvider } from "./in-memory-state-store-provider.js";

const id = { stateRoot: "/ckpt/state", operatorId: 0, partitionId: 3 };
const provider = (maxVersionsToRetain = 2) => new InMemoryStateStoreProvider(id, { maxVersionsToRetain });

async function commitBatch(p: InMemoryStateStoreProvider, batchId: number, puts: [unknown[], unknown][]) {
  const s = await p.getStore(batchId);
  for (const [k, v] of puts) s.put(k, v);
  return s.commit();
}

test("version 0 is empty; commit makes version batchId + 1 with the updates", async () => {
  const p = provider();
  const s = await p.getStore(0);
  assert.equal(s.version, 0);
  assert.equal(s.numKeys(), 0);
  s.put(["a"], 1);
  s.put(["b"], 2);
  s.put(["a"], 3);
  s.remove(["b"]);
  s.remove(["missing"]);
  assert.equal(s.get(["a"]), 3);
  assert.equal(s.get(["b"]), undefined);
  assert.equal(await s.commit(), 1);
  assert.equal(s.hasCommitted, true);
  const s1 = await p.getStore(1);
  assert.deepEqual([...s1.iterator()], [{ key: ["a"], value: 3 }]);
});

test("updates are invisible until commit, and abort drops them", async () => {
  const p = provider();
  await commitBatch(p, 0, [[["k"], "v1"]]);
  const s = await p.getStore(1);
  s.put(["k"], "v2");
  s.put(["x"], "y");
  assert.equal((await p.getReadStore(1)).get(["k"]), "v1");
  s.abort();
  s.abort();
  const again = await p.getStore(1);
  assert.equal(again.get(["k"]), "v1");
  assert.equal(again.numKeys(), 1);
  await assert.rejects(
    () => s.commit(),
    (e: TsparkError) => e.errorClass === "INTERNAL_ERROR",
  );
});

test("a committed version is never changed by later stores (copy on write)", async () => {
  const p = provider(3);
  await commitBatch(p, 0, [
    [["a"], 1],
    [["b"], 2],
  ]);
  const s = await p.getStore(1);
  s.put(["a"], 10);
  s.remove(["b"]);
  await s.commit();
  const v1 = await p.getReadStore(1);
  assert.deepEqual(
    [...v1.iterator()].map((e) => [e.key, e.value]),
    [
      [["a"], 1],
      [["b"], 2],
    ],
  );
  assert.deepEqual(
    [...(await p.getReadStore(2)).iterator()].map((e) => [e.key, e.value]),
    [[["a"], 10]],
  );
  // The key row is copied on put: changing the caller's array changes nothing.
  const key = ["z"];
  const s2 = await p.getStore(2);
  s2.put(key, 1);
  key[0] = "w";
  assert.equal(s2.get(["z"]), 1);
});

test("commit is idempotent and abort after commit changes nothing", async () => {
  const p = provider();
  const s = await p.getStore(0);
  s.put([1], "x");
  assert.equal(await s.commit(), 1);
  assert.equal(await s.commit(), 1);
  s.abort();
  assert.equal((await p.getStore(1)).get([1]), "x");
  assert.throws(
    () => s.put([2], "y"),
    (e: TsparkError) => e.errorClass === "INTERNAL_ERROR",
  );
});

test("keys equal as Spark's grouping equates them: NaN, -0.0, null, composite keys", async () => {
  const p = provider();
  const s = await p.getStore(0);
  s.put([Number.NaN], "nan");
  s.put([0], "zero");
  s.put([null], "null");
  s.put([1, "a"], "composite");
  s.put([new MapValue([1, 2], ["x", "y"])], "map");
  assert.equal(s.get([Number.NaN]), "nan");
  assert.equal(s.get([-0]), "zero");
  assert.equal(s.get([null]), "null");
  assert.equal(s.get(["\u0000null"]), undefined);
  assert.equal(s.get([1, "a"]), "composite");
  assert.equal(s.get(["1", "a"]), undefined);
  assert.equal(s.get([new MapValue([2, 1], ["y", "x"])]), "map");
  assert.equal(s.numKeys(), 5);
});

test("retention: the last two versions stay loaded; an evicted version fails to load", async () => {
  const p = provider(2);
  for (let b = 0; b < 4; b++) await commitBatch(p, b, [[["n"], b]]);
  assert.deepEqual(p.loadedVersions(), [3, 4]);
  await assert.rejects(
    () => p.getStore(2),
    (e: TsparkError) =>
      e.errorClass === "CANNOT_LOAD_STATE_STORE.CANNOT_READ_DELTA_FILE_NOT_EXISTS" &&
      e.sqlState === "58030" &&
      e.messageParameters.fileToRead === "/ckpt/state/0/3/2.delta" &&
      e.message.includes("issue #6"),
  );
  assert.deepEqual(p.cacheCounts(), { hits: 3, misses: 1 });
  assert.equal((await p.getStore(3)).get(["n"]), 2);
});

test("retention is never below two versions, and follows maxVersionsToRetain above it", async () => {
  const one = provider(1);
  for (let b = 0; b < 4; b++) await commitBatch(one, b, []);
  assert.deepEqual(one.loadedVersions(), [3, 4]);
  const five = provider(5);
  for (let b = 0; b < 7; b++) await commitBatch(five, b, []);
  assert.deepEqual(five.loadedVersions(), [3, 4, 5, 6, 7]);
});

test("re-running an earlier batch replaces the versions after it", async () => {
  const p = provider(4);
  for (let b = 0; b < 4; b++) await commitBatch(p, b, [[["n"], b]]);
  assert.deepEqual(p.loadedVersions(), [1, 2, 3, 4]);
  await commitBatch(p, 2, [[["n"], "again"]]);
  assert.deepEqual(p.loadedVersions(), [1, 2, 3]);
  assert.equal((await p.getReadStore(3)).get(["n"]), "again");
});

test("metrics: keys, memory estimate and the HDFS provider's custom metrics", async () => {
  const p = provider();
  const s0 = await p.getStore(0);
  s0.put(["a"], [1, 2]);
  await s0.commit();
  const m0 = s0.metrics();
  assert.equal(m0.numKeys, 1);
  assert.ok(m0.memoryUsedBytes > 0);
  assert.deepEqual([...m0.customMetrics.keys()].sort(), [
    "loadedMapCacheHitCount",
    "loadedMapCacheMissCount",
    "stateOnCurrentVersionSizeBytes",
  ]);
  // Loading version 0 is no cache lookup; loading version 1 is a hit.
  assert.equal(m0.customMetrics.get("loadedMapCacheHitCount"), 0);
  const s1 = await p.getStore(1);
  s1.put(["b"], [3, 4]);
  await s1.commit();
  const m1 = s1.metrics();
  assert.equal(m1.customMetrics.get("loadedMapCacheHitCount"), 1);
  assert.equal(m1.customMetrics.get("loadedMapCacheMissCount"), 0);
  assert.ok(
    m1.customMetrics.get("stateOnCurrentVersionSizeBytes")! >
      m0.customMetrics.get("stateOnCurrentVersionSizeBytes")!,
  );
  // Two versions loaded now: more memory than one.
  assert.ok(m1.memoryUsedBytes > m0.memoryUsedBytes);
});
