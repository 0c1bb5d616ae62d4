import assert from "node:assert/strict";
import { test } from "node:test";
import { DOUBLE, LONG, STRING, StructField, StructType } from "../../types/data-type.js";
import type { ObservedMetricsRow } from "./observed-metrics.js";
import { SinkProgress, SourceProgress, StateOperatorProgress, StreamingQueryProgress } from "./progress.js";

const ID = "8c3e2f84-5f8b-4a1e-9d5e-2b0a7c7d1f10";
const RUN = "b1f2c7e0-3a0d-4c77-8a3b-6f5a4d2e9c01";
const TS = "2016-12-05T20:54:20.827Z";

const schema1 = new StructType([new StructField("c1", LONG), new StructField("c2", DOUBLE)]);
const schema2 = new StructType([
  new StructField("rc", LONG),
  new StructField("min_q", STRING),
  new StructField("max_q", STRING),
]);
const row = (schema: StructType, ...values: unknown[]): ObservedMetricsRow => ({ schema, values });

function op(name: string, memoryUsedBytes: number, custom?: Map<string, number>): StateOperatorProgress {
  return new StateOperatorProgress({
    operatorName: name,
    numRowsTotal: 0,
    numRowsUpdated: 1,
    allUpdatesTimeMs: 1,
    numRowsRemoved: 2,
    allRemovalsTimeMs: 34,
    commitTimeMs: 23,
    memoryUsedBytes,
    numRowsDroppedByWatermark: 0,
    numShufflePartitions: 2,
    numStateStoreInstances: 2,
    customMetrics: custom,
  });
}

const customMetrics = new Map([
  ["stateOnCurrentVersionSizeBytes", 2],
  ["loadedMapCacheHitCount", 1],
  ["loadedMapCacheMissCount", 0],
]);

// Spark's StreamingQueryStatusAndProgressSuite testProgress1.
const progress1 = new StreamingQueryProgress({
  id: ID,
  runId: RUN,
  name: "myName",
  timestamp: TS,
  batchId: 2,
  batchDuration: 0,
  durationMs: new Map([["total", 0]]),
  eventTime: new Map([
    ["max", TS],
    ["min", TS],
    ["avg", TS],
    ["watermark", TS],
  ]),
  stateOperators: [op("op1", 3, customMetrics)],
  sources: [
    new SourceProgress({
      description: "source",
      startOffset: "123",
      endOffset: "456",
      latestOffset: "789",
      numInputRows: 678,
      inputRowsPerSecond: 10.0,
      processedRowsPerSecond: Number.POSITIVE_INFINITY,
    }),
  ],
  sink: new SinkProgress({ description: "sink" }),
  observedMetrics: new Map([
    ["event1", row(schema1, 1, 3.0)],
    ["event2", row(schema2, 1, "hello", "world")],
  ]),
});

// testProgress2: no name, empty event time, NaN / -Infinity rates.
const progress2 = new StreamingQueryProgress({
  id: ID,
  runId: RUN,
  name: null,
  timestamp: TS,
  batchId: 2,
  batchDuration: 0,
  durationMs: new Map([["total", 0]]),
  eventTime: new Map(),
  stateOperators: [op("op2", 2)],
  sources: [
    new SourceProgress({
      description: "source",
      startOffset: "123",
      endOffset: "456",
      latestOffset: "789",
      numInputRows: 678,
      inputRowsPerSecond: Number.NaN,
      processedRowsPerSecond: Number.NEGATIVE_INFINITY,
    }),
  ],
  sink: new SinkProgress({ description: "sink" }),
  observedMetrics: new Map([
    ["event_a", row(schema1, null, -20.7)],
    ["event_b1", row(schema2, 33, "foo", "bar")],
    ["event_b2", row(schema2, 200, "fzo", "baz")],
  ]),
});

test("prettyJson of Spark's testProgress1", () => {
  const expected = `{
  "id" : "${ID}",
  "runId" : "${RUN}",
  "name" : "myName",
  "timestamp" : "2016-12-05T20:54:20.827Z",
  "batchId" : 2,
  "batchDuration" : 0,
  "numInputRows" : 678,
  "inputRowsPerSecond" : 10.0,
  "durationMs" : {
    "total" : 0
  },
  "eventTime" : {
    "avg" : "2016-12-05T20:54:20.827Z",
    "max" : "2016-12-05T20:54:20.827Z",
    "min" : "2016-12-05T20:54:20.827Z",
    "watermark" : "2016-12-05T20:54:20.827Z"
  },
  "stateOperators" : [ {
    "operatorName" : "op1",
    "numRowsTotal" : 0,
    "numRowsUpdated" : 1,
    "allUpdatesTimeMs" : 1,
    "numRowsRemoved" : 2,
    "allRemovalsTimeMs" : 34,
    "commitTimeMs" : 23,
    "memoryUsedBytes" : 3,
    "numRowsDroppedByWatermark" : 0,
    "numShufflePartitions" : 2,
    "numStateStoreInstances" : 2,
    "customMetrics" : {
      "loadedMapCacheHitCount" : 1,
      "loadedMapCacheMissCount" : 0,
      "stateOnCurrentVersionSizeBytes" : 2
    }
  } ],
  "sources" : [ {
    "description" : "source",
    "startOffset" : 123,
    "endOffset" : 456,
    "latestOffset" : 789,
    "numInputRows" : 678,
    "inputRowsPerSecond" : 10.0
  } ],
  "sink" : {
    "description" : "sink",
    "numOutputRows" : -1
  },
  "observedMetrics" : {
    "event1" : {
      "c1" : 1,
      "c2" : 3.0
    },
    "event2" : {
      "rc" : 1,
      "min_q" : "hello",
      "max_q" : "world"
    }
  }
}`;
  assert.equal(progress1.prettyJson, expected);
  assert.equal(String(progress1), expected);
});

test("prettyJson of Spark's testProgress2: null name kept, empty map and NaN/-Infinity rates left out", () => {
  const expected = `{
  "id" : "${ID}",
  "runId" : "${RUN}",
  "name" : null,
  "timestamp" : "2016-12-05T20:54:20.827Z",
  "batchId" : 2,
  "batchDuration" : 0,
  "numInputRows" : 678,
  "durationMs" : {
    "total" : 0
  },
  "stateOperators" : [ {
    "operatorName" : "op2",
    "numRowsTotal" : 0,
    "numRowsUpdated" : 1,
    "allUpdatesTimeMs" : 1,
    "numRowsRemoved" : 2,
    "allRemovalsTimeMs" : 34,
    "commitTimeMs" : 23,
    "memoryUsedBytes" : 2,
    "numRowsDroppedByWatermark" : 0,
    "numShufflePartitions" : 2,
    "numStateStoreInstances" : 2
  } ],
  "sources" : [ {
    "description" : "source",
    "startOffset" : 123,
    "endOffset" : 456,
    "latestOffset" : 789,
    "numInputRows" : 678
  } ],
  "sink" : {
    "description" : "sink",
    "numOutputRows" : -1
  },
  "observedMetrics" : {
    "event_a" : {
      "c1" : null,
      "c2" : -20.7
    },
    "event_b1" : {
      "rc" : 33,
      "min_q" : "foo",
      "max_q" : "bar"
    },
    "event_b2" : {
      "rc" : 200,
      "min_q" : "fzo",
      "max_q" : "baz"
    }
  }
}`;
  assert.equal(progress2.prettyJson, expected);
});

test("json is the compact form of prettyJson", () => {
  for (const p of [progress1, progress2]) {
    // The fixtures' strings hold no layout characters, so undoing the layout gives the compact text.
    const undone = p.prettyJson
      .replace(/\n */g, "")
      .replaceAll(" : ", ":")
      .replaceAll("[ ", "[")
      .replaceAll(" ]", "]")
      .replaceAll(", ", ",");
    assert.equal(undone, p.json);
    assert.ok(!p.json.includes(" :"));
  }
  assert.ok(progress1.json.startsWith(`{"id":"${ID}","runId":"${RUN}","name":"myName",`));
  assert.ok(progress2.json.includes(`"name":null,`));
});

test("testProgress3: null durationMs, eventTime and observedMetrics and no sources", () => {
  const p = new StreamingQueryProgress({
    id: ID,
    runId: RUN,
    name: "myName",
    timestamp: "2024-05-28T00:00:00.233Z",
    batchId: 2,
    batchDuration: 0,
    durationMs: null,
    eventTime: null,
    stateOperators: [op("op1", 3, customMetrics)],
    sources: [],
    sink: new SinkProgress({ description: "sink" }),
    observedMetrics: null,
  });
  assert.equal(p.numInputRows, 0);
  assert.equal(
    p.json,
    `{"id":"${ID}","runId":"${RUN}","name":"myName","timestamp":"2024-05-28T00:00:00.233Z","batchId":2,` +
      `"batchDuration":0,"numInputRows":0,"inputRowsPerSecond":0.0,"processedRowsPerSecond":0.0,` +
      `"stateOperators":[${p.stateOperators[0]?.json}],"sources":[],"sink":{"description":"sink","numOutputRows":-1}}`,
  );
  assert.ok(p.prettyJson.includes(`"sources" : [ ],`));
});

test("testProgress4 (SPARK-53491): large rates are rounded to tenths, never in E-notation", () => {
  const p = new StreamingQueryProgress({
    ...progress1,
    sources: [
      new SourceProgress({
        description: "source",
        startOffset: "123",
        endOffset: "456",
        latestOffset: "789",
        numInputRows: 678,
        inputRowsPerSecond: 6.923076923076923e8,
        processedRowsPerSecond: 2.923076923076923e8,
      }),
    ],
    observedMetrics: null,
  });
  const parsed = JSON.parse(p.json) as Record<string, unknown>;
  assert.match(p.json, /"inputRowsPerSecond":692307692\.3,"processedRowsPerSecond":292307692\.3,/);
  assert.equal(parsed.inputRowsPerSecond, 692307692.3);
  assert.ok(!p.json.includes("E"));
});

test("testProgress5 (SPARK-53690): Kafka-like progress with nested offsets and metrics", () => {
  const offset = (n: number) => `{\n    "bigdata_omsTrade_cdc" : {\n        "0" : ${n}\n    }\n}`;
  const p = new StreamingQueryProgress({
    id: ID,
    runId: RUN,
    name: "KafkaMetricsTest",
    timestamp: "2025-09-23T06:00:00.000Z",
    batchId: 1250,
    batchDuration: 111255,
    durationMs: new Map([
      ["addBatch", 110481],
      ["commitBatch", 410],
      ["commitOffsets", 107],
      ["getBatch", 0],
      ["latestOffset", 2],
      ["queryPlanning", 179],
      ["triggerExecution", 111255],
      ["walCommit", 74],
    ]),
    eventTime: new Map(),
    stateOperators: [],
    sources: [
      new SourceProgress({
        description: "KafkaV2[Subscribe[bigdata_omsTrade_cdc]]",
        startOffset: offset(18424809459),
        endOffset: offset(18432809459),
        latestOffset: offset(18703750728),
        numInputRows: 800000,
        inputRowsPerSecond: 75291.2831516931,
        processedRowsPerSecond: 71906.88058963642,
        metrics: new Map([
          ["avgOffsetsBehindLatest", "2.70941269E8"],
          ["minOffsetsBehindLatest", "270941269"],
          ["maxOffsetsBehindLatest", "270941269"],
        ]),
      }),
    ],
    sink: new SinkProgress({ description: "DeltaSink[s3://<masked-storage>/delta-source]" }),
    observedMetrics: new Map(),
  });
  const expected = `{
  "id" : "${ID}",
  "runId" : "${RUN}",
  "name" : "KafkaMetricsTest",
  "timestamp" : "2025-09-23T06:00:00.000Z",
  "batchId" : 1250,
  "batchDuration" : 111255,
  "numInputRows" : 800000,
  "inputRowsPerSecond" : 75291.3,
  "processedRowsPerSecond" : 71906.9,
  "durationMs" : {
    "addBatch" : 110481,
    "commitBatch" : 410,
    "commitOffsets" : 107,
    "getBatch" : 0,
    "latestOffset" : 2,
    "queryPlanning" : 179,
    "triggerExecution" : 111255,
    "walCommit" : 74
  },
  "stateOperators" : [ ],
  "sources" : [ {
    "description" : "KafkaV2[Subscribe[bigdata_omsTrade_cdc]]",
    "startOffset" : {
      "bigdata_omsTrade_cdc" : {
        "0" : 18424809459
      }
    },
    "endOffset" : {
      "bigdata_omsTrade_cdc" : {
        "0" : 18432809459
      }
    },
    "latestOffset" : {
      "bigdata_omsTrade_cdc" : {
        "0" : 18703750728
      }
    },
    "numInputRows" : 800000,
    "inputRowsPerSecond" : 75291.3,
    "processedRowsPerSecond" : 71906.9,
    "metrics" : {
      "avgOffsetsBehindLatest" : "270941269.0",
      "maxOffsetsBehindLatest" : "270941269",
      "minOffsetsBehindLatest" : "270941269"
    }
  } ],
  "sink" : {
    "description" : "DeltaSink[s3://<masked-storage>/delta-source]",
    "numOutputRows" : -1
  }
}`;
  assert.equal(p.prettyJson, expected);
});

test("offsets: null is null, non-JSON text a string, JSON re-rendered (longs exact, fractions as Java doubles)", () => {
  const src = (startOffset: string | null, endOffset: string | null) =>
    new SourceProgress({
      description: "MemoryStream[value#1]",
      startOffset,
      endOffset,
      latestOffset: '{"t":{"0":123456789012345678901},"x":[1.5e3,true,null,"s"]}',
      numInputRows: 0,
      inputRowsPerSecond: 0,
      processedRowsPerSecond: 0,
    });
  assert.equal(
    src(null, "not json").json,
    '{"description":"MemoryStream[value#1]","startOffset":null,"endOffset":"not json",' +
      '"latestOffset":{"t":{"0":123456789012345678901},"x":[1500.0,true,null,"s"]},' +
      '"numInputRows":0,"inputRowsPerSecond":0.0,"processedRowsPerSecond":0.0}',
  );
  assert.equal(JSON.parse(src("", "'a'").json).startOffset, "");
  assert.equal(JSON.parse(src("", "'a'").json).endOffset, "'a'");
});

test("sink metrics are sorted and string-valued; numOutputRows is kept", () => {
  const s = new SinkProgress({
    description: "MemorySink",
    numOutputRows: 3,
    metrics: new Map([
      ["b", "1"],
      ["a", "x"],
    ]),
  });
  assert.equal(s.json, '{"description":"MemorySink","numOutputRows":3,"metrics":{"a":"x","b":"1"}}');
  assert.equal(
    s.prettyJson,
    '{\n  "description" : "MemorySink",\n  "numOutputRows" : 3,\n  "metrics" : {\n    "a" : "x",\n    "b" : "1"\n  }\n}',
  );
});

test("aggregate figures sum the sources; rates are rounded half up to tenths in JSON", () => {
  const s = (rows: number, inRate: number, procRate: number) =>
    new SourceProgress({
      description: "s",
      startOffset: null,
      endOffset: "1",
      latestOffset: "1",
      numInputRows: rows,
      inputRowsPerSecond: inRate,
      processedRowsPerSecond: procRate,
    });
  const p = new StreamingQueryProgress({
    ...progress2,
    sources: [s(2, 0.15, 1.9723865877712032), s(3, 0.1, 0.05)],
    observedMetrics: null,
  });
  assert.equal(p.numInputRows, 5);
  assert.equal(p.inputRowsPerSecond, 0.15 + 0.1);
  const j = JSON.parse(p.json) as {
    inputRowsPerSecond: number;
    processedRowsPerSecond: number;
    sources: { inputRowsPerSecond: number; processedRowsPerSecond: number }[];
  };
  assert.match(p.json, /"inputRowsPerSecond":0\.3,"processedRowsPerSecond":2\.0,/);
  assert.equal(j.sources[0]?.inputRowsPerSecond, 0.2);
  assert.equal(j.sources[1]?.processedRowsPerSecond, 0.1);
});

test("forNoExecution resets only the per-batch counters of a state operator", () => {
  const o = new StateOperatorProgress({
    ...op("agg", 10, customMetrics),
    numRowsTotal: 2,
    numRowsDroppedByWatermark: 4,
  });
  const idle = o.forNoExecution();
  assert.equal(idle.numRowsUpdated, 0);
  assert.equal(idle.numRowsDroppedByWatermark, 0);
  assert.equal(idle.numRowsTotal, 2);
  assert.equal(idle.numRowsRemoved, 2);
  assert.equal(idle.memoryUsedBytes, 10);
  assert.deepEqual([...idle.customMetrics], [...customMetrics]);
});
