// Operators stream batches instead of materialising their input: a LIMIT over a trillion-row
// range finishes after a few batches, and toLocalIterator can stop early. (If any operator on
// these paths collected its input first, these tests would never finish.)
import assert from "node:assert/strict";
import { test } from "node:test";
import { SparkSession } from "../../src/index.js";
import * as F from "../../src/api/functions/index.js";

const spark = SparkSession.builder.master("local[1]").create();
const huge = () => spark.range(0, 1_000_000_000_000);

test("filter + project + limit over a trillion rows pulls only the batches it needs", async () => {
  const rows = await huge()
    .filter(F.col("id").mod(3).equalTo(0))
    .select(F.col("id").multiply(2).alias("x"))
    .limit(5)
    .collect();
  assert.deepEqual(
    rows.map((r) => r.x),
    [0, 6, 12, 18, 24],
  );
});

test("explode and union stream too", async () => {
  const exploded = huge().select(F.explode(F.array(F.col("id"), F.col("id").plus(1))).alias("v"));
  const rows = await exploded.union(huge()).limit(4).collect();
  assert.deepEqual(
    rows.map((r) => r.v),
    [0, 1, 1, 2],
  );
});

test("toLocalIterator yields rows lazily", async () => {
  const seen: unknown[] = [];
  for await (const row of huge().toLocalIterator()) {
    seen.push(row.id);
    if (seen.length === 3) break;
  }
  assert.deepEqual(seen, [0, 1, 2]);
});
