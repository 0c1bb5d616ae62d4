import assert from "node:assert/strict";
import { test } from "node:test";
import type { TsparkError } from "../../common/errors.js";
import { MapValue } from "../../data/values.js";
import { mulberry32 } from "../../../tests/support/random.js";
import { InMemoryStateStoreProvider } from "./in-memory-state-store-provider.js";
import { DEFAULT_STATE_STORE_CONF } from "./state-store.js";

const id = { stateRoot: "/ckpt/state", operatorId: 0, partitionId: 3 };
const provider = (maxVersionsToRetain = 2) =>
  new InMemoryStateStoreProvider(id, { ...DEFAULT_STATE_STORE_CONF, maxVersionsToRetain });

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
      e.message.includes("Error reading delta file /ckpt/state/0/3/2.delta of InMemoryStateStoreProvider"),
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

test("abort restores overwritten, removed and new keys of the live version", async () => {
  const p = provider(3);
  await commitBatch(p, 0, [
    [["a"], 1],
    [["b"], 2],
  ]);
  const s = await p.getStore(1);
  s.put(["a"], 10);
  s.put(["a"], 11);
  s.remove(["b"]);
  s.put(["c"], 3);
  assert.equal(s.numKeys(), 2);
  s.abort();
  const again = await p.getStore(1);
  assert.deepEqual([...again.iterator()].map((e) => [e.key, e.value]).sort(), [
    [["a"], 1],
    [["b"], 2],
  ]);
  assert.equal(again.metrics().numKeys, 2);
});

test("a read-only view of the version being updated sees the committed entries only", async () => {
  const p = provider(3);
  await commitBatch(p, 0, [
    [["a"], 1],
    [["b"], 2],
  ]);
  const view = await p.getReadStore(1);
  const s = await p.getStore(1);
  const view2 = await p.getReadStore(1);
  s.put(["a"], 10);
  s.remove(["b"]);
  s.put(["c"], 3);
  for (const v of [view, view2]) {
    assert.equal(v.get(["a"]), 1);
    assert.equal(v.get(["b"]), 2);
    assert.equal(v.get(["c"]), undefined);
    assert.equal(v.getCompact("a"), 1);
    assert.equal(v.numKeys(), 2);
    assert.deepEqual([...v.iterator()].map((e) => [e.key, e.value]).sort(), [
      [["a"], 1],
      [["b"], 2],
    ]);
  }
  // An older version read while the writer is open: undo logs plus the writer's record.
  assert.equal((await p.getReadStore(0)).numKeys(), 0);
  await s.commit();
  // The live map moved to version 2: the views of version 1 refuse to answer rather than lie.
  assert.throws(
    () => view.get(["a"]),
    (e: TsparkError) => e.errorClass === "INTERNAL_ERROR",
  );
  const v1 = await p.getReadStore(1);
  assert.equal(v1.get(["a"]), 1);
  assert.equal(v1.get(["b"]), 2);
  assert.equal((await p.getReadStore(2)).get(["c"]), 3);
});

test("opening a second store for update aborts the first; memory counts the undo logs", async () => {
  const p = provider(2);
  await commitBatch(p, 0, [[["a"], "x".repeat(100)]]);
  const m1 = p.memoryUsedBytes();
  const first = await p.getStore(1);
  first.put(["a"], "y");
  const second = await p.getStore(1);
  assert.equal(second.get(["a"]), "x".repeat(100));
  await assert.rejects(
    () => first.commit(),
    (e: TsparkError) => e.errorClass === "INTERNAL_ERROR",
  );
  second.put(["a"], "z");
  await second.commit();
  // Version 1's entry lives on in the undo log that leads back to it.
  assert.ok(p.memoryUsedBytes() > m1);
  assert.equal((await p.getReadStore(1)).get(["a"]), "x".repeat(100));
});

test("a batch's updates cost in proportion to the batch: the live map is not copied", async () => {
  const p = provider(2);
  const puts: [unknown[], unknown][] = [];
  for (let i = 0; i < 1000; i++) puts.push([[i], i]);
  await commitBatch(p, 0, puts);
  const live = p.live;
  await commitBatch(p, 1, [[[5], -5]]);
  assert.equal(p.live, live);
  assert.equal(p.live.size, 1000);
  assert.equal((await p.getReadStore(1)).get([5]), 5);
  assert.equal((await p.getReadStore(2)).get([5]), -5);
});

test("forEachEntry passes every entry as iterator() yields it, for stores and read-only views", async () => {
  const p = provider(3);
  await commitBatch(p, 0, [
    [["a"], 1],
    [["b"], [2, 3]],
  ]);
  const s = await p.getStore(1);
  s.put(["c"], 4);
  const seen = (st: { forEachEntry(fn: (k: readonly unknown[], v: unknown) => void): void }) => {
    const out: unknown[] = [];
    st.forEachEntry((k, v) => out.push([k, v]));
    return out;
  };
  assert.deepEqual(
    seen(s),
    [...s.iterator()].map((e) => [e.key, e.value]),
  );
  assert.equal(seen(s).length, 3);
  const view = await p.getReadStore(1);
  assert.deepEqual(
    seen(view),
    [...view.iterator()].map((e) => [e.key, e.value]),
  );
  assert.equal(seen(view).length, 2);
  await s.commit();
  const old = await p.getReadStore(1);
  assert.deepEqual(seen(old), [
    [["a"], 1],
    [["b"], [2, 3]],
  ]);
});

test("seeded random batches of puts and removes (a key written, removed and written again in one batch), with aborts and re-runs, match a model at every retained version", async () => {
  // Exercises the undo record (appended per update, replayed newest first, a key put again after
  // its removal recorded twice) and its shortcut for entries the open store wrote itself: every
  // version read back (live, older, mid-batch, after an abort or a re-run) must equal the model's.
  const rnd = mulberry32(77);
  const p = provider(4);
  const versions: Map<string, number>[] = [new Map()];
  let batch = 0;
  for (let step = 0; step < 300; step++) {
    if (batch > 1 && rnd() < 0.15) {
      // A re-run of an earlier batch whose version is still loaded.
      const older = p.loadedVersions().filter((v) => v < batch && v > 0);
      if (older.length > 0) batch = older[Math.floor(rnd() * older.length)]!;
    }
    const s = await p.getStore(batch);
    const model = new Map(versions[batch]!);
    const committed = [...versions[batch]!].sort();
    for (let i = 0; i < 12; i++) {
      if (i === 5 || i === 11) {
        // A read-only view of the version being updated sees it as committed, mid-batch too
        // (the writer's record looked up by key, extended by the updates since the last look).
        const got = new Map<string, number>();
        (await p.getReadStore(batch)).forEachEntry((key, value) =>
          got.set(key[0] as string, value as number),
        );
        assert.deepEqual([...got].sort(), committed, `step ${step}: view of ${batch} mid-batch`);
      }
      const k = `k${Math.floor(rnd() * 8)}`;
      if (rnd() < 0.35) {
        s.remove([k]);
        model.delete(k);
      } else {
        const v = Math.floor(rnd() * 100);
        s.put([k], v);
        model.set(k, v);
      }
    }
    if (rnd() < 0.2) {
      s.abort();
    } else {
      await s.commit();
      versions.length = batch + 1;
      versions.push(model);
      batch++;
    }
    // The live bytes follow the live entries through every undo.
    let bytes = 0;
    for (const e of p.live.values()) bytes += e.bytes;
    assert.equal(p.liveBytes, bytes, `step ${step}: live bytes`);
    // Every version still loaded (a re-run drops the later ones; up to 4 are kept).
    const loaded = batch === 0 ? [0] : p.loadedVersions();
    assert.ok(loaded.includes(batch), `step ${step}: the live version ${batch} is loaded`);
    for (const v of loaded) {
      const got = new Map<string, number>();
      (await p.getReadStore(v)).forEachEntry((key, value) => got.set(key[0] as string, value as number));
      assert.deepEqual([...got].sort(), [...versions[v]!].sort(), `step ${step}, version ${v}`);
    }
  }
});
