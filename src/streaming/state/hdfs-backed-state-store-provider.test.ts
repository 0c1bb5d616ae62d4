import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, test } from "node:test";
import { fileURLToPath } from "node:url";
import type { TsparkError } from "../../common/errors.js";
import { injectedFault, setFaultHook } from "../../common/fault-points.js";
import { mulberry32 } from "../../../tests/support/random.js";
import {
  HDFSBackedStateStoreProvider,
  stateStoreMaintenanceIdle,
} from "./hdfs-backed-state-store-provider.js";
import { InMemoryStateStoreProvider } from "./in-memory-state-store-provider.js";
import { RECORD_PUT, readStateFile } from "./state-files.js";
import { DEFAULT_STATE_STORE_CONF, type StateStoreConf, type StateStoreProvider } from "./state-store.js";
import { resolveStateStoreProvider } from "./state-store-providers.js";

const roots: string[] = [];
afterEach(() => {
  setFaultHook(undefined);
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

function newRoot(): string {
  const dir = mkdtempSync(join(tmpdir(), "tspark-hdfs-state-"));
  roots.push(dir);
  return join(dir, "state");
}

function open(root: string, conf: Partial<StateStoreConf> = {}, partitionId = 0) {
  return new HDFSBackedStateStoreProvider(
    { stateRoot: root, operatorId: 0, partitionId },
    { ...DEFAULT_STATE_STORE_CONF, ...conf },
  );
}

function dirOf(root: string, partitionId = 0): string {
  return join(root, "0", String(partitionId));
}

function listing(root: string): string[] {
  return readdirSync(dirOf(root)).sort((a, b) => parseInt(a, 10) - parseInt(b, 10) || a.localeCompare(b));
}

async function commitBatch(
  p: StateStoreProvider,
  batchId: number,
  puts: readonly (readonly [unknown[], unknown])[],
  removes: readonly unknown[][] = [],
): Promise<void> {
  const s = await p.getStore(batchId);
  for (const [k, v] of puts) s.put(k, v);
  for (const k of removes) s.remove(k);
  await s.commit();
}

/** The records of a state file, as [op, key, value]. */
function records(path: string, kind: "delta" | "snapshot", version: number): [number, unknown[], unknown][] {
  const out: [number, unknown[], unknown][] = [];
  readStateFile(readFileSync(path), { path, clazz: "test" }, { kind, version }, (op, k, v) =>
    out.push([op, k, v]),
  );
  return out;
}

/** A version's state as sorted [key, value] pairs. */
async function stateOf(p: StateStoreProvider, version: number): Promise<[unknown, unknown][]> {
  const out: [unknown, unknown][] = [];
  (await p.getReadStore(version)).forEachEntry((k, v) => out.push([k, v]));
  return out.sort((a, b) => (JSON.stringify(a[0]) < JSON.stringify(b[0]) ? -1 : 1));
}

test("a commit writes <version>.delta with the batch's puts and removes before it resolves", async () => {
  const root = newRoot();
  const p = open(root);
  await commitBatch(p, 0, [
    [["a"], 1],
    [["b"], 2],
  ]);
  assert.deepEqual(listing(root), ["1.delta"]);
  const s = await p.getStore(1);
  s.put(["a"], 10);
  s.remove(["b"]);
  s.put(["tmp"], 0);
  s.remove(["tmp"]);
  s.remove(["never"]);
  const committed = s.commit();
  // Written synchronously inside commit(): the file is there once the call returns.
  assert.deepEqual(listing(root), ["1.delta", "2.delta"]);
  assert.equal(await committed, 2);
  // The batch's updates in order (Spark's delta stream); removing an absent key records nothing.
  assert.deepEqual(records(join(dirOf(root), "2.delta"), "delta", 2), [
    [RECORD_PUT, ["a"], 10],
    [2, ["b"], undefined],
    [RECORD_PUT, ["tmp"], 0],
    [2, ["tmp"], undefined],
  ]);
  assert.deepEqual(records(join(dirOf(root), "1.delta"), "delta", 1), [
    [RECORD_PUT, ["a"], 1],
    [RECORD_PUT, ["b"], 2],
  ]);
  // A batch without updates still writes its (empty) delta: every version has a file.
  await commitBatch(p, 2, []);
  assert.deepEqual(records(join(dirOf(root), "3.delta"), "delta", 3), []);
  assert.match(p.toString(), /^HDFSStateStoreProvider\[id = \(op=0,part=0\),dir = .*\/state\/0\/0\]$/);
});

test("a failed delta write leaves the store uncommitted and abort() keeps the loaded version", async () => {
  const root = newRoot();
  const p = open(root);
  await commitBatch(p, 0, [[["k"], "v1"]]);
  // Something in the way of 2.delta: a non-empty directory of that name.
  mkdirSync(join(dirOf(root), "2.delta", "blocker"), { recursive: true });
  const s = await p.getStore(1);
  s.put(["k"], "v2");
  s.put(["new"], 1);
  await assert.rejects(
    () => s.commit(),
    (e: TsparkError) =>
      e.errorClass === "CANNOT_WRITE_STATE_STORE.CANNOT_COMMIT" &&
      e.sqlState === "58030" &&
      e.messageParameters.version === "2" &&
      e.message.includes(join(dirOf(root), "2.delta")) &&
      e.message.includes("HDFSStateStoreProvider"),
  );
  assert.equal(s.hasCommitted, false);
  s.abort();
  const again = await p.getStore(1);
  assert.equal(again.get(["k"]), "v1");
  assert.equal(again.get(["new"]), undefined);
  again.abort();
  await assert.rejects(() => p.getReadStore(2));
  // No temp file is left behind; once the obstacle is gone the batch commits.
  assert.deepEqual(listing(root), ["1.delta", "2.delta"]);
  rmSync(join(dirOf(root), "2.delta"), { recursive: true });
  await commitBatch(p, 1, [[["k"], "v2"]]);
  assert.equal((await open(root).getReadStore(2)).get(["k"]), "v2");

  // A commit retried after a failed write (without updates in between) writes the same delta.
  mkdirSync(join(dirOf(root), "3.delta", "blocker"), { recursive: true });
  const s2 = await p.getStore(2);
  s2.put(["k"], "v3");
  await assert.rejects(() => s2.commit());
  assert.throws(
    () => s2.put(["k"], "v4"),
    (e: TsparkError) => e.errorClass === "INTERNAL_ERROR",
  );
  assert.equal(s2.get(["k"]), "v3");
  rmSync(join(dirOf(root), "3.delta"), { recursive: true });
  assert.equal(await s2.commit(), 3);
  assert.equal((await open(root).getReadStore(3)).get(["k"]), "v3");
});

test("missing deltas: CANNOT_READ_DELTA_FILE_NOT_EXISTS names the file", async () => {
  const root = newRoot();
  const p = open(root);
  for (let b = 0; b < 4; b++) await commitBatch(p, b, [[["n"], b]]);
  rmSync(join(dirOf(root), "2.delta"));
  const isMissing = (file: string) => (e: TsparkError) =>
    e.errorClass === "CANNOT_LOAD_STATE_STORE.CANNOT_READ_DELTA_FILE_NOT_EXISTS" &&
    e.messageParameters.fileToRead === join(dirOf(root), file) &&
    e.message.includes(`${join(dirOf(root), file)} does not exist`) &&
    e.message.includes("HDFSStateStoreProvider");
  await assert.rejects(() => open(root).getStore(4), isMissing("2.delta"));
  await assert.rejects(() => open(root).getReadStore(3), isMissing("2.delta"));
  assert.equal((await open(root).getStore(1)).get(["n"]), 0);
  // A version newer than any file names that version's delta.
  await assert.rejects(() => open(root).getStore(9), isMissing("9.delta"));
  // The cached provider still serves what it holds in memory.
  assert.equal((await p.getStore(4)).get(["n"]), 3);
});

test("damaged files fail loading with an error naming the file, never skipped", async () => {
  const root = newRoot();
  const p = open(root);
  await commitBatch(p, 0, [
    [["a"], [1, "x"]],
    [["b"], 2n],
  ]);
  await commitBatch(p, 1, [[["c"], 3]], [["a"]]);
  const file = join(dirOf(root), "2.delta");
  const good = readFileSync(file);
  const expectDamaged = async (what: string, errorClass = "CANNOT_LOAD_STATE_STORE.UNCATEGORIZED") => {
    await assert.rejects(
      () => open(root).getStore(2),
      (e: TsparkError) => {
        assert.equal(e.errorClass, errorClass, what);
        assert.equal(e.messageParameters.fileToRead, file, what);
        assert.ok(e.message.includes(file), what);
        return true;
      },
    );
  };
  for (const cut of [0, 3, 16, 20, good.length - 17, good.length - 1]) {
    writeFileSync(file, good);
    truncateSync(file, cut);
    await expectDamaged(`truncated at ${cut}`);
  }
  for (const at of [0, 9, 18, good.length - 10, good.length - 2]) {
    const flipped = Buffer.from(good);
    flipped[at] = flipped[at]! ^ 0x01;
    writeFileSync(file, flipped);
    await expectDamaged(`byte ${at} flipped`);
  }
  writeFileSync(file, "garbage, not a state file; garbage, not a state file");
  await expectDamaged("garbage");
  const future = Buffer.from(good);
  future[4] = 9;
  writeFileSync(file, future);
  await expectDamaged("format version 9", "CANNOT_LOAD_STATE_STORE.INVALID_CHANGE_LOG_READER_VERSION");
  // A delta of another version under this name.
  writeFileSync(file, readFileSync(join(dirOf(root), "1.delta")));
  await expectDamaged("version 1's content");
  // Restored, the same files load again.
  writeFileSync(file, good);
  assert.deepEqual(await stateOf(open(root), 2), [
    [["b"], 2n],
    [["c"], 3],
  ]);
});

test("a damaged snapshot fails loading (no silent fallback to older files)", async () => {
  const root = newRoot();
  const p = open(root, { minDeltasForSnapshot: 1 });
  for (let b = 0; b < 3; b++) await commitBatch(p, b, [[[`k${b}`], b]]);
  await p.maintenanceIdle();
  assert.deepEqual(listing(root), ["1.delta", "2.delta", "2.snapshot", "3.delta"]);
  const snap = join(dirOf(root), "2.snapshot");
  const bytes = readFileSync(snap);
  writeFileSync(snap, bytes.subarray(0, bytes.length - 3));
  await assert.rejects(
    () => open(root).getStore(3),
    (e: TsparkError) =>
      e.errorClass === "CANNOT_LOAD_STATE_STORE.UNCATEGORIZED" &&
      e.message.includes(snap) &&
      e.message.includes("end marker"),
  );
  // Version 1 does not need the snapshot.
  assert.deepEqual(await stateOf(open(root), 1), [[["k0"], 0]]);
});

test("snapshots once more than minDeltasForSnapshot deltas follow the last one (Spark's doSnapshot), purge keeps minBatchesToRetain versions loadable", async () => {
  const root = newRoot();
  const conf = { minDeltasForSnapshot: 2, minBatchesToRetain: 3 };
  const p = open(root, conf);
  const expected: string[][] = [];
  for (let b = 0; b < 9; b++) {
    await commitBatch(p, b, [[[`k${b}`], b]], b > 0 ? [[`k${b - 1}`]] : []);
    await p.maintenanceIdle();
    expected.push(listing(root));
  }
  assert.deepEqual(expected, [
    ["1.delta"],
    // Two deltas are not more than 2: no snapshot yet (Spark counts the files version 2 is
    // rebuilt from, 1.delta and 2.delta, and wants more than minDeltasForSnapshot).
    ["1.delta", "2.delta"],
    ["1.delta", "2.delta", "3.delta", "3.snapshot"],
    ["1.delta", "2.delta", "3.delta", "3.snapshot", "4.delta"],
    ["1.delta", "2.delta", "3.delta", "3.snapshot", "4.delta", "5.delta"],
    // Version 3 is the oldest to keep (6 - 3): everything before 3.snapshot goes.
    ["3.delta", "3.snapshot", "4.delta", "5.delta", "6.delta", "6.snapshot"],
    ["3.delta", "3.snapshot", "4.delta", "5.delta", "6.delta", "6.snapshot", "7.delta"],
    ["3.delta", "3.snapshot", "4.delta", "5.delta", "6.delta", "6.snapshot", "7.delta", "8.delta"],
    ["6.delta", "6.snapshot", "7.delta", "8.delta", "9.delta", "9.snapshot"],
  ]);
  // The snapshot holds exactly its version's state.
  assert.deepEqual(records(join(dirOf(root), "9.snapshot"), "snapshot", 9), [[RECORD_PUT, ["k8"], 8]]);
  // Every retained version (9 - 3 … 9) loads in a new process; older ones are gone.
  for (let v = 6; v <= 9; v++) assert.deepEqual(await stateOf(open(root, conf), v), [[[`k${v - 1}`], v - 1]]);
  await assert.rejects(
    () => open(root, conf).getStore(5),
    (e: TsparkError) => e.errorClass === "CANNOT_LOAD_STATE_STORE.CANNOT_READ_DELTA_FILE_NOT_EXISTS",
  );
});

test("maintenanceInterval: no snapshot before the interval has passed since the provider was created or began its last one", async () => {
  const root = newRoot();
  // An hour: this test's commits all fall inside the first interval.
  const p = open(root, { minDeltasForSnapshot: 1, maintenanceIntervalMs: 3_600_000 });
  for (let b = 0; b < 6; b++) {
    await commitBatch(p, b, [[[`k${b}`], b]]);
    await p.maintenanceIdle();
  }
  assert.deepEqual(listing(root), ["1.delta", "2.delta", "3.delta", "4.delta", "5.delta", "6.delta"]);
  // 1 ms: the interval has passed at the next commit that has the deltas, and then not again
  // for the next 1 ms at least; the commits below are spaced wider than that.
  const q = open(root, { minDeltasForSnapshot: 1, maintenanceIntervalMs: 1 });
  await new Promise((r) => setTimeout(r, 5));
  await commitBatch(q, 6, [[["k6"], 6]]);
  await q.maintenanceIdle();
  assert.ok(listing(root).includes("7.snapshot"), listing(root).join(" "));
  assert.deepEqual(
    (await stateOf(open(root), 7)).map(([k]) => k),
    [0, 1, 2, 3, 4, 5, 6].map((i) => [`k${i}`]),
  );
});

test("a snapshot written while later batches update, abort and re-run holds exactly its version", async () => {
  const root = newRoot();
  const n = 60_000; // four slices of the background writer, one per round below
  const p = open(root, { minDeltasForSnapshot: 0, maxVersionsToRetain: 3 });
  const s0 = await p.getStore(0);
  for (let i = 0; i < n; i++) s0.put([i], [i]);
  await s0.commit();
  // The snapshot of version 1 has started; batches go on between its slices.
  const job = p.snapshotInProgress();
  assert.equal(job?.version, 1);
  const turn = () => new Promise((r) => setImmediate(r));
  const rnd = mulberry32(7);
  let batch = 1;
  for (let round = 0; round < 8; round++) {
    const s = await p.getStore(batch);
    for (let j = 0; j < 1000; j++) {
      const k = Math.floor(rnd() * (n + 1000));
      if (rnd() < 0.4) s.remove([k]);
      else s.put([k], [-k, round]);
      // One slice of the snapshot runs while this store's updates are in the live map.
      if (j === 500) await turn();
    }
    if (round % 3 === 0) {
      s.abort(); // the keys it touched are back to their value before it
    } else {
      await s.commit();
      batch++;
    }
    if (round === 4) batch--; // re-run the last batch (rolls the live map back one version)
  }
  await job!.done;
  const snap = join(dirOf(root), "1.snapshot");
  const state = new Map<unknown, unknown>();
  for (const [op, k, v] of records(snap, "snapshot", 1)) {
    assert.equal(op, RECORD_PUT);
    state.set(k[0], v);
  }
  assert.equal(state.size, n);
  for (let i = 0; i < n; i++) assert.deepEqual(state.get(i), [i], `key ${i}`);
  await p.maintenanceIdle();
  // A new process loading the latest version (snapshot + deltas) sees what the cached provider sees.
  assert.deepEqual(await stateOf(open(root), batch), await stateOf(p, batch));
});

test("re-running a batch deletes the files an earlier run left of its version and after it", async () => {
  const root = newRoot();
  const p = open(root, { minDeltasForSnapshot: 1 });
  for (let b = 0; b < 4; b++) {
    await commitBatch(p, b, [[["n"], b]]);
    await p.maintenanceIdle();
  }
  assert.deepEqual(listing(root), ["1.delta", "2.delta", "2.snapshot", "3.delta", "4.delta", "4.snapshot"]);
  // A new process re-runs batch 1 (its commit log was lost): version 2 is replaced.
  const q = open(root, { minDeltasForSnapshot: 1 });
  await commitBatch(q, 1, [[["n"], "re-run"]]);
  assert.deepEqual(listing(root), ["1.delta", "2.delta"]);
  assert.deepEqual(await stateOf(open(root), 2), [[["n"], "re-run"]]);
});

test("reload equals the state before unloading, for a seeded random workload with snapshots", async () => {
  const root = newRoot();
  const conf = { minDeltasForSnapshot: 2, minBatchesToRetain: 5 };
  const parts = 3;
  let ps = [0, 1, 2].map((i) => open(root, conf, i));
  const rnd = mulberry32(424242);
  const values = () => {
    const r = rnd();
    if (r < 0.2) return BigInt(Math.floor(rnd() * 1e9)) * 1_000_000_007n;
    if (r < 0.4) return [rnd(), null, -0];
    if (r < 0.6) return { sum: rnd() * 100, count: Math.floor(rnd() * 10) };
    return `s${Math.floor(rnd() * 1e6)}`;
  };
  for (let b = 0; b < 30; b++) {
    for (let part = 0; part < parts; part++) {
      const s = await ps[part]!.getStore(b);
      const ops = Math.floor(rnd() * 80);
      for (let i = 0; i < ops; i++) {
        const key = [Math.floor(rnd() * 200), part];
        if (rnd() < 0.25) s.remove(key);
        else s.put(key, values());
      }
      await s.commit();
    }
    if (rnd() < 0.3) await new Promise((r) => setImmediate(r));
    if (b % 7 === 6) {
      const before = await Promise.all(ps.map((p) => stateOf(p, b + 1)));
      for (const p of ps) await p.close();
      ps = [0, 1, 2].map((i) => open(root, conf, i));
      const after = await Promise.all(ps.map((p) => stateOf(p, b + 1)));
      assert.deepEqual(after, before, `after batch ${b}`);
    }
  }
  for (const p of ps) await p.maintenanceIdle();
  const fresh = [0, 1, 2].map((i) => open(root, conf, i));
  for (let part = 0; part < parts; part++)
    assert.deepEqual(await stateOf(fresh[part]!, 30), await stateOf(ps[part]!, 30));
});

test("fault point during-snapshot: an injected failure leaves no snapshot, the state loads, the next commit retries", async () => {
  const root = newRoot();
  const conf = { minDeltasForSnapshot: 1 };
  const p = open(root, conf);
  let hits = 0;
  setFaultHook((point) => {
    if (point === "during-snapshot") {
      hits++;
      throw injectedFault(point);
    }
  });
  for (let b = 0; b < 2; b++) await commitBatch(p, b, [[[`k${b}`], b]]);
  await p.maintenanceIdle();
  assert.equal(hits, 1);
  assert.equal((p.lastMaintenanceError as TsparkError).errorClass, "INJECTED_FAULT");
  assert.deepEqual(listing(root), ["1.delta", "2.delta"]);
  assert.deepEqual(await stateOf(open(root, conf), 2), [
    [["k0"], 0],
    [["k1"], 1],
  ]);
  setFaultHook(undefined);
  await commitBatch(p, 2, [[["k2"], 2]]);
  await p.maintenanceIdle();
  assert.deepEqual(listing(root), ["1.delta", "2.delta", "3.delta", "3.snapshot"]);
});

test("a process killed during a snapshot leaves a temp file that loading ignores and the next writer removes", async () => {
  const root = newRoot();
  const child = fileURLToPath(
    new URL("../../../tests/streaming/state/snapshot-crash-child.ts", import.meta.url),
  );
  const r = spawnSync(process.execPath, ["--import", "tsx", child, root], { encoding: "utf8" });
  assert.equal(r.signal, "SIGKILL", `child: ${r.stdout} ${r.stderr}`);
  const names = listing(root);
  assert.deepEqual(
    names.filter((n) => !n.startsWith(".")),
    ["1.delta", "2.delta", "3.delta"],
  );
  const temps = names.filter((n) => n.startsWith(".3.snapshot.") && n.endsWith(".tmp"));
  assert.equal(temps.length, 1, names.join(", "));
  const p = open(root, { minDeltasForSnapshot: 2 });
  const state = await stateOf(p, 3);
  assert.equal(state.length, 3000);
  assert.deepEqual(state[0], [[0], [0, 2]]);
  // A reader leaves temp files alone (it cannot tell a dead writer's from a live one's).
  assert.equal(listing(root).filter((n) => n.endsWith(".tmp")).length, 1);
  const reader = open(root, { minDeltasForSnapshot: 2 });
  assert.equal((await stateOf(reader, 3)).length, 3000);
  assert.equal(listing(root).filter((n) => n.endsWith(".tmp")).length, 1);
  // The writer's listing deletes the dead process's temp file; the next commit snapshots (4 deltas, no snapshot).
  await commitBatch(p, 3, []);
  await p.maintenanceIdle();
  assert.deepEqual(listing(root), ["1.delta", "2.delta", "3.delta", "4.delta", "4.snapshot"]);
});

test("close() cancels a snapshot in progress and removes its temp file", async () => {
  const root = newRoot();
  const p = open(root, { minDeltasForSnapshot: 0 });
  const s = await p.getStore(0);
  for (let i = 0; i < 50_000; i++) s.put([i], i);
  await s.commit();
  const job = p.snapshotInProgress();
  assert.ok(job);
  // Let it write its first slice (the temp file may exist by now).
  await new Promise((r) => setImmediate(r));
  await p.close();
  await job.done;
  assert.deepEqual(listing(root), ["1.delta"]);
  assert.equal((await open(root).getStore(1)).numKeys(), 50_000);
});

test("close() while a snapshot's file I/O is under way: nothing is left behind once maintenance is idle", async () => {
  // The snapshot's open/write/close run on the thread pool: a close() can land between them.
  for (const turns of [0, 1, 2, 3, 4, 6, 8]) {
    const root = newRoot();
    const p = open(root, { minDeltasForSnapshot: 0 });
    const s = await p.getStore(0);
    for (let i = 0; i < 100; i++) s.put([i], i);
    await s.commit();
    assert.ok(p.snapshotInProgress());
    for (let t = 0; t < turns; t++) await new Promise((r) => setImmediate(r));
    await p.close();
    await stateStoreMaintenanceIdle(root);
    const files = listing(root);
    assert.ok(
      files.every((n) => n === "1.delta" || n === "1.snapshot"),
      `after ${turns} turns: ${files.join(", ")}`,
    );
    assert.equal((await open(root).getStore(1)).numKeys(), 100);
  }
});

test("metrics: a load from files is a cache miss; later loads of held versions are hits", async () => {
  const root = newRoot();
  const p = open(root);
  await commitBatch(p, 0, [[["a"], [1, 2]]]);
  await commitBatch(p, 1, [[["b"], [3]]]);
  const q = open(root);
  const view = await q.getReadStore(2);
  assert.equal(view.numKeys(), 2);
  const s = await q.getStore(2);
  const m = s.metrics();
  assert.equal(m.customMetrics.get("loadedMapCacheMissCount"), 1);
  assert.equal(m.customMetrics.get("loadedMapCacheHitCount"), 1);
  // The same figures as the in-memory provider holding the same state.
  const mem = new InMemoryStateStoreProvider(q.id, DEFAULT_STATE_STORE_CONF);
  await commitBatch(mem, 0, [
    [["a"], [1, 2]],
    [["b"], [3]],
  ]);
  const ms = (await mem.getStore(1)).metrics();
  assert.equal(
    m.customMetrics.get("stateOnCurrentVersionSizeBytes"),
    ms.customMetrics.get("stateOnCurrentVersionSizeBytes"),
  );
  assert.equal(m.numKeys, 2);
  s.abort();
  // A version without files is a miss that fails before touching what is loaded.
  await assert.rejects(() => q.getStore(7));
  const after = (await q.getStore(2)).metrics().customMetrics;
  assert.equal(after.get("loadedMapCacheMissCount"), 2);
  assert.equal(after.get("loadedMapCacheHitCount"), 2);
});

test("fsync: commits and snapshots with tspark.checkpoint.fsync on", async () => {
  const root = newRoot();
  const p = open(root, { fsync: true, minDeltasForSnapshot: 0 });
  await commitBatch(p, 0, [[["a"], 1]]);
  await p.maintenanceIdle();
  assert.deepEqual(listing(root), ["1.delta", "1.snapshot"]);
  assert.deepEqual(await stateOf(open(root), 1), [[["a"], 1]]);
});

test("provider selection: the HDFS names give the durable provider, or the in-memory one on a temporary checkpoint", () => {
  const id = { stateRoot: "/x/state", operatorId: 0, partitionId: 0 };
  for (const name of [
    undefined,
    "org.apache.spark.sql.execution.streaming.state.HDFSBackedStateStoreProvider",
    "HDFSBackedStateStoreProvider",
    " hdfs ",
  ]) {
    const durable = resolveStateStoreProvider(name, false)(id, DEFAULT_STATE_STORE_CONF);
    assert.ok(durable instanceof HDFSBackedStateStoreProvider, String(name));
    const temporary = resolveStateStoreProvider(name, true)(id, DEFAULT_STATE_STORE_CONF);
    assert.ok(temporary instanceof InMemoryStateStoreProvider, String(name));
    assert.ok(!(temporary instanceof HDFSBackedStateStoreProvider), String(name));
  }
  assert.throws(
    () => resolveStateStoreProvider("com.example.Nope", false),
    (e: TsparkError) => e.errorClass === "STATE_STORE_INVALID_PROVIDER",
  );
});

test("stateStoreMaintenanceIdle waits for every provider's snapshot and deletions under a root", async () => {
  const root = newRoot();
  const conf = { minDeltasForSnapshot: 1, minBatchesToRetain: 1 };
  const ps = [0, 1, 2].map((i) => open(root, conf, i));
  for (let b = 0; b < 4; b++)
    for (const p of ps) await commitBatch(p, b, [[[`k${b}`], new Array(3000).fill(b)]]);
  // The snapshots of version 2 are still being written (no event-loop turn since): a commit while
  // one is in progress starts none. Once done, the purge deletes 1.delta in the background.
  assert.deepEqual(
    ps.map((p) => p.snapshotInProgress()?.version),
    [2, 2, 2],
  );
  await stateStoreMaintenanceIdle(root);
  for (const p of ps) assert.equal(p.snapshotInProgress(), undefined);
  for (let i = 0; i < 3; i++)
    assert.deepEqual(readdirSync(dirOf(root, i)).sort(), ["2.delta", "2.snapshot", "3.delta", "4.delta"]);
  // Nothing left to wait for (another root, or none).
  await stateStoreMaintenanceIdle("/no/such/root");
  await stateStoreMaintenanceIdle();
});

test("snapshots that come due together are written one at a time, not all in the same event-loop turn", async () => {
  const root = newRoot();
  const ps = Array.from({ length: 20 }, (_, p) => open(root, { minDeltasForSnapshot: 0 }, p));
  for (const [p, provider] of ps.entries()) await commitBatch(provider, 0, [[[p], p]]);
  const snapshots = () =>
    ps.filter((_, p) => readdirSync(dirOf(root, p)).some((n) => n.endsWith(".snapshot"))).length;
  assert.equal(snapshots(), 0);
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setImmediate(resolve));
  assert.ok(snapshots() <= 2, `at most one snapshot per turn, found ${snapshots()}`);
  await stateStoreMaintenanceIdle(root);
  assert.equal(snapshots(), 20);
});
