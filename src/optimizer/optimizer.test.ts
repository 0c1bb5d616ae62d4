// Optimizer rules on real plans: each test builds a query, optimizes it and compares the plan text
// (attribute ids removed) with the expected shape.
import assert from "node:assert/strict";
import { test } from "node:test";
import * as F from "../api/functions/index.js";
import { col, expr, lit } from "../api/functions/index.js";
import { SparkSession } from "../api/spark-session.js";
import type { DataFrame } from "../api/data-frame.js";
import { treeString } from "../plans/plan-string.js";
import { MemoryStream } from "../testing/index.js";

const spark = SparkSession.builder.config("spark.sql.session.timeZone", "UTC").create();
const people = spark.createDataFrame(
  [
    { id: 1, name: "ann", age: 31, dept: 1 },
    { id: 2, name: "bob", age: null, dept: 2 },
  ],
  "id INT, name STRING, age INT, dept INT",
);
const depts = spark.createDataFrame([{ dept: 1, title: "eng" }], "dept INT, title STRING");

function optimized(df: DataFrame): string {
  return treeString(spark.state.optimizer.execute(df.plan)).replace(/#\d+L?/g, "");
}

test("ConstantFolding evaluates constant sub-expressions once", () => {
  const plan = optimized(people.select(col("id").plus(lit(1).plus(2)).alias("x")));
  assert.equal(plan.split("\n")[0], "Project [(id + 3) AS x]");
});

test("NullPropagation: a null-intolerant call with a NULL argument becomes NULL", () => {
  const plan = optimized(people.select(col("id").plus(lit(null)).alias("x")));
  assert.equal(plan.split("\n")[0], "Project [NULL AS x]");
});

test("NullPropagation: isnull / isnotnull of a non-nullable expression fold to false / true", () => {
  // `lit(1) + id` is nullable (id is), `coalesce(id, 0)` is not: only the latter folds.
  const plan = optimized(
    people.select(
      expr("isnotnull(coalesce(id, 0))").alias("a"),
      expr("isnull(coalesce(id, 0))").alias("b"),
      expr("isnotnull(id + 1)").alias("c"),
    ),
  );
  assert.equal(plan.split("\n")[0], "Project [true AS a, false AS b, isnotnull((id + 1)) AS c]");
  // The `isnotnull(window)` a join on a tumbling window infers folds away: the window is never
  // NULL (Spark's plan computes it once per row, not once more in a filter).
  const bids = spark.createDataFrame([], "t TIMESTAMP, price INT");
  const windowed = bids.select(F.window("t", "10 seconds").alias("w"), col("price"));
  const joined = optimized(windowed.join(windowed.groupBy("w").max("price"), "w"));
  assert.doesNotMatch(joined, /isnotnull\(window/);
});

test("spark.sql.constraintPropagation.enabled=false turns InferFiltersFromConstraints off", () => {
  const q = () => optimized(people.filter(col("age").gt(1)));
  assert.equal(spark.conf.get("spark.sql.constraintPropagation.enabled"), "true");
  assert.match(q(), /^Filter \(isnotnull\(age\) AND \(age > 1\)\)/);
  spark.conf.set("spark.sql.constraintPropagation.enabled", "false");
  try {
    assert.match(q(), /^Filter \(age > 1\)\n/);
    // A join's sides get no inferred filter either.
    assert.doesNotMatch(optimized(people.join(depts, "dept")), /isnotnull/);
  } finally {
    spark.conf.unset("spark.sql.constraintPropagation.enabled");
  }
  assert.match(optimized(people.join(depts, "dept")), /isnotnull\(dept\)/);
});

test("PruneFilters drops the conjuncts a child's constraints already guarantee", () => {
  // A projection with rand() keeps the second filter above it (no push-down through a
  // non-deterministic projection): `age > 1` is among the child's constraints and goes, `id < 5`
  // stays.
  const twice = people
    .filter(col("age").gt(1))
    .select(col("id"), col("age"), F.rand(7).alias("r"))
    .filter(col("age").gt(1).and(col("id").lt(5)));
  const plan = optimized(twice);
  assert.match(plan, /^Filter \(isnotnull\(id\) AND \(id < 5\)\)\n\+- Project/, plan);
  assert.equal((plan.match(/\(age > 1\)/g) ?? []).length, 1, plan);
  // A filter implied whole disappears.
  const implied = optimized(
    people.filter(col("age").gt(1)).select(col("age"), F.rand(7).alias("r")).filter(col("age").isNotNull()),
  );
  assert.match(implied, /^Project/, implied);
  // Without constraint propagation nothing is implied.
  spark.conf.set("spark.sql.constraintPropagation.enabled", "false");
  try {
    assert.equal((optimized(twice).match(/\(age > 1\)/g) ?? []).length, 2);
  } finally {
    spark.conf.unset("spark.sql.constraintPropagation.enabled");
  }
});

test("InferFiltersFromGenerate: explode, posexplode and inline of a column drop NULL and empty inputs first", async () => {
  const rows = spark.createDataFrame(
    [
      { id: 1, arr: [1, 2] },
      { id: 2, arr: [] },
      { id: 3, arr: null },
    ],
    "id INT, arr ARRAY<INT>",
  );
  const plan = optimized(rows.select(col("id"), F.explode(col("arr"))));
  assert.match(
    plan,
    /Generate explode\(arr\).*\n\s+\+- Filter \(\(size\(arr\) > 0\) AND isnotnull\(arr\)\)/,
    plan,
  );
  assert.deepEqual(
    (await rows.select(col("id"), F.explode(col("arr"))).collect()).map((r) => [r.id, r.col]),
    [
      [1, 1],
      [1, 2],
    ],
  );
  assert.match(optimized(rows.select(F.posexplode(col("arr")))), /Filter \(\(size\(arr\) > 0\)/);
  // Not for the outer forms (a NULL or empty input gives a row of NULLs), nor for an expression.
  assert.doesNotMatch(optimized(rows.select(col("id"), F.explode_outer(col("arr")))), /size/);
  assert.doesNotMatch(optimized(rows.select(F.explode(F.array_compact(col("arr"))))), /size\(/);
  // Nor again for what the child already guarantees (the rule adds only what is missing).
  const filtered = optimized(rows.filter(F.size(col("arr")).gt(0)).select(F.explode(col("arr"))));
  assert.equal((filtered.match(/size\(arr\) > 0/g) ?? []).length, 1, filtered);
});

test("CombineFilters keeps each conjunct once, and a non-deterministic lower filter apart", () => {
  const dup = optimized(people.filter(col("age").gt(1)).filter(col("age").gt(1).and(col("id").lt(5))));
  assert.equal((dup.match(/\(age > 1\)/g) ?? []).length, 1, dup);
  const random = optimized(people.filter(F.rand(7).gt(0.5)).filter(col("id").lt(5)));
  assert.equal((random.match(/Filter/g) ?? []).length, 2, random);
});

test("CombineFilters merges adjacent filters into one conjunction", () => {
  const plan = optimized(people.filter(col("age").gt(1)).filter(col("id").lt(5)));
  // InferFiltersFromConstraints then puts the `isnotnull` the comparisons imply in front (as Spark).
  assert.match(
    plan,
    /^Filter \(\(isnotnull\(age\) AND isnotnull\(id\)\) AND \(\(age > 1\) AND \(id < 5\)\)\)\n\+- LocalRelation/,
  );
});

test("PushDownPredicates moves a filter below a projection, substituting aliases", () => {
  const plan = optimized(people.select(col("id"), col("age").plus(1).alias("a1")).filter(col("a1").gt(30)));
  const lines = plan.split("\n");
  assert.equal(lines[0], "Project [id, (age + 1) AS a1]");
  assert.equal(lines[1], "+- Filter (isnotnull(age) AND ((age + 1) > 30))");
});

test("PushDownPredicates pushes single-side conjuncts into an inner join's inputs", () => {
  const joined = people.join(depts, "dept").filter(col("age").gt(30).and(col("title").equalTo("eng")));
  const plan = optimized(joined);
  // Each side also gets `isnotnull` of what its conditions and the join key read (Spark's
  // InferFiltersFromConstraints; `Filter ((isnotnull(age) AND (age > 30)) AND isnotnull(dept))`).
  assert.match(plan, /:- Filter \(\(isnotnull\(age\) AND \(age > 30\)\) AND isnotnull\(dept\)\)/);
  assert.match(plan, /\+- Filter \(\(isnotnull\(title\) AND \(title = eng\)\) AND isnotnull\(dept\)\)/);
  assert.doesNotMatch(plan.split("\n")[0]!, /Filter/);
});

test("PushDownPredicates keeps right-side conditions above a left outer join", () => {
  const plan = optimized(people.join(depts, "dept", "left").filter(col("title").isNull()));
  assert.match(plan, /Filter isnull\(title\)\n(\s|\+|-)*Join LeftOuter/);
});

test("a HAVING condition on an aggregate result stays above the aggregate", () => {
  const df = spark.sql(
    "SELECT k, count(*) AS c FROM VALUES ('a', 1), ('a', 2), ('b', 3) AS t(k, v) GROUP BY k HAVING count(*) > 1",
  );
  const plan = optimized(df);
  assert.match(plan, /^Filter \(c > 1\)\n\+- Aggregate/);
});

test("a condition on a grouping column moves below the aggregate", () => {
  const plan = optimized(people.groupBy("dept").count().filter(col("dept").equalTo(1)));
  assert.match(
    plan,
    /^Aggregate \[dept\], \[dept, count\(1\) AS count\]\n\+- Filter \(isnotnull\(dept\) AND \(dept = 1\)\)/,
  );
});

test("ColumnPruning drops unused columns of an in-memory relation", () => {
  const plan = optimized(people.select(col("name")));
  assert.equal(plan, "LocalRelation [name]");
});

test("ColumnPruning drops the columns of an Expand (sliding window, ROLLUP) that nothing above reads", async () => {
  const events = spark.createDataFrame(
    [
      { t: "2024-01-01 00:00:03", k: 1, pad: "x", other: 7 },
      { t: "2024-01-01 00:00:05", k: 2, pad: "y", other: 8 },
      { t: null, k: 1, pad: "z", other: 9 },
    ],
    "t STRING, k INT, pad STRING, other INT",
  );
  const sliding = events
    .select(col("t").cast("timestamp").alias("t"), col("k"), col("pad"), col("other"))
    .groupBy(expr("window(t, '10 seconds', '2 seconds')"), col("k"))
    .count();
  const plan = optimized(sliding);
  const expandLine = plan.split("\n").find((l) => l.includes("Expand"));
  assert.ok(expandLine, plan);
  assert.match(expandLine, /\], \[window, k\]$/);
  assert.doesNotMatch(expandLine, /pad|other/);
  const rows = (await sliding.orderBy("window", "k").collect()).map((r) => `${r.k}:${r.count}`);
  assert.deepEqual(rows, ["1:1", "1:1", "2:1", "1:1", "2:1", "1:1", "2:1", "1:1", "2:1", "2:1"]);

  const rollup = spark.sql(
    "SELECT a, count(*) AS c FROM VALUES (1, 2, 'p'), (1, 3, 'q'), (2, 3, 'r') AS v(a, b, pad) GROUP BY ROLLUP(a, b)",
  );
  assert.doesNotMatch(
    optimized(rollup)
      .split("\n")
      .find((l) => l.includes("Expand")) ?? "",
    /pad/,
  );
  const got = (await rollup.collect()).map((r) => `${r.a}:${r.c}`).sort();
  assert.deepEqual(got, ["1:1", "1:1", "1:2", "2:1", "2:1", "null:3"]);
});

test("PushDownPredicates moves a condition on a column an Expand passes through below it, and only such a condition", async () => {
  const events = spark.createDataFrame(
    [
      { t: "2024-01-01 00:00:03", k: 1 },
      { t: null, k: 2 },
      { t: "2024-01-01 00:00:05", k: 3 },
    ],
    "t STRING, k INT",
  );
  const sliding = events
    .select(col("t").cast("timestamp").alias("t"), col("k"))
    .groupBy(expr("window(t, '10 seconds', '4 seconds')"), col("k"))
    .count();
  // 10 s / 2 s divides: the Filter is `isnotnull(t)`, on a column every projection passes through
  // (with the `isnotnull` of the cast's input InferFiltersFromConstraints adds below the cast).
  const divides = events
    .select(col("t").cast("timestamp").alias("t"), col("k"))
    .groupBy(expr("window(t, '10 seconds', '2 seconds')"), col("k"))
    .count();
  const lines = optimized(divides).split("\n");
  const expandAt = lines.findIndex((l) => l.includes("Expand"));
  assert.ok(expandAt > 0, lines.join("\n"));
  assert.doesNotMatch(lines.slice(0, expandAt).join("\n"), /Filter/);
  assert.match(
    lines.slice(expandAt + 1).join("\n"),
    /Filter \(isnotnull\(t\) AND isnotnull\(CAST\(t AS TIMESTAMP\)\)\)/,
  );
  assert.equal((await divides.collect()).length, 10);
  // 10 s / 4 s does not divide: the condition reads the window, so it stays above the Expand.
  const slidingLines = optimized(sliding).split("\n");
  const at = slidingLines.findIndex((l) => l.includes("Expand"));
  assert.match(slidingLines.slice(0, at).join("\n"), /Filter .*window/);
  const windows = (await sliding.orderBy("window", "k").collect()).map((r) => `${r.k}:${r.count}`);
  // t = 3 s lies in the windows from −4 s and 0 s; t = 5 s also in the one from 4 s.
  assert.deepEqual(windows, ["1:1", "3:1", "1:1", "3:1", "3:1"]);

  // A ROLLUP nulls its grouping columns in some projections: a condition on them stays above.
  const rollup = spark.sql(
    "SELECT a, b, count(*) AS c FROM VALUES (1, 2), (1, 3), (2, 3) AS v(a, b) GROUP BY ROLLUP(a, b) HAVING a IS NULL OR b = 3",
  );
  const rollupRows = (await rollup.collect()).map((r) => `${r.a}:${r.b}:${r.c}`).sort();
  assert.deepEqual(rollupRows, ["1:3:1", "2:3:1", "null:null:3"]);
});

test("BooleanSimplification removes `true AND` and folds `false AND`", () => {
  assert.match(
    optimized(people.filter(lit(true).and(col("id").gt(1)))),
    /^Filter \(isnotnull\(id\) AND \(id > 1\)\)/,
  );
  assert.match(optimized(people.filter(lit(false).and(col("id").gt(1)))), /^Filter false/);
});

test("optimized plans give the same results as the analyzed ones", async () => {
  const df = people.join(depts, "dept", "left").filter(col("id").gt(0)).select(col("name"), col("title"));
  const rows = await df.orderBy("name").collect();
  assert.deepEqual(rows, [
    { name: "ann", title: "eng" },
    { name: "bob", title: null },
  ]);
});

test("PushDownPredicates: a condition not on the event time goes below withWatermark; a left outer join gives its right-only conjuncts to the right side", () => {
  // A streaming input: over a batch plan withWatermark is a no-op.
  const events = new MemoryStream(spark, "v INT, t TIMESTAMP").toDF().withWatermark("t", "10 seconds");
  const filtered = events.where("v > 1 AND t > TIMESTAMP'2024-01-01 00:00:00'");
  const lines = optimized(filtered).split("\n");
  const watermarkAt = lines.findIndex((l) => l.includes("EventTimeWatermark"));
  assert.ok(watermarkAt > 0, optimized(filtered));
  // The event-time condition stays above the watermark node, the other one goes below it.
  assert.match(lines.slice(0, watermarkAt).join("\n"), /Filter.*t > /);
  assert.doesNotMatch(lines.slice(0, watermarkAt).join("\n"), /v > 1/);
  assert.match(lines.slice(watermarkAt).join("\n"), /Filter.*v > 1/);

  const left = spark.createDataFrame([[1, 2]], "k INT, a INT");
  const right = spark.createDataFrame([[1, 3]], "k2 INT, b INT");
  const joined = left.join(right, expr("k = k2 AND a > 1 AND b < 300"), "left_outer");
  const plan = optimized(joined);
  // `a > 1` is about the preserved side: it stays in the join condition; `b < 300` filters the right side.
  assert.match(plan, /Join LeftOuter, .*a > 1/);
  assert.doesNotMatch(plan, /Join LeftOuter, .*b < 300/);
  assert.match(plan, /Filter .*b < 300/);
});

test("a condition on a session window stays above the aggregate that merges the sessions", async () => {
  // Below the aggregate `session_window` is each row's own [time, time + 10 s); the condition is
  // about the merged session: a and its 3 rows make one session 00:00:00–00:00:24, which ends
  // after 00:00:20 although every row's own window ends by then.
  const events = spark.createDataFrame(
    [
      ["a", "2024-01-01 00:00:00"],
      ["a", "2024-01-01 00:00:07"],
      ["a", "2024-01-01 00:00:14"],
      ["b", "2024-01-01 00:00:01"],
    ],
    "k STRING, t STRING",
  );
  events.createOrReplaceTempView("session_pushdown_events");
  const df = spark.sql(
    "SELECT * FROM (SELECT k, count(*) AS n, session_window.end AS e FROM session_pushdown_events " +
      "GROUP BY k, session_window(CAST(t AS TIMESTAMP), '10 seconds')) WHERE e > TIMESTAMP'2024-01-01 00:00:20'",
  );
  const rows = (await df.collect()).map((r) => [r.k, r.n]);
  assert.deepEqual(rows, [["a", 3]]);
  assert.match(optimized(df).split("\n")[0]!, /^Filter/);
});

test("PushDownPredicates: a condition on both sides of an inner (comma) join becomes its join condition", async () => {
  people.createOrReplaceTempView("comma_join_people");
  depts.createOrReplaceTempView("comma_join_depts");
  const df = spark.sql(
    "SELECT p.name, d.title FROM comma_join_people p, comma_join_depts d WHERE p.dept = d.dept AND p.id > 0",
  );
  const plan = optimized(df);
  assert.doesNotMatch(plan, /^(\+- )?Filter \(dept = dept\)/m);
  assert.match(plan, /Join (Cross|Inner), \(dept = dept\)/);
  assert.deepEqual(
    (await df.collect()).map((r) => [r.name, r.title]),
    [["ann", "eng"]],
  );
});
