// SIGKILL safety of the LMDB-backed state store with its default no-sync commits: a child process
// commits versions of two partitions in a loop (re-running and aborting batches now and then), the
// parent kills it with SIGKILL at a random moment, reopens the directory and checks that each
// partition holds exactly the content of a committed version — the last one the child reported,
// or the one it was committing or rolling back when it died — and that the version before it is
// still exact. Ten seeded rounds, each child continuing from what the previous one left.
//
// The same file is the child program when TSPARK_LMDB_CRASH_CHILD is set.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "node:test";
import { LmdbStateStoreProvider } from "../../../src/streaming/state/lmdb-state-store-provider.js";
import { DEFAULT_STATE_STORE_CONF, type StateStore } from "../../../src/streaming/state/state-store.js";
import { mulberry32 } from "../../support/random.js";

const PARTITIONS = [0, 1];
const SEED = 20240611;

type Op = readonly [key: string | number, value: unknown] | readonly [key: string | number];

/** The updates of batch `b` in partition `p` (the same on every run, so a re-run repeats them). */
function batchOps(b: number, p: number): Op[] {
  const rnd = mulberry32((SEED ^ Math.imul(b + 1, 0x9e3779b1) ^ Math.imul(p + 1, 0x85ebca6b)) >>> 0);
  const n = 5 + Math.floor(rnd() * 150);
  const ops: Op[] = [];
  for (let i = 0; i < n; i++) {
    const id = Math.floor(rnd() * 2000);
    const key = id % 3 === 0 ? id : `k${id}`;
    if (rnd() < 0.25) ops.push([key]);
    else ops.push([key, [b, i, BigInt(b) * 1_000_000n + BigInt(i), "v".repeat(Math.floor(rnd() * 40))]]);
  }
  return ops;
}

function apply(store: StateStore, ops: readonly Op[]): void {
  for (const op of ops) {
    if (op.length === 1) store.remove([op[0]]);
    else store.put([op[0]], op[1]);
  }
}

/** Partition `p`'s content at version `v` (batches 0 … v − 1 applied). */
function model(p: number, v: number): Map<string | number, unknown> {
  const m = new Map<string | number, unknown>();
  for (let b = 0; b < v; b++) {
    for (const op of batchOps(b, p)) {
      if (op.length === 1) m.delete(op[0]);
      else m.set(op[0], op[1]);
    }
  }
  return m;
}

/** The child: commits batch after batch from `TSPARK_LMDB_START` until it is killed. */
async function child(root: string, start: number): Promise<void> {
  const rnd = mulberry32(start * 7919 + 1);
  const providers = PARTITIONS.map(
    (partitionId) =>
      new LmdbStateStoreProvider({ stateRoot: root, operatorId: 0, partitionId }, DEFAULT_STATE_STORE_CONF),
  );
  const runBatch = async (b: number) => {
    for (const [i, p] of providers.entries()) {
      const s = await p.getStore(b);
      apply(s, batchOps(b, PARTITIONS[i]!));
      await s.commit();
    }
  };
  process.stdout.write("ready\n");
  for (let b = start; ; b++) {
    await runBatch(b);
    process.stdout.write(`committed ${b + 1}\n`);
    if (rnd() < 0.15) {
      // The batch runs again (as after a crash before its commit log entry): roll back, redo.
      process.stdout.write(`rerun ${b}\n`);
      await runBatch(b);
      process.stdout.write(`committed ${b + 1}\n`);
    }
    if (rnd() < 0.1) {
      // A failed attempt of the next batch.
      const s = await providers[0]!.getStore(b + 1);
      apply(s, batchOps(b + 1, PARTITIONS[0]!));
      s.abort();
    }
  }
}

interface RoundResult {
  /** The last version the child reported committed. */
  readonly committed: number;
  /** Whether it was re-running that version's batch (rolled back to committed − 1) when killed. */
  readonly rerunning: boolean;
}

/** Runs the child from `start` and SIGKILLs it `delayMs` after its first commit. */
function runChild(root: string, start: number, delayMs: number): Promise<RoundResult> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url)], {
      env: { ...process.env, TSPARK_LMDB_CRASH_CHILD: root, TSPARK_LMDB_START: String(start) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    let armed = false;
    proc.stdout.setEncoding("utf8");
    proc.stdout.on("data", (chunk: string) => {
      out += chunk;
      if (!armed && out.includes("committed ")) {
        armed = true;
        setTimeout(() => proc.kill("SIGKILL"), delayMs);
      }
    });
    proc.stderr.setEncoding("utf8");
    proc.stderr.on("data", (chunk: string) => {
      err += chunk;
    });
    proc.on("error", reject);
    proc.on("exit", (code, signal) => {
      if (signal !== "SIGKILL") {
        reject(new Error(`the child ended with ${code ?? signal} instead of being killed:\n${err}`));
        return;
      }
      let committed = start;
      let rerunning = false;
      for (const line of out.split("\n")) {
        const c = /^committed (\d+)$/.exec(line);
        if (c) {
          committed = Number(c[1]);
          rerunning = false;
        } else if (/^rerun \d+$/.test(line)) rerunning = true;
      }
      resolve({ committed, rerunning });
    });
  });
}

function contentOf(view: {
  forEachEntry(fn: (k: readonly unknown[], v: unknown) => void): void;
}): Map<unknown, unknown> {
  const m = new Map<unknown, unknown>();
  view.forEachEntry((k, v) => m.set(k[0], v));
  return m;
}

if (process.env.TSPARK_LMDB_CRASH_CHILD !== undefined) {
  await child(process.env.TSPARK_LMDB_CRASH_CHILD, Number(process.env.TSPARK_LMDB_START ?? 0));
} else {
  test("SIGKILL at random moments never loses or corrupts a committed version (10 seeded rounds)", {
    timeout: 300_000,
  }, async (t) => {
    const dir = mkdtempSync(join(tmpdir(), "tspark-lmdb-crash-"));
    const root = join(dir, "state");
    const rnd = mulberry32(SEED);
    let start = 0;
    let killsMidBatch = 0;
    try {
      for (let round = 0; round < 10; round++) {
        const delayMs = Math.floor(rnd() * 300);
        const { committed, rerunning } = await runChild(root, start, delayMs);
        const latest: number[] = [];
        for (const partitionId of PARTITIONS) {
          const p = new LmdbStateStoreProvider(
            { stateRoot: root, operatorId: 0, partitionId },
            DEFAULT_STATE_STORE_CONF,
          );
          try {
            // The partition's latest version: the one reported, one more (committed, not yet
            // reported), or one less (rolled back for a re-run).
            await p.getReadStore(0);
            const v = p.latest;
            const low = rerunning ? committed - 1 : committed;
            assert.ok(
              v >= low && v <= committed + 1,
              `round ${round}: partition ${partitionId} at ${v}, reported ${committed}${rerunning ? " (re-running)" : ""}`,
            );
            await assert.rejects(p.getReadStore(v + 1), {
              errorClass: "CANNOT_LOAD_STATE_STORE.CANNOT_READ_STREAMING_STATE_FILE",
            });
            for (const version of [v, v - 1]) {
              if (version < 0) continue;
              const view = await p.getReadStore(version);
              const expected = model(partitionId, version);
              assert.equal(view.numKeys(), expected.size, `round ${round}: numKeys of version ${version}`);
              assert.deepEqual(
                contentOf(view),
                expected,
                `round ${round}: partition ${partitionId} version ${version}`,
              );
            }
            latest.push(v);
          } finally {
            await p.close();
          }
        }
        if (latest[0] !== latest[1] || latest[0] !== committed) killsMidBatch++;
        // The next child re-runs from the lowest partition (a partition ahead rolls back).
        start = Math.min(...latest);
      }
      assert.ok(start > 10, `the children committed ${start} versions in all`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // Informational: how often a kill landed between or inside a batch's commits.
    t.diagnostic(`kills inside a batch's commits: ${killsMidBatch} of 10`);
  });
}
