// transformWithState's expiry indexes (physical/expiry-index.ts, kept between batches by
// streaming/state/kept-expiry-indexes.ts): the timers fired and the TTL values removed through
// them are exactly what a scan of the whole store finds, in the same order (Spark's
// TimerStateImpl fires by expiry, then by the key's encoded bytes), batch after batch, after an
// aborted batch, a re-run, a roll back and a restart, on the in-memory, HDFS-backed and LMDB
// stores. Each batch drives ExecutionHandle as the runner does, and checks it against a scan of
// the stores taken just before the timers fire and before the TTL cleanup.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { durableProviderFactories } from "../../../tests/support/durable-state-providers.js";
import type { ExpiryIndex, ExpiryIndexKeeper } from "../../physical/expiry-index.js";
import { ExecutionHandle, timerStoreName } from "../../physical/stateful-processor-handle-impl.js";
import { encodedKeyComparator } from "../../physical/state-key-order.js";
import { parseSchema } from "../../types/ddl.js";
import { InMemoryStateStoreProvider } from "../state/in-memory-state-store-provider.js";
import { KeptExpiryIndexes } from "../state/kept-expiry-indexes.js";
import { LmdbStateStoreProvider } from "../state/lmdb-state-store-provider.js";
import { statePartitionOf, stateKeyOf } from "../state/state-key.js";
import {
  DEFAULT_STATE_STORE_CONF,
  type StateStore,
  type StateStoreId,
  type StateStoreProvider,
} from "../state/state-store.js";

const PARTITIONS = 2;
const KEY_SCHEMA = parseSchema("k INT, s STRING");
const TIMERS = timerStoreName("ProcessingTime");
const NAMES = ["v", "l", "m", TIMERS] as const;
/** TTL of the value, list and map variables (ms); a batch advances processing time by 1 s. */
const TTL = { v: 2500, l: 1500, m: 3000 } as const;

type Factory = (id: StateStoreId) => StateStoreProvider;
type Providers = Map<string, StateStoreProvider[]>;

function providers(factory: Factory, root: string): Providers {
  const out: Providers = new Map();
  for (const storeName of NAMES)
    out.set(
      storeName,
      Array.from({ length: PARTITIONS }, (_, partitionId) =>
        factory({ stateRoot: root, operatorId: 0, partitionId, storeName }),
      ),
    );
  return out;
}

async function closeAll(ps: Providers): Promise<void> {
  for (const list of ps.values()) for (const p of list) await p.close?.();
}

/** A deterministic pseudo-random sequence. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** The keeper of the query, counting the indexes built by a scan. */
class CountingKeeper implements ExpiryIndexKeeper {
  builds = 0;
  readonly opened: ExpiryIndex[] = [];
  private readonly kept = new KeptExpiryIndexes();
  open(stores: readonly object[], spec: string, build: (index: ExpiryIndex) => void): ExpiryIndex {
    const index = this.kept.open(stores, spec, (index) => {
      this.builds++;
      build(index);
    });
    this.opened.push(index);
    return index;
  }
  committed(): void {
    this.kept.committed();
  }
}

const byKey = encodedKeyComparator(KEY_SCHEMA);

/** The timers a scan of `store` finds below `thresholdMs`, in Spark's order. */
function scanTimers(store: StateStore, thresholdMs: number): string[] {
  const due: { key: unknown[]; ts: number }[] = [];
  store.forEachEntry((k) => {
    const ts = Number(k[2]);
    if (ts < thresholdMs) due.push({ key: k.slice(0, 2), ts });
  });
  due.sort((a, b) => a.ts - b.ts || byKey(a.key, b.key));
  return due.map((t) => JSON.stringify([t.key, t.ts]));
}

/** A store's entries as text, sorted. */
function contents(store: StateStore): string[] {
  const out: string[] = [];
  store.forEachEntry((k, v) =>
    out.push(JSON.stringify([k, v], (_, x) => (typeof x === "bigint" ? Number(x) : x))),
  );
  return out.sort();
}

/**
 * A scan's TTL cleanup of `store` at `nowMs`: the number of values it removes and the entries
 * left (`element`: where a list's or map's element keeps its expiration; undefined: a value).
 */
function scanTtl(store: StateStore, nowMs: number, element: number | undefined): [number, string[]] {
  let removed = 0;
  const left: string[] = [];
  const text = (k: readonly unknown[], v: unknown) =>
    JSON.stringify([k, v], (_, x) => (typeof x === "bigint" ? Number(x) : x));
  store.forEachEntry((k, v) => {
    if (element === undefined) {
      if (nowMs >= Number((v as unknown[])[1])) removed++;
      else left.push(text(k, v));
      return;
    }
    const all = v as unknown[][];
    const live = all.filter((e) => nowMs < Number(e[element]));
    removed += all.length - live.length;
    if (live.length > 0) left.push(text(k, live));
  });
  return [removed, left.sort()];
}

/**
 * Batch `b` (processing time b s): each partition as the runner runs it, with random writes and
 * timers per key, then the timers below the batch time fire (each deletes itself, some register
 * another, some already in the past), then the TTL cleanup; checked against scans. Returns the
 * number of timers fired and values removed.
 */
async function batch(
  ps: Providers,
  b: number,
  keeper: CountingKeeper,
  next: () => number,
  end: "commit" | "abort",
): Promise<{ fired: number; removed: number }> {
  const stores = new Map<string, StateStore[]>();
  for (const [name, list] of ps) {
    const opened: StateStore[] = [];
    for (const p of list) opened.push(await p.getStore(b, { emptyIfNeverCommitted: true }));
    stores.set(name, opened);
  }
  const batchTs = b * 1000;
  let fired = 0;
  let removed = 0;
  const keys = Array.from({ length: 40 }, (_, i) => [(i * 7919) % 23, `s${i % 3}`]);
  for (let p = 0; p < PARTITIONS; p++) {
    const handle = new ExecutionHandle({
      stores,
      partition: p,
      keySchema: KEY_SCHEMA,
      batchTimestampMs: batchTs,
      timeMode: "ProcessingTime",
      count: () => {},
      rows: { updated: 0, removed: 0 },
      indexes: keeper,
    });
    const v = handle.getValueState("v", "x INT", TTL.v);
    const l = handle.getListState("l", "x INT", TTL.l);
    const m = handle.getMapState("m", "u INT", "x INT", TTL.m);
    handle.setHandleState("INITIALIZED");
    for (const key of keys) {
      if (statePartitionOf(stateKeyOf(key), PARTITIONS) !== p || next() < 0.4) continue;
      handle.withKey(key, p, () => {
        const r = next();
        if (r < 0.5) handle.registerTimer(batchTs + Math.floor(next() * 4000) - 800);
        if (r > 0.7) {
          const timers = handle.listTimers();
          if (timers.length > 0) handle.deleteTimer(timers[Math.floor(next() * timers.length)]!);
          // Registering a timer the key has already (Spark's put over the same key).
          if (timers.length > 1) handle.registerTimer(timers[timers.length - 1]!);
        }
        if (next() < 0.5) v.update([b]);
        const w = next();
        if (w < 0.3) l.appendValue([b]);
        else if (w < 0.4) l.put([[b], [b + 1]]);
        const u = next();
        if (u < 0.3) m.updateValue([Math.floor(next() * 4)], [b]);
        else if (u < 0.4) m.removeKey([Math.floor(next() * 4)]);
        else if (u < 0.45) v.clear();
      });
    }
    handle.setHandleState("DATA_PROCESSED");
    const timerStore = stores.get(TIMERS)![p]!;
    const want = scanTimers(timerStore, batchTs);
    const got: string[] = [];
    for (const t of handle.expiredTimers(batchTs)) {
      got.push(JSON.stringify([t.key, t.ts]));
      handle.withKey(t.key, p, () => {
        if (next() < 0.3) handle.registerTimer(t.ts + 1500);
        if (next() < 0.1) handle.registerTimer(t.ts);
        if (next() < 0.2) handle.registerTimer(batchTs - 1);
        handle.deleteTimer(t.ts);
      });
    }
    assert.deepEqual(got, want, `batch ${b}, partition ${p}: timers fired`);
    fired += got.length;
    handle.setHandleState("TIMER_PROCESSED");
    const expected = [
      scanTtl(stores.get("v")![p]!, batchTs, undefined),
      scanTtl(stores.get("l")![p]!, batchTs, 1),
      scanTtl(stores.get("m")![p]!, batchTs, 2),
    ];
    let cleared = 0;
    for (const variable of handle.ttlVariables) cleared += variable.clearExpired(p);
    removed += cleared;
    assert.equal(
      cleared,
      expected.reduce((a, e) => a + e[0], 0),
      `batch ${b}, partition ${p}: values removed by TTL`,
    );
    assert.deepEqual(
      ["v", "l", "m"].map((n) => contents(stores.get(n)![p]!)),
      expected.map((e) => e[1]),
      `batch ${b}, partition ${p}: values kept`,
    );
  }
  const all = [...stores.values()].flat();
  if (end === "abort") {
    for (const s of all) s.abort();
    return { fired, removed };
  }
  for (const s of all) await s.commit();
  keeper.committed();
  return { fired, removed };
}

const inMemory: Factory = (id) =>
  new InMemoryStateStoreProvider(id, { ...DEFAULT_STATE_STORE_CONF, maxVersionsToRetain: 4 });

test("transformWithState expiry indexes: timers and TTL values as a scan finds them, batch after batch", async () => {
  const ps = providers(inMemory, "/mem/tws-expiry-index");
  const next = lcg(7);
  let fired = 0;
  let removed = 0;
  for (let b = 0; b < 14; b++) {
    const keeper = new CountingKeeper();
    const r = await batch(ps, b, keeper, next, "commit");
    fired += r.fired;
    removed += r.removed;
    // From the second batch on, every index is the one kept from the batch before.
    if (b >= 1) assert.equal(keeper.builds, 0, `batch ${b}: indexes rebuilt`);
  }
  assert.ok(fired > 50, `timers fired: ${fired}`);
  assert.ok(removed > 50, `values removed: ${removed}`);
});

test("transformWithState expiry indexes: an aborted batch, a re-run and a roll back leave them right", async () => {
  await abortAndRollBack(providers(inMemory, "/mem/tws-expiry-index-abort"));
  const dir = mkdtempSync(join(tmpdir(), "tspark-tws-index-lmdb-"));
  try {
    const ps = providers((id) => new LmdbStateStoreProvider(id, DEFAULT_STATE_STORE_CONF), dir);
    await abortAndRollBack(ps);
    await closeAll(ps);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

async function abortAndRollBack(ps: Providers): Promise<void> {
  const next = lcg(11);
  for (let b = 0; b < 5; b++) await batch(ps, b, new CountingKeeper(), next, "commit");
  // Batch 5 aborts (its changes are undone): the next run rebuilds what it had opened.
  await batch(ps, 5, new CountingKeeper(), next, "abort");
  const rerun = new CountingKeeper();
  await batch(ps, 5, rerun, next, "commit");
  assert.ok(rerun.builds > 0, "re-run after an abort rebuilds");
  await batch(ps, 6, new CountingKeeper(), next, "commit");
  // Back to version 5 (batch 5 re-runs: the providers roll their live maps back).
  const back = new CountingKeeper();
  await batch(ps, 5, back, next, "commit");
  assert.ok(back.builds > 0, "a roll back rebuilds");
  for (let b = 6; b < 10; b++) await batch(ps, b, new CountingKeeper(), next, "commit");
}

test("transformWithState expiry indexes: after a restart from the checkpoint (HDFS, LMDB)", async () => {
  const dir = mkdtempSync(join(tmpdir(), "tspark-tws-index-"));
  try {
    for (const [name, factory] of durableProviderFactories()) {
      const root = join(dir, name);
      const next = lcg(5);
      let ps = providers(factory, root);
      for (let b = 0; b < 6; b++) await batch(ps, b, new CountingKeeper(), next, "commit");
      await closeAll(ps);
      // A new process: new providers read the files; the indexes are rebuilt from the state.
      ps = providers(factory, root);
      const first = new CountingKeeper();
      await batch(ps, 6, first, next, "commit");
      assert.ok(first.builds > 0, `${name}: rebuilt after the restart`);
      for (let b = 7; b < 11; b++) {
        const keeper = new CountingKeeper();
        await batch(ps, b, keeper, next, "commit");
        assert.equal(keeper.builds, 0, `${name} batch ${b}: indexes rebuilt`);
      }
      await closeAll(ps);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("transformWithState expiry indexes: entries no longer needed do not pile up (rebuilt past twice the keys)", async () => {
  // Ten keys written in every batch under a TTL of an hour: each write adds an entry, the older
  // ones stay until their time comes unless the index is rebuilt.
  const providers = Array.from({ length: 1 }, (_, partitionId) =>
    inMemory({ stateRoot: "/mem/tws-expiry-index-slack", operatorId: 0, partitionId, storeName: "v" }),
  );
  let largest = 0;
  let builds = 0;
  for (let b = 0; b < 400; b++) {
    const store = await providers[0]!.getStore(b);
    const keeper = new CountingKeeper();
    const handle = new ExecutionHandle({
      stores: new Map([["v", [store]]]),
      partition: 0,
      keySchema: KEY_SCHEMA,
      batchTimestampMs: b * 1000,
      timeMode: "ProcessingTime",
      count: () => {},
      rows: { updated: 0, removed: 0 },
      indexes: keeper,
    });
    const v = handle.getValueState("v", "x INT", 3_600_000);
    handle.setHandleState("INITIALIZED");
    for (let k = 0; k < 10; k++) handle.withKey([k, "a"], 0, () => v.update([b]));
    handle.setHandleState("TIMER_PROCESSED");
    assert.equal(handle.ttlVariables[0]!.clearExpired(0), 0);
    largest = Math.max(largest, ...keeper.opened.map((i) => i.size));
    builds += keeper.builds;
    await store.commit();
    keeper.committed();
  }
  assert.ok(largest <= 2 * 10 + 1024 + 10, `largest index: ${largest}`);
  assert.ok(builds >= 3 && builds <= 5, `indexes built: ${builds}`);
});
