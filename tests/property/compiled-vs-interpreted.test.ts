/**
 * Property test: generated code and the interpreter give the same answers. Random small tables
 * (every column type, edge values, ~20% NULLs) and random queries over every physical operator run
 * in two sessions, `tspark.codegen.enabled=true` and `=false`; results must be equal (multisets,
 * or exact order after ORDER BY) and errors must carry the same error class.
 *
 * Replay a failure with the seed and kind its message prints:
 *   TSPARK_PROP_SEED=<seed> TSPARK_PROP_KIND=<kind> node --import tsx --test tests/property/compiled-vs-interpreted.test.ts
 * `TSPARK_PROP_CASES=<n>` changes the number of cases per kind.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  type DataFrame,
  functions as F,
  ManualClock,
  SparkSession,
  TsparkError,
  udf,
} from "../../src/index.js";
import { SparkTimestamp } from "../../src/data/external.js";
import { MapValue } from "../../src/data/values.js";

// ---- seeded PRNG (mulberry32) --------------------------------------------------------------------

/** A small deterministic random source; the same seed replays the same case. */
class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** An integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)] as T;
  }
  /** A random subset in random order, at least `min` long. */
  some<T>(xs: readonly T[], min = 1, max = xs.length): T[] {
    const copy = [...xs];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
    }
    return copy.slice(0, this.int(min, Math.min(max, copy.length)));
  }
}

// ---- random tables -------------------------------------------------------------------------------

const SCHEMA =
  "k INT, i INT, l BIGINT, d DOUBLE, s STRING, bo BOOLEAN, dt DATE, ts TIMESTAMP, dec DECIMAL(10,2), arr ARRAY<INT>, st STRUCT<a:INT,b:STRING>, m MAP<STRING,INT>";

type Ty =
  | "int"
  | "long"
  | "double"
  | "string"
  | "boolean"
  | "date"
  | "timestamp"
  | "decimal"
  | "array"
  | "struct"
  | "map";

const COLUMNS: Readonly<Record<Ty, readonly string[]>> = {
  int: ["k", "i"],
  long: ["l"],
  double: ["d"],
  string: ["s"],
  boolean: ["bo"],
  date: ["dt"],
  timestamp: ["ts"],
  decimal: ["dec"],
  array: ["arr"],
  struct: ["st"],
  map: ["m"],
};
/** Columns every operator accepts (maps cannot be grouped, compared or de-duplicated in Spark). */
const ALL_COLUMNS = ["k", "i", "l", "d", "s", "bo", "dt", "ts", "dec", "arr", "st"];
/** Columns whose values can be compared, grouped and sorted by every operator. */
const ATOMIC_COLUMNS = ["k", "i", "l", "d", "s", "bo", "dt", "ts", "dec"];

const STRINGS = ["", "a", "abc", "ABC", "ß", "日本語", "😀x", "a b", " pad ", "it's", "%_", "Ab"];
const DAY_MICROS = 86_400_000_000;

function nullable<T>(rng: Rng, make: () => T): T | null {
  return rng.chance(0.2) ? null : make();
}

function randomInt(rng: Rng): number {
  return rng.chance(0.15)
    ? rng.pick([2147483647, -2147483648, 0, 1, -1])
    : rng.chance(0.2)
      ? rng.int(-2147483648, 2147483647)
      : rng.int(-20, 20);
}

function randomLong(rng: Rng): number | bigint {
  const edge: (number | bigint)[] = [
    9223372036854775807n,
    -9223372036854775808n,
    9007199254740992n,
    -9007199254740993n,
    9007199254740991,
    0,
    -1,
  ];
  if (rng.chance(0.2)) return rng.pick(edge);
  if (rng.chance(0.2))
    return BigInt(rng.int(-(2 ** 30), 2 ** 30)) * 4_294_967_296n + BigInt(rng.int(0, 2 ** 31));
  return rng.int(-1000, 1000);
}

function randomDouble(rng: Rng): number {
  if (rng.chance(0.25))
    return rng.pick([Number.NaN, -0, 0, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e308]);
  return rng.chance(0.5) ? rng.int(-10, 10) / 2 : (rng.next() - 0.5) * 1e6;
}

function randomRow(rng: Rng): unknown[] {
  return [
    nullable(rng, () => rng.int(0, 4)),
    nullable(rng, () => randomInt(rng)),
    nullable(rng, () => randomLong(rng)),
    nullable(rng, () => randomDouble(rng)),
    nullable(rng, () => rng.pick(STRINGS)),
    nullable(rng, () => rng.chance(0.5)),
    nullable(rng, () => new SparkTimestamp(rng.int(-800, 25_000) * DAY_MICROS)),
    nullable(rng, () => new SparkTimestamp(rng.int(-2_000_000, 2_000_000) * 1_000_000 + rng.int(0, 999_999))),
    nullable(
      rng,
      () =>
        `${rng.chance(0.3) ? "-" : ""}${rng.int(0, rng.chance(0.2) ? 99_999_999 : 999)}.${rng.int(0, 99)}`,
    ),
    nullable(rng, () =>
      Array.from({ length: rng.int(0, 3) }, () => (rng.chance(0.15) ? null : rng.int(-3, 3))),
    ),
    nullable(rng, () => [nullable(rng, () => rng.int(-5, 5)), nullable(rng, () => rng.pick(STRINGS))]),
    nullable(
      rng,
      () => new Map(rng.some(STRINGS, 0, 3).map((k) => [k, nullable(rng, () => rng.int(-9, 9))])),
    ),
  ];
}

function randomTable(rng: Rng): unknown[][] {
  const n = rng.chance(0.1) ? 0 : rng.chance(0.3) ? rng.int(1, 5) : rng.int(6, 60);
  return Array.from({ length: n }, () => randomRow(rng));
}

// ---- random expressions (SQL text) ---------------------------------------------------------------

function sqlString(s: string): string {
  return `'${s.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;
}

function literal(rng: Rng, t: Ty): string {
  switch (t) {
    case "int":
      return rng.chance(0.1) ? "CAST(NULL AS INT)" : String(rng.pick([0, 1, 2, -1, 3, 2147483647]));
    case "long":
      return rng.pick(["0L", "7L", "-1L", "9223372036854775807L", "9007199254740993L"]);
    case "double":
      return rng.pick(["0.0D", "1.5D", "-2.25D", "1.0E300D", "CAST(NULL AS DOUBLE)"]);
    case "string":
      return sqlString(rng.pick(STRINGS));
    case "boolean":
      return rng.pick(["true", "false", "CAST(NULL AS BOOLEAN)"]);
    case "date":
      return rng.pick(["DATE '2020-02-29'", "DATE '1969-12-31'", "DATE '2024-01-01'"]);
    case "timestamp":
      return rng.pick(["TIMESTAMP '2020-02-29 12:34:56'", "TIMESTAMP '1969-12-31 23:59:59.999999'"]);
    case "decimal":
      return rng.pick(["1.50BD", "0.01BD", "-99999999.99BD", "CAST(NULL AS DECIMAL(10,2))"]);
    case "array":
      return rng.pick(["array(1, 2)", "CAST(array() AS ARRAY<INT>)", "array(CAST(NULL AS INT), 0)"]);
    case "struct":
      return rng.pick(["named_struct('a', 1, 'b', 'x')", "named_struct('a', CAST(NULL AS INT), 'b', '')"]);
    case "map":
      return rng.pick([
        "map('a', 1)",
        "CAST(map() AS MAP<STRING,INT>)",
        "map('', CAST(NULL AS INT), 'ß', 2)",
      ]);
  }
}

/** A random SQL expression of type `t` over the table columns (qualified with `q` when given). */
function expr(
  rng: Rng,
  t: Ty,
  depth: number,
  q = "",
  cols: Readonly<Record<Ty, readonly string[]>> = COLUMNS,
): string {
  const e = (tt: Ty): string => expr(rng, tt, depth - 1, q, cols);
  if (depth <= 0 || rng.chance(0.3)) {
    const names = cols[t];
    return rng.chance(0.8) && names.length > 0 ? `${q}${rng.pick(names)}` : literal(rng, t);
  }
  const common = (): string =>
    rng.pick([
      () => `CASE WHEN ${e("boolean")} THEN ${e(t)} WHEN ${e("boolean")} THEN ${e(t)} ELSE ${e(t)} END`,
      () => `CASE WHEN ${e("boolean")} THEN ${e(t)} END`,
      () => `coalesce(${e(t)}, ${e(t)})`,
      () => `if(${e("boolean")}, ${e(t)}, ${e(t)})`,
      () => `nullif(${e(t)}, ${e(t)})`,
    ])();
  if (rng.chance(0.15)) return common();
  switch (t) {
    case "int":
      return rng.pick([
        () => `(${e("int")} + ${e("int")})`,
        () => `(${e("int")} - ${e("int")})`,
        () => `(${e("int")} * ${e("int")})`,
        () => `(${e("int")} % ${e("int")})`,
        () => `(${e("int")} div ${e("int")})`,
        () => `abs(${e("int")})`,
        () => `(- ${e("int")})`,
        () => `length(${e("string")})`,
        () => `try_cast(${e("string")} AS INT)`,
        () => `CAST(${e("double")} AS INT)`,
        () => `CAST(${e("long")} AS INT)`,
        () => (cols.struct.length > 0 ? `${q}${rng.pick(cols.struct)}.a` : e("int")),
        () => `size(${e("array")})`,
        () => `try_element_at(${e("array")}, ${rng.int(-2, 3)})`,
        () => `year(${e("date")})`,
        () => `datediff(${e("date")}, ${e("date")})`,
        () => `greatest(${e("int")}, ${e("int")}, ${e("int")})`,
        () => `hour(${e("timestamp")})`,
        () => `${e("map")}[${e("string")}]`,
        () =>
          `aggregate(${e("array")}, CAST(${e("int")} AS INT), (lacc, lx) -> CAST(lacc + coalesce(lx, ${e("int")}) AS INT))`,
        () => `size(${e("map")})`,
        () => `element_at(${e("map")}, ${sqlString(rng.pick(STRINGS))})`,
      ])();
    case "long":
      return rng.pick([
        () => `(${e("long")} + ${e("long")})`,
        () => `(${e("long")} * ${e("int")})`,
        () => `(${e("long")} - ${e("int")})`,
        () => `CAST(${e("int")} AS BIGINT)`,
        () => `abs(${e("long")})`,
        () => `unix_micros(${e("timestamp")})`,
        () => `try_add(${e("long")}, ${e("long")})`,
        () => `CAST(${e("decimal")} AS BIGINT)`,
      ])();
    case "double":
      return rng.pick([
        () => `(${e("double")} + ${e("double")})`,
        () => `(${e("double")} * ${e("double")})`,
        () => `(${e("double")} / ${e("double")})`,
        () => `(${e("int")} / ${e("int")})`,
        () => `sqrt(${e("double")})`,
        () => `CAST(${e("long")} AS DOUBLE)`,
        () => `round(${e("double")}, 1)`,
        () => `nanvl(${e("double")}, ${e("double")})`,
        () => `CAST(${e("decimal")} AS DOUBLE)`,
        () => `try_divide(${e("double")}, ${e("double")})`,
      ])();
    case "string":
      return rng.pick([
        () => `upper(${e("string")})`,
        () => `lower(${e("string")})`,
        () => `concat(${e("string")}, ${e("string")})`,
        () => `concat_ws('-', ${e("string")}, ${e("string")})`,
        () => `substring(${e("string")}, ${rng.int(-2, 3)}, ${rng.int(0, 3)})`,
        () => `trim(${e("string")})`,
        () => `reverse(${e("string")})`,
        () => `replace(${e("string")}, 'a', 'xy')`,
        () => `lpad(${e("string")}, 4, '*')`,
        () =>
          `CAST(${e(rng.pick<Ty>(["int", "long", "double", "boolean", "date", "timestamp", "decimal", "array", "struct", "map"]))} AS STRING)`,
        () => (cols.struct.length > 0 ? `${q}${rng.pick(cols.struct)}.b` : e("string")),
      ])();
    case "boolean": {
      const cmp = rng.pick<Ty>([
        "int",
        "long",
        "double",
        "string",
        "date",
        "timestamp",
        "decimal",
        "boolean",
      ]);
      return rng.pick([
        () => `(${e(cmp)} ${rng.pick(["=", "<", "<=", ">", ">=", "<>", "<=>", "!="])} ${e(cmp)})`,
        () => `(${e("boolean")} AND ${e("boolean")})`,
        () => `(${e("boolean")} OR ${e("boolean")})`,
        () => `(NOT ${e("boolean")})`,
        () => `(${e(cmp)} IS NULL)`,
        () => `(${e(cmp)} IS NOT NULL)`,
        () => `(${e("int")} IN (1, 2, CAST(NULL AS INT)))`,
        () => `(${e("int")} IN (0, 3))`,
        () => `(${e("double")} BETWEEN -1.0D AND 2.5D)`,
        () => `(${e("string")} LIKE ${rng.pick(["'a%'", "'%b%'", "'_'", "''"])})`,
        () => `isnan(${e("double")})`,
        () => `array_contains(${e("array")}, ${e("int")})`,
        () => `startswith(${e("string")}, 'a')`,
        () => `map_contains_key(${e("map")}, ${e("string")})`,
        () => `exists(${e("array")}, lx -> lx > ${e("int")})`,
        () => `forall(${e("array")}, lx -> lx <> ${e("int")})`,
      ])();
    }
    case "date":
      return rng.pick([
        () => `date_add(${e("date")}, ${rng.int(-40, 40)})`,
        () => `CAST(${e("timestamp")} AS DATE)`,
        () => `last_day(${e("date")})`,
      ])();
    case "timestamp":
      return rng.pick([
        () => `CAST(${e("date")} AS TIMESTAMP)`,
        () => `date_trunc('HOUR', ${e("timestamp")})`,
      ])();
    case "decimal":
      return rng.pick([
        () => `CAST((${e("decimal")} + ${e("decimal")}) AS DECIMAL(10,2))`,
        () => `CAST((${e("decimal")} * ${e("int")}) AS DECIMAL(10,2))`,
        () => `CAST(${e("int")} AS DECIMAL(10,2))`,
        () => `abs(${e("decimal")})`,
      ])();
    case "array":
      return rng.pick([
        () => `array(${e("int")}, ${e("int")})`,
        () => `array_distinct(${e("array")})`,
        () => `map_values(${e("map")})`,
        // Higher-order functions: lambda bodies read outer columns, nest and shadow.
        () => `transform(${e("array")}, lx -> lx + ${e("int")})`,
        () => `transform(${e("array")}, (lx, lj) -> CASE WHEN lx IS NULL THEN lj ELSE lx * ${e("int")} END)`,
        () => `filter(${e("array")}, lx -> lx > ${e("int")})`,
        () => `zip_with(${e("array")}, ${e("array")}, (lx, ly) -> coalesce(lx, 0) - ly)`,
        () =>
          `transform(${e("array")}, lx -> aggregate(${e("array")}, lx, (lacc, ly) -> CAST(lacc + ly * ${e("int")} AS INT)))`,
        () => `transform(${e("array")}, lx -> size(filter(${e("array")}, lx -> lx > 0)))`,
        () => `sort_array(${e("array")})`,
      ])();
    case "struct":
      return `named_struct('a', ${e("int")}, 'b', ${e("string")})`;
    case "map":
      return rng.pick([
        () => `map('x', ${e("int")})`,
        () => `map_filter(${e("map")}, (lk, lv) -> lv > ${e("int")} OR lk = ${e("string")})`,
        () => `transform_values(${e("map")}, (lk, lv) -> lv * ${e("int")})`,
        () => `map(${sqlString(rng.pick(STRINGS))}, ${e("int")}, 'y', ${e("int")})`,
      ])();
  }
}

const ALL_TYPES: readonly Ty[] = [
  "int",
  "long",
  "double",
  "string",
  "boolean",
  "date",
  "timestamp",
  "decimal",
  "array",
  "struct",
  "map",
];

// ---- random queries ------------------------------------------------------------------------------

/** A query whose random choices are already made; `build` runs it in one session. */
interface Query {
  readonly text: string;
  /** True when the result order is defined (ORDER BY at the top). */
  readonly ordered: boolean;
  readonly build: (spark: SparkSession) => DataFrame;
}

function sqlQuery(text: string, ordered = false): Query {
  return { text, ordered, build: (spark) => spark.sql(text) };
}

function sortKeys(rng: Rng, q = ""): string {
  return rng
    .some(ATOMIC_COLUMNS, 1, 3)
    .map(
      (c) =>
        `${rng.chance(0.2) ? expr(rng, "int", 1, q) : `${q}${c}`} ${rng.pick(["", "ASC", "DESC"])} ${rng.pick(["", "NULLS FIRST", "NULLS LAST"])}`,
    )
    .join(", ");
}

/** Every key orders all columns after the random ones, so ties cannot hide an ordering difference. */
function totalOrder(rng: Rng): string {
  return `${sortKeys(rng)}, ${ATOMIC_COLUMNS.join(", ")}`;
}

/** UDFs for the pipeline kind; they see user-facing values (null in, null out). */
const UDFS = {
  twice: udf((x: number | null) => (x === null ? null : (x * 2) | 0), "int"),
  tag: udf((x: string | null, y: number | null) => `${x ?? "?"}#${y ?? "?"}`, "string"),
};

const JOIN_TYPES = ["inner", "left", "right", "full", "left_semi", "left_anti", "cross"];

const QUERY_KINDS: Readonly<Record<string, (rng: Rng) => Query>> = {
  project: (rng) => {
    const n = rng.int(1, 4);
    const cols = Array.from(
      { length: n },
      (_, j) => `${expr(rng, rng.pick(ALL_TYPES), rng.int(1, 3))} AS c${j}`,
    );
    return sqlQuery(`SELECT ${cols.join(", ")} FROM ${rng.pick(["t0", "t1"])}`);
  },
  filter: (rng) => {
    const inner = rng.chance(0.3)
      ? `(SELECT *, ${expr(rng, "int", 2)} AS e FROM t0 WHERE ${expr(rng, "boolean", 2)})`
      : "t0";
    return sqlQuery(`SELECT * FROM ${inner} AS x WHERE ${expr(rng, "boolean", rng.int(1, 3))}`);
  },
  aggregate: (rng) => {
    const aggs = rng
      .some(
        [
          "count(*)",
          `count(${rng.pick(ALL_COLUMNS)})`,
          "sum(i)",
          "sum(l)",
          "sum(dec)",
          "avg(d)",
          "avg(i)",
          "avg(dec)",
          `min(${rng.pick(ATOMIC_COLUMNS)})`,
          `max(${rng.pick(ATOMIC_COLUMNS)})`,
          "collect_list(i)",
          "collect_list(s)",
          `count(DISTINCT ${rng.pick(ATOMIC_COLUMNS)})`,
          `sum(${expr(rng, "int", 2)})`,
          `max(${expr(rng, "string", 2)})`,
        ],
        1,
        5,
      )
      .map((a, j) => `${a} AS a${j}`);
    const where = rng.chance(0.3) ? ` WHERE ${rng.chance(0.2) ? "false" : expr(rng, "boolean", 2)}` : "";
    if (rng.chance(0.25)) return sqlQuery(`SELECT ${aggs.join(", ")} FROM t0${where}`);
    const keys = rng.some(["k", "s", "bo", "dt", "dec", "d", "arr", "st", "(k % 2)", "upper(s)"], 1, 2);
    const having = rng.chance(0.2) ? " HAVING count(*) > 1" : "";
    return sqlQuery(
      `SELECT ${keys.map((g, j) => `${g} AS g${j}`).join(", ")}, ${aggs.join(", ")} FROM t0${where} GROUP BY ${keys.join(", ")}${having}`,
    );
  },
  sort: (rng) => sqlQuery(`SELECT * FROM t0 ORDER BY ${sortKeys(rng)}`, true),
  limit: (rng) => {
    const limit = rng.int(0, 12);
    const offset = rng.int(0, 8);
    if (rng.chance(0.5)) {
      return sqlQuery(
        `SELECT k, i, s FROM t0 ORDER BY ${totalOrder(rng)} LIMIT ${limit}${rng.chance(0.5) ? ` OFFSET ${offset}` : ""}`,
        true,
      );
    }
    const keys = rng.some(ATOMIC_COLUMNS, 1, 3).map((c) => ({
      c,
      dir: rng.pick([
        "asc",
        "desc",
        "asc_nulls_first",
        "asc_nulls_last",
        "desc_nulls_first",
        "desc_nulls_last",
      ] as const),
    }));
    const rest = ATOMIC_COLUMNS.filter((c) => !keys.some((k) => k.c === c));
    return {
      text: `t0.orderBy(${keys.map((k) => `${k.c}.${k.dir}()`).join(", ")}, ${rest.join(", ")}).offset(${offset}).limit(${limit})`,
      ordered: true,
      build: (spark) =>
        spark
          .table("t0")
          .orderBy(...keys.map((k) => F.col(k.c)[k.dir]()), ...rest.map((c) => F.col(c)))
          .offset(offset)
          .limit(limit),
    };
  },
  join: (rng) => {
    const how = rng.pick(JOIN_TYPES);
    const cond = rng.pick([
      "x.k = y.k",
      "x.k <=> y.k",
      "x.k = y.k AND x.i < y.i",
      "x.k = y.k AND x.s = y.s",
      "x.i < y.i",
      "x.k + 1 = y.k",
      "x.s = y.s OR x.k = y.k",
      `x.k = y.k AND ${expr(rng, "boolean", 1, "x.")}`,
      `${expr(rng, "boolean", 2, "y.")}`,
    ]);
    const semi = how === "left_semi" || how === "left_anti";
    const cols = semi ? "x.k, x.i, x.s, x.arr" : "x.k, x.i, x.s, y.k AS yk, y.i AS yi, y.st";
    const noCond = how === "cross" && rng.chance(0.5);
    return {
      text: `SELECT ${cols} FROM t0 x ${how} JOIN t1 y${noCond ? "" : ` ON ${cond}`}`,
      ordered: false,
      build: (spark) => {
        const x = spark.table("t0").alias("x");
        const y = spark.table("t1").alias("y");
        const joined = noCond ? x.join(y, undefined, how) : x.join(y, F.expr(cond), how);
        return joined.select(...cols.split(", ").map((c) => F.expr(c)));
      },
    };
  },
  setop: (rng) => {
    const cols = rng.some(["k", "i", "s", "bo", "dt", "dec", "d", "arr", "st"], 1, 3).join(", ");
    const op = rng.pick(["UNION", "UNION ALL", "INTERSECT", "INTERSECT ALL", "EXCEPT", "EXCEPT ALL"]);
    const w = (): string => (rng.chance(0.3) ? ` WHERE ${expr(rng, "boolean", 1)}` : "");
    return sqlQuery(`SELECT ${cols} FROM t0${w()} ${op} SELECT ${cols} FROM t1${w()}`);
  },
  distinct: (rng) => {
    if (rng.chance(0.5)) {
      const cols = rng.some(ALL_COLUMNS, 1, 4).join(", ");
      return sqlQuery(`SELECT DISTINCT ${cols} FROM t0`);
    }
    const subset = rng.some(ALL_COLUMNS, 1, 3);
    return {
      text: `t0.dropDuplicates([${subset.join(", ")}])`,
      ordered: false,
      build: (spark) => spark.table("t0").dropDuplicates(subset),
    };
  },
  explode: (rng) => {
    const fn = rng.pick(["explode", "explode_outer", "posexplode", "posexplode_outer"]);
    const arg = rng.chance(0.7) ? "arr" : expr(rng, "array", 2);
    if (rng.chance(0.5)) return sqlQuery(`SELECT k, s, ${fn}(${arg}) FROM t0`);
    const outer = fn.endsWith("_outer") ? " OUTER" : "";
    const alias = fn.startsWith("pos") ? "p, e" : "e";
    return sqlQuery(
      `SELECT k, ${alias} FROM t0 LATERAL VIEW${outer} ${fn.replace("_outer", "")}(${arg}) v AS ${alias} WHERE ${expr(rng, "boolean", 1)} OR e IS NULL`,
    );
  },
  window: (rng) => {
    const part = rng.pick(["PARTITION BY k ", "PARTITION BY bo ", ""]);
    const order = `ORDER BY ${rng.pick(["i", "s DESC", "d", "dt NULLS LAST", "dec DESC NULLS FIRST"])}, ${ATOMIC_COLUMNS.join(", ")}`;
    const fns = rng
      .some(
        [
          `row_number() OVER (${part}${order})`,
          `rank() OVER (${part}ORDER BY ${rng.pick(["i", "s", "k"])})`,
          `dense_rank() OVER (${part}ORDER BY ${rng.pick(["i", "s", "k"])})`,
          `lag(${rng.pick(["i", "s", "st"])}, ${rng.int(1, 2)}) OVER (${part}${order})`,
          `lead(i) OVER (${part}${order})`,
          `sum(i) OVER (${part}${order} ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)`,
          `sum(l) OVER (${part}${order} ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING)`,
          `count(s) OVER (${part === "" ? "" : part.trim()})`,
          `max(${expr(rng, "int", 1)}) OVER (${part}${order})`,
        ],
        1,
        4,
      )
      .map((f, j) => `${f} AS w${j}`);
    return sqlQuery(`SELECT k, i, s, ${fns.join(", ")} FROM t0`);
  },
  pipeline: (rng) => {
    // A chain of DataFrame steps fused into one generated loop: later steps read columns that
    // earlier projections created, so row access across steps is exercised.
    const cols: Record<Ty, string[]> = Object.fromEntries(
      Object.entries(COLUMNS).map(([t, names]) => [t, [...names]]),
    ) as Record<Ty, string[]>;
    const steps: { text: string; apply: (df: DataFrame) => DataFrame }[] = [];
    let keep = [...ALL_COLUMNS];
    for (let n = rng.int(2, 5), j = 0; j < n; j++) {
      const r = rng.next();
      if (r < 0.4) {
        const t = rng.pick(ALL_TYPES);
        const e = expr(rng, t, rng.int(1, 3), "", cols);
        const name = `n${j}`;
        cols[t].push(name);
        keep.push(name);
        steps.push({ text: `.withColumn(${name}, ${e})`, apply: (df) => df.withColumn(name, F.expr(e)) });
      } else if (r < 0.65) {
        const e = expr(rng, "boolean", rng.int(1, 3), "", cols);
        steps.push({ text: `.filter(${e})`, apply: (df) => df.filter(e) });
      } else if (r < 0.8 && cols.int.length > 0 && cols.string.length > 0) {
        const name = `u${j}`;
        const arg = rng.pick(cols.int);
        const s2 = rng.pick(cols.string);
        const useTwice = rng.chance(0.5);
        cols[useTwice ? "int" : "string"].push(name);
        keep.push(name);
        steps.push({
          text: `.withColumn(${name}, ${useTwice ? `twice(${arg})` : `tag(${s2}, ${arg})`})`,
          apply: (df) => df.withColumn(name, useTwice ? UDFS.twice(arg) : UDFS.tag(F.col(s2), F.col(arg))),
        });
      } else {
        // Project to a subset; the typed column lists shrink with it.
        const subset = rng.some(keep, Math.min(3, keep.length));
        keep = [...subset];
        for (const t of ALL_TYPES) cols[t] = cols[t].filter((c) => subset.includes(c));
        steps.push({ text: `.select(${subset.join(", ")})`, apply: (df) => df.select(...subset) });
      }
    }
    return {
      text: `t0${steps.map((x) => x.text).join("")}`,
      ordered: false,
      build: (spark) => steps.reduce((df, x) => x.apply(df), spark.table("t0")),
    };
  },
  expand: (rng) => {
    // An Expand fused with the filters and projections around it: sliding windows (null times,
    // a slide that does or does not divide the window, a start offset) and grouping sets.
    const where = rng.chance(0.4) ? ` WHERE ${expr(rng, "boolean", 2)}` : "";
    if (rng.chance(0.5)) {
      const [size, slide] = rng.pick([
        [60, 20],
        [50, 20],
        [180, 60],
        [30, 7],
      ] as const);
      const start = rng.pick([0, 5, -3]);
      const aggs = rng.some(["count(*)", "sum(i)", "max(s)", "collect_list(k)"], 1, 2).join(", ");
      const keys = rng.some(["k", "bo", "s"], 0, 2);
      return sqlQuery(
        `SELECT window.start, window.end, ${[...keys, aggs].join(", ")} FROM t0${where} ` +
          `GROUP BY window(ts, '${size} minutes', '${slide} minutes', '${start} minutes')${keys.map((c) => `, ${c}`).join("")}`,
      );
    }
    const cols = rng.some(["k", "s", "bo", "dt"], 1, 3);
    const grouping = rng.pick([
      `ROLLUP(${cols.join(", ")})`,
      `CUBE(${cols.join(", ")})`,
      `GROUPING SETS ((${cols.join(", ")}), (${cols[0]}), ())`,
    ]);
    return sqlQuery(
      `SELECT ${cols.join(", ")}, grouping_id() AS gid, count(*) AS c, sum(i) AS si FROM t0${where} GROUP BY ${grouping}`,
    );
  },
  sample: (rng) => {
    const withReplacement = rng.chance(0.3);
    const fraction = rng.pick([0, 0.1, 0.5, 0.9, 1]) * (withReplacement ? 2 : 1);
    const seed = rng.int(0, 1000);
    const pre = rng.chance(0.5) ? expr(rng, "boolean", 2) : undefined;
    return {
      text: `t0${pre ? `.filter(${pre})` : ""}.sample({ withReplacement: ${withReplacement}, fraction: ${fraction}, seed: ${seed} })`,
      ordered: false,
      build: (spark) => {
        const t = spark.table("t0");
        return (pre ? t.filter(pre) : t).sample({ withReplacement, fraction, seed });
      },
    };
  },
};

// ---- running and comparing -----------------------------------------------------------------------

/** A canonical text for one internal value: distinguishes -0.0, NaN, bigint and number. */
function canon(v: unknown): string {
  if (v === null) return "NULL";
  if (v === undefined) return "UNDEFINED";
  if (typeof v === "number") return Object.is(v, -0) ? "-0" : `${v}`;
  if (typeof v === "bigint") return `${v}n`;
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "boolean") return `${v}`;
  if (Array.isArray(v)) return `[${v.map(canon).join(",")}]`;
  if (v instanceof MapValue)
    return `{${v.keys.map((k, i) => `${canon(k)}->${canon(v.values[i])}`).join(",")}}`;
  if (v instanceof Uint8Array) return `X'${Buffer.from(v).toString("hex")}'`;
  return `?${JSON.stringify(v)}`;
}

type Outcome = { readonly rows: string[] } | { readonly error: string };

async function run(spark: SparkSession, q: Query): Promise<Outcome> {
  try {
    const rows = (await q.build(spark).collectInternal()).map((r) => `(${r.map(canon).join(", ")})`);
    return { rows: q.ordered ? rows : rows.sort() };
  } catch (err) {
    if (process.env.TSPARK_PROP_VERBOSE === "2")
      process.stdout.write(
        `# ${String(err instanceof Error ? err.stack : err)
          .split("\n")
          .join("\n# ")}\n`,
      );
    if (err instanceof TsparkError) return { error: err.errorClass };
    // A non-Spark error is an engine bug in at least one mode; keep its text so both must agree.
    return {
      error: `${err instanceof Error ? err.name : typeof err}: ${err instanceof Error ? err.message : String(err)}`,
    };
  }
}

function newSession(codegen: boolean): SparkSession {
  return SparkSession.builder
    .config({ "spark.sql.session.timeZone": "UTC", "tspark.codegen.enabled": codegen })
    .withClock(new ManualClock(0))
    .create();
}

const compiled = newSession(true);
const interpreted = newSession(false);

const REPLAY_SEED =
  process.env.TSPARK_PROP_SEED === undefined ? undefined : Number(process.env.TSPARK_PROP_SEED);
const ONLY_KIND = process.env.TSPARK_PROP_KIND;
const CASES_PER_KIND = REPLAY_SEED === undefined ? Number(process.env.TSPARK_PROP_CASES ?? 60) : 1;
const BASE_SEED = Number(process.env.TSPARK_PROP_BASE ?? 20260101);

/** Error classes and counts seen, printed at the end so a drift towards all-error queries shows. */
const stats = { cases: 0, errors: new Map<string, number>() };

for (const [kindIndex, [kind, make]] of Object.entries(QUERY_KINDS).entries()) {
  if (ONLY_KIND !== undefined && ONLY_KIND !== kind) continue;
  test(`codegen on/off agree: ${kind}`, async () => {
    let errors = 0;
    for (let c = 0; c < CASES_PER_KIND; c++) {
      const seed = REPLAY_SEED ?? (BASE_SEED + c * 7919 + kindIndex * 104729) >>> 0;
      const rng = new Rng(seed);
      const t0 = randomTable(rng);
      const t1 = randomTable(rng);
      const ansi = rng.chance(0.75);
      const q = make(rng);
      const outcomes: Outcome[] = [];
      for (const spark of [compiled, interpreted]) {
        spark.conf.set("spark.sql.ansi.enabled", String(ansi));
        spark.createDataFrame(t0, SCHEMA).createOrReplaceTempView("t0");
        spark.createDataFrame(t1, SCHEMA).createOrReplaceTempView("t1");
        outcomes.push(await run(spark, q));
      }
      const [withCodegen, withInterpreter] = outcomes as [Outcome, Outcome];
      assert.deepEqual(
        withCodegen,
        withInterpreter,
        `codegen (actual) and interpreter (expected) differ for ${kind} case ${c}\n` +
          `  replay: TSPARK_PROP_SEED=${seed} TSPARK_PROP_KIND=${kind}\n  ansi=${ansi} rows: t0=${t0.length} t1=${t1.length}\n  query: ${q.text}`,
      );
      stats.cases++;
      if ("rows" in withCodegen) {
        // SQL NULL is `null` inside the engine, never `undefined` (data/values.ts).
        const bad = withCodegen.rows.find((r) => r.includes("UNDEFINED"));
        assert.equal(
          bad,
          undefined,
          `undefined value: replay: TSPARK_PROP_SEED=${seed} TSPARK_PROP_KIND=${kind}`,
        );
      }
      if ("error" in withCodegen) {
        // A case that fails to analyse compares nothing (a generator bug), and an internal or
        // non-Spark error is an engine bug even when both modes agree on it.
        assert.doesNotMatch(
          withCodegen.error,
          /^(UNRESOLVED_|PARSE_|DATATYPE_MISMATCH|AMBIGUOUS_|INVALID_EXTRACT_|INTERNAL_ERROR|[A-Za-z]*Error:)/,
          `${kind} case ${c}: replay: TSPARK_PROP_SEED=${seed} TSPARK_PROP_KIND=${kind}\n  query: ${q.text}`,
        );
      }
      if (process.env.TSPARK_PROP_VERBOSE) {
        const r = "rows" in withCodegen ? `${withCodegen.rows.length} rows` : withCodegen.error;
        process.stdout.write(`# ${kind} seed=${seed} ansi=${ansi} t0=${t0.length}: ${r} <- ${q.text}\n`);
      }
      if ("error" in withCodegen) {
        errors++;
        stats.errors.set(withCodegen.error, (stats.errors.get(withCodegen.error) ?? 0) + 1);
      }
    }
    // Guard against a generator that only produces failing queries: most cases must return rows.
    assert.ok(
      REPLAY_SEED !== undefined || errors <= CASES_PER_KIND * 0.6,
      `${kind}: ${errors} of ${CASES_PER_KIND} cases raised errors`,
    );
  });
}

test("summary", () => {
  const errs = [...stats.errors].map(([k, n]) => `${k}=${n}`).join(", ");
  process.stdout.write(
    `# ${stats.cases} random cases compared; errors (same in both modes): ${errs || "none"}\n`,
  );
});
