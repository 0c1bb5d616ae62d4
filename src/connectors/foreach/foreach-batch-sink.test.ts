import assert from "node:assert/strict";
import { test } from "node:test";
import { TsparkError } from "../../common/errors.js";
import { batchFromRows, type RecordBatch } from "../../data/record-batch.js";
import type { StructType } from "../../types/data-type.js";
import { parseSchema } from "../../types/ddl.js";
import type { OutputMode, SinkBatch } from "../api/stream-sink.js";
import { ForeachBatchSink } from "./foreach-batch-sink.js";

const schema = parseSchema("key STRING, count BIGINT");

function sinkBatch(parts: unknown[][][], outputMode: OutputMode = "update"): SinkBatch {
  async function* rows(): AsyncGenerator<RecordBatch> {
    for (const p of parts) yield batchFromRows(p, 2);
  }
  return { schema, outputMode, rows: rows() };
}

/** A stand-in for the API layer's DataFrame. */
interface FakeFrame {
  readonly schema: StructType;
  readonly rows: unknown[][];
}
const frame = (s: StructType, rows: unknown[][]): FakeFrame => ({ schema: s, rows });

test("foreachBatch sink calls the function with the batch's frame and id, the same id again on replay", async () => {
  const calls: [FakeFrame, number][] = [];
  const sink = new ForeachBatchSink<FakeFrame>(async (df, id) => {
    await Promise.resolve();
    calls.push([df, id]);
  }, frame);
  await sink.addBatch(0, sinkBatch([[["a", 1]], [["b", 2]]]));
  await sink.addBatch(1, sinkBatch([[["a", 3]]]));
  await sink.addBatch(1, sinkBatch([[["a", 3]]]));
  await sink.addBatch(2, sinkBatch([]));
  assert.deepEqual(
    calls.map(([df, id]) => [id, df.rows]),
    [
      [
        0,
        [
          ["a", 1],
          ["b", 2],
        ],
      ],
      [1, [["a", 3]]],
      [1, [["a", 3]]],
      [2, []],
    ],
  );
  assert.equal(calls[0]?.[0].schema, schema);
  assert.equal(sink.description, "ForeachBatchSink");
  assert.deepEqual(sink.supportedOutputModes, ["append", "update", "complete"]);
});

// ForeachBatchSinkSuite "foreachBatch user function error is classified": a plain error becomes
// FOREACH_BATCH_USER_FUNCTION_ERROR with the original as cause; a Spark error passes unchanged.
test("foreachBatch sink wraps a user function's error as FOREACH_BATCH_USER_FUNCTION_ERROR", async () => {
  const funcEx = new RangeError("access error");
  await assert.rejects(
    new ForeachBatchSink(() => {
      throw funcEx;
    }, frame).addBatch(0, sinkBatch([[["a", 1]]])),
    (e: unknown) => {
      assert.ok(e instanceof TsparkError);
      assert.equal(e.errorClass, "FOREACH_BATCH_USER_FUNCTION_ERROR");
      assert.equal(e.sqlState, "39000");
      assert.equal(e.messageParameters.reason, "access error");
      assert.match(e.message, /^\[FOREACH_BATCH_USER_FUNCTION_ERROR\] .*access error/);
      assert.equal(e.cause, funcEx);
      return true;
    },
  );
  await assert.rejects(
    new ForeachBatchSink(() => Promise.reject("plain string"), frame).addBatch(0, sinkBatch([])),
    (e: unknown) => e instanceof TsparkError && e.messageParameters.reason === "plain string",
  );
  const sparkEx = new TsparkError("DIVIDE_BY_ZERO", {
    messageParameters: { config: '"spark.sql.ansi.enabled"' },
  });
  await assert.rejects(
    new ForeachBatchSink(async () => {
      throw sparkEx;
    }, frame).addBatch(0, sinkBatch([])),
    (e: unknown) => e === sparkEx,
  );
});

test("foreachBatch sink: an error producing the rows is raised as it is and the function is not called", async () => {
  let called = false;
  const upstream = new RangeError("upstream failed");
  async function* rows(): AsyncGenerator<RecordBatch> {
    yield batchFromRows([["a", 1]], 2);
    throw upstream;
  }
  await assert.rejects(
    new ForeachBatchSink(() => {
      called = true;
    }, frame).addBatch(0, { schema, outputMode: "append", rows: rows() }),
    (e: unknown) => e === upstream,
  );
  assert.equal(called, false);
});
