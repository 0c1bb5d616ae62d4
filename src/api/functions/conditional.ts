/**
 * `when`, null tests and UDFs: PySpark wrappers whose results are expression kinds of their own
 * (CASE WHEN, COALESCE) or engine calls.
 */
import type { DataFrame } from "../data-frame.js";
import { Column, type ColumnOrLiteral, type ColumnOrName, fn, toExprLiteral } from "./helpers.js";

export { udf, type UserDefinedFunction } from "../udf.js";

/** `when(condition, value)`: starts a CASE WHEN; chain `.when(...)` and `.otherwise(...)`. */
export function when(condition: Column, value: ColumnOrLiteral): Column {
  return new Column({ kind: "case_when", branches: [[condition.expr, toExprLiteral(value)]] });
}

/** `isnull(col)`: true when the value is NULL. */
export function isnull(col: ColumnOrName): Column {
  return fn("isnull", col);
}

/** `isnotnull(col)`: true when the value is not NULL. */
export function isnotnull(col: ColumnOrName): Column {
  return fn("isnotnull", col);
}

/** `ifnull(col1, col2)` / `nvl`: col2 when col1 is NULL. */
export function ifnull(col1: ColumnOrName, col2: ColumnOrName): Column {
  return fn("ifnull", col1, col2);
}

export function nvl(col1: ColumnOrName, col2: ColumnOrName): Column {
  return fn("nvl", col1, col2);
}

/** `nvl2(col1, col2, col3)`: col2 when col1 is not NULL, else col3. */
export function nvl2(col1: ColumnOrName, col2: ColumnOrName, col3: ColumnOrName): Column {
  return fn("nvl2", col1, col2, col3);
}

/** `broadcast(df)`: a join hint; tspark's hash join already builds the smaller side in memory. */
export function broadcast(df: DataFrame): DataFrame {
  return df;
}
