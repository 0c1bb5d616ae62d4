// The json and text formats end to end through spark.read / df.write: inference across files,
// corrupt records, modes, round trips of written data, text's single-column rule.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { SparkSession, TsparkError } from "../../../src/index.js";

const root = mkdtempSync(join(tmpdir(), "tspark-json-text-e2e-"));
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const fresh = () => {
  const d = join(root, `case${n++}`);
  mkdirSync(d, { recursive: true });
  return d;
};
const session = () =>
  SparkSession.builder.master("local[2]").config("spark.sql.session.timeZone", "UTC").create();
const plain = async (df: { collect(): Promise<Record<string, unknown>[]> }) =>
  (await df.collect()).map((r) => JSON.stringify({ ...r })).sort();
const errorClass = (e: unknown) => (e instanceof TsparkError ? e.errorClass : String(e));

test("spark.read.json infers one schema over all files, with _corrupt_record for bad lines", async () => {
  const d = fresh();
  writeFileSync(join(d, "a.json"), '{"b":1,"a":"x"}\n{"b":2.5}\n{bad\n');
  writeFileSync(join(d, "b.json"), '{"c":[1,2],"a":"y"}\n');
  const spark = session();
  const df = spark.read.json(d);
  assert.deepEqual(df.columns, ["_corrupt_record", "a", "b", "c"]);
  assert.equal(df.schema.simpleString(), "struct<_corrupt_record:string,a:string,b:double,c:array<bigint>>");
  assert.deepEqual(await plain(df), [
    '{"_corrupt_record":"{bad","a":null,"b":null,"c":null}',
    '{"_corrupt_record":null,"a":"x","b":1,"c":null}',
    '{"_corrupt_record":null,"a":"y","b":null,"c":[1,2]}',
    '{"_corrupt_record":null,"a":null,"b":2.5,"c":null}',
  ]);
  assert.equal(await df.count(), 4);
  assert.deepEqual(await plain(spark.read.json(d, { mode: "DROPMALFORMED" }).select("a")), [
    '{"a":"x"}',
    '{"a":"y"}',
    '{"a":null}',
  ]);
  await assert.rejects(
    spark.read.schema("a STRING, b DOUBLE").option("mode", "FAILFAST").json(d).collect(),
    (e) => {
      assert.equal(errorClass(e), "FAILED_READ_FILE.NO_HINT");
      assert.equal(errorClass((e as Error).cause), "MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION");
      return true;
    },
  );
});

test("df.write.json writes JSON Lines part files that read back to the same rows", async () => {
  const d = fresh();
  const spark = session();
  const df = spark.createDataFrame(
    [
      [1, 'a "q"\nb', null, 9007199254740993n],
      [2, null, [1.5, null], -1],
    ],
    "id BIGINT, s STRING, arr ARRAY<DOUBLE>, big BIGINT",
  );
  const out = join(d, "out");
  await df.write.json(out);
  const parts = readdirSync(out).filter((f) => f.endsWith(".json"));
  assert.ok(parts.length >= 1);
  const text = parts.map((f) => readFileSync(join(out, f), "utf8")).join("");
  assert.match(text, /\{"id":1,"s":"a \\"q\\"\\nb","big":9007199254740993\}\n/);
  const back = spark.read.json(out);
  assert.equal(back.schema.simpleString(), "struct<arr:array<double>,big:bigint,id:bigint,s:string>");
  assert.deepEqual(
    (await back.orderBy("id").collect()).map((r) => [r.id, r.s, r.arr, r.big]),
    [
      [1, 'a "q"\nb', null, 9007199254740993n],
      [2, null, [1.5, null], -1],
    ],
  );
  const gz = join(d, "gz");
  await df.write.option("compression", "gzip").json(gz);
  assert.ok(readdirSync(gz).some((f) => f.endsWith(".json.gz")));
  assert.equal(await spark.read.json(gz).count(), 2);
});

test("multiLine JSON files through the reader", async () => {
  const d = fresh();
  writeFileSync(join(d, "doc.json"), '[\n  {"a": 1, "b": {"c": "x"}},\n  {"a": 2}\n]\n');
  const spark = session();
  const df = spark.read.option("multiLine", true).json(d);
  assert.equal(df.schema.simpleString(), "struct<a:bigint,b:struct<c:string>>");
  assert.deepEqual(await plain(df.select("a")), ['{"a":1}', '{"a":2}']);
});

test("spark.read.text and df.write.text", async () => {
  const d = fresh();
  writeFileSync(join(d, "a.txt"), "one\ntwo\n");
  const spark = session();
  assert.deepEqual(await plain(spark.read.text(d)), ['{"value":"one"}', '{"value":"two"}']);
  assert.deepEqual(await plain(spark.read.text(d, { wholetext: true })), ['{"value":"one\\ntwo\\n"}']);
  const out = join(d, "out");
  await spark.read.text(d).write.text(out);
  assert.deepEqual(await plain(spark.read.text(out)), ['{"value":"one"}', '{"value":"two"}']);
  const two = spark.createDataFrame([["a", "b"]], "x STRING, y STRING");
  await assert.rejects(two.write.text(join(d, "bad")), (e) => errorClass(e) === "_LEGACY_ERROR_TEMP_1290");
});
