/**
 * Codegen safety: column names, aliases, struct field names, map keys and string literals that
 * look like JavaScript (quotes, backticks, `${`, comment ends, `</script>`, U+2028, backslashes,
 * `); process.exit(1); (`) flow through every operator with codegen on and give correct results,
 * and none of that text ever appears in generated source: values reach compiled code only as refs.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { CodeBuilder, compiledShapeCount } from "../../src/common/code-builder.js";
import { type DataFrame, functions as F, ManualClock, SparkSession } from "../../src/index.js";
import { MapValue } from "../../src/data/values.js";
import {
  ArrayType,
  IntegerType,
  MapType,
  StringType,
  StructField,
  StructType,
} from "../../src/types/public.js";

const HOSTILE: readonly string[] = [
  "it's",
  'we"ird',
  "back`tick",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-literal opener is the hostile input under test
  "${globalThis.pwned = 1}",
  "new\nline",
  "x */ y /* z",
  "</script><script>globalThis.pwned = 1</script>",
  "sep\u2028ar\u2029ator",
  "back\\slash\\",
  "); process.exit(1); (",
  "'); globalThis.pwned = 1; ('",
  "r[0]",
  "__proto__",
  "a.b",
  "",
];

/** Text that must never show up in generated source (fragments of the hostile strings). */
const MARKERS = [
  "it's",
  'we"ird',
  "back`tick",
  "${",
  "pwned",
  "new\nline",
  "*/",
  "/*",
  "script",
  "\u2028",
  "\u2029",
  "\\",
  "process",
  "__proto__",
  "a.b",
  "'",
  '"',
  "`",
];

function quoteName(name: string): string {
  return `\`${name.replaceAll("`", "``")}\``;
}

function sqlString(s: string): string {
  return `'${s.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;
}

function session(codegen: boolean): SparkSession {
  return SparkSession.builder
    .config({ "spark.sql.session.timeZone": "UTC", "tspark.codegen.enabled": codegen })
    .withClock(new ManualClock(0))
    .create();
}

// Captures every generated source while the tests run.
const sources: string[] = [];
const originalBuild = CodeBuilder.prototype.build;
before(() => {
  CodeBuilder.prototype.build = function build<F>(this: CodeBuilder, params: readonly string[]) {
    const built = originalBuild.call(this, params) as ReturnType<typeof originalBuild<F>>;
    sources.push(built.source);
    return built;
  } as typeof originalBuild;
});
after(() => {
  CodeBuilder.prototype.build = originalBuild;
});

/** A table whose every name is derived from `n`: k (int), s (string), arr, st (struct), m (map). */
function hostileTable(
  spark: SparkSession,
  n: string,
): { df: DataFrame; k: string; s: string; arr: string; st: string; m: string } {
  const k = n;
  const s = `${n}_s`;
  const arr = `${n}_arr`;
  const st = `${n}_st`;
  const m = `${n}_m`;
  const schema = StructType([
    StructField(k, IntegerType()),
    StructField(s, StringType()),
    StructField(arr, ArrayType(IntegerType())),
    StructField(st, StructType([StructField(n, IntegerType()), StructField(`${n}2`, StringType())])),
    StructField(m, MapType(StringType(), IntegerType())),
  ]);
  const df = spark.createDataFrame(
    [
      [1, n, [1, 2], [10, n], new Map([[n, 7]])],
      [2, "other", [], [20, "x"], new Map([["x", 8]])],
      [null, null, null, null, null],
    ],
    schema,
  );
  return { df, k, s, arr, st, m };
}

async function rows(df: DataFrame): Promise<unknown[][]> {
  return df.collectInternal();
}

function sorted(rs: unknown[][]): unknown[][] {
  return [...rs].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
}

for (const codegen of [true, false]) {
  for (const [j, n] of HOSTILE.entries()) {
    test(`codegen=${codegen} name/literal #${j} ${JSON.stringify(n)}`, async () => {
      const spark = session(codegen);
      const { df, k, s, arr, st, m } = hostileTable(spark, n);
      const c = (name: string) => F.col(quoteName(name));

      // Names survive into the schema untouched.
      assert.deepEqual(df.columns, [k, s, arr, st, m]);

      // select with hostile aliases and literals.
      const sel = df.select(c(k).alias(`${n}!`), F.lit(n).alias(`${n}?`), F.concat(c(s), F.lit(n)).alias(n));
      assert.deepEqual(sel.columns, [`${n}!`, `${n}?`, n]);
      assert.deepEqual(await rows(sel), [
        [1, n, `${n}${n}`],
        [2, n, `other${n}`],
        [null, n, null],
      ]);

      // filter with a Column literal, with expr() text, with a CASE WHEN of literals.
      assert.deepEqual(await rows(df.filter(c(s).eqNullSafe(F.lit(n))).select(c(k))), [[1]]);
      assert.deepEqual(await rows(df.filter(F.expr(`${quoteName(s)} = ${sqlString(n)}`)).select(c(k))), [
        [1],
      ]);
      const cased = df.select(
        F.when(c(k).equalTo(1), F.lit(n))
          .otherwise(F.lit(`${n}?`))
          .alias(n),
      );
      assert.deepEqual(await rows(cased), [[n], [`${n}?`], [`${n}?`]]);

      // groupBy a hostile column, aggregate under a hostile alias.
      const grouped = df.groupBy(c(s)).agg(F.count("*").alias(n), F.max(c(k)).alias(`${n}max`));
      assert.deepEqual(grouped.columns, [s, n, `${n}max`]);
      assert.deepEqual(
        sorted(await rows(grouped)),
        sorted([
          [n, 1, 1],
          ["other", 1, 2],
          [null, 1, null],
        ]),
      );

      // USING join on the hostile name and a condition join through expr() with a literal.
      const right = spark.createDataFrame(
        [
          [1, `R${n}`],
          [2, n],
        ],
        StructType([StructField(k, IntegerType()), StructField(`${n}_r`, StringType())]),
      );
      const using = df.join(right, [k]).select(c(k), c(`${n}_r`));
      assert.deepEqual(sorted(await rows(using)), [
        [1, `R${n}`],
        [2, n],
      ]);
      const cond = df
        .alias("x")
        .join(
          right.alias("y"),
          F.expr(`x.${quoteName(k)} = y.${quoteName(k)} AND y.${quoteName(`${n}_r`)} <> ${sqlString(n)}`),
          "left",
        )
        .select(F.col(`x.${quoteName(k)}`), F.col(`y.${quoteName(`${n}_r`)}`));
      assert.deepEqual(
        sorted(await rows(cond)),
        sorted([
          [1, `R${n}`],
          [2, null],
          [null, null],
        ]),
      );

      // orderBy on the hostile column.
      assert.deepEqual(await rows(df.orderBy(c(k).desc_nulls_last()).select(c(k))), [[2], [1], [null]]);

      // explode an array column under a hostile alias.
      const exploded = df.select(c(k), F.explode(c(arr)).alias(`${n}_e`));
      assert.deepEqual(exploded.columns, [k, `${n}_e`]);
      assert.deepEqual(await rows(exploded), [
        [1, 1],
        [1, 2],
      ]);

      // withColumnRenamed to another hostile name, then filter on it.
      const renamed = df.withColumnRenamed(k, `${n}\u2028renamed`);
      assert.equal(renamed.columns[0], `${n}\u2028renamed`);
      assert.deepEqual(await rows(renamed.filter(c(`${n}\u2028renamed`).gt(1)).select(c(s))), [["other"]]);

      // Struct fields named with hostile text, read by name; a new struct with hostile field names.
      assert.deepEqual(await rows(df.select(c(st).getField(n))), [[10], [20], [null]]);
      assert.deepEqual(await rows(df.select(c(st).getField(`${n}2`))), [[n], ["x"], [null]]);
      // (`${n}!`, not n: struct() names a field "" given alias("") col2 — reported separately.)
      const built = df.select(F.struct(c(k).alias(`${n}f`), F.lit(n).alias(`${n}!`)).alias("st2"));
      assert.deepEqual(
        await rows(built.select(F.col("st2").getField(`${n}f`), F.col("st2").getField(`${n}!`))),
        [
          [1, n],
          [2, n],
          [null, n],
        ],
      );

      // Map keys holding hostile text, from data and from create_map of literals.
      assert.deepEqual(await rows(df.select(c(m).getItem(n))), [[7], [null], [null]]);
      const made = await rows(df.limit(1).select(F.create_map(F.lit(n), c(k)).alias("m2")));
      assert.deepEqual(made, [[new MapValue([n], [1])]]);
      assert.deepEqual(await rows(df.select(F.create_map(F.lit(n), c(k)).getItem(n).alias(n))), [
        [1],
        [2],
        [null],
      ]);

      // SQL text: a hostile string literal under a hostile quoted alias.
      const viaSql = spark.sql(
        `SELECT ${sqlString(n)} AS ${quoteName(n)}, length(${sqlString(n)}) AS ${quoteName(`${n}#`)}`,
      );
      assert.deepEqual(viaSql.columns, [n, `${n}#`]);
      assert.deepEqual(await rows(viaSql), [[n, [...n].length]]);

      assert.equal((globalThis as { pwned?: unknown }).pwned, undefined);
    });
  }
}

test("SQL SELECT 'x' AS `we\"ird` with a filter and group by over a view", async () => {
  const spark = session(true);
  const out = spark.sql(
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-literal opener is the hostile input under test
    "SELECT `we\"ird`, count(*) AS `c*/` FROM (SELECT 'x' AS `we\"ird` UNION ALL SELECT '${1}' UNION ALL SELECT 'x') " +
      'WHERE `we"ird` <> \'</script>\' GROUP BY `we"ird` ORDER BY `we"ird`',
  );
  assert.deepEqual(out.columns, ['we"ird', "c*/"]);
  assert.deepEqual(await out.collectInternal(), [
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-literal opener is the hostile input under test
    ["${1}", 1],
    ["x", 2],
  ]);
});

test("no generated source contains any user-supplied text", () => {
  assert.ok(sources.length > 50, `expected many generated sources, got ${sources.length}`);
  for (const src of sources) {
    const body = src.replace('"use strict";', "");
    for (const marker of MARKERS) {
      assert.ok(!body.includes(marker), `generated source contains ${JSON.stringify(marker)}:\n${src}`);
    }
  }
});

test("explain codegen shows the generated source without user text", () => {
  const spark = session(true);
  for (const n of HOSTILE) {
    const { df, k, s } = hostileTable(spark, n);
    const q = df
      .filter(F.col(quoteName(s)).equalTo(F.lit(n)))
      .select(F.col(quoteName(k)).plus(1).alias(n), F.lit(n).alias(`${n}2`));
    const text = q.explainString("codegen");
    assert.match(text, /Found 1 WholeStageCodegen subtrees/);
    const generated = text.slice(text.indexOf('"use strict"'));
    assert.ok(generated.includes("function generated("));
    for (const marker of MARKERS) {
      if (marker === '"') continue; // the "use strict" directive is fixed text
      assert.ok(!generated.includes(marker), `explain codegen contains ${JSON.stringify(marker)}`);
    }
  }
});

test("plans that differ only in literal values share compiled code", async () => {
  const spark = session(true);
  const df = spark.createDataFrame(
    [
      [1, "a"],
      [2, "b"],
    ],
    "k INT, s STRING",
  );
  const query = (lit: string, threshold: number) =>
    df
      .filter(F.col("k").geq(threshold))
      .select(F.concat(F.col("s"), F.lit(lit)).alias("x"), F.col("k").plus(threshold).alias("y"));
  assert.deepEqual(await query("'); process.exit(1); ('", 1).collectInternal(), [
    ["a'); process.exit(1); ('", 2],
    ["b'); process.exit(1); ('", 3],
  ]);
  const shapes = compiledShapeCount();
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-literal opener is the hostile input under test
  assert.deepEqual(await query("${x}", 2).collectInternal(), [["b${x}", 4]]);
  assert.deepEqual(await query("</script>", 0).collectInternal(), [
    ["a</script>", 1],
    ["b</script>", 2],
  ]);
  assert.equal(compiledShapeCount(), shapes, "a new literal value must not compile a new shape");
});
