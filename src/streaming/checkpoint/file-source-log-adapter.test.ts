// The file source's log port over a checkpoint directory: Spark's files, compaction, restart.
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { TsparkError } from "../../common/errors.js";
import { fileSourceLogCompactInterval, fileSourceLogPort } from "./file-source-log-adapter.js";

function freshDir(): string {
  return join(mkdtempSync(join(tmpdir(), "tspark-srclog-port-")), "sources", "0");
}

const entry = (batchId: number, name: string) => ({
  path: `file:///in/${name}`,
  timestamp: 1000 + batchId,
  batchId,
});

test("writes Spark's sources/<n> files and reads batches back through the port", () => {
  const dir = freshDir();
  const log = fileSourceLogPort(dir, 2);
  assert.equal(log.getLatestBatchId(), undefined);
  assert.deepEqual(log.allFiles(), []);
  assert.equal(log.add(0, [entry(0, "a")]), true);
  assert.equal(log.add(0, [entry(0, "x")]), false);
  assert.equal(log.add(1, [entry(1, "b"), entry(1, "c")]), true);
  // Batch 1 is a compaction batch under interval 2: it holds batch 0's entries too.
  assert.deepEqual(readdirSync(dir).sort(), ["0", "1.compact"]);
  assert.equal(
    readFileSync(join(dir, "0"), "utf8"),
    'v1\n{"path":"file:///in/a","timestamp":1000,"batchId":0}',
  );
  assert.deepEqual(log.getBatch(1), [entry(1, "b"), entry(1, "c")]);
  assert.equal(log.getBatch(2), undefined);
  assert.equal(log.getLatestBatchId(), 1);

  // A new port over the same directory (a restart) sees everything.
  const again = fileSourceLogPort(dir, 2);
  assert.deepEqual(again.allFiles(), [entry(0, "a"), entry(1, "b"), entry(1, "c")]);
  assert.deepEqual(again.getBatch(0), [entry(0, "a")]);
});

test("the compaction interval comes from the session conf (default 10)", () => {
  assert.equal(
    fileSourceLogCompactInterval(() => undefined),
    10,
  );
  assert.equal(
    fileSourceLogCompactInterval(() => "3"),
    3,
  );
  for (const bad of ["0", "-1", "x", "1.5"])
    assert.throws(
      () => fileSourceLogCompactInterval(() => bad),
      (e: unknown) => e instanceof TsparkError && e.errorClass === "INVALID_CONF_VALUE",
    );
});

test("the port reads its compaction interval from a conf function", () => {
  const dir = freshDir();
  const log = fileSourceLogPort(dir, (k) =>
    k === "spark.sql.streaming.fileSource.log.compactInterval" ? "3" : undefined,
  );
  for (const id of [0, 1, 2]) log.add(id, [entry(id, `f${id}`)]);
  assert.deepEqual(readdirSync(dir).sort(), ["0", "1", "2.compact"]);
});
