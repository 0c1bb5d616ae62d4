// Kernel-level edge cases of the higher-order functions: lambdas are passed as JS functions on
// internal values, as the interpreter and generated code pass them. Expected behaviour follows
// higherOrderFunctions.scala (ArrayExists legacy flag, TransformKeys map builder, MapZipWith key
// order and duplicate keys, ArraySort null comparator result, ZipWith padding, ArrayAggregate NULL
// start value).
import assert from "node:assert/strict";
import { test } from "node:test";
import { MapValue } from "../../data/values.js";
import { ArrayType, BOOLEAN, INT, MapType, STRING } from "../../types/data-type.js";
import type { BindArg } from "../function-definition.js";
import { argOf, evalScalar, testContext } from "../testing.js";
import { arraySortFunction } from "./array-sort.js";
import {
  aggregateFunction,
  existsFunction,
  mapZipWithFunction,
  transformKeysFunction,
  zipWithFunction,
} from "./higher-order.js";

const INTS = new ArrayType(INT, true);
const lambdaArg = (dataType: BindArg["dataType"], nullable = true): BindArg => ({
  dataType,
  nullable,
  foldable: false,
  sql: "lambdafunction(x, x)",
});

test("exists follows three-valued logic unless the legacy flag turns it off", () => {
  const args = [argOf(INTS), lambdaArg(BOOLEAN)];
  const pred = (x: unknown) => (x === null ? null : (x as number) % 2 === 0);
  assert.equal(evalScalar(existsFunction, args, [[1, null, 3], pred]), null);
  assert.equal(evalScalar(existsFunction, args, [[1, null, 2], pred]), true);
  const legacy = testContext({
    conf: (k) => (k === "spark.sql.legacy.followThreeValuedLogicInArrayExists" ? "false" : undefined),
  });
  assert.equal(evalScalar(existsFunction, args, [[1, null, 3], pred], legacy), false);
});

test("aggregate folds from a NULL start value and returns NULL for a NULL array", () => {
  const args = [argOf(INTS), argOf(INT), lambdaArg(INT)];
  const add = (acc: unknown, x: unknown) =>
    acc === null || x === null ? null : (acc as number) + (x as number);
  assert.equal(evalScalar(aggregateFunction, args, [[1, 2], null, add]), null);
  assert.equal(evalScalar(aggregateFunction, args, [null, 0, add]), null);
  assert.equal(evalScalar(aggregateFunction, args, [[], 7, add]), 7);
});

test("zip_with pads the shorter side with NULL", () => {
  const args = [argOf(INTS), argOf(new ArrayType(STRING, true)), lambdaArg(STRING)];
  const pair = (a: unknown, b: unknown) => `${a}:${b}`;
  assert.deepEqual(evalScalar(zipWithFunction, args, [[1], ["a", "b"], pair]), ["1:a", "null:b"]);
});

test("transform_keys rejects NULL and duplicate keys unless LAST_WIN", () => {
  const m = new MapValue([1, 2], [10, 20]);
  const args = [argOf(new MapType(INT, INT, true)), lambdaArg(INT)];
  assert.throws(() => evalScalar(transformKeysFunction, args, [m, () => 0]), /DUPLICATED_MAP_KEY/);
  assert.throws(() => evalScalar(transformKeysFunction, args, [m, () => null]), /NULL_MAP_KEY/);
  const lastWin = testContext({
    conf: (k) => (k === "spark.sql.mapKeyDedupPolicy" ? "LAST_WIN" : undefined),
  });
  const r = evalScalar(transformKeysFunction, args, [m, () => 0], lastWin) as MapValue;
  assert.deepEqual([r.keys, r.values], [[0], [20]]);
});

test("map_zip_with keeps the first map's key order, then the second's new keys; first duplicate wins", () => {
  const a = new MapValue(["a", "b", "a"], [1, 2, 9]);
  const b = new MapValue(["c", "b"], [3, 4]);
  const t = new MapType(STRING, INT, true);
  const r = evalScalar(
    mapZipWithFunction,
    [argOf(t), argOf(t), lambdaArg(STRING)],
    [a, b, (k: unknown, v1: unknown, v2: unknown) => `${k}${v1}${v2}`],
  ) as MapValue;
  assert.deepEqual(r.keys, ["a", "b", "c"]);
  assert.deepEqual(r.values, ["a1null", "b24", "cnull3"]);
});

test("array_sort with a comparator fails on NULL unless the legacy flag allows it", () => {
  const args = [argOf(INTS), lambdaArg(INT)];
  assert.throws(() => evalScalar(arraySortFunction, args, [[2, 1], () => null]), /COMPARATOR_RETURNS_NULL/);
  const legacy = testContext({
    conf: (k) => (k === "spark.sql.legacy.allowNullComparisonResultInArraySort" ? "true" : undefined),
  });
  assert.deepEqual(evalScalar(arraySortFunction, args, [[2, 1], () => null], legacy), [2, 1]);
  const desc = (l: unknown, r: unknown) => (r as number) - (l as number);
  assert.deepEqual(evalScalar(arraySortFunction, args, [[1, 3, 2], desc]), [3, 2, 1]);
});

test("array_sort's comparator must return INT", () => {
  assert.throws(
    () =>
      arraySortFunction.type === "scalar" &&
      arraySortFunction.bind([argOf(INTS), lambdaArg(BOOLEAN)], testContext()),
    /DATATYPE_MISMATCH.UNEXPECTED_RETURN_TYPE/,
  );
});
