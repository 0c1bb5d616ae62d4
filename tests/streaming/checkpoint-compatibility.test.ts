// Checkpoint compatibility of stateful queries across restarts (Spark 4's state schema and
// operator metadata checks: StateSchemaCompatibilityChecker, IncrementalExecution's
// checkOperatorValidWithMetadata, OperatorStateMetadataSuite's "Add/Replace/Remove stateful
// operator" cases; the allowed changes of the guide's "Recovery Semantics after Changes in a
// Streaming Query"). Every restart runs on a real checkpoint directory: an incompatible query must
// fail with Spark's error class before it writes anything, and an allowed change must continue
// with the state the first run left.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { test } from "node:test";
import type { DataFrame } from "../../src/api/data-frame.js";
import * as F from "../../src/api/functions/index.js";
import type { Row } from "../../src/api/row.js";
import { SparkSession } from "../../src/api/spark-session.js";
import type { StreamingQuery } from "../../src/api/streaming-query.js";
import { TsparkError } from "../../src/common/errors.js";
import { MemoryStream } from "../../src/testing/index.js";

const col = F.col;

/** Spark's test session: 5 shuffle partitions. */
function session(partitions = 5): SparkSession {
  return SparkSession.builder
    .master("local[2]")
    .config({ "spark.sql.shuffle.partitions": partitions, "spark.sql.session.timeZone": "UTC" })
    .create();
}
const spark = session();

/** Each batch's rows as sorted text, by batch id. */
type Output = Map<number, string[]>;

const rowText = (r: Row): string =>
  Object.values(r)
    .map((v) => String(v))
    .join(",");

function start(df: DataFrame, mode: string, checkpoint: string, out: Output): Promise<StreamingQuery> {
  return df.writeStream
    .outputMode(mode)
    .option("checkpointLocation", checkpoint)
    .foreachBatch(async (batch, id) => {
      out.set(id, (await batch.collect()).map(rowText).sort());
    })
    .start();
}

/** Runs `df` once over `batches` (each added, then processed), then stops it. */
async function run(
  df: DataFrame,
  mode: string,
  checkpoint: string,
  input: MemoryStream,
  batches: readonly (readonly unknown[])[],
  out: Output = new Map(),
): Promise<Output> {
  const q = await start(df, mode, checkpoint, out);
  try {
    for (const rows of batches) {
      input.addData(...rows);
      await q.processAllAvailable();
    }
  } finally {
    await q.stop();
  }
  return out;
}

/** Every file and directory under `dir` with a digest of its content. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) {
        out.set(`${relative(dir, p)}/`, "dir");
        walk(p);
      } else {
        out.set(relative(dir, p), createHash("sha256").update(readFileSync(p)).digest("hex"));
      }
    }
  };
  walk(dir);
  return out;
}

/**
 * Starts `df` on `checkpoint` (new input already waiting), expects the run to fail with
 * STREAM_FAILED caused by `errorClass`, and the checkpoint to be byte-for-byte unchanged.
 */
async function expectIncompatible(
  df: DataFrame,
  mode: string,
  checkpoint: string,
  errorClass: string,
): Promise<TsparkError> {
  const before = snapshot(checkpoint);
  const out: Output = new Map();
  const q = await start(df, mode, checkpoint, out);
  let failure: unknown;
  try {
    // A query that wrongly keeps running is stopped after the wait (and the assertions fail).
    await q.awaitTermination(10);
  } catch (e) {
    failure = e;
  } finally {
    await q.stop();
  }
  assert.ok(failure instanceof TsparkError, `the restart should fail, got ${String(failure)}`);
  assert.equal(failure.errorClass, "STREAM_FAILED");
  const cause = failure.cause;
  assert.ok(cause instanceof TsparkError, `cause: ${String(cause)}`);
  assert.equal(cause.errorClass, errorClass, cause.message);
  assert.equal(out.size, 0, "no batch may run");
  assert.deepEqual(snapshot(checkpoint), before, "the checkpoint must be unchanged");
  return cause;
}

function assertMentions(e: Error, ...parts: string[]): void {
  for (const p of parts) assert.ok(e.message.includes(p), `${e.message}\n  should mention: ${p}`);
}

async function withCheckpoint(body: (checkpoint: string, root: string) => Promise<void>): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), "tspark-compat-"));
  try {
    await body(join(root, "checkpoint"), root);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

// --- incompatible changes -------------------------------------------------------------------

test("different grouping keys: STATE_STORE_KEY_SCHEMA_NOT_COMPATIBLE naming the operator and both schemas", async () => {
  await withCheckpoint(async (cp) => {
    const input = new MemoryStream(spark, "value INT");
    await run(input.toDF().groupBy(col("value")).count(), "update", cp, input, [[1, 2], [2]]);
    input.addData(3);
    const e = await expectIncompatible(
      input.toDF().groupBy(col("value"), col("value").mod(2).alias("parity")).count(),
      "update",
      cp,
      "STATE_STORE_KEY_SCHEMA_NOT_COMPATIBLE",
    );
    assertMentions(
      e,
      "stateful operator 0 (stateStoreSave)",
      "Existing key_schema=StructType(StructField(value,IntegerType,true))",
      // The alias of a grouping expression is trimmed (Spark's CleanupAliases): the key is named by it.
      "new key_schema=StructType(StructField(value,IntegerType,true),StructField((value % 2),IntegerType,true))",
      "restore the query as it was, or start it with a new checkpoint location",
      cp,
    );
  });
});

test("a different grouping key type fails with STATE_STORE_KEY_SCHEMA_NOT_COMPATIBLE", async () => {
  await withCheckpoint(async (cp) => {
    const input = new MemoryStream(spark, "value INT");
    await run(input.toDF().groupBy(col("value")).count(), "update", cp, input, [[1]]);
    input.addData(2);
    const e = await expectIncompatible(
      input.toDF().groupBy(col("value").cast("string").alias("value")).count(),
      "update",
      cp,
      "STATE_STORE_KEY_SCHEMA_NOT_COMPATIBLE",
    );
    assert.match(e.message, /new key_schema=StructType\(StructField\([^,]+,StringType,true\)\)/);
  });
});

test("different aggregates: STATE_STORE_VALUE_SCHEMA_NOT_COMPATIBLE with the buffers of each", async () => {
  await withCheckpoint(async (cp) => {
    const input = new MemoryStream(spark, "value INT");
    await run(input.toDF().groupBy(col("value")).count(), "complete", cp, input, [[1, 1]]);
    input.addData(2);
    const sum = await expectIncompatible(
      input
        .toDF()
        .groupBy(col("value"))
        .agg(F.sum(col("value"))),
      "complete",
      cp,
      "STATE_STORE_VALUE_SCHEMA_NOT_COMPATIBLE",
    );
    assertMentions(
      sum,
      "stateful operator 0 (stateStoreSave)",
      "Existing value_schema=StructType(StructField(count,LongType,false))",
      "new value_schema=StructType(StructField(sum,LongType,true))",
    );
    const avg = await expectIncompatible(
      input
        .toDF()
        .groupBy(col("value"))
        .agg(F.count("*"), F.avg(col("value"))),
      "complete",
      cp,
      "STATE_STORE_VALUE_SCHEMA_NOT_COMPATIBLE",
    );
    assertMentions(
      avg,
      "new value_schema=StructType(StructField(count,LongType,false),StructField(sum,DoubleType,true),StructField(count,LongType,true))",
    );
  });
});

test("different dedup columns: STATE_STORE_KEY_SCHEMA_NOT_COMPATIBLE for operator dedupe", async () => {
  await withCheckpoint(async (cp) => {
    const input = new MemoryStream(spark, "a STRING, b INT");
    await run(input.toDF().dropDuplicates(["a"]), "append", cp, input, [[["x", 1]], [["y", 2]]]);
    input.addData(["z", 3]);
    const e = await expectIncompatible(
      input.toDF().dropDuplicates(["b"]),
      "append",
      cp,
      "STATE_STORE_KEY_SCHEMA_NOT_COMPATIBLE",
    );
    assertMentions(
      e,
      "stateful operator 0 (dedupe)",
      "Existing key_schema=StructType(StructField(a,StringType,true))",
      "new key_schema=StructType(StructField(b,IntegerType,true))",
    );
    await expectIncompatible(
      input.toDF().dropDuplicates(["a", "b"]),
      "append",
      cp,
      "STATE_STORE_KEY_SCHEMA_NOT_COMPATIBLE",
    );
  });
});

// OperatorStateMetadataSuite "Replace/Add/Remove stateful operator will trigger error with guidance".
for (const [change, metadataOps, currentOps] of [
  [
    "Add",
    "(OperatorId: 0 -> OperatorName: dedupe)",
    "(OperatorId: 0 -> OperatorName: stateStoreSave), (OperatorId: 1 -> OperatorName: dedupe)",
  ],
  ["Replace", "(OperatorId: 0 -> OperatorName: dedupe)", "(OperatorId: 0 -> OperatorName: stateStoreSave)"],
  ["Remove", "(OperatorId: 0 -> OperatorName: dedupe)", ""],
] as const) {
  test(`${change} stateful operator: STREAMING_STATEFUL_OPERATOR_NOT_MATCH_IN_STATE_METADATA with guidance`, async () => {
    await withCheckpoint(async (cp) => {
      const input = new MemoryStream(spark, "value INT");
      const stream = input.toDF().withColumn("eventTime", F.timestamp_seconds(col("value")));
      await run(stream.dropDuplicates(), "append", cp, input, [[1]]);
      input.addData(3);
      const restart =
        change === "Add"
          ? stream.dropDuplicates().groupBy("value").count()
          : change === "Replace"
            ? stream.groupBy("value").count()
            : stream;
      const e = await expectIncompatible(
        restart,
        "update",
        cp,
        "STREAMING_STATEFUL_OPERATOR_NOT_MATCH_IN_STATE_METADATA",
      );
      assert.equal(e.messageParameters.OpsInMetadataSeq, metadataOps);
      assert.equal(e.messageParameters.OpsInCurBatchSeq, currentOps);
      assertMentions(e, "Restore the query as it was, or start it with a new checkpoint location", cp);
    });
  });
}

test("a different number of sources: STREAMING_CHECKPOINT_SOURCE_COUNT_MISMATCH, checkpoint untouched", async () => {
  await withCheckpoint(async (cp) => {
    const a = new MemoryStream(spark, "value INT");
    const b = new MemoryStream(spark, "value INT");
    await run(a.toDF().groupBy(col("value")).count(), "update", cp, a, [[1]]);
    a.addData(2);
    b.addData(3);
    await expectIncompatible(
      a.toDF().union(b.toDF()).groupBy(col("value")).count(),
      "update",
      cp,
      "STREAMING_CHECKPOINT_SOURCE_COUNT_MISMATCH",
    );
  });
});

test("state partitions differing from the operator metadata: STATE_STORE_INVALID_CONFIG_AFTER_RESTART", async () => {
  await withCheckpoint(async (cp) => {
    const input = new MemoryStream(spark, "value INT");
    const df = input.toDF().groupBy(col("value")).count();
    await run(df, "update", cp, input, [[1]]);
    // An offset log whose pinned partition count was edited by hand no longer matches the state.
    const offsets = join(cp, "offsets", "0");
    writeFileSync(
      offsets,
      readFileSync(offsets, "utf8").replace(
        '"spark.sql.shuffle.partitions":"5"',
        '"spark.sql.shuffle.partitions":"7"',
      ),
    );
    input.addData(2);
    const e = await expectIncompatible(df, "update", cp, "STATE_STORE_INVALID_CONFIG_AFTER_RESTART");
    assertMentions(
      e,
      "Cannot change spark.sql.shuffle.partitions from 5 to 7 between restarts",
      "stateful operator 0 (stateStoreSave)",
    );
  });
});

test("spark.sql.streaming.stateStore.stateSchemaCheck=false lets an incompatible schema through, as Spark", async () => {
  await withCheckpoint(async (cp) => {
    const input = new MemoryStream(spark, "a STRING, b INT");
    await run(input.toDF().dropDuplicates(["a"]), "append", cp, input, [[["x", 1]]]);
    const s = spark.newSession();
    s.conf.set("spark.sql.streaming.stateStore.stateSchemaCheck", "false");
    const other = new MemoryStream(s, "a STRING, b INT");
    // Same source position, other key: the check is off, so the run starts (and only dedupes on b).
    const out = await run(other.toDF().dropDuplicates(["b"]), "append", cp, other, [[["x", 1]], [["y", 2]]]);
    assert.ok(out.size > 0);
  });
});

// --- allowed changes ------------------------------------------------------------------------

test("adding a filter before the aggregation restarts and continues the counts", async () => {
  await withCheckpoint(async (cp) => {
    const input = new MemoryStream(spark, "value INT");
    const first = await run(input.toDF().groupBy(col("value")).count(), "update", cp, input, [
      [1, 2, 2],
      [1],
    ]);
    assert.deepEqual(first.get(1), ["1,2"]);
    const out = await run(
      input.toDF().filter(col("value").gt(0)).groupBy(col("value")).count(),
      "update",
      cp,
      input,
      [[2, 3, -1]],
    );
    assert.deepEqual([...out], [[2, ["2,3", "3,1"]]]);
  });
});

test("a projection that keeps the state schema (renamed, same type) restarts; names are not compared", async () => {
  await withCheckpoint(async (cp) => {
    const input = new MemoryStream(spark, "value INT");
    await run(
      input
        .toDF()
        .groupBy(col("value"))
        .agg(F.sum(col("value"))),
      "update",
      cp,
      input,
      [[1, 2], [2]],
    );
    const out = await run(
      input
        .toDF()
        .select(col("value").plus(0).alias("v"))
        .groupBy(col("v"))
        .agg(F.sum(col("v")).alias("total")),
      "update",
      cp,
      input,
      [[2, 5]],
    );
    assert.deepEqual([...out], [[2, ["2,6", "5,5"]]]);
  });
});

test("a different foreachBatch function restarts and receives the next batch ids", async () => {
  await withCheckpoint(async (cp) => {
    const input = new MemoryStream(spark, "value STRING");
    const df = input.toDF().dropDuplicates();
    await run(df, "append", cp, input, [["a"], ["b", "a"]]);
    const seen: string[] = [];
    const q = await df.writeStream
      .option("checkpointLocation", cp)
      .foreachBatch(async (batch, id) => {
        for (const r of await batch.collect()) seen.push(`${id}:${String(r.value)}`);
      })
      .start();
    try {
      input.addData("a", "c");
      await q.processAllAvailable();
    } finally {
      await q.stop();
    }
    assert.deepEqual(seen, ["2:c"]);
  });
});

test("a different maxFilesPerTrigger on a file source restarts and gives the same counts", async () => {
  await withCheckpoint(async (cp, root) => {
    const src = join(root, "in");
    mkdirSync(src);
    const write = (name: string, lines: string[]): void =>
      writeFileSync(join(src, name), `${lines.join("\n")}\n`);
    write("1.txt", ["a", "b"]);
    write("2.txt", ["a"]);
    write("3.txt", ["c"]);
    const counts = (limit: number): DataFrame =>
      spark.readStream.option("maxFilesPerTrigger", limit).text(src).groupBy(col("value")).count();
    const first = new Map<number, string[]>();
    let q = await start(counts(1), "complete", cp, first);
    try {
      await q.processAllAvailable();
    } finally {
      await q.stop();
    }
    assert.equal(first.size, 3, "one file per batch");
    write("4.txt", ["a", "c"]);
    write("5.txt", ["d"]);
    const second = new Map<number, string[]>();
    q = await start(counts(5), "complete", cp, second);
    try {
      await q.processAllAvailable();
    } finally {
      await q.stop();
    }
    assert.deepEqual([...second], [[3, ["a,3", "b,1", "c,2", "d,1"]]]);
  });
});

test("a restart with another spark.sql.shuffle.partitions keeps the checkpoint's state partitions", async () => {
  await withCheckpoint(async (cp) => {
    const input = new MemoryStream(spark, "value INT");
    const df = (m: MemoryStream) => m.toDF().groupBy(col("value")).count();
    await run(df(input), "update", cp, input, [[1, 2, 3]]);
    const other = session(3);
    assert.equal(other.conf.get("spark.sql.shuffle.partitions"), "3");
    const input2 = new MemoryStream(other, "value INT");
    // The second session's stream starts where the first one's offsets are.
    input2.addData(1, 2, 3);
    const out: Output = new Map();
    const q = await start(df(input2), "update", cp, out);
    try {
      input2.addData(3, 4);
      await q.processAllAvailable();
      const ops = q.lastProgress?.stateOperators ?? [];
      assert.equal(ops.length, 1);
      assert.equal(ops[0]!.numShufflePartitions, 5);
      assert.equal(ops[0]!.numStateStoreInstances, 5);
    } finally {
      await q.stop();
    }
    assert.deepEqual([...out], [[1, ["3,2", "4,1"]]]);
    assert.match(readFileSync(join(cp, "offsets", "1"), "utf8"), /"spark\.sql\.shuffle\.partitions":"5"/);
    assert.match(
      readFileSync(join(cp, "state", "0", "_metadata", "metadata"), "utf8"),
      /"numPartitions":5\}/,
    );
    // The durable provider keeps one directory per state partition: still the checkpoint's five.
    const partitions = readdirSync(join(cp, "state", "0")).filter((n) => /^[0-9]+$/.test(n));
    assert.deepEqual(partitions.sort(), ["0", "1", "2", "3", "4"]);
  });
});

// --- the files, golden ------------------------------------------------------------------------

/** Java's writeUTF of ASCII text and writeInt, built by hand to check the schema file's bytes. */
function schemaFileBytes(keyJson: string, valueJson: string): Buffer {
  const utf = (s: string): number[] => [s.length >> 8, s.length & 0xff, ...Buffer.from(s, "latin1")];
  const int = (n: number): number[] => [0, 0, 0, n];
  return Buffer.from([...utf("v2"), ...int(1), ...utf(keyJson), ...int(1), ...utf(valueJson)]);
}

const fieldJson = (name: string, type: string, nullable: boolean): string =>
  `{"name":"${name}","type":"${type}","nullable":${nullable},"metadata":{}}`;
const structJson = (...fields: string[]): string => `{"type":"struct","fields":[${fields.join(",")}]}`;
const metadataText = (name: string, partitions: number): string =>
  `v1\n{"operatorInfo":{"operatorId":0,"operatorName":"${name}"},"stateStoreInfo":[{"storeName":"default","numColsPrefixKey":0,"numPartitions":${partitions}}]}`;

for (const [kind, build, mode, key, value, name] of [
  [
    "aggregation (count, sum, avg)",
    (m: MemoryStream) =>
      m
        .toDF()
        .groupBy(col("value"))
        .agg(F.count("*"), F.sum(col("value")), F.avg(col("value"))),
    "update",
    structJson(fieldJson("value", "integer", true)),
    structJson(
      fieldJson("count", "long", false),
      fieldJson("sum", "long", true),
      fieldJson("sum", "double", true),
      fieldJson("count", "long", true),
    ),
    "stateStoreSave",
  ],
  [
    "global aggregation (max)",
    (m: MemoryStream) => m.toDF().agg(F.max(col("value"))),
    "complete",
    structJson(),
    structJson(fieldJson("max", "integer", true)),
    "stateStoreSave",
  ],
  [
    "deduplication",
    (m: MemoryStream) => m.toDF().dropDuplicates(["value"]),
    "append",
    structJson(fieldJson("value", "integer", true)),
    structJson(fieldJson("__dummy__", "void", true)),
    "dedupe",
  ],
  [
    "global limit",
    (m: MemoryStream) => m.toDF().limit(2),
    "append",
    structJson(fieldJson("key", "void", true)),
    structJson(fieldJson("value", "long", true)),
    "globalLimit",
  ],
] as const) {
  test(`golden state files of a ${kind}`, async () => {
    await withCheckpoint(async (cp) => {
      const input = new MemoryStream(spark, "value INT");
      await run(build(input), mode, cp, input, [[1, 2]]);
      assert.deepEqual(
        readFileSync(join(cp, "state", "0", "0", "_metadata", "schema")),
        schemaFileBytes(key, value),
      );
      assert.equal(
        readFileSync(join(cp, "state", "0", "_metadata", "metadata"), "utf8"),
        metadataText(name, 5),
      );
      // The same query restarts cleanly and keeps the files as they were.
      const before = snapshot(join(cp, "state"));
      await run(build(input), mode, cp, input, [[3]]);
      const after = snapshot(join(cp, "state"));
      for (const f of ["0/0/_metadata/schema", "0/_metadata/metadata"])
        assert.equal(after.get(f), before.get(f));
    });
  });
}

test("the files are written by the first batch only: a query that never ran a batch leaves no state metadata", async () => {
  await withCheckpoint(async (cp) => {
    const input = new MemoryStream(spark, "value INT");
    const q = await start(input.toDF().groupBy(col("value")).count(), "update", cp, new Map());
    try {
      await q.processAllAvailable();
    } finally {
      await q.stop();
    }
    assert.equal(snapshot(cp).has("state/"), false);
    // So a different query may still take this checkpoint (Spark: no metadata, no check).
    await run(input.toDF().dropDuplicates(), "append", cp, input, [[1]]);
    assert.equal(
      readFileSync(join(cp, "state", "0", "_metadata", "metadata"), "utf8"),
      metadataText("dedupe", 5),
    );
  });
});
