/**
 * PySpark's higher-order functions with JS callbacks: the callback receives one Column per lambda
 * variable and returns a Column, e.g. `transform(col("a"), (x, i) => x.plus(i))`. It runs once, at
 * plan-building time, to build the lambda's body (as PySpark's `_create_lambda` does); the engine
 * then evaluates that expression per element.
 */
import type { Expression } from "../../expressions/expression.js";
import { Column, type ColumnOrName, fnExpr, litExpr, toExpr } from "./helpers.js";
import { createLambda, type LambdaCallback } from "./lambda.js";

export type { LambdaCallback };

function hof(name: string, args: readonly Expression[], ...fns: LambdaCallback[]): Column {
  return fnExpr(name, ...args, ...fns.map((f) => createLambda(f, name)));
}

/** `transform(col, x => …)` or `transform(col, (x, i) => …)`: maps each element (and its index). */
export function transform(col: ColumnOrName, f: LambdaCallback): Column {
  return hof("transform", [toExpr(col)], f);
}

/** `filter(col, x => bool)` or `filter(col, (x, i) => bool)`: keeps elements where it is true. */
export function filter(col: ColumnOrName, f: LambdaCallback): Column {
  return hof("filter", [toExpr(col)], f);
}

/** `exists(col, x => bool)`: whether the predicate holds for some element. */
export function exists(col: ColumnOrName, f: LambdaCallback): Column {
  return hof("exists", [toExpr(col)], f);
}

/** `forall(col, x => bool)`: whether the predicate holds for every element. */
export function forall(col: ColumnOrName, f: LambdaCallback): Column {
  return hof("forall", [toExpr(col)], f);
}

/** A start value: a Column, a column name, or (a JS extension) a plain literal value. */
function startExpr(v: ColumnOrName | number | boolean | bigint): Expression {
  return v instanceof Column || typeof v === "string" ? toExpr(v) : litExpr(v);
}

/**
 * `aggregate(col, initialValue, (acc, x) => …, acc => …?)`: folds the array from `initialValue`
 * with `merge`, then applies `finish` to the result.
 */
export function aggregate(
  col: ColumnOrName,
  initialValue: ColumnOrName | number | boolean | bigint,
  merge: LambdaCallback,
  finish?: LambdaCallback,
): Column {
  const fns = finish ? [merge, finish] : [merge];
  return hof("aggregate", [toExpr(col), startExpr(initialValue)], ...fns);
}

/** `reduce(col, initialValue, merge, finish?)`: the same as `aggregate`, named `reduce`. */
export function reduce(
  col: ColumnOrName,
  initialValue: ColumnOrName | number | boolean | bigint,
  merge: LambdaCallback,
  finish?: LambdaCallback,
): Column {
  const fns = finish ? [merge, finish] : [merge];
  return hof("reduce", [toExpr(col), startExpr(initialValue)], ...fns);
}

/** `zip_with(left, right, (x, y) => …)`: merges two arrays element-wise (shorter padded with NULL). */
export function zip_with(left: ColumnOrName, right: ColumnOrName, f: LambdaCallback): Column {
  return hof("zip_with", [toExpr(left), toExpr(right)], f);
}

/** `map_filter(col, (k, v) => bool)`: keeps the map entries where the predicate is true. */
export function map_filter(col: ColumnOrName, f: LambdaCallback): Column {
  return hof("map_filter", [toExpr(col)], f);
}

/** `transform_keys(col, (k, v) => newKey)`: replaces each key. */
export function transform_keys(col: ColumnOrName, f: LambdaCallback): Column {
  return hof("transform_keys", [toExpr(col)], f);
}

/** `transform_values(col, (k, v) => newValue)`: replaces each value. */
export function transform_values(col: ColumnOrName, f: LambdaCallback): Column {
  return hof("transform_values", [toExpr(col)], f);
}

/** `map_zip_with(col1, col2, (k, v1, v2) => …)`: merges two maps key-wise (missing values NULL). */
export function map_zip_with(col1: ColumnOrName, col2: ColumnOrName, f: LambdaCallback): Column {
  return hof("map_zip_with", [toExpr(col1), toExpr(col2)], f);
}
