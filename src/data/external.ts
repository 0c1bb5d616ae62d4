/**
 * The edge between user values and internal values (data/values.ts).
 *
 * User (external) values, as `collect()` returns them and `createDataFrame` accepts them:
 *
 * | Spark type              | external value                                                        |
 * | ----------------------- | --------------------------------------------------------------------- |
 * | boolean, string         | `boolean`, `string`                                                   |
 * | byte, short, int        | `number`                                                              |
 * | long                    | `number` when a safe integer, else `bigint` (input: either)           |
 * | float, double           | `number`                                                              |
 * | decimal(p, s)           | `string` with exactly `s` fraction digits (`"1.50"`); input: string,  |
 * |                         | number or bigint, rounded HALF_UP to `s` digits                       |
 * | date                    | `Date` at UTC midnight                                                |
 * | timestamp               | `SparkTimestamp` (a `Date` that also carries the exact `micros`);     |
 * |                         | input: a `Date` (a `SparkTimestamp` keeps its microseconds)         |
 * | timestamp_ntz           | like timestamp, the wall clock read as UTC                            |
 * | binary                  | `Uint8Array`                                                          |
 * | interval                | `{ months, days, micros }`                                            |
 * | interval day to second  | `number` of microseconds (`bigint` beyond 2^53 − 1), as a long        |
 * | interval year to month  | `number` of months                                                    |
 * | array<T>                | `T[]`                                                                 |
 * | map<K, V>               | `Map` (input: `Map` or a plain object)                                |
 * | struct                  | plain object keyed by field name, in field order (input: such an      |
 * |                         | object, missing keys read as null, or an array by position)           |
 *
 * Strings are not accepted for dates and timestamps (as PySpark's schema verification rejects them).
 */
import { TsparkError } from "../common/errors.js";
import {
  ArrayType,
  BINARY,
  BOOLEAN,
  type DataType,
  DOUBLE,
  LONG,
  MapType,
  NULL_TYPE,
  pythonRepr,
  sameType,
  STRING,
  StructField,
  StructType,
  TIMESTAMP,
} from "../types/data-type.js";
import { decimalToString, parseDecimal, toPrecision } from "./decimal.js";
import { type CalendarInterval, fitsLong, MapValue, normLong } from "./values.js";

const MS_PER_DAY = 86_400_000;

/** A timestamp as a `Date` (millisecond view) that keeps the exact microseconds since the epoch. */
export class SparkTimestamp extends Date {
  /** Microseconds since 1970-01-01T00:00:00Z (for TIMESTAMP_NTZ: the wall clock read as UTC). */
  readonly micros: number;
  constructor(micros: number) {
    super(Math.floor(micros / 1000));
    this.micros = micros;
  }
}

// ---- internal → external ------------------------------------------------------------------------

/** Converts an internal value of `type` to the user value described in the table above. */
export function toExternal(v: unknown, type: DataType): unknown {
  if (v === null || v === undefined) return null;
  switch (type.kind) {
    case "decimal":
      return decimalToString(v as bigint, type.scale);
    case "date":
      return new Date((v as number) * MS_PER_DAY);
    case "timestamp":
    case "timestamp_ntz":
      return new SparkTimestamp(v as number);
    case "calendar_interval": {
      const iv = v as CalendarInterval;
      return { months: iv.months, days: iv.days, micros: iv.micros };
    }
    case "array":
      return (v as unknown[]).map((x) => toExternal(x, type.elementType));
    case "map": {
      const m = v as MapValue;
      const out = new Map<unknown, unknown>();
      for (let i = 0; i < m.keys.length; i++) {
        out.set(toExternal(m.keys[i], type.keyType), toExternal(m.values[i], type.valueType));
      }
      return out;
    }
    case "struct": {
      const row = v as unknown[];
      const out: Record<string, unknown> = {};
      type.fields.forEach((f, i) => {
        out[f.name] = toExternal(row[i] ?? null, f.dataType);
      });
      return out;
    }
    default:
      return v;
  }
}

// ---- external → internal ------------------------------------------------------------------------

function describe(v: unknown): string {
  if (typeof v === "string") return `'${v}'`;
  if (typeof v === "bigint") return `${v}n`;
  if (v instanceof Date) return `Date(${Number.isNaN(v.getTime()) ? "Invalid" : v.toISOString()})`;
  if (v instanceof Uint8Array) return `Uint8Array(${v.length})`;
  if (Array.isArray(v)) return `array(${v.length})`;
  if (v instanceof Map) return `Map(${v.size})`;
  if (typeof v === "object" && v !== null) return "object";
  return String(v);
}

function typeName(v: unknown): string {
  if (v === null) return "null";
  if (v instanceof Date) return "Date";
  if (v instanceof Uint8Array) return "Uint8Array";
  if (Array.isArray(v)) return "Array";
  if (v instanceof Map) return "Map";
  return typeof v;
}

function unacceptable(path: string, type: DataType, v: unknown): TsparkError {
  return new TsparkError("FIELD_DATA_TYPE_UNACCEPTABLE_WITH_NAME", {
    messageParameters: {
      field_name: path,
      data_type: pythonRepr(type),
      obj: describe(v),
      obj_type: typeName(v),
    },
  });
}

function outOfBounds(path: string, lower: string, upper: string, v: unknown): TsparkError {
  return new TsparkError("VALUE_OUT_OF_BOUNDS", {
    messageParameters: { arg_name: path, lower_bound: lower, upper_bound: upper, actual: describe(v) },
  });
}

const INT_BOUNDS: Readonly<Record<string, readonly [number, number]>> = {
  byte: [-128, 127],
  short: [-32768, 32767],
  int: [-2147483648, 2147483647],
};

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== "object") return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * Validates a user value against `type` and converts it to the internal representation, for
 * `createDataFrame` with a schema. `path` names the field in errors (`a`, `a.b`, `arr[2]`);
 * `nullable` false rejects null. Throws `FIELD_DATA_TYPE_UNACCEPTABLE_WITH_NAME`,
 * `FIELD_NOT_NULLABLE_WITH_NAME`, `VALUE_OUT_OF_BOUNDS` or `LENGTH_SHOULD_BE_THE_SAME`.
 */
export function fromExternal(v: unknown, type: DataType, path = "value", nullable = true): unknown {
  if (v === null || v === undefined) {
    if (!nullable) {
      throw new TsparkError("FIELD_NOT_NULLABLE_WITH_NAME", { messageParameters: { field_name: path } });
    }
    return null;
  }
  switch (type.kind) {
    case "null":
      throw unacceptable(path, type, v);
    case "boolean":
      if (typeof v !== "boolean") throw unacceptable(path, type, v);
      return v;
    case "string": {
      if (typeof v === "string") return v;
      // PySpark 4 stores str(value) for a non-string value of a STRING field.
      const text = pythonStr(v);
      if (text === undefined) throw unacceptable(path, type, v);
      return text;
    }
    case "byte":
    case "short":
    case "int": {
      const [lo, hi] = INT_BOUNDS[type.kind]!;
      const n = typeof v === "bigint" ? Number(v) : v;
      if (typeof n !== "number" || !Number.isInteger(n)) throw unacceptable(path, type, v);
      if (n < lo || n > hi) throw outOfBounds(path, String(lo), String(hi), v);
      return n;
    }
    case "year_month_interval": {
      const n = typeof v === "bigint" ? Number(v) : v;
      if (typeof n !== "number" || !Number.isInteger(n)) throw unacceptable(path, type, v);
      if (n < -2147483648 || n > 2147483647) throw outOfBounds(path, "-2147483648", "2147483647", v);
      return n;
    }
    case "day_time_interval":
    case "long": {
      if (typeof v === "number") {
        if (!Number.isInteger(v)) throw unacceptable(path, type, v);
        if (!Number.isSafeInteger(v)) {
          // An unsafe number has already lost digits; ask for a bigint instead of guessing.
          throw outOfBounds(path, "-(2^53 - 1)", "2^53 - 1 (use a bigint for larger longs)", v);
        }
        return v;
      }
      if (typeof v === "bigint") {
        if (!fitsLong(v)) throw outOfBounds(path, "-9223372036854775808", "9223372036854775807", v);
        return normLong(v);
      }
      throw unacceptable(path, type, v);
    }
    case "float":
      if (typeof v !== "number") throw unacceptable(path, type, v);
      return Math.fround(v);
    case "double":
      if (typeof v !== "number") throw unacceptable(path, type, v);
      return v;
    case "decimal": {
      let parsed: { unscaled: bigint; scale: number } | undefined;
      if (typeof v === "bigint") parsed = { unscaled: v, scale: 0 };
      else if (typeof v === "number" && Number.isFinite(v)) parsed = parseDecimal(String(v));
      else if (typeof v === "string") parsed = parseDecimal(v);
      if (parsed === undefined) throw unacceptable(path, type, v);
      const r = toPrecision(parsed.unscaled, parsed.scale, type.precision, type.scale);
      if (r === undefined) {
        const bound = `${"9".repeat(type.precision - type.scale)}${type.scale > 0 ? `.${"9".repeat(type.scale)}` : ""}`;
        throw outOfBounds(path, `-${bound}`, bound, v);
      }
      return r;
    }
    case "binary":
      if (!(v instanceof Uint8Array)) throw unacceptable(path, type, v);
      return v;
    case "date": {
      if (!(v instanceof Date) || Number.isNaN(v.getTime())) throw unacceptable(path, type, v);
      return Math.floor(v.getTime() / MS_PER_DAY);
    }
    case "timestamp":
    case "timestamp_ntz": {
      if (!(v instanceof Date) || Number.isNaN(v.getTime())) throw unacceptable(path, type, v);
      return v instanceof SparkTimestamp ? v.micros : v.getTime() * 1000;
    }
    case "calendar_interval": {
      if (!isPlainObject(v)) throw unacceptable(path, type, v);
      const { months, days, micros } = v as Partial<Record<string, unknown>>;
      if (![months, days, micros].every((x) => typeof x === "number" && Number.isInteger(x)))
        throw unacceptable(path, type, v);
      return { months, days, micros } as CalendarInterval;
    }
    case "array": {
      if (!Array.isArray(v)) throw unacceptable(path, type, v);
      return v.map((x, i) => fromExternal(x, type.elementType, `${path}[${i}]`, type.containsNull));
    }
    case "map": {
      const entries: [unknown, unknown][] =
        v instanceof Map ? [...v.entries()] : isPlainObject(v) ? Object.entries(v) : [];
      if (!(v instanceof Map) && !isPlainObject(v)) throw unacceptable(path, type, v);
      const keys: unknown[] = [];
      const values: unknown[] = [];
      for (const [k, x] of entries) {
        keys.push(fromExternal(k, type.keyType, `${path}.key`, false));
        values.push(fromExternal(x, type.valueType, `${path}[${describe(k)}]`, type.valueContainsNull));
      }
      return new MapValue(keys, values);
    }
    case "struct": {
      const fields = type.fields;
      const sub = (name: string): string => (path === "" ? name : `${path}.${name}`);
      if (Array.isArray(v)) {
        if (v.length !== fields.length) {
          throw new TsparkError("LENGTH_SHOULD_BE_THE_SAME", {
            messageParameters: {
              arg1: "fields",
              arg2: "data",
              arg1_length: String(fields.length),
              arg2_length: String(v.length),
            },
          });
        }
        return fields.map((f, i) => fromExternal(v[i], f.dataType, sub(f.name), f.nullable));
      }
      if (!isPlainObject(v)) throw unacceptable(path, type, v);
      return fields.map((f) => fromExternal(v[f.name], f.dataType, sub(f.name), f.nullable));
    }
  }
}

// ---- schema inference -----------------------------------------------------------------------------

/** The Spark type PySpark's `createDataFrame` infers for one JS value (NULL type for null). */
export function inferType(v: unknown): DataType {
  if (v === null || v === undefined) return NULL_TYPE;
  switch (typeof v) {
    case "boolean":
      return BOOLEAN;
    case "string":
      return STRING;
    case "bigint":
      return LONG;
    case "number":
      // PySpark infers Python int as LongType; JS cannot tell 1.0 from 1, so integers are longs.
      return Number.isSafeInteger(v) ? LONG : DOUBLE;
    default:
      break;
  }
  if (v instanceof Date) return TIMESTAMP;
  if (v instanceof Uint8Array) return BINARY;
  if (Array.isArray(v)) {
    let elem: DataType = NULL_TYPE;
    for (const x of v) elem = mergeTypes(elem, inferType(x), "element");
    return new ArrayType(elem, true);
  }
  if (v instanceof Map) {
    let kt: DataType = NULL_TYPE;
    let vt: DataType = NULL_TYPE;
    for (const [k, x] of v) {
      kt = mergeTypes(kt, inferType(k), "key");
      vt = mergeTypes(vt, inferType(x), "value");
    }
    return new MapType(kt, vt, true);
  }
  if (isPlainObject(v)) {
    return new StructType(Object.entries(v).map(([k, x]) => new StructField(k, inferType(x), true)));
  }
  throw new TsparkError("CANNOT_INFER_TYPE_FOR_FIELD", { messageParameters: { field_name: typeName(v) } });
}

/**
 * PySpark's `_merge_type`: NULL merges with anything; structs merge field by field (union, first
 * seen order); arrays and maps merge their parts. BIGINT and DOUBLE merge to DOUBLE (a JS number
 * column mixing 1 and 1.5), anything else different is `CANNOT_MERGE_TYPE`.
 */
export function mergeTypes(a: DataType, b: DataType, name = "field"): DataType {
  if (a.kind === "null") return b;
  if (b.kind === "null") return a;
  if (sameType(a, b)) return a;
  // PySpark 4 widens an atomic type mixed with strings to STRING.
  const complex = (t: DataType) => t.kind === "array" || t.kind === "map" || t.kind === "struct";
  if ((a.kind === "string" && !complex(b)) || (b.kind === "string" && !complex(a))) return STRING;
  if ((a.kind === "long" && b.kind === "double") || (a.kind === "double" && b.kind === "long")) return DOUBLE;
  if (a.kind === "array" && b.kind === "array") {
    return new ArrayType(mergeTypes(a.elementType, b.elementType, `element in array ${name}`), true);
  }
  if (a.kind === "map" && b.kind === "map") {
    return new MapType(
      mergeTypes(a.keyType, b.keyType, `key of map ${name}`),
      mergeTypes(a.valueType, b.valueType, `value of map ${name}`),
      true,
    );
  }
  if (a.kind === "struct" && b.kind === "struct") {
    const fields = a.fields.map((f) => {
      const g = b.fields.find((x) => x.name === f.name);
      return g ? new StructField(f.name, mergeTypes(f.dataType, g.dataType, f.name), true) : f;
    });
    for (const g of b.fields) if (!a.fields.some((f) => f.name === g.name)) fields.push(g);
    return new StructType(fields);
  }
  throw new TsparkError("CANNOT_MERGE_TYPE", {
    messageParameters: { data_type1: pythonRepr(a), data_type2: pythonRepr(b), field_name: name },
  });
}

function hasNullType(t: DataType): boolean {
  switch (t.kind) {
    case "null":
      return true;
    case "array":
      return hasNullType(t.elementType);
    case "map":
      return hasNullType(t.keyType) || hasNullType(t.valueType);
    case "struct":
      return t.fields.some((f) => hasNullType(f.dataType));
    default:
      return false;
  }
}

/**
 * Infers a schema from rows as PySpark's `createDataFrame` does: object rows give fields by key
 * (in first-seen key order, not sorted as PySpark sorts dict keys — a JS object reads like a
 * `Row`), array rows give `_1, _2, …` unless `names` are given (missing names are filled in the
 * same way). Types are merged over all rows; all fields are nullable. A field whose type stays
 * undetermined (only nulls, or empty arrays) raises `CANNOT_DETERMINE_TYPE`.
 */
export function inferSchemaFromRows(
  rows: readonly (Readonly<Record<string, unknown>> | readonly unknown[])[],
  names?: readonly string[],
): StructType {
  if (rows.length === 0) {
    throw new TsparkError("CANNOT_INFER_EMPTY_SCHEMA", { messageParameters: {} });
  }
  let schema: StructType | undefined;
  for (const row of rows) {
    let t: StructType;
    if (Array.isArray(row)) {
      const arr = row as readonly unknown[];
      t = new StructType(arr.map((x, i) => new StructField(names?.[i] ?? `_${i + 1}`, inferType(x), true)));
    } else if (isPlainObject(row)) {
      // PySpark's _infer_schema sorts a dict row's keys; object rows are its dicts.
      const sorted = inferType(row) as StructType;
      t = new StructType([...sorted.fields].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)));
      if (names)
        t = new StructType(t.fields.map((f, i) => new StructField(names[i] ?? f.name, f.dataType, true)));
    } else {
      throw new TsparkError("CANNOT_INFER_SCHEMA_FOR_TYPE", {
        messageParameters: { data_type: typeName(row) },
      });
    }
    schema = schema === undefined ? t : (mergeTypes(schema, t, "row") as StructType);
  }
  const result = schema as StructType;
  for (const f of result.fields) {
    if (hasNullType(f.dataType)) {
      throw new TsparkError("CANNOT_DETERMINE_TYPE", {
        messageParameters: { dataType: `Type of field "${f.name}"` },
      });
    }
  }
  return result;
}

/** Python's `str()` of a value PySpark would stringify for a STRING field; undefined if unsupported. */
function pythonStr(v: unknown): string | undefined {
  switch (typeof v) {
    case "number":
      return Number.isInteger(v) && Number.isFinite(v)
        ? String(v)
        : Number.isNaN(v)
          ? "nan"
          : v === Infinity
            ? "inf"
            : v === -Infinity
              ? "-inf"
              : String(v);
    case "bigint":
      return String(v);
    case "boolean":
      return v ? "True" : "False";
    default:
      break;
  }
  if (Array.isArray(v)) {
    const parts = v.map((x) =>
      x === null || x === undefined ? "None" : typeof x === "string" ? `'${x}'` : pythonStr(x),
    );
    return parts.some((p) => p === undefined) ? undefined : `[${parts.join(", ")}]`;
  }
  return undefined;
}
