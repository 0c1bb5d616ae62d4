/**
 * PySpark-named wrappers for the aggregate function family (see functions/aggregate/ for the kernels).
 * Each wrapper only builds an unresolved call; argument order and defaults follow PySpark.
 */
import type { Expression } from "../../expressions/expression.js";
import { literal } from "../../expressions/literal.js";
import { DOUBLE } from "../../types/data-type.js";
import { aggFn, Column, type ColumnOrName, fn, fnExpr, litExpr, toExpr } from "./helpers.js";

/** `count(col)`; `count("*")` counts rows and is named `count(1)`, as in PySpark. */
export function count(col: ColumnOrName): Column {
  // Spark turns a count of any star (`*`, `df["*"]`, `s.*`) into `count(1)`.
  if (col === "*" || (col instanceof Column && col.expr.kind === "star")) {
    return fnExpr("count", litExpr(1));
  }
  return fn("count", col);
}

/** `count(DISTINCT col, …)`: the number of distinct non-null value combinations. */
export function count_distinct(col: ColumnOrName, ...cols: ColumnOrName[]): Column {
  return aggFn("count", true, col, ...cols);
}

/** PySpark's camel-case alias of `count_distinct`. */
export function countDistinct(col: ColumnOrName, ...cols: ColumnOrName[]): Column {
  return count_distinct(col, ...cols);
}

/** `count_if(col)`: the number of rows where the boolean column is true. */
export function count_if(col: ColumnOrName): Column {
  return fn("count_if", col);
}

/** `sum(col)`: the sum of the values. */
export function sum(col: ColumnOrName): Column {
  return fn("sum", col);
}

/** `sum(DISTINCT col)`: the sum of the distinct values. */
export function sum_distinct(col: ColumnOrName): Column {
  return aggFn("sum", true, col);
}

/** PySpark's deprecated camel-case alias of `sum_distinct`. */
export function sumDistinct(col: ColumnOrName): Column {
  return sum_distinct(col);
}

/** `avg(col)`: the mean of the values. */
export function avg(col: ColumnOrName): Column {
  return fn("avg", col);
}

/** `mean(col)`: alias of `avg`; the column is named `avg(col)` as in PySpark. */
export function mean(col: ColumnOrName): Column {
  return fn("avg", col);
}

/** `min(col)`: the smallest value. */
export function min(col: ColumnOrName): Column {
  return fn("min", col);
}

/** `max(col)`: the largest value. */
export function max(col: ColumnOrName): Column {
  return fn("max", col);
}

/** `max_by(col, ord)`: the value of `col` on the row with the largest `ord`. */
export function max_by(col: ColumnOrName, ord: ColumnOrName): Column {
  return fn("max_by", col, ord);
}

/** `min_by(col, ord)`: the value of `col` on the row with the smallest `ord`. */
export function min_by(col: ColumnOrName, ord: ColumnOrName): Column {
  return fn("min_by", col, ord);
}

/** `first(col, ignorenulls)`: the first value of a group (named `first(col)`). */
export function first(col: ColumnOrName, ignorenulls = false): Column {
  return fnExpr("first", toExpr(col), litExpr(ignorenulls));
}

/** `last(col, ignorenulls)`: the last value of a group (named `last(col)`). */
export function last(col: ColumnOrName, ignorenulls = false): Column {
  return fnExpr("last", toExpr(col), litExpr(ignorenulls));
}

/** `first_value(col, ignoreNulls)`: like `first`, named `first_value(col)`. */
export function first_value(col: ColumnOrName, ignoreNulls?: boolean | Column): Column {
  return withOptionalFlag("first_value", col, ignoreNulls);
}

/** `last_value(col, ignoreNulls)`: like `last`, named `last_value(col)`. */
export function last_value(col: ColumnOrName, ignoreNulls?: boolean | Column): Column {
  return withOptionalFlag("last_value", col, ignoreNulls);
}

/** `any_value(col, ignoreNulls)`: some value of a group. */
export function any_value(col: ColumnOrName, ignoreNulls?: boolean | Column): Column {
  return withOptionalFlag("any_value", col, ignoreNulls);
}

function withOptionalFlag(name: string, col: ColumnOrName, flag: boolean | Column | undefined): Column {
  if (flag === undefined) return fn(name, col);
  return fnExpr(name, toExpr(col), flag instanceof Column ? flag.expr : litExpr(flag));
}

/** `collect_list(col)`: the non-null values as an array. */
export function collect_list(col: ColumnOrName): Column {
  return fn("collect_list", col);
}

/** `array_agg(col)`: alias of `collect_list`. */
export function array_agg(col: ColumnOrName): Column {
  return fn("array_agg", col);
}

/** `collect_set(col)`: the distinct non-null values as an array. */
export function collect_set(col: ColumnOrName): Column {
  return fn("collect_set", col);
}

/** `stddev(col)`: the sample standard deviation. */
export function stddev(col: ColumnOrName): Column {
  return fn("stddev", col);
}

/** `std(col)`: alias of `stddev`. */
export function std(col: ColumnOrName): Column {
  return fn("std", col);
}

/** `stddev_samp(col)`: the sample standard deviation. */
export function stddev_samp(col: ColumnOrName): Column {
  return fn("stddev_samp", col);
}

/** `stddev_pop(col)`: the population standard deviation. */
export function stddev_pop(col: ColumnOrName): Column {
  return fn("stddev_pop", col);
}

/** `variance(col)`: the sample variance. */
export function variance(col: ColumnOrName): Column {
  return fn("variance", col);
}

/** `var_samp(col)`: the sample variance. */
export function var_samp(col: ColumnOrName): Column {
  return fn("var_samp", col);
}

/** `var_pop(col)`: the population variance. */
export function var_pop(col: ColumnOrName): Column {
  return fn("var_pop", col);
}

/** `skewness(col)`: the skewness of the values. */
export function skewness(col: ColumnOrName): Column {
  return fn("skewness", col);
}

/** `kurtosis(col)`: the excess kurtosis of the values. */
export function kurtosis(col: ColumnOrName): Column {
  return fn("kurtosis", col);
}

/** `corr(col1, col2)`: the Pearson correlation coefficient. */
export function corr(col1: ColumnOrName, col2: ColumnOrName): Column {
  return fn("corr", col1, col2);
}

/** `covar_pop(col1, col2)`: the population covariance. */
export function covar_pop(col1: ColumnOrName, col2: ColumnOrName): Column {
  return fn("covar_pop", col1, col2);
}

/** `covar_samp(col1, col2)`: the sample covariance. */
export function covar_samp(col1: ColumnOrName, col2: ColumnOrName): Column {
  return fn("covar_samp", col1, col2);
}

/** A percentage argument: a number → DOUBLE literal, a list → ARRAY<DOUBLE> literal, or a Column. */
function percentageExpr(p: number | readonly number[] | Column): Expression {
  if (p instanceof Column) return p.expr;
  if (typeof p === "number") return literal(p, DOUBLE);
  // PySpark passes a list as `array(lit(p), …)`: the call is named `array(0.25, 0.5)`.
  return fnExpr("array", ...p.map((x) => literal(x, DOUBLE))).expr;
}

/** `percentile_approx(col, percentage, accuracy = 10000)`. */
export function percentile_approx(
  col: ColumnOrName,
  percentage: number | readonly number[] | Column,
  accuracy: number | Column = 10000,
): Column {
  const acc = accuracy instanceof Column ? accuracy.expr : litExpr(accuracy);
  return fnExpr("percentile_approx", toExpr(col), percentageExpr(percentage), acc);
}

/** `approx_percentile(col, percentage, accuracy = 10000)`: alias of `percentile_approx`. */
export function approx_percentile(
  col: ColumnOrName,
  percentage: number | readonly number[] | Column,
  accuracy: number | Column = 10000,
): Column {
  const acc = accuracy instanceof Column ? accuracy.expr : litExpr(accuracy);
  return fnExpr("approx_percentile", toExpr(col), percentageExpr(percentage), acc);
}

/** `percentile(col, percentage, frequency = 1)`: the exact percentile(s). */
export function percentile(
  col: ColumnOrName,
  percentage: number | readonly number[] | Column,
  frequency: number | Column = 1,
): Column {
  const freq = frequency instanceof Column ? frequency.expr : litExpr(frequency);
  return fnExpr("percentile", toExpr(col), percentageExpr(percentage), freq);
}

/** `median(col)`: the exact median. */
export function median(col: ColumnOrName): Column {
  return fn("median", col);
}

/** `approx_count_distinct(col, rsd)`: the HyperLogLog++ estimate of distinct values. */
export function approx_count_distinct(col: ColumnOrName, rsd?: number): Column {
  if (rsd === undefined) return fn("approx_count_distinct", col);
  return fnExpr("approx_count_distinct", toExpr(col), literal(rsd, DOUBLE));
}

/** PySpark's deprecated camel-case alias of `approx_count_distinct`. */
export function approxCountDistinct(col: ColumnOrName, rsd?: number): Column {
  return approx_count_distinct(col, rsd);
}

/** `bool_and(col)`: true when all values are true. */
export function bool_and(col: ColumnOrName): Column {
  return fn("bool_and", col);
}

/** `every(col)`: alias of `bool_and`. */
export function every(col: ColumnOrName): Column {
  return fn("every", col);
}

/** `bool_or(col)`: true when any value is true. */
export function bool_or(col: ColumnOrName): Column {
  return fn("bool_or", col);
}

/** `some(col)`: alias of `bool_or`. */
export function some(col: ColumnOrName): Column {
  return fn("some", col);
}

/** `bit_and(col)`: bitwise AND of the values. */
export function bit_and(col: ColumnOrName): Column {
  return fn("bit_and", col);
}

/** `bit_or(col)`: bitwise OR of the values. */
export function bit_or(col: ColumnOrName): Column {
  return fn("bit_or", col);
}

/** `bit_xor(col)`: bitwise XOR of the values. */
export function bit_xor(col: ColumnOrName): Column {
  return fn("bit_xor", col);
}

/** `product(col)`: the product of the values. */
export function product(col: ColumnOrName): Column {
  return fn("product", col);
}

/** `try_sum(col)`: the sum, or NULL on overflow. */
export function try_sum(col: ColumnOrName): Column {
  return fn("try_sum", col);
}

/** `try_avg(col)`: the mean, or NULL on overflow. */
export function try_avg(col: ColumnOrName): Column {
  return fn("try_avg", col);
}

/** `mode(col, deterministic = false)`: the most frequent value. */
export function mode(col: ColumnOrName, deterministic = false): Column {
  return fnExpr("mode", toExpr(col), litExpr(deterministic));
}

/** `grouping(col)`: 1 when `col` is aggregated away in this row of a rollup/cube/grouping sets, else 0. */
export function grouping(col: ColumnOrName): Column {
  return fn("grouping", col);
}

/** `grouping_id(...cols)`: the bit vector of `grouping` over the columns (all grouping columns when none). */
export function grouping_id(...cols: ColumnOrName[]): Column {
  return fn("grouping_id", ...cols);
}

/** `regr_count(y, x)`: the number of rows where both `y` and `x` are non-null. */
export function regr_count(y: ColumnOrName, x: ColumnOrName): Column {
  return fn("regr_count", y, x);
}

/** `regr_avgx(y, x)`: the average of `x` over rows where both are non-null. */
export function regr_avgx(y: ColumnOrName, x: ColumnOrName): Column {
  return fn("regr_avgx", y, x);
}

/** `regr_avgy(y, x)`: the average of `y` over rows where both are non-null. */
export function regr_avgy(y: ColumnOrName, x: ColumnOrName): Column {
  return fn("regr_avgy", y, x);
}

/** `regr_sxx(y, x)`: `regr_count(y, x) * var_pop(x)` over rows where both are non-null. */
export function regr_sxx(y: ColumnOrName, x: ColumnOrName): Column {
  return fn("regr_sxx", y, x);
}

/** `regr_syy(y, x)`: `regr_count(y, x) * var_pop(y)` over rows where both are non-null. */
export function regr_syy(y: ColumnOrName, x: ColumnOrName): Column {
  return fn("regr_syy", y, x);
}

/** `regr_sxy(y, x)`: `regr_count(y, x) * covar_pop(y, x)` over rows where both are non-null. */
export function regr_sxy(y: ColumnOrName, x: ColumnOrName): Column {
  return fn("regr_sxy", y, x);
}

/** `regr_slope(y, x)`: the slope of the least-squares line through the non-null pairs. */
export function regr_slope(y: ColumnOrName, x: ColumnOrName): Column {
  return fn("regr_slope", y, x);
}

/** `regr_intercept(y, x)`: the y-intercept of the least-squares line through the non-null pairs. */
export function regr_intercept(y: ColumnOrName, x: ColumnOrName): Column {
  return fn("regr_intercept", y, x);
}

/** `regr_r2(y, x)`: the coefficient of determination of the non-null pairs. */
export function regr_r2(y: ColumnOrName, x: ColumnOrName): Column {
  return fn("regr_r2", y, x);
}

function listaggCall(
  name: string,
  distinct: boolean,
  col: ColumnOrName,
  delimiter?: Column | string,
): Column {
  const args: Expression[] = [toExpr(col)];
  if (delimiter !== undefined)
    args.push(typeof delimiter === "string" ? litExpr(delimiter) : toExpr(delimiter));
  return new Column({ kind: "unresolved_function", name, args, isDistinct: distinct });
}

/** `listagg(col, delimiter?)`: the non-null values concatenated with the delimiter. */
export function listagg(col: ColumnOrName, delimiter?: Column | string): Column {
  return listaggCall("listagg", false, col, delimiter);
}

/** `listagg_distinct(col, delimiter?)`: `listagg(DISTINCT col, delimiter)`. */
export function listagg_distinct(col: ColumnOrName, delimiter?: Column | string): Column {
  return listaggCall("listagg", true, col, delimiter);
}

/** `string_agg(col, delimiter?)`: alias of `listagg`. */
export function string_agg(col: ColumnOrName, delimiter?: Column | string): Column {
  return listaggCall("string_agg", false, col, delimiter);
}

/** `string_agg_distinct(col, delimiter?)`: alias of `listagg_distinct`. */
export function string_agg_distinct(col: ColumnOrName, delimiter?: Column | string): Column {
  return listaggCall("string_agg", true, col, delimiter);
}

/** `bitmap_construct_agg(col)`: a bitmap with the bits of the input positions set. */
export function bitmap_construct_agg(col: ColumnOrName): Column {
  return fn("bitmap_construct_agg", col);
}

/** `bitmap_or_agg(col)`: the bitwise OR of the input bitmaps. */
export function bitmap_or_agg(col: ColumnOrName): Column {
  return fn("bitmap_or_agg", col);
}
