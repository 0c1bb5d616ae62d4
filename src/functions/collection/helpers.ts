/**
 * Helpers shared by the collection functions: argument checks with Spark's error classes, hashing
 * keys for set-like operations, map building and names derived from argument SQL.
 */
import { TsparkError } from "../../common/errors.js";
import { MapValue } from "../../data/values.js";
import { findWiderCommonType } from "../../types/coercion.js";
import {
  ArrayType,
  type DataType,
  isIntegral,
  type MapType,
  NULL_TYPE,
  sameTypeIgnoreNullability,
} from "../../types/data-type.js";
import { toSqlExpr, toSqlType, typeMismatch, unexpectedInputType } from "../errors.js";
import type { BindArg } from "../function-definition.js";

/** The SQL text of a call, `name(a, b)`, as used in error messages. */
export function callSql(name: string, args: readonly BindArg[]): string {
  return `${name}(${args.map((a) => a.sql).join(", ")})`;
}

/** Returns the argument's ArrayType or throws `DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE`. */
export function requireArray(name: string, args: readonly BindArg[], index: number): ArrayType {
  const arg = args[index] as BindArg;
  if (arg.dataType.kind === "array") return arg.dataType;
  throw unexpectedInputType(callSql(name, args), index, '"ARRAY"', arg);
}

/** Returns the argument's MapType or throws `DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE`. */
export function requireMap(name: string, args: readonly BindArg[], index: number): MapType {
  const arg = args[index] as BindArg;
  if (arg.dataType.kind === "map") return arg.dataType;
  throw unexpectedInputType(callSql(name, args), index, '"MAP"', arg);
}

/** Requires an integral argument (byte/short/int/long) or throws. */
export function requireIntegral(name: string, args: readonly BindArg[], index: number): void {
  const arg = args[index] as BindArg;
  if (isIntegral(arg.dataType) || arg.dataType.kind === "null") return;
  throw unexpectedInputType(callSql(name, args), index, '"INT"', arg);
}

/** Requires a string argument or throws. */
export function requireString(name: string, args: readonly BindArg[], index: number): void {
  const arg = args[index] as BindArg;
  if (arg.dataType.kind === "string" || arg.dataType.kind === "null") return;
  throw unexpectedInputType(callSql(name, args), index, '"STRING"', arg);
}

/** Converts an internal integral value (int or long) to a JS number (longs beyond 2^53 saturate). */
export function toInt(v: unknown): number {
  return typeof v === "bigint" ? Number(v) : (v as number);
}

/**
 * Throws `DATATYPE_MISMATCH.DATA_DIFF_TYPES` when the arguments have no common type, as Spark's
 * `array(…)`/`map(…)` constructors do.
 */
export function dataDiffTypes(
  name: string,
  args: readonly BindArg[],
  types: readonly DataType[],
): TsparkError {
  return typeMismatch("DATA_DIFF_TYPES", callSql(name, args), {
    functionName: `\`${name}\``,
    dataType: `(${types.map((t) => toSqlType(t)).join(" or ")})`,
  });
}

/** `DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE` with a custom required-type text. */
export function wrongArgType(
  name: string,
  args: readonly BindArg[],
  index: number,
  required: string,
): TsparkError {
  const arg = args[index] as BindArg;
  return typeMismatch("UNEXPECTED_INPUT_TYPE", callSql(name, args), {
    paramIndex: ["first", "second", "third"][index] ?? `${index + 1}th`,
    requiredType: required,
    inputSql: toSqlExpr(arg.sql),
    inputType: toSqlType(arg.dataType),
  });
}

/**
 * A hash key for a value of `type` with the same equality as `valuesEqual` (NaN equals NaN,
 * -0 equals 0, structural for nested values). Atomic values are their own keys (a JS Map compares
 * them with SameValueZero, which matches); binary and nested values become a canonical string.
 */
export function hashKeyFn(type: DataType): (v: unknown) => unknown {
  switch (type.kind) {
    case "binary":
    case "array":
    case "map":
    case "struct":
    case "calendar_interval":
      return canonicalKey;
    default:
      return identity;
  }
}

function identity(v: unknown): unknown {
  return v;
}

/** A canonical string for any internal value (used as a hash key for nested values). */
export function canonicalKey(v: unknown): string {
  if (v === null || v === undefined) return "n";
  switch (typeof v) {
    case "number":
      return Number.isNaN(v) ? "dNaN" : `d${v === 0 ? 0 : v}`;
    case "bigint":
      return `d${v}`;
    case "string":
      return JSON.stringify(v);
    case "boolean":
      return v ? "t" : "f";
    default:
      break;
  }
  if (v instanceof Uint8Array) {
    let s = "x";
    for (const b of v) s += b.toString(16).padStart(2, "0");
    return s;
  }
  if (Array.isArray(v)) return `[${v.map(canonicalKey).join(",")}]`;
  if (v instanceof MapValue) return `{${canonicalKey(v.keys)}:${canonicalKey(v.values)}}`;
  const iv = v as { months: number; days: number; micros: number };
  return `i${iv.months},${iv.days},${iv.micros}`;
}

/**
 * The field name Spark gives an argument of `struct(…)`/`arrays_zip(…)`: the column or field name
 * for a plain (possibly qualified) column reference, otherwise undefined (callers use `colN`/`N`).
 * Foldable arguments are never column references, which distinguishes `'a'` (printed `a`) from `a`.
 */
export function argColumnName(arg: BindArg): string | undefined {
  const alias = /\sAS\s+(`(?:[^`]|``)+`|[A-Za-z_][A-Za-z0-9_]*)$/i.exec(arg.sql);
  if (alias) return unquote(alias[1] as string);
  if (arg.foldable) return undefined;
  const part = "(?:`(?:[^`]|``)+`|[A-Za-z_][A-Za-z0-9_]*)";
  const re = new RegExp(`^${part}(?:\\.${part})*$`);
  if (!re.test(arg.sql)) return undefined;
  const last = new RegExp(`(${part})$`).exec(arg.sql);
  return last ? unquote(last[1] as string) : undefined;
}

function unquote(s: string): string {
  return s.startsWith("`") ? s.slice(1, -1).replace(/``/g, "`") : s;
}

/** Throws `NULL_MAP_KEY` (a map key may never be null). */
export function nullMapKey(): TsparkError {
  return new TsparkError("NULL_MAP_KEY", {});
}

/**
 * Builds maps with Spark's duplicate-key policy (`spark.sql.mapKeyDedupPolicy`): EXCEPTION (the
 * default) throws `DUPLICATED_MAP_KEY`, LAST_WIN keeps the last value at the first key's position.
 */
export class MapBuilder {
  private readonly index = new Map<unknown, number>();
  private keys: unknown[] = [];
  private values: unknown[] = [];
  constructor(
    private readonly keyOf: (v: unknown) => unknown,
    private readonly lastWin: boolean,
    private readonly render: (k: unknown) => string,
  ) {}
  /** Adds one entry; a null key throws `NULL_MAP_KEY`. */
  put(k: unknown, v: unknown): void {
    if (k === null) throw nullMapKey();
    const h = this.keyOf(k);
    const at = this.index.get(h);
    if (at === undefined) {
      this.index.set(h, this.keys.length);
      this.keys.push(k);
      this.values.push(v);
    } else if (this.lastWin) {
      this.values[at] = v;
    } else {
      throw new TsparkError("DUPLICATED_MAP_KEY", {
        messageParameters: { key: this.render(k), mapKeyDedupPolicy: '"spark.sql.mapKeyDedupPolicy"' },
      });
    }
  }
  /** Returns the built map and resets the builder. */
  build(): MapValue {
    const m = new MapValue(this.keys, this.values);
    this.keys = [];
    this.values = [];
    this.index.clear();
    return m;
  }
}

/** Reads `spark.sql.mapKeyDedupPolicy` (EXCEPTION or LAST_WIN). */
export function mapKeyLastWin(conf: (key: string) => string | undefined): boolean {
  return (conf("spark.sql.mapKeyDedupPolicy") ?? "EXCEPTION").toUpperCase() === "LAST_WIN";
}

/** A plain text rendering of a key for error messages. */
export function renderKey(k: unknown): string {
  if (typeof k === "string") return k;
  if (k instanceof Uint8Array || Array.isArray(k) || k instanceof MapValue) return canonicalKey(k);
  return String(k);
}

/**
 * `coerce` for `(array, element)` functions (array_contains, array_position, array_remove,
 * array_append…): both sides widened to a common element type.
 */
export function coerceArrayAndElement(types: readonly DataType[]): readonly (DataType | undefined)[] {
  const a = types[0];
  const e = types[1];
  if (a?.kind !== "array" || e === undefined) return [];
  const w = findWiderCommonType([a.elementType, e]);
  return w ? [new ArrayType(w, a.containsNull), w, ...types.slice(2).map(() => undefined)] : [];
}

/**
 * Spark's `findWiderTypeWithoutStringPromotion` for two types: like the wider common type, but a
 * STRING never absorbs a non-string (array_insert, map_contains_key reject such mixes).
 */
export function widerWithoutStringPromotion(a: DataType, b: DataType): DataType | undefined {
  if (a.kind !== "null" && b.kind !== "null" && (a.kind === "string") !== (b.kind === "string"))
    return undefined;
  return findWiderCommonType([a, b]);
}

/**
 * `DATATYPE_MISMATCH.ARRAY_FUNCTION_DIFF_TYPES` / `MAP_FUNCTION_DIFF_TYPES` unless `elem` (after
 * coercion) has the container's element or key type.
 */
export function requireElementType(
  name: string,
  args: readonly BindArg[],
  container: "ARRAY" | "MAP",
  expected: DataType,
  containerType: DataType,
  elem: BindArg | undefined,
): void {
  if (!elem || elem.dataType.kind === "null" || sameTypeIgnoreNullability(expected, elem.dataType)) return;
  throw typeMismatch(`${container}_FUNCTION_DIFF_TYPES`, callSql(name, args), {
    functionName: `\`${name}\``,
    dataType: `"${container}"`,
    leftType: `"${containerType.sql()}"`,
    rightType: `"${elem.dataType.sql()}"`,
  });
}

/** `coerce` for functions over several arrays of one element type (array_union, arrays_overlap…). */
export function coerceArrays(types: readonly DataType[]): readonly (DataType | undefined)[] {
  if (!types.every((t) => t.kind === "array")) return [];
  const w = findWiderCommonType(types);
  return w ? types.map(() => w) : [];
}

/**
 * Equality of two non-null values of `type` as Spark's collection functions use it: NaN equals
 * NaN, -0.0 equals 0.0, nested values structurally.
 */
export function equalsFn(type: DataType): (a: unknown, b: unknown) => boolean {
  const key = hashKeyFn(type);
  if (key !== hashKeyFn(NULL_TYPE)) return (a, b) => key(a) === key(b);
  return (a, b) => a === b || (Number.isNaN(a) && Number.isNaN(b));
}
