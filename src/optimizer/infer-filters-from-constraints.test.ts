// InferFiltersFromConstraints and the constraint propagation behind it, on real plans: each test
// optimizes a query and compares plan lines (attribute ids removed) with the shape Spark's
// InferFiltersFromConstraintsSuite expects, and checks the rows do not change.
import assert from "node:assert/strict";
import { test } from "node:test";
import { col, expr, rand } from "../api/functions/index.js";
import { SparkSession } from "../api/spark-session.js";
import type { DataFrame } from "../api/data-frame.js";
import { treeString } from "../plans/plan-string.js";
import { InferFiltersFromConstraints } from "./infer-filters-from-constraints.js";

const spark = SparkSession.builder.config("spark.sql.session.timeZone", "UTC").create();
const people = spark.createDataFrame(
  [
    { id: 1, name: "ann", dept: 1 },
    { id: 2, name: "bob", dept: 2 },
    { id: 3, name: "cy", dept: null },
  ],
  "id INT, name STRING, dept INT",
);
const depts = spark.createDataFrame(
  [
    { dept: 1, title: "eng" },
    { dept: 2, title: "ops" },
    { dept: null, title: "none" },
  ],
  "dept INT, title STRING",
);

function optimized(df: DataFrame): string {
  return treeString(spark.state.optimizer.execute(df.plan)).replace(/#\d+L?/g, "");
}

/** The plan lines of the join's left (`:-`) and right (`+-` right under it) inputs. */
function sides(plan: string): { left: string; right: string } {
  const lines = plan.split("\n");
  const at = lines.findIndex((l) => /Join /.test(l));
  assert.ok(at >= 0, plan);
  const indent = lines[at]!.search(/Join/);
  const left = lines[at + 1]!;
  const right = lines.slice(at + 2).find((l) => l.slice(indent).startsWith("+- ")) ?? "";
  return { left: left.trim(), right: right.trim() };
}

async function sorted(df: DataFrame): Promise<string[]> {
  return (await df.collect()).map((r) => JSON.stringify(r)).sort();
}

test("a filter gets `isnotnull` of the columns its null-intolerant condition reads", () => {
  // InferFiltersFromConstraintsSuite "filter: filter out constraints in condition".
  assert.equal(
    optimized(people.filter(col("dept").equalTo(1).and(col("id").gt(0)))).split("\n")[0],
    "Filter ((isnotnull(dept) AND isnotnull(id)) AND ((dept = 1) AND (id > 0)))",
  );
  // `<=>` and `OR` are not null-intolerant: nothing to infer.
  assert.equal(
    optimized(people.filter(col("dept").eqNullSafe(1).or(col("id").gt(0)))).split("\n")[0],
    "Filter ((dept <=> 1) OR (id > 0))",
  );
  // A non-nullable column is never null: `spark.range`'s id needs no `isnotnull`.
  assert.equal(optimized(spark.range(5).filter(col("id").gt(1))).split("\n")[0], "Filter (id > 1)");
});

test("a non-deterministic condition still tells its columns are not null (as in Spark)", () => {
  const plan = optimized(people.filter(col("id").plus(rand(7)).gt(0.5)));
  assert.match(
    plan.split("\n")[0]!,
    /^Filter \(isnotnull\(id\) AND \(\(CAST\(id AS DOUBLE\) \+ rand\(7\)\) > 0\.5\)\)$/,
  );
});

test("inner join: a side's filter reaches the other side through the join key, both get isnotnull(key)", async () => {
  // InferFiltersFromConstraintsSuite "single inner join: filter out values on either side on
  // equi-join keys".
  const df = people
    .join(depts, people.col("dept").equalTo(depts.col("dept")))
    .filter(depts.col("dept").equalTo(1));
  const { left, right } = sides(optimized(df));
  assert.equal(left, ":- Filter ((dept = 1) AND isnotnull(dept))");
  assert.equal(right, "+- Filter (isnotnull(dept) AND (dept = 1))");
  assert.deepEqual(await sorted(df), [JSON.stringify({ id: 1, name: "ann", dept: 1, title: "eng" })]);
});

test("left semi join: inferred filters go to both sides", () => {
  const df = people.join(depts.filter(col("dept").gt(1)), "dept", "left_semi");
  const { left, right } = sides(optimized(df));
  assert.equal(left, ":- Filter ((dept > 1) AND isnotnull(dept))");
  assert.equal(right, "+- Filter (isnotnull(dept) AND (dept > 1))");
});

test("outer joins: only the side whose rows the join may drop gets inferred filters", async () => {
  const leftFiltered = people.filter(col("dept").equalTo(1));
  const rightFiltered = depts.filter(col("dept").equalTo(1));
  const on = (l: DataFrame, r: DataFrame) => l.col("dept").equalTo(r.col("dept"));
  // Left outer (and left anti): the right side only.
  const lo = sides(optimized(leftFiltered.join(depts, on(leftFiltered, depts), "left_outer")));
  assert.equal(lo.left, ":- Filter (isnotnull(dept) AND (dept = 1))");
  assert.equal(lo.right, "+- Filter ((dept = 1) AND isnotnull(dept))");
  const loKept = sides(optimized(people.join(rightFiltered, on(people, rightFiltered), "left_outer")));
  assert.equal(loKept.left, ":- LocalRelation [id, name, dept]");
  const anti = sides(optimized(leftFiltered.join(depts, on(leftFiltered, depts), "left_anti")));
  assert.equal(anti.right, "+- Filter ((dept = 1) AND isnotnull(dept))");
  // Right outer: the left side only.
  const ro = sides(optimized(people.join(rightFiltered, on(people, rightFiltered), "right_outer")));
  assert.equal(ro.left, ":- Filter ((dept = 1) AND isnotnull(dept))");
  const roKept = sides(optimized(leftFiltered.join(depts, on(leftFiltered, depts), "right_outer")));
  assert.equal(roKept.right, "+- LocalRelation [dept, title]");
  // Full outer: neither.
  const fo = sides(
    optimized(leftFiltered.join(rightFiltered, on(leftFiltered, rightFiltered), "full_outer")),
  );
  assert.equal(fo.left, ":- Filter (isnotnull(dept) AND (dept = 1))");
  assert.equal(fo.right, "+- Filter (isnotnull(dept) AND (dept = 1))");
  // The rows are those of the unoptimized joins: outer rows keep their NULLs.
  const rows = await people
    .join(rightFiltered, on(people, rightFiltered), "left_outer")
    .select(people.col("name"), col("title"))
    .orderBy("name")
    .collect();
  assert.deepEqual(rows, [
    { name: "ann", title: "eng" },
    { name: "bob", title: null },
    { name: "cy", title: null },
  ]);
});

test("a constraint follows an alias, and an equality between a column and a cast of one", () => {
  // Spark's self left semi join (StreamingLeftSemiJoinSuite): the right side is the left one
  // filtered and renamed; `leftId = rightId` gives the left side the right one's filter.
  const base = people.select(col("id"), col("name"));
  const leftSide = base.select(col("id").alias("leftId"));
  const rightSide = base.where(col("id").mod(2).equalTo(0)).select(col("id").alias("rightId"));
  const { left } = sides(optimized(leftSide.join(rightSide, expr("leftId = rightId"), "left_semi")));
  assert.match(left, /^:- Project \[id AS leftId\]/);
  const plan = optimized(leftSide.join(rightSide, expr("leftId = rightId"), "left_semi"));
  assert.match(plan, /Filter \(\(\(id % 2\) = 0\) AND isnotnull\(id\)\)\n.*LocalRelation/);
  // `l = CAST(r)`: r's constraints restated over the cast reach l.
  const longs = spark.createDataFrame([{ k: 2n }], "k BIGINT").filter(col("k").gt(1));
  const ints = spark.createDataFrame([{ j: 2 }], "j INT");
  const castPlan = optimized(longs.join(ints, expr("k = CAST(j AS BIGINT)")));
  assert.match(sides(castPlan).right, /Filter \(\(CAST\(j AS BIGINT\) > 1\) AND isnotnull\(j\)\)/);
});

test("an uncorrelated subquery's condition is a constraint like any other (Spark keeps only correlated ones out)", async () => {
  people.createOrReplaceTempView("ifc_people");
  depts.createOrReplaceTempView("ifc_depts");
  const q = spark.sql(
    "SELECT name FROM ifc_people WHERE id > (SELECT max(dept) FROM ifc_depts) AND name = 'ann'",
  );
  const plan = optimized(q);
  assert.match(
    plan,
    /Filter \(\(isnotnull\(id\) AND isnotnull\(name\)\) AND \(\(id > scalarsubquery\(\)\) AND \(name = ann\)\)\)/,
  );
  assert.deepEqual(await q.collect(), []);
  const kept = spark.sql("SELECT name FROM ifc_people WHERE id > (SELECT min(dept) FROM ifc_depts)");
  assert.deepEqual(await kept.orderBy("name").collect(), [{ name: "bob" }, { name: "cy" }]);
});

test("the rule is idempotent: a second run adds nothing", () => {
  const df = people
    .join(depts, people.col("dept").equalTo(depts.col("dept")))
    .filter(depts.col("dept").equalTo(1).and(col("id").gt(0)));
  const once = InferFiltersFromConstraints.apply(df.plan);
  const twice = InferFiltersFromConstraints.apply(once);
  assert.equal(treeString(twice), treeString(once));
  const optimizedOnce = spark.state.optimizer.execute(df.plan);
  assert.equal(treeString(InferFiltersFromConstraints.apply(optimizedOnce)), treeString(optimizedOnce));
});

test("constraints pass a union only when every child has them, an aggregate only on its grouping columns", () => {
  const a = people.select(col("dept")).filter(col("dept").gt(1));
  const b = people.select(col("dept")).filter(col("dept").gt(1).and(col("dept").lt(9)));
  const both = sides(
    optimized(depts.join(a.union(b), depts.col("dept").equalTo(a.col("dept")), "left_semi")),
  );
  // `dept > 1` holds in both children; `dept < 9` in one only.
  assert.equal(both.left, ":- Filter ((dept > 1) AND isnotnull(dept))");
  const grouped = people
    .groupBy("dept")
    .count()
    .filter(col("dept").equalTo(2).and(col("count").gt(0)));
  const viaAgg = sides(optimized(depts.join(grouped, depts.col("dept").equalTo(grouped.col("dept")))));
  assert.equal(viaAgg.left, ":- Filter ((dept = 2) AND isnotnull(dept))");
});

test("an Expand (ROLLUP) states nothing about its columns: no filter crosses it", () => {
  depts.createOrReplaceTempView("ifc_depts2");
  const plan = optimized(
    spark.sql(
      "SELECT * FROM (SELECT dept, count(*) AS c FROM ifc_depts2 WHERE dept = 1 GROUP BY ROLLUP(dept)) r JOIN ifc_depts2 d ON r.dept = d.dept",
    ),
  );
  // Below the Expand `dept = 1` holds; above it `dept` is NULL in the grand-total row, so the other
  // side gets only the join key's `isnotnull`.
  const { right } = sides(plan);
  assert.equal(right, "+- Filter isnotnull(dept)");
});

test("two different subqueries are never taken for one another when constraints are restated", async () => {
  // Below the projection `id > (SELECT 2)`; the projection names another subquery `one` (and its
  // rand() keeps the outer filter above it). Taking the subqueries for equal would restate the
  // condition as `id > one`, and `id = one` above would then infer the false `id > id`.
  spark.createDataFrame([{ id: 1 }, { id: 2 }, { id: 3 }], "id INT").createOrReplaceTempView("ifc_ids");
  const q = spark.sql(
    "SELECT id FROM (SELECT (SELECT 3) AS one, id, rand(1) AS r FROM ifc_ids WHERE id > (SELECT 2)) p WHERE id = one",
  );
  assert.doesNotMatch(optimized(q), /\(id > id\)/);
  assert.deepEqual(await q.collect(), [{ id: 3 }]);
});
