import assert from "node:assert/strict";
import { test } from "node:test";
import type { AggregateCall, Expression } from "../../expressions/expression.js";
import { sparkTypeString } from "../checkpoint/state-schema.js";
import {
  BOOLEAN,
  DAY_TIME_INTERVAL,
  type DataType,
  DecimalType,
  DOUBLE,
  INT,
  LONG,
  STRING,
  StructType,
} from "../../types/data-type.js";
import {
  aggregateBufferFields,
  aggregationStateValueSchema,
  expressionsSchema,
} from "./aggregation-state-schema.js";

let nextId = 1;
const attr = (name: string, dataType: DataType, nullable = true): Expression => ({
  kind: "attribute",
  name,
  dataType,
  nullable,
  exprId: nextId++,
  qualifier: [],
});
const call = (name: string, dataType: DataType, ...args: Expression[]): AggregateCall => ({
  kind: "aggregate",
  name,
  args,
  isDistinct: false,
  dataType,
});
const fields = (c: AggregateCall): string => sparkTypeString(new StructType(aggregateBufferFields(c)));

test("buffers follow Spark's aggBufferAttributes for the common aggregates", () => {
  const i = attr("i", INT);
  const d = attr("d", new DecimalType(10, 2));
  const cases: [AggregateCall, string][] = [
    [call("count", LONG, i), "StructType(StructField(count,LongType,false))"],
    [call("COUNT_IF", LONG, attr("b", BOOLEAN)), "StructType(StructField(count,LongType,false))"],
    [call("sum", LONG, i), "StructType(StructField(sum,LongType,true))"],
    [
      call("sum", new DecimalType(20, 2), d),
      "StructType(StructField(sum,DecimalType(20,2),true),StructField(isEmpty,BooleanType,false))",
    ],
    [call("sum", DOUBLE, attr("x", DOUBLE)), "StructType(StructField(sum,DoubleType,true))"],
    [
      call("try_sum", LONG, i),
      "StructType(StructField(sum,LongType,true),StructField(isEmpty,BooleanType,false))",
    ],
    [call("try_sum", DOUBLE, attr("x", DOUBLE)), "StructType(StructField(sum,DoubleType,true))"],
    [call("avg", DOUBLE, i), "StructType(StructField(sum,DoubleType,true),StructField(count,LongType,true))"],
    [
      call("mean", new DecimalType(14, 6), d),
      "StructType(StructField(sum,DecimalType(20,2),true),StructField(count,LongType,true))",
    ],
    [
      call("avg", DAY_TIME_INTERVAL, attr("t", DAY_TIME_INTERVAL)),
      "StructType(StructField(sum,DayTimeIntervalType(0,3),true),StructField(count,LongType,true))",
    ],
    [call("max", STRING, attr("s", STRING)), "StructType(StructField(max,StringType,true))"],
    [call("every", BOOLEAN, attr("b", BOOLEAN)), "StructType(StructField(min,BooleanType,true))"],
    [
      call("first", INT, i),
      "StructType(StructField(first,IntegerType,true),StructField(valueSet,BooleanType,true))",
    ],
    [
      call("last_value", INT, i),
      "StructType(StructField(last,IntegerType,true),StructField(valueSet,BooleanType,true))",
    ],
    [
      call("max_by", STRING, attr("s", STRING), i),
      "StructType(StructField(valueWithExtremumOrdering,StringType,true),StructField(extremumOrdering,IntegerType,true))",
    ],
    [call("bit_xor", INT, i), "StructType(StructField(bit_xor,IntegerType,true))"],
    [
      call("stddev", DOUBLE, i),
      "StructType(StructField(n,DoubleType,false),StructField(avg,DoubleType,false),StructField(m2,DoubleType,false))",
    ],
    [
      call("corr", DOUBLE, i, i),
      "StructType(StructField(n,DoubleType,false),StructField(xAvg,DoubleType,false),StructField(yAvg,DoubleType,false)," +
        "StructField(ck,DoubleType,false),StructField(xMk,DoubleType,false),StructField(yMk,DoubleType,false))",
    ],
    [call("collect_list", INT, i), "StructType(StructField(buf,BinaryType,true))"],
    [call("percentile_approx", INT, i), "StructType(StructField(buf,BinaryType,true))"],
  ];
  for (const [c, expected] of cases) assert.equal(fields(c), expected, c.name);
});

test("approx_count_distinct keeps HyperLogLog++'s register words (52 at the default 0.05)", () => {
  const words = aggregateBufferFields(call("approx_count_distinct", LONG, attr("i", INT)));
  assert.equal(words.length, 52);
  assert.equal(words[0]!.name, "MS[0]");
  assert.equal(words[51]!.name, "MS[51]");
  const rsd = { kind: "literal", value: 0.01, dataType: DOUBLE } as const;
  // p = ceil(2·log2(1.106 / 0.01)) = 14: 16384 registers, ten per word.
  assert.equal(aggregateBufferFields(call("approx_count_distinct", LONG, attr("i", INT), rsd)).length, 1639);
});

test("a value schema is the calls' buffers in order; dedup keys keep their attributes' names and types", () => {
  const i = attr("i", INT);
  const v = aggregationStateValueSchema([call("count", LONG, i), call("sum", LONG, i)]);
  assert.deepEqual(v.fieldNames(), ["count", "sum"]);
  const k = expressionsSchema([attr("a", STRING, false), attr("b", INT)]);
  assert.equal(
    sparkTypeString(k),
    "StructType(StructField(a,StringType,false),StructField(b,IntegerType,true))",
  );
});
