import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { durableProviderFactories } from "../../../tests/support/durable-state-providers.js";
import { InMemoryStateStoreProvider } from "../state/in-memory-state-store-provider.js";
import { stateKeyOf } from "../state/state-key.js";
import { statePartitioner } from "../state/state-partitioner.js";
import { INT, StructField, StructType, TIMESTAMP } from "../../types/data-type.js";
import {
  DEFAULT_STATE_STORE_CONF,
  type StateStore,
  type StateStoreId,
  type StateStoreProvider,
} from "../state/state-store.js";
import { ExpiryIndex } from "../../physical/expiry-index.js";
import {
  type JoinEvictionSpec,
  joinStoreNames,
  SymmetricHashJoinStateManager,
} from "./symmetric-hash-join-state-manager.js";

// Buffered rows are [id, time (µs), 2 s window [start, end] (µs)]; value eviction reads the time,
// key eviction the window in the key ([id % 3, window]).
const WIDTH = 3;
const PARTITIONS = 2;
const VALUE: JoinEvictionSpec = { kind: "value", position: 1, isWindow: false };
const KEY: JoinEvictionSpec = { kind: "key", position: 1, isWindow: true };
// The join key [id % 3, window] by Spark's partitioning.
const WINDOW = new StructType([
  new StructField("start", TIMESTAMP, true),
  new StructField("end", TIMESTAMP, true),
]);
const PARTITIONER = statePartitioner("murmur3", [INT, WINDOW], PARTITIONS);

type Factory = (id: StateStoreId) => StateStoreProvider;

/** One side's providers (two stores per partition). */
function sideProviders(
  factory: Factory,
  root: string,
): { counts: StateStoreProvider[]; values: StateStoreProvider[] } {
  const [k, v] = joinStoreNames("left");
  const make = (storeName: string) =>
    Array.from({ length: PARTITIONS }, (_, partitionId) =>
      factory({ stateRoot: root, operatorId: 0, partitionId, storeName }),
    );
  return { counts: make(k), values: make(v) };
}

async function openSide(
  ps: { counts: StateStoreProvider[]; values: StateStoreProvider[] },
  version: number,
  spec: JoinEvictionSpec,
): Promise<{
  readonly m: SymmetricHashJoinStateManager;
  readonly stores: StateStore[];
  readonly values: StateStore[];
}> {
  const counts: StateStore[] = [];
  const values: StateStore[] = [];
  for (const p of ps.counts) counts.push(await p.getStore(version));
  for (const p of ps.values) values.push(await p.getStore(version));
  return {
    m: new SymmetricHashJoinStateManager(counts, values, WIDTH, PARTITIONER, spec),
    stores: [...counts, ...values],
    values,
  };
}

/** A deterministic pseudo-random sequence. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const SECOND = 1_000_000;

function rowAt(id: number, timeMicros: number): unknown[] {
  const start = Math.floor(timeMicros / (2 * SECOND)) * 2 * SECOND;
  return [id, timeMicros, [start, start + 2 * SECOND]];
}

function keyOf(spec: JoinEvictionSpec, row: readonly unknown[]): unknown[] {
  const id = row[0] as number;
  return spec.kind === "value" ? [id % 7] : [id % 3, row[2]];
}

/** Every buffered row as text, sorted, checking that each key's indexes are 0 … n−1. */
function contents(values: readonly StateStore[], counts: readonly StateStore[]): string[] {
  const out: string[] = [];
  const perKey = new Map<unknown, number>();
  for (const s of values)
    s.forEachEntry((k, v) => {
      out.push(JSON.stringify(v));
      const key = k.slice(0, -1);
      perKey.set(stateKeyOf(key), (perKey.get(stateKeyOf(key)) ?? 0) + 1);
    });
  for (const s of counts)
    s.forEachEntry((k, n) => assert.equal(perKey.get(stateKeyOf(k)), n, `count of ${JSON.stringify(k)}`));
  assert.equal(
    [...perKey.values()].reduce((a, b) => a + b, 0),
    out.length,
  );
  return out.sort();
}

/** Each key's rows (as text) by index. */
function layout(values: readonly StateStore[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const s of values)
    s.forEachEntry((k, v) => {
      const key = JSON.stringify(k.slice(0, -1));
      const rows = out.get(key) ?? [];
      rows[k.at(-1) as number] = JSON.stringify(v);
      out.set(key, rows);
    });
  return out;
}

/**
 * Spark's removal by value condition, step by step: a removed row's index takes the key's last
 * row, which is looked at next.
 */
function sparkRemoval(
  before: Map<string, string[]>,
  evicts: (row: string) => boolean,
): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [key, rows] of before) {
    const r = rows.slice();
    let i = 0;
    while (i < r.length) {
      if (!evicts(r[i]!)) {
        i++;
        continue;
      }
      r[i] = r[r.length - 1]!;
      r.pop();
    }
    if (r.length > 0) out.set(key, r);
  }
  return out;
}

/** The time eviction compares for a buffered value `[...row, matched]` under the spec. */
function timeOf(spec: JoinEvictionSpec, value: readonly unknown[]): number {
  return spec.kind === "value" ? (value[1] as number) : ((value[2] as number[])[1] as number);
}

/**
 * One batch: appends `rows` (marking some buffered rows matched), then evicts at `watermarkMs`
 * and checks that exactly the rows at or below it went (what a scan of the whole state evicts).
 */
async function batch(
  ps: { counts: StateStoreProvider[]; values: StateStoreProvider[] },
  version: number,
  spec: JoinEvictionSpec,
  rows: readonly (readonly unknown[])[],
  watermarkMs: number,
  end: "commit" | "abort",
): Promise<void> {
  const { m, stores, values } = await openSide(ps, version, spec);
  const counts = stores.slice(0, PARTITIONS);
  for (const r of rows) {
    const key = keyOf(spec, r);
    const buffered = m.get(key);
    if (buffered.length > 0 && (r[0] as number) % 2 === 0) m.markMatched(buffered[0]!);
    m.append(key, r.slice(), false);
  }
  // As the join does once both inputs are processed: the counts go to keyToNumValues.
  m.flushCounts();
  const before = contents(values, counts);
  const evicts = (t: string) => timeOf(spec, JSON.parse(t)) <= watermarkMs * 1000;
  const expectLayout = sparkRemoval(layout(values), evicts);
  const expectRemoved = before.filter((t) => timeOf(spec, JSON.parse(t)) <= watermarkMs * 1000);
  // Every other batch evicts without reading the rows (as a join's side that emits none).
  const emitted: string[] = [];
  const count = m.evict(
    watermarkMs,
    version % 2 === 0 ? undefined : (b) => emitted.push(JSON.stringify([...b.row, b.matched])),
  );
  assert.equal(count, expectRemoved.length, `batch ${version}: rows evicted`);
  if (version % 2 === 1) assert.deepEqual(emitted.sort(), expectRemoved, `batch ${version}: evicted rows`);
  const kept = before.filter((t) => timeOf(spec, JSON.parse(t)) > watermarkMs * 1000);
  assert.deepEqual(contents(values, counts), kept, `batch ${version}: rows kept`);
  assert.deepEqual(layout(values), expectLayout, `batch ${version}: rows by index`);
  if (end === "abort") {
    for (const s of stores) s.abort();
    return;
  }
  for (const s of stores) await s.commit();
  m.committed();
}

/** Rows of batch `b`: times spread over [b−1 s, b+2 s) so that evictions cut into keys. */
function rowsOf(b: number, next: () => number): unknown[][] {
  return Array.from({ length: 60 }, (_, i) => rowAt(b * 100 + i, Math.floor((b - 1 + next() * 3) * SECOND)));
}

const inMemory: Factory = (id) =>
  new InMemoryStateStoreProvider(id, { ...DEFAULT_STATE_STORE_CONF, maxVersionsToRetain: 4 });

for (const spec of [VALUE, KEY]) {
  const kind = `state ${spec.kind} watermark`;
  test(`join eviction index (${kind}): evicts exactly the rows a scan finds, batch after batch`, async () => {
    const ps = sideProviders(inMemory, "/mem/join-index");
    const next = lcg(7);
    for (let b = 0; b < 12; b++) await batch(ps, b, spec, rowsOf(b, next), (b - 1) * 1000, "commit");
  });

  test(`join eviction index (${kind}): an aborted batch, a re-run and a roll back leave it right`, async () => {
    const ps = sideProviders(inMemory, "/mem/join-index-abort");
    const next = lcg(11);
    for (let b = 0; b < 4; b++) await batch(ps, b, spec, rowsOf(b, next), (b - 1) * 1000, "commit");
    // Batch 4 evicts and aborts (its evictions are undone), then runs again with other rows.
    await batch(ps, 4, spec, rowsOf(4, next), 4500, "abort");
    await batch(ps, 4, spec, rowsOf(4, next), 3000, "commit");
    await batch(ps, 5, spec, rowsOf(5, next), 4000, "commit");
    // Back to version 4 (batch 4 re-runs: the providers roll their live maps back).
    await batch(ps, 4, spec, rowsOf(4, next), 3200, "commit");
    for (let b = 5; b < 8; b++) await batch(ps, b, spec, rowsOf(b, next), (b - 1) * 1000, "commit");
  });

  test(`join eviction index (${kind}): rebuilt after a restart from the checkpoint (HDFS, LMDB)`, async () => {
    const dir = mkdtempSync(join(tmpdir(), "tspark-join-index-"));
    try {
      for (const [name, factory] of durableProviderFactories()) {
        const root = join(dir, name);
        const next = lcg(5);
        let ps = sideProviders(factory, root);
        for (let b = 0; b < 5; b++) await batch(ps, b, spec, rowsOf(b, next), (b - 1) * 1000, "commit");
        for (const p of [...ps.counts, ...ps.values]) await p.close?.();
        // A new process: new providers read the files; the index is rebuilt from the state.
        ps = sideProviders(factory, root);
        for (let b = 5; b < 9; b++) await batch(ps, b, spec, rowsOf(b, next), (b - 1) * 1000, "commit");
        for (const p of [...ps.counts, ...ps.values]) await p.close?.();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test("ExpiryIndex takes out exactly the entries at or below a watermark, oldest first", () => {
  const index = new ExpiryIndex("value:1:false");
  const next = lcg(3);
  const all: number[] = [];
  for (let i = 0; i < 500; i++) {
    const t = Math.floor(next() * 100) * 1000;
    all.push(t);
    index.add(t, [i], i);
  }
  let left = all.slice();
  for (const watermarkMs of [-1, 10, 10, 55, 99, 100]) {
    const taken: number[] = [];
    index.takeWhile(
      (t) => t <= watermarkMs * 1000,
      (key, compact) => {
        assert.equal((key as number[])[0], compact);
        taken.push(all[compact as number]!);
      },
    );
    const want = left.filter((t) => t <= watermarkMs * 1000).sort((a, b) => a - b);
    assert.deepEqual(taken, want, `watermark ${watermarkMs}`);
    left = left.filter((t) => t > watermarkMs * 1000);
    assert.equal(index.size, left.length);
  }
});
