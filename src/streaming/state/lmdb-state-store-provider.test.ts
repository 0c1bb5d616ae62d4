// The LMDB-backed provider beyond the conformance suite (tests/streaming/state/lmdb-conformance.test.ts):
// its layout, canonical keys, retention and purge of undo records, views of older versions, exact
// counts, metrics, damaged files, the shared environment and the lazy load of the native package.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readlinkSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { TsparkError } from "../../common/errors.js";
import { LmdbStateStoreProvider, ROCKSDB_PROVIDER_CLASS } from "./lmdb-state-store-provider.js";
import { resolveStateStoreProvider } from "./state-store-providers.js";
import { stateStoreProvider, unloadStateStores } from "./state-store-registry.js";
import {
  DEFAULT_STATE_STORE_CONF,
  type ReadStateStore,
  type StateStoreConf,
  type StateStoreProvider,
} from "./state-store.js";

const roots: string[] = [];
after(() => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

function newRoot(): string {
  const dir = mkdtempSync(join(tmpdir(), "tspark-lmdb-provider-"));
  roots.push(dir);
  return join(dir, "state");
}

function provider(
  stateRoot: string,
  partitionId = 0,
  conf: Partial<StateStoreConf> = {},
  operatorId = 0,
): LmdbStateStoreProvider {
  return new LmdbStateStoreProvider(
    { stateRoot, operatorId, partitionId },
    { ...DEFAULT_STATE_STORE_CONF, ...conf },
  );
}

async function commit(
  p: StateStoreProvider,
  version: number,
  puts: readonly (readonly [unknown[], unknown])[],
  removes: readonly unknown[][] = [],
): Promise<void> {
  const s = await p.getStore(version);
  for (const [k, v] of puts) s.put(k, v);
  for (const k of removes) s.remove(k);
  await s.commit();
}

function entries(s: ReadStateStore): [unknown, unknown][] {
  const out: [unknown, unknown][] = [];
  s.forEachEntry((k, v) => out.push([k.length === 1 ? k[0] : k, v]));
  return out;
}

function sortedEntries(s: ReadStateStore): [unknown, unknown][] {
  return entries(s).sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : 1));
}

/** Open descriptors of this process on files under `dir`. */
function openFilesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const fd of readdirSync("/proc/self/fd")) {
    try {
      const target = readlinkSync(`/proc/self/fd/${fd}`);
      if (target.startsWith(dir)) out.push(target);
    } catch {
      // The descriptor closed while listing.
    }
  }
  return out;
}

test("layout: one environment per operator in <stateRoot>/<op>/lmdb, a directory per committed partition", async () => {
  const root = newRoot();
  const p0 = provider(root, 0, {}, 3);
  const p1 = provider(root, 1, {}, 3);
  const p2 = provider(root, 2, {}, 3);
  try {
    await commit(p0, 0, [[["a"], 1]]);
    await commit(p1, 0, [[["b"], 2]]);
    (await p2.getStore(0)).abort();
    assert.deepEqual(readdirSync(join(root, "3")).sort(), ["0", "1", "lmdb"]);
    assert.deepEqual(readdirSync(join(root, "3", "lmdb")).sort(), ["data.mdb", "lock.mdb"]);
    assert.deepEqual(readdirSync(join(root, "3", "0")), []);
    // Each partition sees only its own keys, though they share the file.
    assert.deepEqual(entries(await p0.getReadStore(1)), [["a", 1]]);
    assert.deepEqual(entries(await p1.getReadStore(1)), [["b", 2]]);
    assert.ok(p0.toString().includes(join(root, "3", "lmdb")), p0.toString());
  } finally {
    for (const p of [p0, p1, p2]) await p.close();
  }
});

test("compact keys are stored in a canonical form: equal exactly when the in-memory Map equates them", async () => {
  const root = newRoot();
  // A NaN with another bit pattern than the one arithmetic gives.
  const otherNaN = new Float64Array(new BigUint64Array([0x7ff8_0000_0000_0001n]).buffer)[0]!;
  assert.ok(Number.isNaN(otherNaN));
  const p = provider(root);
  const s = await p.getStore(0);
  s.putCompact(0, [0], "zero");
  s.putCompact(Number.NaN, [Number.NaN], "nan");
  s.putCompact(1, [1], "number one");
  s.putCompact(1n, [1n], "bigint one");
  s.putCompact("1", ["1"], "string one");
  s.putCompact(true, [true], "true");
  s.putCompact(2 ** 40 + 0.5, [2 ** 40 + 0.5], "float");
  s.putCompact("\uD800", ["\uD800"], "lone surrogate");
  s.putCompact("\uFFFD", ["\uFFFD"], "replacement character");
  s.putCompact("\uD83D\uDE00", ["\uD83D\uDE00"], "emoji");
  assert.equal(s.numKeys(), 10);
  await s.commit();
  await p.close();
  const q = provider(root);
  try {
    const v = await q.getReadStore(1);
    assert.equal(v.numKeys(), 10);
    assert.equal(v.getCompact(-0), "zero");
    assert.equal(v.getCompact(otherNaN), "nan");
    assert.equal(v.getCompact(1), "number one");
    assert.equal(v.getCompact(1n), "bigint one");
    assert.equal(v.getCompact("1"), "string one");
    assert.equal(v.getCompact(true), "true");
    assert.equal(v.getCompact(2 ** 40 + 0.5), "float");
    assert.equal(v.getCompact("\uD800"), "lone surrogate");
    assert.equal(v.getCompact("\uFFFD"), "replacement character");
    assert.equal(v.getCompact("\uD83D\uDE00"), "emoji");
    assert.equal(v.getCompact("\uDE00"), undefined);
    assert.equal(v.getCompact(false), undefined);
    assert.equal(v.getCompact(2n), undefined);
  } finally {
    await q.close();
  }
});

test("keys longer than 1 KiB are stored under their SHA-256 and round-trip", async () => {
  const root = newRoot();
  const prefix = "x".repeat(3000);
  const k1 = [`${prefix}-one`, 1];
  const k2 = [`${prefix}-two`, 1];
  const k3 = ["short", "y".repeat(5000)];
  const p = provider(root);
  await commit(p, 0, [
    [k1, "one"],
    [k2, "two"],
    [k3, "three"],
  ]);
  await commit(p, 1, [[k1, "one again"]], [k2]);
  await p.close();
  const q = provider(root);
  try {
    const v2 = await q.getReadStore(2);
    assert.equal(v2.get(k1), "one again");
    assert.equal(v2.get(k2), undefined);
    assert.equal(v2.get(k3), "three");
    assert.equal(v2.numKeys(), 2);
    assert.deepEqual([...v2.iterator()].map((e) => e.value).sort(), ["one again", "three"]);
    const v1 = await q.getReadStore(1);
    assert.equal(v1.get(k1), "one");
    assert.equal(v1.get(k2), "two");
    assert.equal(v1.numKeys(), 3);
  } finally {
    await q.close();
  }
});

test("retention: minBatchesToRetain versions stay loadable; others fail naming the directory", async () => {
  const root = newRoot();
  const conf = { minBatchesToRetain: 3 };
  const p = provider(root, 0, conf);
  try {
    for (let b = 0; b < 10; b++) await commit(p, b, [[["n"], b + 1]]);
    for (const v of [8, 9, 10]) assert.equal((await p.getReadStore(v)).get(["n"]), v);
    for (const v of [7, 1, 11]) {
      await assert.rejects(p.getReadStore(v), (e: unknown) => {
        assert.ok(e instanceof TsparkError);
        assert.equal(e.errorClass, "CANNOT_LOAD_STATE_STORE.CANNOT_READ_STREAMING_STATE_FILE");
        assert.ok(e.message.includes(join(root, "0", "lmdb")), e.message);
        assert.ok(e.message.includes(`version ${v}`), e.message);
        return true;
      });
      await assert.rejects(p.getStore(v), {
        errorClass: "CANNOT_LOAD_STATE_STORE.CANNOT_READ_STREAMING_STATE_FILE",
      });
    }
    // Version 0 is always the empty state; loading it for update empties the partition.
    assert.equal((await p.getReadStore(0)).numKeys(), 0);
    const s = await p.getStore(0);
    assert.equal(s.numKeys(), 0);
    assert.equal(s.get(["n"]), undefined);
    s.put(["m"], 1);
    assert.equal(await s.commit(), 1);
    await assert.rejects(p.getReadStore(10), {
      errorClass: "CANNOT_LOAD_STATE_STORE.CANNOT_READ_STREAMING_STATE_FILE",
    });
    assert.deepEqual(entries(await p.getReadStore(1)), [["m", 1]]);
  } finally {
    await p.close();
  }
});

test("undo records and key counts of versions no longer retained are purged in the commit", async () => {
  const root = newRoot();
  const p = provider(root, 5, { minBatchesToRetain: 4 });
  for (let b = 0; b < 20; b++) await commit(p, b, [[[`k${b % 7}`], b]]);
  await p.close();
  // Count the partition's keys by kind, straight from LMDB: p(4 bytes) kind ...
  const { open } = await import("lmdb");
  const db = open(join(root, "0", "lmdb"), { keyEncoding: "binary", encoding: "binary" });
  const kinds = new Map<number, number>();
  try {
    for (const key of db.getKeys({})) {
      const k = key as unknown as Uint8Array;
      if (k[3] !== 5) continue;
      kinds.set(k[4]!, (kinds.get(k[4]!) ?? 0) + 1);
    }
  } finally {
    await db.close();
  }
  // 7 keys, one meta record, undo records of the 3 undo versions (one key each), counts of the
  // 4 retained versions.
  assert.deepEqual(Object.fromEntries(kinds), { 0: 1, 1: 7, 2: 3, 3: 4 });
});

test("a view of an older version sees overwritten and removed keys as they were", async () => {
  const root = newRoot();
  const p = provider(root);
  await commit(p, 0, [
    [["a"], 1],
    [["b"], 2],
    [["c"], 3],
  ]);
  await commit(
    p,
    1,
    [
      [["a"], 10],
      [["d"], 4],
    ],
    [["b"]],
  );
  await commit(p, 2, [[["b"], 20]], [["a"]]);
  const check = async (q: StateStoreProvider) => {
    const v1 = await q.getReadStore(1);
    assert.deepEqual(sortedEntries(v1), [
      ["a", 1],
      ["b", 2],
      ["c", 3],
    ]);
    assert.equal(v1.numKeys(), 3);
    assert.equal(v1.get(["d"]), undefined);
    const v2 = await q.getReadStore(2);
    assert.deepEqual(sortedEntries(v2), [
      ["a", 10],
      ["c", 3],
      ["d", 4],
    ]);
    assert.equal(v2.get(["b"]), undefined);
    const v3 = await q.getReadStore(3);
    assert.deepEqual(sortedEntries(v3), [
      ["b", 20],
      ["c", 3],
      ["d", 4],
    ]);
  };
  await check(p);
  await p.close();
  const q = provider(root);
  try {
    await check(q);
    // Re-running batch 1 rolls versions 3 and 2 back; the view of version 1 is unchanged.
    const v1 = await q.getReadStore(1);
    const s = await q.getStore(1);
    assert.deepEqual(sortedEntries(s), sortedEntries(v1));
    assert.equal(s.numKeys(), 3);
    s.abort();
    assert.equal(v1.get(["a"]), 1);
    await assert.rejects(q.getReadStore(2), {
      errorClass: "CANNOT_LOAD_STATE_STORE.CANNOT_READ_STREAMING_STATE_FILE",
    });
  } finally {
    await q.close();
  }
});

test("a view from another provider of the partition (a state reader) stays right while the query commits", async () => {
  const root = newRoot();
  const query = provider(root);
  const reader = provider(root);
  try {
    await commit(query, 0, [
      [["a"], 1],
      [["b"], 2],
    ]);
    const view = await reader.getReadStore(1);
    await commit(query, 1, [[["a"], 10]], [["b"]]);
    await commit(query, 2, [[["c"], 3]]);
    assert.deepEqual(sortedEntries(view), [
      ["a", 1],
      ["b", 2],
    ]);
    assert.equal(view.get(["a"]), 1);
    assert.equal(view.numKeys(), 2);
    assert.deepEqual(sortedEntries(await reader.getReadStore(3)), [
      ["a", 10],
      ["c", 3],
    ]);
  } finally {
    await query.close();
    await reader.close();
  }
});

test("numKeys is exact: get then put, removes of absent keys, remove then put, overwrites", async () => {
  const root = newRoot();
  const p = provider(root);
  try {
    await commit(p, 0, [
      [["a"], 1],
      [["b"], 2],
    ]);
    const s = await p.getStore(1);
    assert.equal(s.get(["a"]), 1);
    s.put(["a"], 11);
    assert.equal(s.get(["new"]), undefined);
    s.put(["new"], 3);
    s.remove(["absent"]);
    s.remove(["b"]);
    s.put(["b"], 22);
    s.remove(["b"]);
    s.put(["c"], 4);
    s.put(["c"], 5);
    assert.equal(s.numKeys(), 3);
    assert.equal(s.metrics().numKeys, 3);
    await s.commit();
    assert.equal(s.numKeys(), 3);
    const v = await p.getReadStore(2);
    assert.equal(v.numKeys(), 3);
    assert.deepEqual(sortedEntries(v), [
      ["a", 11],
      ["c", 5],
      ["new", 3],
    ]);
  } finally {
    await p.close();
  }
});

test("a store's iteration shows its updates over LMDB: committed keys in key order, then new keys as put", async () => {
  const root = newRoot();
  const p = provider(root);
  try {
    await commit(p, 0, [
      [["m"], 1],
      [["c"], 2],
      [["x"], 3],
    ]);
    const s = await p.getStore(1);
    s.put(["z"], 9);
    s.put(["c"], 20);
    s.remove(["x"]);
    s.put(["a"], 7);
    const viaIterator = [...s.iterator()].map((e) => [e.key[0], e.value]);
    assert.deepEqual(viaIterator, [
      ["c", 20],
      ["m", 1],
      ["z", 9],
      ["a", 7],
    ]);
    assert.deepEqual(entries(s), viaIterator);
    assert.equal(s.numKeys(), 4);
  } finally {
    await p.close();
  }
});

test("metrics: the buffer's estimate as memoryUsedBytes, LMDB counters as custom metrics", async () => {
  const root = newRoot();
  const p = provider(root);
  try {
    await commit(
      p,
      0,
      Array.from({ length: 100 }, (_, i) => [[i], [i, `v${i}`]] as [unknown[], unknown]),
    );
    const s = await p.getStore(1);
    const empty = s.metrics().memoryUsedBytes;
    for (let i = 0; i < 50; i++) {
      s.get([i]);
      s.put([i], [i, "updated"]);
    }
    s.put([1000], "new");
    const buffered = s.metrics().memoryUsedBytes;
    assert.ok(buffered > empty + 50 * 48, `${buffered} vs ${empty}`);
    await s.commit();
    const m = s.metrics();
    assert.equal(m.numKeys, 101);
    // After commit: what the batch held.
    assert.equal(m.memoryUsedBytes, buffered);
    assert.deepEqual(
      [...m.customMetrics.keys()],
      [
        "lmdbCommitWriteBatchLatency",
        "lmdbLoadRollbackLatency",
        "lmdbGetCount",
        "lmdbPutCount",
        "lmdbTotalBytesRead",
        "lmdbTotalBytesWritten",
      ],
    );
    // 50 reads, and numKeys' look-up of the one key put without a read.
    assert.equal(m.customMetrics.get("lmdbGetCount"), 51);
    assert.equal(m.customMetrics.get("lmdbPutCount"), 51);
    assert.ok(m.customMetrics.get("lmdbTotalBytesRead")! > 0);
    assert.ok(m.customMetrics.get("lmdbTotalBytesWritten")! > 0);
    assert.ok(m.customMetrics.get("lmdbCommitWriteBatchLatency")! >= 0);
    // The next batch starts with nothing in memory, whatever the state holds.
    const next = await p.getStore(2);
    assert.equal(next.metrics().memoryUsedBytes, empty);
    assert.equal(next.numKeys(), 101);
    next.abort();
    // A re-run rolls back: its rollback time is reported.
    const rerun = await p.getStore(1);
    assert.ok(rerun.metrics().customMetrics.get("lmdbLoadRollbackLatency")! > 0);
    rerun.abort();
  } finally {
    await p.close();
  }
});

test("fsync: commits flushed before they return reload the same", async () => {
  const root = newRoot();
  const p = provider(root, 0, { fsync: true });
  for (let b = 0; b < 3; b++) await commit(p, b, [[[b], `v${b}`]]);
  await p.close();
  const q = provider(root, 0, { fsync: true });
  try {
    assert.deepEqual(entries(await q.getReadStore(3)), [
      [0, "v0"],
      [1, "v1"],
      [2, "v2"],
    ]);
  } finally {
    await q.close();
  }
});

test("a damaged, zero-filled or truncated data.mdb is refused with an error naming it", async () => {
  const root = newRoot();
  const p = provider(root);
  await commit(
    p,
    0,
    Array.from({ length: 3000 }, (_, i) => [[i], "x".repeat(100)] as [unknown[], unknown]),
  );
  await p.close();
  const file = join(root, "0", "lmdb", "data.mdb");
  const damage: [string, () => void, string][] = [
    ["truncated", () => truncateSync(file, 3 * 4096), "truncated"],
    ["zero-filled", () => writeFileSync(file, new Uint8Array(64 * 1024)), "not an LMDB meta page"],
    ["cut inside the meta pages", () => truncateSync(file, 100), "inside LMDB's meta pages"],
  ];
  for (const [what, harm, reason] of damage) {
    harm();
    const q = provider(root);
    await assert.rejects(q.getReadStore(1), (e: unknown) => {
      assert.ok(e instanceof TsparkError, what);
      assert.equal(e.errorClass, "CANNOT_LOAD_STATE_STORE.UNCATEGORIZED", what);
      assert.ok(e.message.includes(file), e.message);
      assert.ok(e.message.includes(reason), e.message);
      return true;
    });
    await q.close();
  }
});

test("an environment of another format is refused", async () => {
  const root = newRoot();
  const dir = join(root, "0", "lmdb");
  const { open } = await import("lmdb");
  const db = open(dir, { keyEncoding: "binary", encoding: "binary" });
  await db.put(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0]), new TextEncoder().encode("tspark-lmdb-state/99"));
  await db.close();
  const p = provider(root);
  await assert.rejects(p.getStore(0), (e: unknown) => {
    assert.ok(e instanceof TsparkError);
    assert.equal(e.errorClass, "CANNOT_LOAD_STATE_STORE.INVALID_CHANGE_LOG_READER_VERSION");
    assert.ok(e.message.includes(join(dir, "data.mdb")), e.message);
    assert.ok(e.message.includes("tspark-lmdb-state/99"), e.message);
    return true;
  });
  await p.close();
});

test("the operator's providers share one environment, closed with the last of them", async () => {
  const root = newRoot();
  const dir = join(root, "0", "lmdb");
  const p0 = provider(root, 0);
  const p1 = provider(root, 1);
  await commit(p0, 0, [[["a"], 1]]);
  await commit(p1, 0, [[["b"], 2]]);
  const open = openFilesUnder(dir);
  assert.ok(open.length > 0 && open.length <= 4, open.join(", "));
  await p0.close();
  assert.equal((await p1.getReadStore(1)).get(["b"]), 2);
  await p1.close();
  assert.deepEqual(openFilesUnder(dir), []);
  // A closed provider opens the environment again when used.
  assert.equal((await p0.getReadStore(1)).get(["a"]), 1);
  await p0.close();
  assert.deepEqual(openFilesUnder(dir), []);
});

test("unloadStateStores closes the LMDB providers it drops", async () => {
  const root = newRoot();
  const factory = resolveStateStoreProvider(ROCKSDB_PROVIDER_CLASS, false);
  const conf = DEFAULT_STATE_STORE_CONF;
  const p = stateStoreProvider({ stateRoot: root, operatorId: 0, partitionId: 0 }, conf, factory);
  assert.ok(p instanceof LmdbStateStoreProvider);
  await commit(p, 0, [[["k"], "v"]]);
  assert.ok(openFilesUnder(root).length > 0);
  await unloadStateStores(root);
  assert.deepEqual(openFilesUnder(root), []);
  const q = stateStoreProvider({ stateRoot: root, operatorId: 0, partitionId: 0 }, conf, factory);
  assert.notEqual(q, p);
  assert.equal((await q.getReadStore(1)).get(["k"]), "v");
  await unloadStateStores(root);
});

test("every name of Spark's RocksDB provider selects it", () => {
  for (const name of [ROCKSDB_PROVIDER_CLASS, "RocksDBStateStoreProvider", "rocksdb", "lmdb"]) {
    const factory = resolveStateStoreProvider(name, false);
    const p = factory({ stateRoot: "/nonexistent", operatorId: 0, partitionId: 0 }, DEFAULT_STATE_STORE_CONF);
    assert.ok(p instanceof LmdbStateStoreProvider, name);
  }
});

test("the native lmdb package is loaded only once a provider loads a version", () => {
  const root = newRoot();
  const script = `
    import { resolveStateStoreProvider } from ${JSON.stringify(new URL("./state-store-providers.ts", import.meta.url).href)};
    const loaded = () => process.report.getReport().sharedObjects.some((f) => f.includes("lmdb"));
    const factory = resolveStateStoreProvider("rocksdb", false);
    const p = factory({ stateRoot: ${JSON.stringify(root)}, operatorId: 0, partitionId: 0 }, { maxVersionsToRetain: 2, minDeltasForSnapshot: 10, minBatchesToRetain: 100, fsync: false });
    const before = loaded();
    const s = await p.getStore(0);
    await s.commit();
    await p.close();
    console.log(JSON.stringify({ before, after: loaded() }));
  `;
  const r = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    encoding: "utf8",
  });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout.trim().split("\n").at(-1)!), { before: false, after: true });
  assert.ok(existsSync(join(root, "0", "lmdb", "data.mdb")));
});
