/**
 * `describe()` and `summary()`: basic statistics of numeric and string columns, every cell
 * rendered as a string, with a leading `summary` column (Spark's StatFunctions.summary).
 */
import { TsparkError } from "../common/errors.js";
import { isNumeric, StructField, StructType, STRING } from "../types/data-type.js";
import type { Column } from "./column.js";
import type { DataFrame } from "./data-frame.js";
import * as F from "./functions/index.js";

const DEFAULT_STATS = ["count", "mean", "stddev", "min", "25%", "50%", "75%", "max"];

/** Builds the statistics table for `stats` over `cols` (all numeric and string columns when empty). */
export function summarize(df: DataFrame, stats: readonly string[], cols: readonly string[]): DataFrame {
  const fields = df.schema.fields.filter(
    (f) =>
      (cols.length === 0 || cols.some((c) => c.toLowerCase() === f.name.toLowerCase())) &&
      (isNumeric(f.dataType) || f.dataType.kind === "string"),
  );
  const wanted = stats.length === 0 ? DEFAULT_STATS : stats;
  const aggs: Column[] = [];
  for (const stat of wanted) {
    for (const f of fields) {
      const c = F.col(`\`${f.name.replace(/`/g, "``")}\``);
      const numeric = isNumeric(f.dataType);
      aggs.push(statExpr(stat, c, numeric).cast("string").alias(`_s${aggs.length}`));
    }
  }
  const schema = new StructType([
    new StructField("summary", STRING, true),
    ...fields.map((f) => new StructField(f.name, STRING, true)),
  ]);
  return reshape(df, wanted, fields.length, aggs, schema);
}

function statExpr(stat: string, c: Column, numeric: boolean): Column {
  const nullString = F.lit(null).cast("string");
  switch (stat) {
    case "count":
      return F.count(c);
    case "mean":
      return numeric ? F.avg(c) : nullString;
    case "stddev":
      return numeric ? F.stddev(c) : nullString;
    case "min":
      return F.min(c);
    case "max":
      return F.max(c);
    case "count_distinct":
      return F.count_distinct(c);
    case "approx_count_distinct":
      return F.approx_count_distinct(c);
    default: {
      const m = /^(\d+(?:\.\d+)?)%$/.exec(stat);
      if (!m) {
        throw new TsparkError("ILLEGAL_ARGUMENT", {
          messageParameters: { message: `${stat} is not a recognised statistic` },
        });
      }
      return numeric ? F.percentile_approx(c, Number(m[1]) / 100, 10000) : nullString;
    }
  }
}

/** One global aggregation, then its single row reshaped to one row per statistic. */
function reshape(
  df: DataFrame,
  stats: readonly string[],
  width: number,
  aggs: readonly Column[],
  schema: StructType,
): DataFrame {
  const spark = df.sparkSession;
  if (width === 0)
    return spark.createDataFrame(
      stats.map((s) => [s]),
      new StructType([schema.fields[0]!]),
    );
  const agg = df.agg(...aggs);
  const rows = stats.map((s, i) => [
    F.lit(s),
    ...Array.from({ length: width }, (_, j) => agg.col(`_s${i * width + j}`)),
  ]);
  let out: DataFrame | undefined;
  for (const r of rows) {
    const one = agg.select(...r.map((c, j) => c.alias(schema.fields[j]!.name)));
    out = out ? out.union(one) : one;
  }
  return out!;
}
