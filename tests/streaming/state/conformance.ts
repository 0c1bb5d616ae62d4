/**
 * The StateStore conformance suite: the whole contract of `src/streaming/state/state-store.ts`,
 * run against any `StateStoreProvider` factory. Every provider's test file calls
 * `runStateStoreConformance(name, makeProvider, options)`; a provider passes when it keeps
 * Spark's version numbering (batch b loads version b and commits b + 1), isolates uncommitted
 * updates, drops aborted ones, lets the last batch re-run, round-trips every value exactly, and —
 * when it is durable — finds its committed versions again from a new instance on the same
 * directory (a new process) or after `unloadStateStores()`.
 *
 * Each test gets a fresh temporary directory as its `stateRoot` and closes (`close?()`) every
 * provider it opened before removing it.
 */
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { TsparkError } from "../../../src/common/errors.js";
import { MapValue } from "../../../src/data/values.js";
import { stateStoreProvider, unloadStateStores } from "../../../src/streaming/state/state-store-registry.js";
import {
  DEFAULT_STATE_STORE_CONF,
  type ReadStateStore,
  type StateStore,
  type StateStoreConf,
  type StateStoreId,
  type StateStoreProvider,
} from "../../../src/streaming/state/state-store.js";
import { mulberry32 } from "../../support/random.js";

/** What the suite may assume of the provider under test. */
export interface StateStoreConformanceOptions {
  /**
   * The provider keeps committed versions in files under `<stateRoot>/<operatorId>/<partitionId>/`:
   * a new instance on the same directory (a new process) loads them, and versions older than
   * `maxVersionsToRetain` (but within `minBatchesToRetain`) stay loadable. Default false.
   */
  readonly durable?: boolean;
  /** `iterator()` yields keys in their first insertion order (the in-memory providers). Default false. */
  readonly insertionOrder?: boolean;
  /** Settings merged over `DEFAULT_STATE_STORE_CONF` for every provider the suite creates. */
  readonly conf?: Partial<StateStoreConf>;
  /** Keys of the "many keys" test (default 20,000). */
  readonly manyKeys?: number;
}

type Factory = (id: StateStoreId, conf: StateStoreConf) => StateStoreProvider;

/** Registers the conformance tests of one provider under `describe(name)`. */
export function runStateStoreConformance(
  name: string,
  makeProvider: Factory,
  options: StateStoreConformanceOptions = {},
): void {
  const conf: StateStoreConf = { ...DEFAULT_STATE_STORE_CONF, ...options.conf };
  const durable = options.durable === true;
  const durableOnly = { skip: durable ? false : "the provider is not durable" };

  describe(`StateStore conformance: ${name}`, () => {
    // ---------------------------------------------------------------- versions

    test("version 0 is the empty state; batch b loads version b and its commit makes b + 1", () =>
      withRoot(makeProvider, conf, async (h) => {
        const p = h.open(0, 0);
        const s0 = await p.getStore(0);
        assert.equal(s0.version, 0);
        assert.equal(s0.numKeys(), 0);
        assert.deepEqual(entries(s0), []);
        assert.equal(s0.hasCommitted, false);
        s0.put(["a"], 1);
        assert.equal(await s0.commit(), 1);
        assert.equal(s0.hasCommitted, true);
        for (let b = 1; b < 5; b++) {
          const s = await p.getStore(b);
          assert.equal(s.version, b);
          assert.equal(s.get(["a"]), b);
          s.put(["a"], b + 1);
          assert.equal(await s.commit(), b + 1);
        }
        assert.equal((await p.getReadStore(5)).get(["a"]), 5);
        // Version 0 stays empty whatever was committed after it.
        const again = await p.getReadStore(0);
        assert.equal(again.version, 0);
        assert.equal(again.numKeys(), 0);
      }));

    test("a store's id is its provider's", () =>
      withRoot(makeProvider, conf, async (h) => {
        const p = h.open(3, 7);
        assert.deepEqual(p.id, { stateRoot: h.root, operatorId: 3, partitionId: 7 });
        const s = await p.getStore(0);
        assert.deepEqual(s.id, p.id);
        await s.commit();
        assert.deepEqual((await p.getReadStore(1)).id, p.id);
        assert.equal(typeof p.toString(), "string");
      }));

    test("loading a version that was never committed fails with CANNOT_LOAD_STATE_STORE", () =>
      withRoot(makeProvider, conf, async (h) => {
        const p = h.open(0, 0);
        await commitBatch(p, 0, [[["k"], 1]]);
        await assert.rejects(() => p.getStore(5), isCannotLoad);
        await assert.rejects(() => p.getReadStore(5), isCannotLoad);
        // The provider still works afterwards.
        assert.equal((await p.getStore(1)).get(["k"]), 1);
        const fresh = h.open(0, 1);
        await assert.rejects(() => fresh.getStore(1), isCannotLoad);
      }));

    test("emptyIfNeverCommitted: a store that never committed opens empty at any version; one with history still fails", () =>
      withRoot(makeProvider, conf, async (h) => {
        const p = h.open(0, 0);
        await commitBatch(p, 0, [[["k"], 1]]);
        // A store with a committed version: the option does not hide a missing version.
        await assert.rejects(() => p.getStore(5, { emptyIfNeverCommitted: true }), isCannotLoad);
        // A store that never committed (a transformWithState variable added on restart).
        const fresh = h.open(0, 1);
        await assert.rejects(() => fresh.getStore(3), isCannotLoad);
        const s = await fresh.getStore(3, { emptyIfNeverCommitted: true });
        assert.equal(s.numKeys(), 0);
        s.put(["n"], 4);
        await s.commit();
        assert.equal((await fresh.getStore(4)).get(["n"]), 4);
        if (durable) {
          // A new process finds the store from version 3 on.
          const again = await h.reopen(fresh);
          assert.equal((await again.getReadStore(4)).get(["n"]), 4);
          assert.equal((await again.getReadStore(3)).numKeys(), 0);
        }
      }));

    // ---------------------------------------------------------------- operations

    test("get / put / remove / numKeys on a store being updated", () =>
      withRoot(makeProvider, conf, async (h) => {
        const p = h.open(0, 0);
        const s = await p.getStore(0);
        s.put(["a"], 1);
        s.put(["b"], 2);
        s.put(["a"], 3);
        s.remove(["b"]);
        s.remove(["missing"]);
        assert.equal(s.get(["a"]), 3);
        assert.equal(s.get(["b"]), undefined);
        assert.equal(s.get(["missing"]), undefined);
        assert.equal(s.numKeys(), 1);
        s.put(["b"], 4);
        assert.equal(s.numKeys(), 2);
        assert.equal(s.getCompact("b"), 4);
        s.putCompact("c", ["c"], 5);
        assert.equal(s.get(["c"]), 5);
        assert.equal(await s.commit(), 1);
        const s1 = await p.getStore(1);
        assert.deepEqual(sorted(entries(s1)), [
          [["a"], 3],
          [["b"], 4],
          [["c"], 5],
        ]);
        s1.remove(["a"]);
        s1.remove(["c"]);
        s1.put(["d"], 6);
        assert.equal(s1.numKeys(), 2);
        await s1.commit();
        assert.deepEqual(sorted(entries(await p.getReadStore(2))), [
          [["b"], 4],
          [["d"], 6],
        ]);
        assert.equal(s1.metrics().numKeys, 2);
        assert.ok(s1.metrics().memoryUsedBytes >= 0);
      }));

    test("iterator and forEachEntry agree, and the order is stable", () =>
      withRoot(makeProvider, conf, async (h) => {
        const p = h.open(0, 0);
        const s = await p.getStore(0);
        for (const k of ["m", "c", "x", "a", "q"]) s.put([k], k.toUpperCase());
        s.remove(["x"]);
        const viaEach: [readonly unknown[], unknown][] = [];
        s.forEachEntry((k, v) => viaEach.push([k, v]));
        assert.deepEqual(viaEach, entries(s));
        assert.deepEqual(entries(s), entries(s));
        if (options.insertionOrder)
          assert.deepEqual(
            entries(s).map(([k]) => k[0]),
            ["m", "c", "a", "q"],
          );
        await s.commit();
        const view = await p.getReadStore(1);
        const viaEachView: [readonly unknown[], unknown][] = [];
        view.forEachEntry((k, v) => viaEachView.push([k, v]));
        assert.deepEqual(viaEachView, entries(view));
        assert.equal(viaEachView.length, 4);
        for (const e of view.iterator()) assert.deepEqual(Object.keys(e).sort(), ["key", "value"]);
      }));

    test("keys are equal as Spark's grouping equates them: NaN, -0.0, null, composite, map keys", () =>
      withRoot(makeProvider, conf, async (h) => {
        const p = h.open(0, 0);
        const s = await p.getStore(0);
        s.put([Number.NaN], "nan");
        s.put([0], "zero");
        s.put([null], "null");
        s.put([1, "a"], "composite");
        s.put([1n << 70n], "big");
        s.put([new MapValue([1, 2], ["x", "y"])], "map");
        s.put([], "no columns");
        assert.equal(s.get([Number.NaN]), "nan");
        assert.equal(s.get([-0]), "zero");
        assert.equal(s.get([null]), "null");
        assert.equal(s.get([1, "a"]), "composite");
        assert.equal(s.get(["1", "a"]), undefined);
        assert.equal(s.get([1n << 70n]), "big");
        assert.equal(s.get([new MapValue([2, 1], ["y", "x"])]), "map");
        assert.equal(s.get([]), "no columns");
        assert.equal(s.numKeys(), 7);
        await s.commit();
        const check = async (q: StateStoreProvider) => {
          const v = await q.getReadStore(1);
          assert.equal(v.get([Number.NaN]), "nan");
          assert.equal(v.get([-0]), "zero");
          assert.equal(v.get([null]), "null");
          assert.equal(v.get([1, "a"]), "composite");
          assert.equal(v.get([1n << 70n]), "big");
          assert.equal(v.get([new MapValue([2, 1], ["y", "x"])]), "map");
          assert.equal(v.get([]), "no columns");
          assert.equal(v.numKeys(), 7);
        };
        await check(p);
        if (durable) await check(await h.reopen(p));
      }));

    test("put copies the key row; the stored key row is the one put", () =>
      withRoot(makeProvider, conf, async (h) => {
        const p = h.open(0, 0);
        const s = await p.getStore(0);
        const key: unknown[] = ["z", 1];
        s.put(key, "v");
        key[0] = "w";
        assert.equal(s.get(["z", 1]), "v");
        assert.equal(s.get(["w", 1]), undefined);
        await s.commit();
        assert.deepEqual(entries(await p.getReadStore(1)), [[["z", 1], "v"]]);
      }));

    // ---------------------------------------------------------------- commit and abort

    test("updates are private until commit; abort drops them and is idempotent", () =>
      withRoot(makeProvider, conf, async (h) => {
        const p = h.open(0, 0);
        await commitBatch(p, 0, [
          [["k"], "v1"],
          [["gone"], "x"],
        ]);
        const s = await p.getStore(1);
        s.put(["k"], "v2");
        s.put(["new"], "y");
        s.remove(["gone"]);
        const view = await p.getReadStore(1);
        assert.equal(view.get(["k"]), "v1");
        assert.equal(view.get(["new"]), undefined);
        assert.equal(view.get(["gone"]), "x");
        assert.equal(view.numKeys(), 2);
        s.abort();
        s.abort();
        assert.equal(s.hasCommitted, false);
        await assert.rejects(() => s.commit());
        const again = await p.getStore(1);
        assert.deepEqual(sorted(entries(again)), [
          [["gone"], "x"],
          [["k"], "v1"],
        ]);
        again.abort();
        // Nothing of the aborted store reaches version 2 either.
        await commitBatch(p, 1, []);
        assert.deepEqual(sorted(entries(await p.getReadStore(2))), [
          [["gone"], "x"],
          [["k"], "v1"],
        ]);
        if (durable) {
          const q = await h.reopen(p);
          assert.deepEqual(sorted(entries(await q.getReadStore(2))), [
            [["gone"], "x"],
            [["k"], "v1"],
          ]);
        }
      }));

    test("commit is idempotent; abort after commit and updates after commit change nothing", () =>
      withRoot(makeProvider, conf, async (h) => {
        const p = h.open(0, 0);
        const s = await p.getStore(0);
        s.put([1], "x");
        assert.equal(await s.commit(), 1);
        assert.equal(await s.commit(), 1);
        s.abort();
        assert.equal(s.hasCommitted, true);
        assert.throws(() => s.put([2], "y"));
        assert.throws(() => s.remove([1]));
        assert.equal((await p.getStore(1)).get([1]), "x");
        assert.equal((await p.getReadStore(1)).numKeys(), 1);
      }));

    test("a store never committed leaves no version behind", () =>
      withRoot(makeProvider, conf, async (h) => {
        const p = h.open(0, 0);
        await commitBatch(p, 0, [[["a"], 1]]);
        const s = await p.getStore(1);
        s.put(["a"], 2);
        // Dropped without commit or abort (a failed task): the next batch's store starts over.
        const next = await p.getStore(1);
        assert.equal(next.get(["a"]), 1);
        next.abort();
        await assert.rejects(() => p.getReadStore(2), isCannotLoad);
        if (durable) {
          const q = await h.reopen(p);
          assert.equal((await q.getReadStore(1)).get(["a"]), 1);
          await assert.rejects(() => q.getStore(2), isCannotLoad);
        }
      }));

    test("re-running the last batch: loading v after v + 1 was committed replaces v + 1", () =>
      withRoot(makeProvider, conf, async (h) => {
        const p = h.open(0, 0);
        for (let b = 0; b < 4; b++) await commitBatch(p, b, [[["n"], b]]);
        // Batch 3 runs again (its commit log entry was never written).
        const rerun = await p.getStore(3);
        assert.equal(rerun.get(["n"]), 2);
        rerun.put(["n"], "again");
        rerun.put(["extra"], true);
        assert.equal(await rerun.commit(), 4);
        const v4 = await p.getReadStore(4);
        assert.equal(v4.get(["n"]), "again");
        assert.equal(v4.get(["extra"]), true);
        assert.equal((await p.getReadStore(3)).get(["n"]), 2);
        await commitBatch(p, 4, [[["n"], 4]]);
        assert.equal((await p.getReadStore(5)).get(["extra"]), true);
        if (durable) {
          const q = await h.reopen(p);
          assert.equal((await q.getReadStore(4)).get(["n"]), "again");
          assert.equal((await q.getReadStore(5)).get(["n"]), 4);
        }
      }));

    test("re-running a batch after a restart: the versions after it are replaced", durableOnly, () =>
      withRoot(makeProvider, conf, async (h) => {
        const p = h.open(0, 0);
        for (let b = 0; b < 3; b++) await commitBatch(p, b, [[["n"], b]]);
        // Crash after batch 2's state commit, before its commit log: the restart re-runs batch 2.
        const q = await h.reopen(p);
        const s = await q.getStore(2);
        assert.equal(s.get(["n"]), 1);
        s.put(["n"], "re-run");
        await s.commit();
        const r = await h.reopen(q);
        assert.equal((await r.getReadStore(3)).get(["n"]), "re-run");
        assert.equal((await r.getStore(3)).get(["n"]), "re-run");
      }),
    );

    test("an aborted re-run keeps the versions it would have replaced", () =>
      withRoot(makeProvider, conf, async (h) => {
        const p = h.open(0, 0);
        for (let b = 0; b < 3; b++) await commitBatch(p, b, [[["n"], b]]);
        const s = await p.getStore(2);
        s.put(["n"], "discarded");
        s.abort();
        // Version 3 is either still there (unchanged) or gone; never the aborted update.
        try {
          assert.equal((await p.getReadStore(3)).get(["n"]), 2);
        } catch (e) {
          assert.ok(isCannotLoad(e), String(e));
        }
        assert.equal((await p.getStore(2)).get(["n"]), 1);
      }));

    // ---------------------------------------------------------------- read views

    test("read views: the live version, the version before it, and while a store updates", () =>
      withRoot(makeProvider, conf, async (h) => {
        const p = h.open(0, 0);
        await commitBatch(p, 0, [
          [["a"], 1],
          [["b"], 2],
        ]);
        await commitBatch(p, 1, [[["a"], 10]]);
        const v1 = await p.getReadStore(1);
        assert.equal(v1.version, 1);
        assert.equal(v1.get(["a"]), 1);
        assert.equal(v1.getCompact("a"), 1);
        assert.equal(v1.numKeys(), 2);
        const s = await p.getStore(2);
        const v2 = await p.getReadStore(2);
        s.put(["a"], 100);
        s.remove(["b"]);
        s.put(["c"], 3);
        assert.equal(v2.get(["a"]), 10);
        assert.equal(v2.get(["b"]), 2);
        assert.equal(v2.get(["c"]), undefined);
        assert.equal(v2.numKeys(), 2);
        assert.deepEqual(sorted(entries(v2)), [
          [["a"], 10],
          [["b"], 2],
        ]);
        await s.commit();
        const v3 = await p.getReadStore(3);
        assert.deepEqual(sorted(entries(v3)), [
          [["a"], 100],
          [["c"], 3],
        ]);
        assert.equal((await p.getReadStore(2)).get(["b"]), 2);
      }));

    // ---------------------------------------------------------------- values

    test("values round-trip exactly: bigint, -0, NaN, nested arrays, MapValue, binary, objects", () =>
      withRoot(makeProvider, conf, async (h) => {
        const p = h.open(0, 0);
        const s = await p.getStore(0);
        for (const [k, v] of EXACT_VALUES) s.put([k], v);
        await s.commit();
        const check = (view: ReadStateStore) => {
          for (const [k, v] of EXACT_VALUES) assertSameValue(view.get([k]), v, k);
          assert.equal(view.numKeys(), EXACT_VALUES.length);
        };
        check(await p.getReadStore(1));
        if (durable) {
          const q = await h.reopen(p);
          check(await q.getReadStore(1));
          const viaRegistry = await h.reloadViaRegistry(q);
          check(await viaRegistry.getStore(1));
        }
      }));

    test("many keys over several batches, with overwrites and removes", () =>
      withRoot(makeProvider, conf, async (h) => {
        const n = options.manyKeys ?? 20_000;
        const p = h.open(0, 0);
        let s = await p.getStore(0);
        for (let i = 0; i < n; i++) s.put([i, `k${i}`], [i, i * 2]);
        await s.commit();
        s = await p.getStore(1);
        for (let i = 0; i < n; i += 2) s.remove([i, `k${i}`]);
        for (let i = 1; i < n; i += 4) s.put([i, `k${i}`], [i, -i]);
        await s.commit();
        const check = async (q: StateStoreProvider) => {
          const v = await q.getReadStore(2);
          assert.equal(v.numKeys(), n / 2);
          for (let i = 0; i < n; i++) {
            const got = v.get([i, `k${i}`]);
            if (i % 2 === 0) assert.equal(got, undefined);
            else assert.deepEqual(got, (i - 1) % 4 === 0 ? [i, -i] : [i, i * 2]);
          }
          let count = 0;
          v.forEachEntry(() => count++);
          assert.equal(count, n / 2);
        };
        await check(p);
        if (durable) await check(await h.reopen(p));
      }));

    // ---------------------------------------------------------------- durability

    test(
      "durable: a new provider instance on the same directory loads every retained version",
      durableOnly,
      () =>
        withRoot(makeProvider, conf, async (h) => {
          const p = h.open(2, 5);
          for (let b = 0; b < 6; b++) await commitBatch(p, b, [[[`k${b}`], b]], b > 0 ? [[`k${b - 1}`]] : []);
          const q = await h.reopen(p);
          for (let v = 1; v <= 6; v++) {
            const view = await q.getReadStore(v);
            assert.deepEqual(entries(view), [[[`k${v - 1}`], v - 1]], `version ${v}`);
          }
          // The next batch continues from the last version.
          const s = await q.getStore(6);
          assert.equal(s.get(["k5"]), 5);
          s.put(["k6"], 6);
          await s.commit();
          const r = await h.reopen(q);
          assert.deepEqual(sorted(entries(await r.getReadStore(7))), [
            [["k5"], 5],
            [["k6"], 6],
          ]);
          await assert.rejects(() => r.getStore(8), isCannotLoad);
        }),
    );

    test("durable: state survives unloadStateStores() (the process-wide cache)", durableOnly, () =>
      withRoot(makeProvider, conf, async (h) => {
        const id = { stateRoot: h.root, operatorId: 0, partitionId: 0 };
        const p = h.track(stateStoreProvider(id, conf, makeProvider));
        await commitBatch(p, 0, [
          [["a"], 1n],
          [["b"], [Number.NaN, -0]],
        ]);
        await commitBatch(p, 1, [[["c"], new Uint8Array([1, 2])]], [["a"]]);
        const q = await h.reloadViaRegistry(p);
        assert.notEqual(q, p);
        const s = await q.getStore(2);
        assert.equal(s.get(["a"]), undefined);
        assertSameValue(s.get(["b"]), [Number.NaN, -0], "b");
        assertSameValue(s.get(["c"]), new Uint8Array([1, 2]), "c");
        assert.equal(s.numKeys(), 2);
      }),
    );

    test("named stores of one operator and partition are independent (the stream-stream join's four)", () =>
      withRoot(makeProvider, conf, async (h) => {
        const names = [
          "left-keyToNumValues",
          "left-keyWithIndexToValue",
          "right-keyToNumValues",
          "right-keyWithIndexToValue",
        ];
        const base = { stateRoot: h.root, operatorId: 0, partitionId: 1 };
        const ps = names.map((storeName) => h.track(makeProvider({ ...base, storeName }, conf)));
        const plain = h.open(0, 1);
        for (let i = 0; i < ps.length; i++) await commitBatch(ps[i]!, 0, [[["k"], i]]);
        await commitBatch(plain, 0, [[["k"], "default"]]);
        for (let i = 0; i < ps.length; i++) {
          assert.deepEqual(ps[i]!.id, { ...base, storeName: names[i] });
          const s = await ps[i]!.getReadStore(1);
          assert.equal(s.get(["k"]), i, names[i]);
          assert.equal(s.numKeys(), 1);
        }
        assert.equal((await plain.getReadStore(1)).get(["k"]), "default");
        // The registry keeps one provider per store name; "default" is the unnamed store.
        const viaRegistry = stateStoreProvider({ ...base, storeName: names[2]! }, conf, makeProvider);
        h.track(viaRegistry);
        assert.notEqual(
          viaRegistry,
          stateStoreProvider({ ...base, storeName: names[3]! }, conf, makeProvider),
        );
        assert.equal(
          stateStoreProvider({ ...base, storeName: "default" }, conf, makeProvider),
          stateStoreProvider(base, conf, makeProvider),
        );
        if (durable) {
          // Spark's layout: <stateRoot>/<operatorId>/<partitionId>/<storeName>/.
          for (const n of names) assert.ok(existsSync(join(h.root, "0", "1", n)), `${n} has its directory`);
          for (let i = 0; i < ps.length; i++) {
            const again = await h.reopen(ps[i]!);
            assert.equal((await again.getReadStore(1)).get(["k"]), i, `${names[i]} reloads`);
          }
          const again = await h.reopen(plain);
          assert.equal((await again.getReadStore(1)).get(["k"]), "default");
        }
      }));

    test("durable: a seeded random workload reloads exactly as it was", durableOnly, () =>
      withRoot(makeProvider, conf, async (h) => {
        const rnd = mulberry32(20240606);
        const p = h.open(1, 0);
        const model = new Map<string, unknown>();
        let provider = p;
        for (let b = 0; b < 25; b++) {
          const s = await provider.getStore(b);
          const ops = 1 + Math.floor(rnd() * 60);
          for (let i = 0; i < ops; i++) {
            const k = `key-${Math.floor(rnd() * 150)}`;
            if (rnd() < 0.3) {
              s.remove([k]);
              model.delete(k);
            } else {
              const v = rnd() < 0.5 ? [b, i, BigInt(b) * 1000n + BigInt(i)] : { b, s: `v${i}`, f: rnd() };
              s.put([k], v);
              model.set(k, v);
            }
          }
          if (rnd() < 0.2) {
            // A failed attempt before the successful one.
            s.abort();
            b--;
            for (const [k] of model) model.delete(k);
            const prev = await provider.getReadStore(b + 1);
            prev.forEachEntry((k, v) => model.set(k[0] as string, v));
            continue;
          }
          await s.commit();
          if (rnd() < 0.25) provider = await h.reopen(provider);
        }
        const last = await h.reopen(provider);
        const view = await last.getReadStore(25);
        assert.equal(view.numKeys(), model.size);
        for (const [k, v] of model) assert.deepEqual(view.get([k]), v, k);
      }),
    );
  });
}

// ------------------------------------------------------------------ helpers

/** Values whose exact round trip the suite checks (by key). */
const EXACT_VALUES: readonly (readonly [string, unknown])[] = [
  ["bigint", 123456789012345678901234567890n],
  ["negative bigint", -(1n << 64n)],
  ["minus zero", -0],
  ["NaN", Number.NaN],
  ["infinity", [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]],
  ["float", 0.1 + 0.2],
  ["int", -2147483648],
  ["large int", 2 ** 53 - 1],
  ["null", null],
  ["strings", ["", "héllo", "日本語", "emoji 🎉", "\u0000nul"]],
  ["nested", [1, [2, [3, [null, [-0, [Number.NaN, [4n]]]]]]]],
  ["map", new MapValue(["a", "b"], [[1, 2], new MapValue([1], [null])])],
  ["binary", new Uint8Array([0, 1, 254, 255])],
  ["empty binary", new Uint8Array(0)],
  ["object", { count: 3, sum: 10n, avg: [1.5, 2], nested: { x: null } }],
  ["undefined slot", [undefined, 1]],
  ["booleans", [true, false]],
  ["float64 array", new Float64Array([1.5, -0, Number.NaN])],
];

/** Deep equality that also distinguishes -0 from 0, NaN by identity, and typed-array classes. */
function assertSameValue(actual: unknown, expected: unknown, path: string): void {
  if (typeof expected === "number") {
    assert.equal(typeof actual, "number", path);
    assert.ok(Object.is(actual, expected), `${path}: ${String(actual)} is not ${String(expected)}`);
    return;
  }
  if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), `${path}: not an array`);
    assert.equal(actual.length, expected.length, `${path}: length`);
    for (let i = 0; i < expected.length; i++) assertSameValue(actual[i], expected[i], `${path}[${i}]`);
    return;
  }
  if (expected instanceof MapValue) {
    assert.ok(actual instanceof MapValue, `${path}: not a MapValue`);
    assertSameValue(actual.keys, expected.keys, `${path}.keys`);
    assertSameValue(actual.values, expected.values, `${path}.values`);
    return;
  }
  if (ArrayBuffer.isView(expected)) {
    assert.ok(ArrayBuffer.isView(actual), `${path}: not a typed array`);
    assert.equal(actual.constructor, expected.constructor, `${path}: class`);
    const a = [...(actual as unknown as Iterable<number>)];
    const e = [...(expected as unknown as Iterable<number>)];
    assertSameValue(a, e, path);
    return;
  }
  if (expected !== null && typeof expected === "object") {
    assert.ok(actual !== null && typeof actual === "object", `${path}: not an object`);
    assert.deepEqual(Object.keys(actual as object), Object.keys(expected), `${path}: fields`);
    for (const [k, x] of Object.entries(expected)) {
      assertSameValue((actual as Record<string, unknown>)[k], x, `${path}.${k}`);
    }
    return;
  }
  assert.equal(actual, expected, path);
}

function isCannotLoad(e: unknown): boolean {
  return e instanceof TsparkError && e.errorClass.startsWith("CANNOT_LOAD_STATE_STORE");
}

function entries(s: ReadStateStore): [readonly unknown[], unknown][] {
  return [...s.iterator()].map((e) => [e.key, e.value]);
}

function sorted(list: [readonly unknown[], unknown][]): [readonly unknown[], unknown][] {
  return [...list].sort((a, b) => (JSON.stringify(a[0]) < JSON.stringify(b[0]) ? -1 : 1));
}

/** Commits batch `batchId` of `p` with `puts` then `removes`. */
async function commitBatch(
  p: StateStoreProvider,
  batchId: number,
  puts: readonly (readonly [unknown[], unknown])[],
  removes: readonly unknown[][] = [],
): Promise<StateStore> {
  const s = await p.getStore(batchId);
  for (const [k, v] of puts) s.put(k, v);
  for (const k of removes) s.remove(k);
  await s.commit();
  return s;
}

/** Per test: a temporary state root and the providers opened on it. */
interface Harness {
  readonly root: string;
  /** A new provider of `(root, operatorId, partitionId)`. */
  open(operatorId: number, partitionId: number): StateStoreProvider;
  /** Remembers a provider to close at the end. */
  track(p: StateStoreProvider): StateStoreProvider;
  /** Closes `p` and opens a new instance on the same id (a new process). */
  reopen(p: StateStoreProvider): Promise<StateStoreProvider>;
  /** Closes `p`, unloads the process-wide cache and gets `p.id`'s provider from it again. */
  reloadViaRegistry(p: StateStoreProvider): Promise<StateStoreProvider>;
}

async function withRoot(
  makeProvider: Factory,
  conf: StateStoreConf,
  body: (h: Harness) => Promise<void>,
): Promise<void> {
  const root = join(mkdtempSync(join(tmpdir(), "tspark-state-conformance-")), "state");
  const opened: StateStoreProvider[] = [];
  const closed = new Set<StateStoreProvider>();
  const close = async (p: StateStoreProvider) => {
    if (closed.has(p)) return;
    closed.add(p);
    await p.close?.();
  };
  const h: Harness = {
    root,
    open(operatorId, partitionId) {
      return h.track(makeProvider({ stateRoot: root, operatorId, partitionId }, conf));
    },
    track(p) {
      opened.push(p);
      return p;
    },
    async reopen(p) {
      await close(p);
      return h.track(makeProvider({ ...p.id }, conf));
    },
    async reloadViaRegistry(p) {
      await close(p);
      unloadStateStores(root);
      return h.track(stateStoreProvider({ ...p.id }, conf, makeProvider));
    },
  };
  try {
    await body(h);
  } finally {
    for (const p of opened) await close(p);
    unloadStateStores(root);
    rmSync(join(root, ".."), { recursive: true, force: true });
  }
}
