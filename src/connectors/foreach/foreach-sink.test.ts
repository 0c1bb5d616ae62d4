import assert from "node:assert/strict";
import { test } from "node:test";
import { TsparkError } from "../../common/errors.js";
import { injectedFault, setFaultHook } from "../../common/fault-points.js";
import { SparkTimestamp } from "../../data/external.js";
import { batchFromRows, type RecordBatch } from "../../data/record-batch.js";
import { parseSchema } from "../../types/ddl.js";
import type { SinkBatch } from "../api/stream-sink.js";
import { type ForeachRow, ForeachSink, type ForeachWriter } from "./foreach-sink.js";

const schema = parseSchema("value INT");

/** `parts`: [partitionId, values] per record batch, in arrival order. */
function sinkBatch(parts: [number | undefined, unknown[]][]): SinkBatch {
  async function* rows(): AsyncGenerator<RecordBatch> {
    for (const [pid, vs] of parts) {
      const b = batchFromRows(
        vs.map((v) => [v]),
        1,
      );
      yield pid === undefined ? b : { ...b, partitionId: pid };
    }
  }
  return { schema, outputMode: "append", rows: rows() };
}

type Event = ["open", number, number] | ["process", unknown] | ["close", unknown];

/** A writer recording ForeachWriterSuite-style events. */
function recorder(overrides: Partial<ForeachWriter> = {}): { writer: ForeachWriter; events: Event[] } {
  const events: Event[] = [];
  const writer: ForeachWriter = {
    open(partitionId, epochId) {
      events.push(["open", partitionId, epochId]);
      return true;
    },
    process(row: ForeachRow) {
      events.push(["process", row.value]);
    },
    close(error) {
      events.push(["close", error]);
    },
    ...overrides,
  };
  return { writer, events };
}

// ForeachWriterSuite "foreach() with `append` output mode": rows 1..4 over two partitions, one
// open/process.../close(null) sequence per partition with the batch id as version.
test("foreach sink: open, process each row, close(null) per partition, epoch = batch id", async () => {
  const { writer, events } = recorder();
  const sink = new ForeachSink(writer);
  await sink.addBatch(
    0,
    sinkBatch([
      [0, [1, 3]],
      [1, [2, 4]],
    ]),
  );
  assert.deepEqual(events, [
    ["open", 0, 0],
    ["process", 1],
    ["process", 3],
    ["close", null],
    ["open", 1, 0],
    ["process", 2],
    ["process", 4],
    ["close", null],
  ]);
  events.length = 0;
  await sink.addBatch(
    1,
    sinkBatch([
      [0, [5, 7]],
      [0, [9]],
      [1, [6, 8]],
    ]),
  );
  assert.deepEqual(events, [
    ["open", 0, 1],
    ["process", 5],
    ["process", 7],
    ["process", 9],
    ["close", null],
    ["open", 1, 1],
    ["process", 6],
    ["process", 8],
    ["close", null],
  ]);
  assert.equal(sink.description, "ForeachSink");
  assert.deepEqual(sink.supportedOutputModes, ["append", "update", "complete"]);
});

test("foreach sink: a batch without partition ids is partition 0; a replayed batch id is delivered again", async () => {
  const { writer, events } = recorder();
  const sink = new ForeachSink(writer);
  await sink.addBatch(4, sinkBatch([[undefined, [1]]]));
  await sink.addBatch(4, sinkBatch([[undefined, [1]]]));
  assert.deepEqual(events, [
    ["open", 0, 4],
    ["process", 1],
    ["close", null],
    ["open", 0, 4],
    ["process", 1],
    ["close", null],
  ]);
});

test("foreach sink: an empty partition is opened and closed; no record batch means no call", async () => {
  const { writer, events } = recorder();
  const sink = new ForeachSink(writer);
  await sink.addBatch(2, sinkBatch([[3, []]]));
  await sink.addBatch(3, sinkBatch([]));
  assert.deepEqual(events, [
    ["open", 3, 2],
    ["close", null],
  ]);
});

test("foreach sink: open returning false skips the partition's rows but still closes it", async () => {
  let pulled = 0;
  const { writer, events } = recorder({
    open(partitionId, epochId) {
      events.push(["open", partitionId, epochId]);
      return Promise.resolve(partitionId !== 0);
    },
  });
  const base = sinkBatch([
    [0, [1, 2]],
    [1, [3]],
  ]);
  async function* counted(): AsyncGenerator<RecordBatch> {
    for await (const b of base.rows) {
      pulled++;
      yield b;
    }
  }
  await new ForeachSink(writer).addBatch(0, { ...base, rows: counted() });
  assert.equal(pulled, 2);
  assert.deepEqual(events, [
    ["open", 0, 0],
    ["close", null],
    ["open", 1, 0],
    ["process", 3],
    ["close", null],
  ]);
});

// ForeachWriterSuite "foreach with error": process fails on the first row; close gets that error
// and the query fails with it.
test("foreach sink: an error in process closes the partition with it and fails as FOREACH_USER_FUNCTION_ERROR", async () => {
  const boom = new RangeError("error");
  const { writer, events } = recorder({
    process(row: ForeachRow) {
      events.push(["process", row.value]);
      throw boom;
    },
  });
  await assert.rejects(
    new ForeachSink(writer).addBatch(
      0,
      sinkBatch([
        [0, [1, 2, 3, 4]],
        [1, [5]],
      ]),
    ),
    (e: unknown) => {
      assert.ok(e instanceof TsparkError);
      assert.equal(e.errorClass, "FOREACH_USER_FUNCTION_ERROR");
      assert.equal(e.sqlState, "39000");
      assert.equal(e.messageParameters.reason, "error");
      assert.equal(e.cause, boom);
      return true;
    },
  );
  assert.deepEqual(events, [
    ["open", 0, 0],
    ["process", 1],
    ["close", boom],
  ]);
});

test("foreach sink: a TsparkError from process passes unchanged; a rejected Promise counts as an error", async () => {
  const own = new TsparkError("DIVIDE_BY_ZERO", {
    messageParameters: { config: '"spark.sql.ansi.enabled"' },
  });
  await assert.rejects(
    new ForeachSink(() => {
      throw own;
    }).addBatch(0, sinkBatch([[0, [1]]])),
    (e: unknown) => e === own,
  );
  await assert.rejects(
    new ForeachSink(async () => Promise.reject(new TypeError("async failure"))).addBatch(
      0,
      sinkBatch([[0, [1]]]),
    ),
    (e: unknown) =>
      e instanceof TsparkError &&
      e.errorClass === "FOREACH_USER_FUNCTION_ERROR" &&
      /async failure/.test(e.message),
  );
});

test("foreach sink: a failure producing the rows closes with _LEGACY_ERROR_TEMP_2256 and is raised as it is", async () => {
  const { writer, events } = recorder();
  const upstream = new RangeError("upstream failed");
  async function* rows(): AsyncGenerator<RecordBatch> {
    yield { ...batchFromRows([[1]], 1), partitionId: 0 };
    throw upstream;
  }
  await assert.rejects(
    new ForeachSink(writer).addBatch(0, { schema, outputMode: "append", rows: rows() }),
    (e: unknown) => e === upstream,
  );
  assert.equal(events.length, 3);
  const closed = events[2];
  assert.equal(closed?.[0], "close");
  const err = closed?.[1];
  assert.ok(
    err instanceof TsparkError && err.errorClass === "_LEGACY_ERROR_TEMP_2256" && err.cause === upstream,
  );
});

test("foreach sink: an error in open is raised without close; an error in close is raised after a clean partition", async () => {
  const openErr = new RangeError("cannot open");
  const a = recorder({
    open() {
      throw openErr;
    },
  });
  await assert.rejects(
    new ForeachSink(a.writer).addBatch(0, sinkBatch([[0, [1]]])),
    (e: unknown) => e === openErr,
  );
  assert.deepEqual(a.events, []);
  const closeErr = new RangeError("cannot close");
  const b = recorder({
    close() {
      throw closeErr;
    },
  });
  await assert.rejects(
    new ForeachSink(b.writer).addBatch(0, sinkBatch([[0, [1]]])),
    (e: unknown) => e === closeErr,
  );
  assert.deepEqual(b.events, [
    ["open", 0, 0],
    ["process", 1],
  ]);
});

test("foreach sink: a plain function gets every row; rows are user values keyed by column name", async () => {
  const s = parseSchema(
    "id BIGINT, ts TIMESTAMP, price DECIMAL(5,2), tags ARRAY<STRING>, pt STRUCT<x: INT, y: INT>",
  );
  const got: ForeachRow[] = [];
  async function* rows(): AsyncGenerator<RecordBatch> {
    yield batchFromRows(
      [
        [1, 1_700_000_000_123_456, 1234n, ["a", null], [1, 2]],
        [2, null, null, null, null],
      ],
      5,
    );
  }
  await new ForeachSink((row) => {
    got.push(row);
  }).addBatch(0, { schema: s, outputMode: "update", rows: rows() });
  assert.equal(got.length, 2);
  assert.deepEqual(Object.keys(got[0] ?? {}), ["id", "ts", "price", "tags", "pt"]);
  assert.equal(got[0]?.id, 1);
  const ts = got[0]?.ts;
  assert.ok(ts instanceof SparkTimestamp);
  assert.equal(ts.micros, 1_700_000_000_123_456);
  assert.equal(got[0]?.price, "12.34");
  assert.deepEqual(got[0]?.tags, ["a", null]);
  assert.deepEqual(got[0]?.pt, { x: 1, y: 2 });
  assert.deepEqual(got[1], { id: 2, ts: null, price: null, tags: null, pt: null });
});

test("foreach sink: an object without a process function, or with a non-function open, is ATTRIBUTE_NOT_CALLABLE", () => {
  const notCallable = (attr: string) => (e: unknown) =>
    e instanceof TsparkError &&
    e.errorClass === "ATTRIBUTE_NOT_CALLABLE" &&
    e.messageParameters.attr_name === attr;
  assert.throws(() => new ForeachSink({} as unknown as ForeachWriter), notCallable("process"));
  assert.throws(
    () => new ForeachSink({ process() {}, open: 1 } as unknown as ForeachWriter),
    notCallable("open"),
  );
  assert.throws(
    () => new ForeachSink({ process() {}, close: "x" } as unknown as ForeachWriter),
    notCallable("close"),
  );
  assert.doesNotThrow(() => new ForeachSink({ process() {} }));
});

// A crash after the first partition reached the writer: the re-run batch opens every partition
// again with the same epoch id, so a writer that remembers (partition, epoch) pairs it finished
// writes each row once.
test("foreach sink: a crash at during-sink-write after partition 0; the re-run reopens with the same epoch id", async () => {
  const stored: unknown[] = [];
  const done = new Set<string>();
  const opened: [number, number][] = [];
  let current = "";
  const writer: ForeachWriter = {
    open(partitionId, epochId) {
      opened.push([partitionId, epochId]);
      current = `${partitionId}/${epochId}`;
      return !done.has(current);
    },
    process(row: ForeachRow) {
      stored.push(row.value);
    },
    close(error) {
      if (error === null) done.add(current);
    },
  };
  const parts = (): [number, unknown[]][] => [
    [0, [1, 3]],
    [1, [2, 4]],
  ];
  let points = 0;
  setFaultHook((point) => {
    if (point !== "during-sink-write") return;
    points++;
    if (points === 1) throw injectedFault(point);
  });
  try {
    await assert.rejects(
      new ForeachSink(writer).addBatch(7, sinkBatch(parts())),
      (e) => e instanceof TsparkError && e.errorClass === "INJECTED_FAULT",
    );
    assert.deepEqual(stored, [1, 3], "partition 0 was written before the point");
    assert.deepEqual(opened, [[0, 7]]);
    await new ForeachSink(writer).addBatch(7, sinkBatch(parts()));
  } finally {
    setFaultHook(undefined);
  }
  assert.deepEqual(opened, [
    [0, 7],
    [0, 7],
    [1, 7],
  ]);
  assert.deepEqual(stored, [1, 3, 2, 4]);
  assert.equal(points, 2, "once per batch");
});
