import assert from "node:assert/strict";
import { test } from "node:test";
import { TsparkError } from "../../common/errors.js";
import {
  ArrayType,
  BOOLEAN,
  DecimalType,
  DOUBLE,
  INT,
  LONG,
  NULL_TYPE,
  STRING,
} from "../../types/data-type.js";
import { argOf, evalScalar, litArg, testContext } from "../testing.js";
import { CORE_FUNCTIONS } from "./index.js";
import { EQUAL_NULL, NULLIF, NULLIFZERO, ZEROIFNULL } from "./null-functions.js";
import { MONOTONICALLY_INCREASING_ID, SPARK_PARTITION_ID } from "./partition-info.js";
import { ASSERT_TRUE, RAISE_ERROR } from "./raise-error.js";
import { RAND, RANDN, UUID } from "./random.js";
import { TYPEOF } from "./type-of.js";

test("registry list is sorted by name and documented", () => {
  const names = CORE_FUNCTIONS.map((d) => d.name);
  assert.deepEqual(names, [...names].sort());
  for (const d of CORE_FUNCTIONS) assert.ok(d.docs.usage.length > 0, d.name);
});

// Spark SQL built-in function docs: rand(0) = 0.7604953758285915, randn(0) = 1.6034991609278433.
test("rand/randn reproduce Spark's seeded values", () => {
  assert.equal(evalScalar(RAND, [litArg(INT, 0)], [0]), 0.7604953758285915);
  assert.equal(evalScalar(RAND, [litArg(NULL_TYPE, null)], [null]), 0.7604953758285915);
  assert.equal(evalScalar(RANDN, [litArg(INT, 0)], [0]), 1.6034991609278433);
  const bound = RAND.bind([litArg(LONG, 7)], testContext());
  const p0 = bound.makeEval!({ partitionId: 0 });
  const p0b = bound.makeEval!({ partitionId: 0 });
  assert.equal(p0(), p0b());
  const v = p0();
  assert.ok(typeof v === "number" && v >= 0 && v < 1);
  assert.equal(bound.deterministic, false);
});

test("uuid is a v4 UUID, deterministic per seed", () => {
  const a = evalScalar(UUID, [], []) as string;
  assert.match(a, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(evalScalar(UUID, [], []), a);
});

test("monotonically_increasing_id and spark_partition_id", () => {
  const b = MONOTONICALLY_INCREASING_ID.bind([], testContext());
  const p0 = b.makeEval!({ partitionId: 0 });
  assert.deepEqual([p0(), p0(), p0()], [0, 1, 2]);
  const p1 = b.makeEval!({ partitionId: 1 });
  assert.equal(p1(), 8589934592);
  const s = SPARK_PARTITION_ID.bind([], testContext());
  assert.equal(s.makeEval!({ partitionId: 3 })(), 3);
});

test("typeof", () => {
  assert.equal(evalScalar(TYPEOF, [argOf(INT)], [1]), "int");
  assert.equal(evalScalar(TYPEOF, [argOf(new ArrayType(INT))], [[1]]), "array<int>");
  assert.equal(evalScalar(TYPEOF, [argOf(NULL_TYPE)], [null]), "void");
  assert.equal(evalScalar(TYPEOF, [argOf(new DecimalType(10, 2))], [null]), "decimal(10,2)");
});

// Spark SQL docs: nullif(2, 2) → NULL; equal_null examples; zeroifnull/nullifzero (Spark 4.0).
test("nullif, equal_null, zeroifnull, nullifzero", () => {
  const ii = [argOf(INT), argOf(INT)];
  assert.equal(evalScalar(NULLIF, ii, [2, 2]), null);
  assert.equal(evalScalar(NULLIF, ii, [2, 3]), 2);
  assert.equal(evalScalar(NULLIF, ii, [2, null]), 2);
  assert.equal(evalScalar(NULLIF, ii, [null, 2]), null);
  assert.equal(evalScalar(EQUAL_NULL, ii, [3, 3]), true);
  assert.equal(evalScalar(EQUAL_NULL, [argOf(STRING), argOf(STRING)], [null, "abc"]), false);
  assert.equal(evalScalar(EQUAL_NULL, ii, [null, null]), true);
  assert.equal(evalScalar(EQUAL_NULL, [argOf(DOUBLE), argOf(DOUBLE)], [Number.NaN, Number.NaN]), true);
  assert.equal(evalScalar(ZEROIFNULL, [argOf(INT)], [null]), 0);
  assert.equal(evalScalar(ZEROIFNULL, [argOf(new DecimalType(12, 2))], [null]), 0n);
  assert.equal(evalScalar(ZEROIFNULL, [argOf(INT)], [5]), 5);
  assert.equal(evalScalar(NULLIFZERO, [argOf(INT)], [0]), null);
  assert.equal(evalScalar(NULLIFZERO, [argOf(INT)], [2]), 2);
  // sql-compatibility-functions.sql.out: nullif(1, 2.1d) is an INT; numbers compare widened
  assert.deepEqual(NULLIF.coerce!([INT, DOUBLE]), [undefined, undefined]);
  assert.equal(evalScalar(NULLIF, [argOf(INT), argOf(DOUBLE)], [1, 1.0]), null);
  assert.equal(evalScalar(NULLIF, [argOf(INT), argOf(DOUBLE)], [1, 2.1]), 1);
});

test("assert_true and raise_error throw USER_RAISED_EXCEPTION", () => {
  assert.equal(evalScalar(ASSERT_TRUE, [argOf(BOOLEAN, "(0 < 1)")], [true]), null);
  assert.throws(
    () => evalScalar(ASSERT_TRUE, [argOf(BOOLEAN, "(1 < 0)")], [false]),
    (e: unknown) =>
      e instanceof TsparkError &&
      e.errorClass === "USER_RAISED_EXCEPTION" &&
      e.messageParameters.errorMessage === "'(1 < 0)' is not true!",
  );
  assert.throws(() => evalScalar(ASSERT_TRUE, [argOf(BOOLEAN)], [null]), TsparkError);
  assert.throws(
    () => evalScalar(RAISE_ERROR, [argOf(STRING)], ["custom error message"]),
    (e: unknown) => e instanceof TsparkError && e.message.includes("custom error message"),
  );
});
