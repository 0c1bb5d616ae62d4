// The CSV source end to end through spark.read.csv / df.write.csv (the DataFrame API over the file
// source and csvFormat): inference with a header, a user schema with the corrupt-record column,
// pruned reads under filters, FAILFAST, and a written directory read back.
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import type { DataFrame } from "../../../src/api/data-frame.js";
import { SparkSession } from "../../../src/api/spark-session.js";
import { TsparkError } from "../../../src/common/errors.js";

const spark = SparkSession.builder.config("spark.sql.session.timeZone", "UTC").create();
const dir = mkdtempSync(join(tmpdir(), "tspark-csv-api-"));
const input = join(dir, "people.csv");
writeFileSync(input, 'id,name,price,day\n1,"Smith, J",1.5,2024-01-31\n2,,x,2024-02-01\n');

async function values(df: DataFrame): Promise<unknown[][]> {
  const names = df.columns;
  return (await df.collectInternal()).map((r) => names.map((_, i) => r[i] ?? null));
}

test("spark.read.csv with header and inferSchema", async () => {
  const df = spark.read.csv(input, { header: true, inferSchema: true });
  assert.deepEqual(
    df.schema.fields.map((f) => `${f.name}:${f.dataType.simpleString()}`),
    ["id:int", "name:string", "price:string", "day:date"],
  );
  assert.deepEqual(await values(df), [
    [1, "Smith, J", "1.5", 19753],
    [2, null, "x", 19754],
  ]);
});

test("a user schema with the corrupt-record column, and a pruned filtered read", async () => {
  const df = spark.read
    .schema("id INT, name STRING, price DOUBLE, day DATE, _corrupt_record STRING")
    .csv(input, { header: true });
  assert.deepEqual(await values(df), [
    [1, "Smith, J", 1.5, 19753, null],
    [2, null, null, 19754, "2,,x,2024-02-01"],
  ]);
  assert.deepEqual(await values(df.where("price > 1").select("name")), [["Smith, J"]]);
});

test("FAILFAST fails the action with FAILED_READ_FILE caused by MALFORMED_RECORD_IN_PARSING", async () => {
  const df = spark.read
    .schema("id INT, name STRING, price DOUBLE, day DATE")
    .csv(input, { header: true, mode: "FAILFAST" });
  await assert.rejects(
    () => df.collectInternal(),
    (e: unknown) =>
      e instanceof TsparkError &&
      e.errorClass === "FAILED_READ_FILE.NO_HINT" &&
      (e.cause as TsparkError).errorClass === "MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION",
  );
});

test("df.write.csv then spark.read.csv round trip", async () => {
  const out = join(dir, "out");
  await spark.read
    .csv(input, { header: true, inferSchema: true })
    .write.csv(out, { header: true, compression: "gzip" });
  assert.ok(readdirSync(out).some((f) => f.endsWith(".csv.gz")));
  const back = spark.read.csv(out, { header: true, inferSchema: true });
  assert.deepEqual(await values(back), [
    [1, "Smith, J", "1.5", 19753],
    [2, null, "x", 19754],
  ]);
});
