// How a micro-batch reads its sources (issue #5): a source scanned once is read while the plan
// runs and only for the columns the query uses; the progress still counts every input row.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { SparkSession } from "../../src/index.js";
import { col } from "../../src/api/functions/index.js";
import { MemoryStream } from "../../src/testing/index.js";

const spark = SparkSession.builder.appName("micro-batch-reads").getOrCreate();
const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), "tspark-mb-reads-"));
  dirs.push(d);
  return d;
}

test("a file source reads only the used columns; results and numInputRows are the whole batch's", async () => {
  const dir = tempDir();
  const input = join(dir, "in");
  mkdirSync(input);
  writeFileSync(
    join(input, "a.json"),
    [
      { id: 1, name: "uno", price: 10.5 },
      { id: 2, name: "dos", price: 2 },
      { id: 3, name: "tres", price: 30 },
    ]
      .map((o) => JSON.stringify(o))
      .join("\n"),
  );
  const df = spark.readStream
    .schema("id LONG, name STRING, price DOUBLE")
    .json(input)
    .where(col("price").gt(5))
    .select(col("id"));
  const q = await df.writeStream.format("memory").queryName("mb_reads_pruned").start();
  try {
    await q.processAllAvailable();
    const rows = (await spark.table("mb_reads_pruned").collect()).map((r) => Number(r.id)).sort();
    assert.deepEqual(rows, [1, 3]);
    // The scan's output is the two columns the filter and the projection read, not `name`.
    const plan = q.explainString(false);
    const scan = plan.split("\n").find((l) => l.includes("MicroBatchScan"));
    assert.ok(scan, plan);
    assert.match(scan, /MicroBatchScan \[id#\d+, price#\d+\]/);
    assert.equal(q.lastProgress?.numInputRows, 3);
    assert.equal(q.lastProgress?.sources[0]?.numInputRows, 3);
  } finally {
    await q.stop();
  }
});

test("a limit that stops pulling early still counts every row of the batch as input", async () => {
  const input = new MemoryStream(spark, "v INT", { numPartitions: 1 });
  const q = await input
    .toDF()
    .limit(2)
    .writeStream.format("memory")
    .queryName("mb_reads_limit")
    .outputMode("append")
    .start();
  try {
    input.addData(1, 2, 3, 4, 5);
    await q.processAllAvailable();
    assert.equal((await spark.table("mb_reads_limit").collect()).length, 2);
    assert.equal(q.lastProgress?.numInputRows, 5);
  } finally {
    await q.stop();
  }
});

test("a self-union reads its source once and counts each row per scan, as Spark does", async () => {
  const input = new MemoryStream(spark, "v INT");
  const df = input.toDF();
  const q = await df.union(df).writeStream.format("memory").queryName("mb_reads_union").start();
  try {
    input.addData(1, 2, 3);
    await q.processAllAvailable();
    const rows = (await spark.table("mb_reads_union").collect()).map((r) => r.v as number).sort();
    assert.deepEqual(rows, [1, 1, 2, 2, 3, 3]);
    assert.equal(q.lastProgress?.numInputRows, 6);
  } finally {
    await q.stop();
  }
});
