/**
 * PySpark-named wrappers for the window function family (see functions/window/ for the kernels).
 * Each wrapper only builds an unresolved call; argument order and defaults follow PySpark.
 * Use them with `.over(Window.partitionBy(…).orderBy(…))`.
 */
import {
  type Column,
  type ColumnOrLiteral,
  type ColumnOrName,
  fnExpr,
  litExpr,
  toExpr,
  toExprLiteral,
} from "./helpers.js";

/** `row_number()`: 1, 2, 3, … within a window partition. */
export function row_number(): Column {
  return fnExpr("row_number");
}

/** `rank()`: rank with gaps after ties. */
export function rank(): Column {
  return fnExpr("rank");
}

/** `dense_rank()`: rank without gaps. */
export function dense_rank(): Column {
  return fnExpr("dense_rank");
}

/** `percent_rank()`: (rank − 1) / (partition rows − 1). */
export function percent_rank(): Column {
  return fnExpr("percent_rank");
}

/** `cume_dist()`: the fraction of rows ordered at or before the current row. */
export function cume_dist(): Column {
  return fnExpr("cume_dist");
}

/** `ntile(n)`: the bucket number 1..n of each row. */
export function ntile(n: number): Column {
  return fnExpr("ntile", litExpr(n));
}

/** `lag(col, offset = 1, default = null)`: the value `offset` rows before the current row. */
export function lag(col: ColumnOrName, offset = 1, defaultValue: ColumnOrLiteral = null): Column {
  return fnExpr("lag", toExpr(col), litExpr(offset), toExprLiteral(defaultValue));
}

/** `lead(col, offset = 1, default = null)`: the value `offset` rows after the current row. */
export function lead(col: ColumnOrName, offset = 1, defaultValue: ColumnOrLiteral = null): Column {
  return fnExpr("lead", toExpr(col), litExpr(offset), toExprLiteral(defaultValue));
}

/** `nth_value(col, offset, ignoreNulls = false)`: the offset-th value of the window frame. */
export function nth_value(col: ColumnOrName, offset: number, ignoreNulls = false): Column {
  return fnExpr("nth_value", toExpr(col), litExpr(offset), litExpr(ignoreNulls));
}
