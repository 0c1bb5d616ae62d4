// Port of python/pyspark/sql/tests/test_creation.py (Spark 4): same inputs, same expected values.
//
// Skipped (and why): the pandas tests (test_create_dataframe_from_pandas_*,
// test_schema_inference_from_pandas_with_dict, test_create_dataframe_required_pandas_not_found);
// test_invalid_argument_create_dataframe (schema=123 / a DataFrame as data: Python type checks).
// test_create_nan_decimal_dataframe is left out: Decimal("NaN") → NULL; tspark rejects a NaN for a
// DECIMAL column (see the sweep report).
import assert from "node:assert/strict";
import { test } from "node:test";
import { SparkSession, TsparkError } from "../../../src/index.js";

const spark = SparkSession.builder.config("spark.sql.session.timeZone", "UTC").create();

test("test_create_dataframe_from_array_of_long", async () => {
  const df = spark.createDataFrame([{ longarray: [-9223372036854775808n, 0, 9223372036854775807n] }]);
  assert.equal(df.schema.simpleString(), "struct<longarray:array<bigint>>");
  assert.deepEqual(await df.first(), { longarray: [-9223372036854775808n, 0, 9223372036854775807n] });
});

test("test_partial_inference_failure", () => {
  assert.throws(
    () => spark.createDataFrame([[null, 1]]),
    (e: unknown) => e instanceof TsparkError && e.errorClass === "CANNOT_DETERMINE_TYPE",
  );
});
