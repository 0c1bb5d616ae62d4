import assert from "node:assert/strict";
import { test } from "node:test";
import { batchFromRows, type RecordBatch } from "../../data/record-batch.js";
import { parseSchema } from "../../types/ddl.js";
import { NoopSink } from "./noop-sink.js";

test("noop sink pulls every row of every batch and keeps nothing", async () => {
  const schema = parseSchema("id INT");
  let pulled = 0;
  let finished = false;
  async function* rows(): AsyncGenerator<RecordBatch> {
    for (let i = 0; i < 4; i++) {
      pulled += 2;
      yield batchFromRows([[i], [i + 10]], 1);
    }
    finished = true;
  }
  const sink = new NoopSink();
  await sink.addBatch(0, { schema, outputMode: "append", rows: rows() });
  assert.equal(pulled, 8);
  assert.ok(finished, "the row stream ran to its end");
  assert.equal(sink.description, "NoopTable");
  assert.deepEqual(sink.supportedOutputModes, ["append", "update", "complete"]);
});

test("noop sink passes on an error raised while the batch is produced", async () => {
  const schema = parseSchema("id INT");
  async function* rows(): AsyncGenerator<RecordBatch> {
    yield batchFromRows([[1]], 1);
    throw new RangeError("upstream failed");
  }
  await assert.rejects(
    new NoopSink().addBatch(1, { schema, outputMode: "update", rows: rows() }),
    RangeError,
  );
});
