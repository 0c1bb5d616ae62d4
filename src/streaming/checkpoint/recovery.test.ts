// Recovery decisions from the offset and commit logs: named cases, every combination of small
// logs, and real log directories after simulated crashes.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { TsparkError } from "../../common/errors.js";
import { CommitLog } from "./commit-log.js";
import { type OffsetSeq, OffsetSeqLog } from "./offset-seq-log.js";
import { planRecovery, type RecoveryPlan } from "./recovery.js";

/** The offsets batch `id` would log: distinct per batch so a mix-up shows. */
function seqOf(id: number): OffsetSeq {
  return {
    metadata: {
      batchWatermarkMs: id * 1000,
      batchTimestampMs: 1531991878604 + id,
      conf: { "spark.sql.shuffle.partitions": "5" },
    },
    offsets: [`{"logOffset":${id}}`, id % 2 === 0 ? undefined : String(id)],
  };
}

function isInconsistent(e: unknown): boolean {
  return e instanceof TsparkError && e.errorClass === "STREAMING_CHECKPOINT_INCONSISTENT_LOGS";
}

test("no offsets: a new query starts at batch 0 with watermark 0", () => {
  assert.deepEqual(planRecovery({ latestOffsets: undefined, latestCommit: undefined }), {
    kind: "start",
    batchId: 0,
    watermarkMs: 0,
    stateVersion: 0,
  });
});

test("commits/L exists: resume at L+1 with the commit's watermark, from L's end offsets", () => {
  assert.deepEqual(
    planRecovery({
      latestOffsets: { batchId: 4, entry: seqOf(4) },
      latestCommit: { batchId: 4, entry: { nextBatchWatermarkMs: 7777 } },
    }),
    {
      kind: "resume",
      batchId: 5,
      stateVersion: 5,
      watermarkMs: 7777,
      startOffsets: seqOf(4).offsets,
      conf: { "spark.sql.shuffle.partitions": "5" },
    },
  );
});

test("commits/L missing: re-run L with exactly its logged offsets, watermark and timestamp", () => {
  assert.deepEqual(
    planRecovery({
      latestOffsets: { batchId: 4, entry: seqOf(4) },
      latestCommit: { batchId: 3, entry: { nextBatchWatermarkMs: 1 } },
      previousOffsets: seqOf(3),
    }),
    {
      kind: "rerun",
      batchId: 4,
      stateVersion: 4,
      startOffsets: seqOf(3).offsets,
      endOffsets: seqOf(4).offsets,
      watermarkMs: 4000,
      batchTimestampMs: 1531991878608,
      conf: { "spark.sql.shuffle.partitions": "5" },
    },
  );
  // Batch 0 re-runs from the sources' starting position.
  assert.deepEqual(
    planRecovery({ latestOffsets: { batchId: 0, entry: seqOf(0) }, latestCommit: undefined }),
    {
      kind: "rerun",
      batchId: 0,
      stateVersion: 0,
      startOffsets: undefined,
      endOffsets: seqOf(0).offsets,
      watermarkMs: 0,
      batchTimestampMs: 1531991878604,
      conf: { "spark.sql.shuffle.partitions": "5" },
    },
  );
});

test("logs no correct run writes are STREAMING_CHECKPOINT_INCONSISTENT_LOGS", () => {
  assert.throws(
    () =>
      planRecovery({
        latestOffsets: undefined,
        latestCommit: { batchId: 0, entry: { nextBatchWatermarkMs: 0 } },
      }),
    isInconsistent,
  );
  assert.throws(
    () =>
      planRecovery({
        latestOffsets: { batchId: 2, entry: seqOf(2) },
        latestCommit: { batchId: 3, entry: { nextBatchWatermarkMs: 0 } },
        previousOffsets: seqOf(1),
      }),
    (e: unknown) => isInconsistent(e) && (e as Error).message.includes("commits/3"),
  );
  assert.throws(
    () =>
      planRecovery({
        latestOffsets: { batchId: 2, entry: seqOf(2) },
        latestCommit: { batchId: 1, entry: { nextBatchWatermarkMs: 0 } },
      }),
    (e: unknown) => isInconsistent(e) && (e as Error).message.includes("offsets/1"),
  );
});

test("every combination of latest offsets (none, 0..5), latest commit (none, 0..6) and offsets/<L-1> present or not", () => {
  let cases = 0;
  for (const latest of [undefined, 0, 1, 2, 3, 4, 5]) {
    for (const commit of [undefined, 0, 1, 2, 3, 4, 5, 6]) {
      for (const hasPrevious of [false, true]) {
        cases++;
        const input = {
          latestOffsets: latest === undefined ? undefined : { batchId: latest, entry: seqOf(latest) },
          latestCommit:
            commit === undefined
              ? undefined
              : { batchId: commit, entry: { nextBatchWatermarkMs: 100 + commit } },
          previousOffsets: hasPrevious && latest !== undefined && latest > 0 ? seqOf(latest - 1) : undefined,
        };
        const label = `L=${latest} C=${commit} prev=${hasPrevious}`;
        let plan: RecoveryPlan | undefined;
        try {
          plan = planRecovery(input);
        } catch (e) {
          assert.ok(isInconsistent(e), `${label}: ${String(e)}`);
        }
        if (latest === undefined) {
          if (commit === undefined)
            assert.deepEqual(plan, { kind: "start", batchId: 0, watermarkMs: 0, stateVersion: 0 }, label);
          else assert.equal(plan, undefined, `${label} must fail`);
          continue;
        }
        if (commit !== undefined && commit > latest) {
          assert.equal(plan, undefined, `${label} must fail`);
          continue;
        }
        if (commit === latest) {
          assert.equal(plan?.kind, "resume", label);
          assert.equal(plan?.batchId, latest + 1, label);
          assert.equal(plan?.stateVersion, latest + 1, label);
          assert.equal(plan?.watermarkMs, 100 + latest, label);
          continue;
        }
        if (latest > 0 && input.previousOffsets === undefined) {
          assert.equal(plan, undefined, `${label} must fail`);
          continue;
        }
        assert.ok(plan?.kind === "rerun", label);
        assert.equal(plan.batchId, latest, label);
        assert.equal(plan.stateVersion, latest, label);
        assert.equal(plan.watermarkMs, latest * 1000, label);
        assert.equal(plan.batchTimestampMs, 1531991878604 + latest, label);
        assert.deepEqual(plan.endOffsets, seqOf(latest).offsets, label);
        assert.deepEqual(plan.startOffsets, latest === 0 ? undefined : seqOf(latest - 1).offsets, label);
      }
    }
  }
  assert.equal(cases, 7 * 8 * 2);
});

/** Reads a checkpoint's logs the way the engine will and plans from them. */
function planFromDisk(checkpoint: string): RecoveryPlan {
  const offsets = new OffsetSeqLog(join(checkpoint, "offsets"));
  const commits = new CommitLog(join(checkpoint, "commits"));
  const latestOffsets = offsets.getLatest();
  const latestCommit = commits.getLatest();
  const previousOffsets =
    latestOffsets !== undefined &&
    latestOffsets.batchId > 0 &&
    latestCommit?.batchId !== latestOffsets.batchId
      ? offsets.get(latestOffsets.batchId - 1)
      : undefined;
  return planRecovery({ latestOffsets, latestCommit, previousOffsets });
}

test("real logs: a crash at each step of the batch protocol recovers to the right batch", () => {
  const checkpoint = mkdtempSync(join(tmpdir(), "tspark-recovery-"));
  try {
    const offsets = new OffsetSeqLog(join(checkpoint, "offsets"));
    const commits = new CommitLog(join(checkpoint, "commits"));
    assert.equal(planFromDisk(checkpoint).kind, "start");
    for (let id = 0; id < 3; id++) {
      offsets.addOrFail(id, seqOf(id));
      // Crash after the offsets were logged, before the commit: the batch re-runs as logged.
      const rerun = planFromDisk(checkpoint);
      assert.ok(rerun.kind === "rerun");
      assert.equal(rerun.batchId, id);
      assert.equal(rerun.batchTimestampMs, seqOf(id).metadata.batchTimestampMs);
      commits.addOrFail(id, { nextBatchWatermarkMs: 500 * id });
      // Crash after the commit: the next batch is planned afresh.
      const resume = planFromDisk(checkpoint);
      assert.ok(resume.kind === "resume");
      assert.equal(resume.batchId, id + 1);
      assert.equal(resume.watermarkMs, 500 * id);
      assert.deepEqual(resume.startOffsets, seqOf(id).offsets);
    }
    // A commit deleted by hand (as Spark's tests do): batch 2 runs again.
    rmSync(commits.batchPath(2));
    const again = planFromDisk(checkpoint);
    assert.equal(again.kind, "rerun");
    assert.equal(again.batchId, 2);
  } finally {
    rmSync(checkpoint, { recursive: true, force: true });
  }
});
