import assert from "node:assert/strict";
import {
  existsSync,
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
import type { TsparkError } from "../../common/errors.js";
import { injectedFault, setFaultHook } from "../../common/fault-points.js";
import {
  HDFSBackedStateStoreProvider,
  stateStoreMaintenanceIdle,
} from "./hdfs-backed-state-store-provider.js";
import {
  encodeOperatorDelta,
  operatorDeltaPath,
  parseOperatorDelta,
  resetOperatorDeltaLogs,
} from "./operator-delta-files.js";
import { commitStateStores } from "./state-commit.js";
import { StateFileWriter } from "./state-files.js";
import { DEFAULT_STATE_STORE_CONF, type StateStore, type StateStoreConf } from "./state-store.js";

const roots: string[] = [];
afterEach(() => {
  setFaultHook(undefined);
  resetOperatorDeltaLogs();
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

function newRoot(): string {
  const dir = mkdtempSync(join(tmpdir(), "tspark-state-commit-"));
  roots.push(dir);
  return join(dir, "state");
}

/** The providers of operator 0's partitions (and store name), as a query's operator holds them. */
function providers(
  root: string,
  n: number,
  conf: Partial<StateStoreConf> = {},
  storeName?: string,
): HDFSBackedStateStoreProvider[] {
  return Array.from(
    { length: n },
    (_, partitionId) =>
      new HDFSBackedStateStoreProvider(
        { stateRoot: root, operatorId: 0, partitionId, ...(storeName ? { storeName } : {}) },
        { ...DEFAULT_STATE_STORE_CONF, ...conf },
      ),
  );
}

/** Runs batch `batchId` over every partition: key [p, i] → value, then commits them together. */
async function batch(
  ps: readonly HDFSBackedStateStoreProvider[],
  batchId: number,
  value: (p: number) => unknown,
  removes: (p: number) => unknown[][] = () => [],
): Promise<StateStore[]> {
  const stores: StateStore[] = [];
  for (let p = 0; p < ps.length; p++) {
    const s = await ps[p]!.getStore(batchId);
    s.put([p, batchId], value(p));
    for (const k of removes(p)) s.remove(k);
    stores.push(s);
  }
  await commitStateStores(stores);
  return stores;
}

async function stateOf(p: HDFSBackedStateStoreProvider, version: number): Promise<string[]> {
  const out: string[] = [];
  (await p.getReadStore(version)).forEachEntry((k, v) => out.push(`${JSON.stringify(k)}=${String(v)}`));
  return out.sort();
}

test("an operator's stores committed together write one delta file for the version, and a new process reloads every partition from it", async () => {
  const root = newRoot();
  const ps = providers(root, 4);
  for (let b = 0; b < 3; b++)
    await batch(
      ps,
      b,
      (p) => p * 10 + b,
      (p) => (b === 2 ? [[p, 0]] : []),
    );
  assert.deepEqual(readdirSync(join(root, "0", "_deltas")).sort(), ["1.delta", "2.delta", "3.delta"]);
  // No partition has a delta file of its own, but each has its directory (state readers list them).
  for (let p = 0; p < 4; p++) assert.deepEqual(readdirSync(join(root, "0", String(p))), []);
  // A new process: fresh providers, nothing cached.
  resetOperatorDeltaLogs();
  const again = providers(root, 4);
  for (let p = 0; p < 4; p++) {
    assert.deepEqual(await stateOf(again[p]!, 3), [`[${p},1]=${p * 10 + 1}`, `[${p},2]=${p * 10 + 2}`]);
    assert.deepEqual(await stateOf(again[p]!, 1), [`[${p},0]=${p * 10}`]);
  }
  // And the restarted query goes on from version 3.
  await batch(again, 3, (p) => -p);
  assert.deepEqual(await stateOf(again[1]!, 4), ["[1,1]=11", "[1,2]=12", "[1,3]=-1"]);
});

test("with operatorDeltaFiles off, or a single store, each partition writes its own <version>.delta (Spark's layout)", async () => {
  const root = newRoot();
  const ps = providers(root, 2, { operatorDeltaFiles: false });
  await batch(ps, 0, (p) => p);
  assert.equal(existsSync(join(root, "0", "_deltas")), false);
  assert.deepEqual(readdirSync(join(root, "0", "0")), ["1.delta"]);
  const lone = providers(newRoot(), 1);
  await batch(lone, 0, () => "x");
  assert.deepEqual(readdirSync(join(lone[0]!.id.stateRoot, "0", "0")), ["1.delta"]);
});

test("whichever was written last wins: a partition's own delta over an older section, a group commit over an older partition file", async () => {
  const root = newRoot();
  const ps = providers(root, 2);
  await batch(ps, 0, (p) => `group-${p}`);
  // Partition 0 re-runs batch 0 alone (its own file), partition 1 keeps the group's section.
  const s = await ps[0]!.getStore(0);
  s.put([0, 0], "alone");
  await s.commit();
  assert.deepEqual(readdirSync(join(root, "0", "0")), ["1.delta"]);
  resetOperatorDeltaLogs();
  let fresh = providers(root, 2);
  assert.deepEqual(await stateOf(fresh[0]!, 1), ["[0,0]=alone"]);
  assert.deepEqual(await stateOf(fresh[1]!, 1), ["[1,0]=group-1"]);
  // A group commit of the same version replaces the partition's file.
  await batch(fresh, 0, (p) => `group2-${p}`);
  assert.deepEqual(readdirSync(join(root, "0", "0")), []);
  resetOperatorDeltaLogs();
  fresh = providers(root, 2);
  assert.deepEqual(await stateOf(fresh[0]!, 1), ["[0,0]=group2-0"]);
});

test("a re-run of a batch deletes the operator delta files of later versions", async () => {
  const root = newRoot();
  const ps = providers(root, 2);
  for (let b = 0; b < 3; b++) await batch(ps, b, (p) => b * 100 + p);
  // Roll back: batch 1 runs again (version 2), as after a user removed later commits.
  await batch(ps, 1, (p) => -p);
  assert.deepEqual(readdirSync(join(root, "0", "_deltas")).sort(), ["1.delta", "2.delta"]);
  resetOperatorDeltaLogs();
  const fresh = providers(root, 2);
  assert.deepEqual(await stateOf(fresh[1]!, 2), ["[1,0]=1", "[1,1]=-1"]);
  await assert.rejects(fresh[1]!.getReadStore(3), /CANNOT_READ_DELTA_FILE_NOT_EXISTS/);
});

test("operator delta files are purged once every partition's snapshot is past them", async () => {
  const root = newRoot();
  const ps = providers(root, 3, { minDeltasForSnapshot: 2, minBatchesToRetain: 2 });
  for (let b = 0; b < 10; b++) {
    await batch(ps, b, (p) => b + p);
    await stateStoreMaintenanceIdle(root);
  }
  const left = readdirSync(join(root, "0", "_deltas"))
    .map((n) => Number.parseInt(n, 10))
    .sort((a, b) => a - b);
  assert.ok(left[0]! >= 6, `old operator delta files are gone: ${left.join(", ")}`);
  assert.equal(left.at(-1), 10);
  // The retained versions still load in a new process.
  resetOperatorDeltaLogs();
  const fresh = providers(root, 3, { minDeltasForSnapshot: 2, minBatchesToRetain: 2 });
  for (let p = 0; p < 3; p++) assert.equal((await stateOf(fresh[p]!, 10)).length, 10);
  assert.equal((await stateOf(fresh[2]!, 8)).length, 8);
});

test("a failed write publishes nothing: CANNOT_WRITE_STATE_STORE, and abort leaves every partition at its loaded version", async (t) => {
  const root = newRoot();
  const ps = providers(root, 2);
  await batch(ps, 0, (p) => p);
  // The _deltas directory replaced by a file: the next write cannot create its temp file.
  rmSync(join(root, "0", "_deltas"), { recursive: true });
  writeFileSync(join(root, "0", "_deltas"), "not a directory");
  resetOperatorDeltaLogs();
  const stores: StateStore[] = [];
  for (let p = 0; p < 2; p++) {
    const s = await ps[p]!.getStore(1);
    s.put([p, 1], "lost");
    stores.push(s);
  }
  await assert.rejects(commitStateStores(stores), (e: TsparkError) => {
    assert.equal(e.errorClass, "CANNOT_WRITE_STATE_STORE.CANNOT_COMMIT");
    return true;
  });
  for (const s of stores) {
    assert.equal(s.hasCommitted, false);
    s.abort();
  }
  for (let p = 0; p < 2; p++) assert.deepEqual(await stateOf(ps[p]!, 1), [`[${p},0]=${p}`]);
  t.diagnostic("nothing of version 2 is visible");
  await assert.rejects(ps[0]!.getReadStore(2));
});

test("the crash point during-state-commit comes after the operator's file is complete: a restart finds version v + 1 whole", async () => {
  const root = newRoot();
  const ps = providers(root, 3);
  await batch(ps, 0, (p) => p);
  setFaultHook((point) => {
    if (point === "during-state-commit") throw injectedFault(point);
  });
  await assert.rejects(
    batch(ps, 1, (p) => p + 100),
    /during-state-commit/,
  );
  setFaultHook(undefined);
  resetOperatorDeltaLogs();
  const fresh = providers(root, 3);
  for (let p = 0; p < 3; p++)
    assert.deepEqual(await stateOf(fresh[p]!, 2), [`[${p},0]=${p}`, `[${p},1]=${p + 100}`]);
});

test("named stores (a join's four per partition) each get their section", async () => {
  const root = newRoot();
  const left = providers(root, 2, {}, "left-keyToNumValues");
  const right = providers(root, 2, {}, "right-keyToNumValues");
  const stores: StateStore[] = [];
  for (let p = 0; p < 2; p++) {
    for (const [side, ps] of [
      ["L", left],
      ["R", right],
    ] as const) {
      const s = await ps[p]!.getStore(0);
      s.put([p], `${side}${p}`);
      stores.push(s);
    }
  }
  await commitStateStores(stores);
  assert.deepEqual(readdirSync(join(root, "0", "_deltas")), ["1.delta"]);
  resetOperatorDeltaLogs();
  assert.deepEqual(await stateOf(providers(root, 2, {}, "right-keyToNumValues")[1]!, 1), ["[1]=R1"]);
  assert.deepEqual(await stateOf(providers(root, 2, {}, "left-keyToNumValues")[0]!, 1), ["[0]=L0"]);
});

test("operator delta file format: round trip; truncation, corruption and foreign versions fail naming the file", () => {
  const w = new StateFileWriter();
  const section = (partitionId: number, storeName?: string) => {
    w.begin("delta", 7);
    w.put([partitionId], storeName ?? "default");
    return { partitionId, storeName, bytes: w.finish().slice() };
  };
  const sections = [section(0), section(3, "left-keyWithIndexToValue"), section(1)];
  const bytes = encodeOperatorDelta(7, sections);
  const parsed = parseOperatorDelta(bytes, "/x/7.delta", 7);
  assert.deepEqual([...parsed.sections.keys()], ["0", "3/left-keyWithIndexToValue", "1"]);
  const s3 = parsed.sections.get("3/left-keyWithIndexToValue")!;
  assert.deepEqual(bytes.subarray(s3.start, s3.end), sections[1]!.bytes);
  const fails = (b: Uint8Array, re: RegExp, version = 7) =>
    assert.throws(
      () => parseOperatorDelta(b, "/x/7.delta", version),
      (e: TsparkError) => {
        assert.match(e.errorClass ?? "", /^CANNOT_LOAD_STATE_STORE/);
        assert.match(e.message, /\/x\/7\.delta/);
        assert.match(e.message, re);
        return true;
      },
    );
  fails(bytes.subarray(0, bytes.length - 1), /truncated|end marker/);
  fails(bytes.subarray(0, 10), /truncated/);
  const flipped = bytes.slice();
  flipped[20]! ^= 1; // in the section index
  fails(flipped, /CRC32/);
  fails(bytes, /version 7 of the state, not version 8/, 8);
  const future = bytes.slice();
  future[4] = 9;
  fails(future, /INVALID_CHANGE_LOG_READER_VERSION|9/);
});

test("a damaged operator delta file fails loading with CANNOT_LOAD_STATE_STORE naming it", async () => {
  const root = newRoot();
  const ps = providers(root, 2);
  await batch(ps, 0, (p) => p);
  const path = operatorDeltaPath(root, 0, 1);
  truncateSync(path, readFileSync(path).length - 2);
  resetOperatorDeltaLogs();
  await assert.rejects(providers(root, 2)[1]!.getReadStore(1), (e: TsparkError) => {
    assert.match(e.errorClass ?? "", /^CANNOT_LOAD_STATE_STORE/);
    assert.ok(e.message.includes(path), e.message);
    return true;
  });
});
