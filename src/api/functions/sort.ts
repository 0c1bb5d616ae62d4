/**
 * Sort-order functions: `asc("age")`, `desc(col("x"))` and their nulls-first/last forms, as in
 * PySpark (`F.desc("count")` inside `orderBy`).
 */
import { type Column, type ColumnOrName, toExpr } from "./helpers.js";
import { Column as ColumnClass } from "../column.js";

function order(col: ColumnOrName): Column {
  return new ColumnClass(toExpr(col));
}

/** Ascending, nulls first. */
export function asc(col: ColumnOrName): Column {
  return order(col).asc();
}
/** Ascending, nulls first. */
export function asc_nulls_first(col: ColumnOrName): Column {
  return order(col).asc_nulls_first();
}
/** Ascending, nulls last. */
export function asc_nulls_last(col: ColumnOrName): Column {
  return order(col).asc_nulls_last();
}
/** Descending, nulls last. */
export function desc(col: ColumnOrName): Column {
  return order(col).desc();
}
/** Descending, nulls first. */
export function desc_nulls_first(col: ColumnOrName): Column {
  return order(col).desc_nulls_first();
}
/** Descending, nulls last. */
export function desc_nulls_last(col: ColumnOrName): Column {
  return order(col).desc_nulls_last();
}
