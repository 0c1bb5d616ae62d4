/**
 * The state schemas of stateful operators as Spark records them: a streaming aggregation's value
 * row is the aggregation buffers of its aggregate functions (Spark's `aggBufferAttributes`, state
 * format 2 stores the partial-merge output without the keys), and keys are the grouping or
 * deduplication attributes. tspark keeps one opaque buffer per aggregate call; the schema written
 * to the checkpoint names and types the fields Spark's function keeps, so a checkpoint describes
 * its state as Spark's does and a changed aggregate (another function, another input type) is a
 * changed value schema.
 */
import type { AggregateCall, AttributeReference, Expression } from "../../expressions/expression.js";
import { explainSql } from "../../expressions/display.js";
import { nullableOf, typeOf } from "../../expressions/typing.js";
import { boundedDecimal } from "../../types/coercion.js";
import {
  BINARY,
  BOOLEAN,
  DAY_TIME_INTERVAL,
  type DataType,
  DOUBLE,
  LONG,
  StructField,
  StructType,
  YEAR_MONTH_INTERVAL,
} from "../../types/data-type.js";

/** Attributes as a struct: names, types, nullability and metadata (Spark's `toStructType`). */
export function attributesSchema(attrs: readonly AttributeReference[]): StructType {
  return new StructType(attrs.map((a) => new StructField(a.name, a.dataType, a.nullable, a.metadata ?? {})));
}

/** Expressions as a struct (deduplication keys; they are attributes in every plan Spark builds). */
export function expressionsSchema(exprs: readonly Expression[]): StructType {
  return new StructType(
    exprs.map((e) =>
      e.kind === "attribute"
        ? new StructField(e.name, e.dataType, e.nullable, e.metadata ?? {})
        : new StructField(explainSql(e), typeOf(e), nullableOf(e)),
    ),
  );
}

/** A streaming aggregation's state value: every call's buffer fields, in call order. */
export function aggregationStateValueSchema(aggregates: readonly AggregateCall[]): StructType {
  return new StructType(aggregates.flatMap(aggregateBufferFields));
}

const field = (name: string, t: DataType, nullable = true): StructField => new StructField(name, t, nullable);
const doubles = (...names: string[]): StructField[] => names.map((n) => field(n, DOUBLE, false));

// Spark's TypedImperativeAggregate keeps its object serialized in one binary field.
const OBJECT_BUFFER = [field("buf", BINARY)];

/**
 * The buffer fields of one aggregate call, as Spark's function declares them (after Spark
 * replaces runtime-replaceable aggregates: `count_if` is a `count`, `bool_and` a `min`, …).
 */
export function aggregateBufferFields(call: AggregateCall): StructField[] {
  const arg = (i: number): DataType => typeOf(call.args[i]!);
  const result = call.dataType ?? DOUBLE;
  switch (call.name.toLowerCase()) {
    case "count":
    case "count_if":
    case "regr_count":
      return [field("count", LONG, false)];
    case "sum":
      return result.kind === "decimal"
        ? [field("sum", result), field("isEmpty", BOOLEAN, false)]
        : [field("sum", result)];
    case "try_sum":
      // try_sum tracks emptiness wherever an overflow can make the result NULL.
      return result.kind === "decimal" ||
        result.kind === "long" ||
        result.kind === "day_time_interval" ||
        result.kind === "year_month_interval"
        ? [field("sum", result), field("isEmpty", BOOLEAN, false)]
        : [field("sum", result)];
    case "avg":
    case "mean":
    case "try_avg":
      return averageBuffer(arg(0));
    case "regr_avgx":
      return averageBuffer(arg(1));
    case "regr_avgy":
      return averageBuffer(arg(0));
    case "min":
    case "bool_and":
    case "every":
      return [field("min", arg(0))];
    case "max":
    case "bool_or":
    case "some":
    case "any":
      return [field("max", arg(0))];
    case "first":
    case "first_value":
    case "any_value":
      return [field("first", arg(0)), field("valueSet", BOOLEAN)];
    case "last":
    case "last_value":
      return [field("last", arg(0)), field("valueSet", BOOLEAN)];
    case "max_by":
    case "min_by":
      return [field("valueWithExtremumOrdering", arg(0)), field("extremumOrdering", arg(1))];
    case "bit_and":
    case "bit_or":
    case "bit_xor":
      return [field(call.name.toLowerCase(), arg(0))];
    case "product":
      return [field("product", DOUBLE)];
    case "stddev":
    case "std":
    case "stddev_samp":
    case "stddev_pop":
    case "variance":
    case "var_samp":
    case "var_pop":
    case "regr_sxx":
    case "regr_syy":
      return doubles("n", "avg", "m2");
    case "skewness":
      return doubles("n", "avg", "m2", "m3");
    case "kurtosis":
      return doubles("n", "avg", "m2", "m3", "m4");
    case "covar_pop":
    case "covar_samp":
    case "regr_sxy":
      return doubles("n", "xAvg", "yAvg", "ck");
    case "corr":
    case "regr_r2":
      return doubles("n", "xAvg", "yAvg", "ck", "xMk", "yMk");
    case "regr_slope":
    case "regr_intercept":
      // A population covariance's buffer followed by a population variance's.
      return [...doubles("n", "xAvg", "yAvg", "ck"), ...doubles("n", "avg", "m2")];
    case "approx_count_distinct":
      return hyperLogLogWords(call);
    case "bitmap_construct_agg":
    case "bitmap_or_agg":
      return [field("bitmap", BINARY, false)];
    default:
      // collect_list/set, percentile(s), median, mode, histogram_numeric, listagg, … keep an object.
      return OBJECT_BUFFER;
  }
}

/** Spark's Average buffer: the sum (a widened decimal, the interval, or a double) and the count. */
function averageBuffer(input: DataType): StructField[] {
  let sum: DataType = DOUBLE;
  if (input.kind === "decimal") sum = boundedDecimal(input.precision + 10, input.scale);
  else if (input.kind === "year_month_interval") sum = YEAR_MONTH_INTERVAL;
  else if (input.kind === "day_time_interval") sum = DAY_TIME_INTERVAL;
  return [field("sum", sum), field("count", LONG)];
}

/**
 * HyperLogLog++'s registers packed into longs `MS[0]`…: 2^p six-bit registers, ten per word, with
 * p from the relative standard deviation (default 0.05: p = 9, 52 words).
 */
function hyperLogLogWords(call: AggregateCall): StructField[] {
  const given = call.args[1];
  let rsd = 0.05;
  if (given?.kind === "literal" && given.value !== null) rsd = Number(given.value);
  const p = Math.max(4, Math.ceil((2 * Math.log(1.106 / rsd)) / Math.log(2)));
  const words = Math.ceil((1 << p) / 10);
  return Array.from({ length: words }, (_, i) => field(`MS[${i}]`, LONG));
}
