/**
 * Literals from JavaScript values, with PySpark's type inference for `lit()`.
 */
import { TsparkError } from "../common/errors.js";
import {
  ArrayType,
  BINARY,
  BOOLEAN,
  type DataType,
  DOUBLE,
  INT,
  LONG,
  MapType,
  NULL_TYPE,
  STRING,
  StructField,
  StructType,
  TIMESTAMP,
} from "../types/data-type.js";
import { MapValue, normLong } from "../data/values.js";
import type { Literal } from "./expression.js";

/** A literal node. */
export function literal(value: unknown, dataType: DataType): Literal {
  return { kind: "literal", value, dataType };
}

export const NULL_LITERAL: Literal = literal(null, NULL_TYPE);
export const TRUE_LITERAL: Literal = literal(true, BOOLEAN);
export const FALSE_LITERAL: Literal = literal(false, BOOLEAN);

/**
 * Infers the Spark type and internal value of a JS value as PySpark's `lit` does: an integer number
 * within int range → INT, other integers → BIGINT, other numbers → DOUBLE, bigint → BIGINT,
 * string → STRING, boolean → BOOLEAN, Date → TIMESTAMP, Uint8Array → BINARY, arrays → ARRAY,
 * Map → MAP, plain objects → STRUCT, null/undefined → VOID.
 */
export function literalFromJs(value: unknown): Literal {
  const [v, t] = inferInternal(value);
  return literal(v, t);
}

function inferInternal(value: unknown): [unknown, DataType] {
  if (value === null || value === undefined) return [null, NULL_TYPE];
  switch (typeof value) {
    case "boolean":
      return [value, BOOLEAN];
    case "string":
      return [value, STRING];
    case "number":
      if (Number.isInteger(value)) {
        if (value >= -2147483648 && value <= 2147483647) return [value, INT];
        if (Number.isSafeInteger(value)) return [value, LONG];
      }
      return [value, DOUBLE];
    case "bigint":
      if (value < -9223372036854775808n || value > 9223372036854775807n) {
        throw new TsparkError("ARITHMETIC_OVERFLOW", {
          messageParameters: { message: `${value} does not fit in BIGINT`, alternative: "", config: "" },
        });
      }
      return [normLong(value), LONG];
    default:
      break;
  }
  if (value instanceof Date) {
    const ms = value.getTime();
    if (Number.isNaN(ms))
      throw new TsparkError("ILLEGAL_ARGUMENT", { messageParameters: { message: "lit(): invalid Date" } });
    return [ms * 1000, TIMESTAMP];
  }
  if (value instanceof Uint8Array) return [value, BINARY];
  if (Array.isArray(value)) {
    const items = value.map(inferInternal);
    const nonNull = items.find(([, t]) => t.kind !== "null");
    const elem = nonNull ? nonNull[1] : NULL_TYPE;
    return [
      items.map(([v]) => v),
      new ArrayType(
        elem,
        items.some(([v]) => v === null),
      ),
    ];
  }
  if (value instanceof Map) {
    const keys: unknown[] = [];
    const vals: unknown[] = [];
    let kt: DataType = NULL_TYPE;
    let vt: DataType = NULL_TYPE;
    for (const [k, v] of value) {
      const [ki, kty] = inferInternal(k);
      const [vi, vty] = inferInternal(v);
      keys.push(ki);
      vals.push(vi);
      if (kty.kind !== "null") kt = kty;
      if (vty.kind !== "null") vt = vty;
    }
    return [new MapValue(keys, vals), new MapType(kt, vt, true)];
  }
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>);
    const fields: StructField[] = [];
    const vals: unknown[] = [];
    for (const [k, v] of entries) {
      const [vi, t] = inferInternal(v);
      fields.push(new StructField(k, t, true));
      vals.push(vi);
    }
    return [vals, new StructType(fields)];
  }
  throw new TsparkError("UNSUPPORTED_DATATYPE", { messageParameters: { typeName: typeof value } });
}
