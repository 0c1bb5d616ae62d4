import assert from "node:assert/strict";
import { test } from "node:test";
import { batchFromRows, type RecordBatch } from "../../data/record-batch.js";
import { parseSchema } from "../../types/ddl.js";
import type { OutputMode, SinkBatch } from "../api/stream-sink.js";
import { MemorySink } from "./memory-sink.js";

const schema = parseSchema("value INT");

function sinkBatch(outputMode: OutputMode, ...parts: unknown[][]): SinkBatch {
  async function* rows(): AsyncGenerator<RecordBatch> {
    for (const p of parts)
      yield batchFromRows(
        p.map((v) => [v]),
        1,
      );
  }
  return { schema, outputMode, rows: rows() };
}

const values = (rows: readonly (readonly unknown[])[]): unknown[] => rows.map((r) => r[0]);

// MemorySinkSuite "directly add data in Append output mode": batches 0 and 1 accumulate, a re-sent
// batch 1 is ignored, batch 2 appends.
test("memory sink in append mode accumulates batches and ignores a replayed batch id", async () => {
  const sink = new MemorySink();
  assert.equal(sink.latestBatchId, undefined);
  assert.deepEqual(sink.allRows(), []);
  await sink.addBatch(0, sinkBatch("append", [1, 2, 3]));
  assert.deepEqual(values(sink.latestBatchRows()), [1, 2, 3]);
  assert.deepEqual(values(sink.allRows()), [1, 2, 3]);
  await sink.addBatch(1, sinkBatch("append", [4, 5], [6]));
  assert.deepEqual(values(sink.latestBatchRows()), [4, 5, 6]);
  assert.deepEqual(values(sink.allRows()), [1, 2, 3, 4, 5, 6]);
  await sink.addBatch(1, sinkBatch("append", [9, 9]));
  assert.deepEqual(values(sink.allRows()), [1, 2, 3, 4, 5, 6]);
  await sink.addBatch(2, sinkBatch("append", [7, 8, 9]));
  assert.equal(sink.latestBatchId, 2);
  assert.deepEqual(values(sink.latestBatchRows()), [7, 8, 9]);
  assert.deepEqual(values(sink.allRows()), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.deepEqual(values(sink.rowsSinceBatch(0)), [4, 5, 6, 7, 8, 9]);
});

test("memory sink pulls every row of a skipped batch", async () => {
  const sink = new MemorySink();
  await sink.addBatch(0, sinkBatch("append", [1]));
  let pulled = 0;
  async function* rows(): AsyncGenerator<RecordBatch> {
    for (let i = 0; i < 3; i++) {
      pulled++;
      yield batchFromRows([[i]], 1);
    }
  }
  await sink.addBatch(0, { schema, outputMode: "append", rows: rows() });
  assert.equal(pulled, 3);
  assert.deepEqual(values(sink.allRows()), [1]);
});

test("memory sink in update mode appends each batch's changed rows", async () => {
  const sink = new MemorySink();
  await sink.addBatch(0, sinkBatch("update", [1, 2, 3]));
  await sink.addBatch(1, sinkBatch("update", [4, 5, 6]));
  await sink.addBatch(1, sinkBatch("update", [0]));
  assert.deepEqual(values(sink.allRows()), [1, 2, 3, 4, 5, 6]);
});

// MemorySinkSuite "directly add data in Complete output mode": each batch replaces the table.
test("memory sink in complete mode replaces the table with each new batch", async () => {
  const sink = new MemorySink();
  await sink.addBatch(0, sinkBatch("complete", [1, 2, 3]));
  assert.deepEqual(values(sink.allRows()), [1, 2, 3]);
  await sink.addBatch(1, sinkBatch("complete", [4, 5, 6]));
  assert.deepEqual(values(sink.allRows()), [4, 5, 6]);
  await sink.addBatch(1, sinkBatch("complete", [9]));
  assert.deepEqual(values(sink.allRows()), [4, 5, 6]);
  await sink.addBatch(2, sinkBatch("complete", [7, 8, 9]));
  assert.deepEqual(values(sink.allRows()), [7, 8, 9]);
  assert.deepEqual(values(sink.latestBatchRows()), [7, 8, 9]);
});

test("memory sink keeps a batch's empty result as the table (complete) and as no rows (append)", async () => {
  const sink = new MemorySink();
  await sink.addBatch(0, sinkBatch("complete", [1]));
  await sink.addBatch(1, sinkBatch("complete"));
  assert.equal(sink.latestBatchId, 1);
  assert.deepEqual(sink.allRows(), []);
  const app = new MemorySink();
  await app.addBatch(0, sinkBatch("append", [1]));
  await app.addBatch(1, sinkBatch("append"));
  assert.equal(app.latestBatchId, 1);
  assert.deepEqual(values(app.allRows()), [1]);
});

test("memory sink exposes the schema and internal values; clear empties it", async () => {
  const s2 = parseSchema("word STRING, n BIGINT, d DATE");
  const sink = new MemorySink(s2);
  assert.equal(sink.schema, s2);
  async function* rows(): AsyncGenerator<RecordBatch> {
    yield batchFromRows([["a", 9007199254740993n, 19000]], 3);
  }
  await sink.addBatch(0, { schema: s2, outputMode: "append", rows: rows() });
  assert.deepEqual(sink.allRows(), [["a", 9007199254740993n, 19000]]);
  assert.equal(sink.schema?.fields.map((f) => f.name).join(","), "word,n,d");
  const copy = sink.allRows();
  copy.pop();
  assert.equal(sink.allRows().length, 1, "accessors return copies");
  sink.clear();
  assert.deepEqual(sink.allRows(), []);
  assert.equal(sink.latestBatchId, undefined);
});

test("memory sink accepts every output mode and recovers from a checkpoint only in complete mode", () => {
  const sink = new MemorySink();
  assert.equal(sink.description, "MemorySink");
  assert.deepEqual(sink.supportedOutputModes, ["append", "update", "complete"]);
  assert.equal(MemorySink.recoversFromCheckpoint("complete"), true);
  assert.equal(MemorySink.recoversFromCheckpoint("append"), false);
  assert.equal(MemorySink.recoversFromCheckpoint("update"), false);
});

// Why the memory sink has no during-sink-write point: a batch is stored whole or not at all.
test("memory sink stores nothing of a batch whose rows fail half-way; the re-run stores it once", async () => {
  const sink = new MemorySink();
  await sink.addBatch(0, sinkBatch("append", [1]));
  async function* failing(): AsyncGenerator<RecordBatch> {
    yield batchFromRows([[2]], 1);
    throw new Error("the process died here");
  }
  await assert.rejects(sink.addBatch(1, { schema, outputMode: "append", rows: failing() }), /died/);
  assert.equal(sink.latestBatchId, 0);
  assert.deepEqual(values(sink.allRows()), [1]);
  await sink.addBatch(1, sinkBatch("append", [2], [3]));
  await sink.addBatch(1, sinkBatch("append", [2], [3]));
  assert.deepEqual(values(sink.allRows()), [1, 2, 3]);
});
