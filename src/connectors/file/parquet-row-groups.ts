/**
 * Row-group skipping from column statistics: a row group is skipped only when its min/max and
 * null counts PROVE that no row satisfies the pushed filters (filters are hints; the engine
 * re-applies them). Only top-level, non-repeated primitive columns are used, and only when the
 * filter constant and the column are of the same family (integers, floating point, decimals,
 * dates, timestamps of the same kind, strings, booleans).
 *
 * Care points: strings and binaries compare as unsigned bytes and use only the typed
 * `min_value`/`max_value` bounds (the deprecated `min`/`max` were signed); floating-point bounds
 * never prove `>`/`>=` false (a NaN row, which Spark orders above every number, may be missing
 * from the bounds) and a NaN bound disables skipping; INT96, unsigned and nanosecond columns are
 * never used. Example: a group with `a` in [1, 10] is skipped for `a > 10` or `a IS NULL` when
 * its null count is 0.
 */
import type { SchemaElement } from "hyparquet";
import type { DataType } from "../../types/data-type.js";
import type { RawStatistics } from "./parquet-footer.js";
import { bytesToBigInt, findChild } from "./parquet-assembly.js";
import { decimalOf, integerOf, type ParquetNode, timestampOf } from "./parquet-schema.js";
import type { SourceFilter } from "./source-filter.js";

type Family = "int" | "float" | "decimal" | "date" | "ts" | "ts_ntz" | "string" | "bool";

interface Bounds {
  readonly family: Family;
  /** Decimal scale of the bounds (0 for other families). */
  readonly scale: number;
  readonly min: bigint | number | Uint8Array | undefined;
  readonly max: bigint | number | Uint8Array | undefined;
  readonly nullCount: bigint | undefined;
  readonly numRows: bigint;
}

function familyOf(e: SchemaElement): Family | undefined {
  const int = integerOf(e);
  if (int && !int.signed) return undefined;
  if (decimalOf(e))
    return e.type === "INT32" ||
      e.type === "INT64" ||
      e.type === "BYTE_ARRAY" ||
      e.type === "FIXED_LEN_BYTE_ARRAY"
      ? "decimal"
      : undefined;
  switch (e.type) {
    case "BOOLEAN":
      return "bool";
    case "FLOAT":
    case "DOUBLE":
      return "float";
    case "INT32":
      if (e.converted_type === "DATE" || e.logical_type?.type === "DATE") return "date";
      return e.logical_type === undefined && (e.converted_type === undefined || int) ? "int" : undefined;
    case "INT64": {
      const ts = timestampOf(e);
      if (ts) return ts.unit === "NANOS" ? undefined : ts.utc ? "ts" : "ts_ntz";
      return e.logical_type === undefined && (e.converted_type === undefined || int) ? "int" : undefined;
    }
    case "BYTE_ARRAY": {
      const c = e.converted_type;
      const lt = e.logical_type?.type;
      return c === "UTF8" || lt === "STRING" ? "string" : undefined;
    }
    default:
      return undefined;
  }
}

function decodeBound(
  e: SchemaElement,
  f: Family,
  b: Uint8Array | undefined,
): bigint | number | Uint8Array | undefined {
  if (b === undefined) return undefined;
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  switch (e.type) {
    case "BOOLEAN":
      return b.length >= 1 ? BigInt(b[0]! & 1) : undefined;
    case "INT32":
      return b.length === 4 ? BigInt(v.getInt32(0, true)) : undefined;
    case "INT64": {
      if (b.length !== 8) return undefined;
      const x = v.getBigInt64(0, true);
      return timestampOf(e)?.unit === "MILLIS" ? x * 1000n : x;
    }
    case "FLOAT":
      return b.length === 4 ? v.getFloat32(0, true) : undefined;
    case "DOUBLE":
      return b.length === 8 ? v.getFloat64(0, true) : undefined;
    default:
      return f === "decimal" ? bytesToBigInt(b) : b;
  }
}

/** The statistics bounds of a top-level column in one row group, or undefined when unusable. */
function boundsOf(
  root: ParquetNode,
  column: string,
  caseSensitive: boolean,
  stats: readonly (RawStatistics | undefined)[],
  numRows: bigint,
): Bounds | undefined {
  const node = findChild(root, column, caseSensitive, false);
  if (node === undefined || node.children.length > 0 || node.repetition === "REPEATED") return undefined;
  const s = stats[node.columnIndex];
  if (s === undefined) return undefined;
  const f = familyOf(node.element);
  if (f === undefined)
    return { family: "bool", scale: 0, min: undefined, max: undefined, nullCount: s.nullCount, numRows };
  const typed = s.minValue !== undefined || s.maxValue !== undefined;
  const legacyOk = node.element.type !== "BYTE_ARRAY" && node.element.type !== "FIXED_LEN_BYTE_ARRAY";
  const minB = typed ? s.minValue : legacyOk ? s.min : undefined;
  const maxB = typed ? s.maxValue : legacyOk ? s.max : undefined;
  let min = decodeBound(node.element, f, minB);
  let max = decodeBound(node.element, f, maxB);
  if (typeof min === "number" && Number.isNaN(min)) min = undefined;
  if (typeof max === "number" && Number.isNaN(max)) max = undefined;
  if (min === undefined || max === undefined) {
    min = undefined;
    max = undefined;
  }
  return { family: f, scale: decimalOf(node.element)?.scale ?? 0, min, max, nullCount: s.nullCount, numRows };
}

const ENCODER = new TextEncoder();

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/** The filter constant in the bounds' domain (decimals rescaled), or undefined if incomparable. */
function constantFor(
  b: Bounds,
  value: unknown,
  t: DataType,
): { v: bigint | number | Uint8Array; colShift: bigint } | undefined {
  if (value === null || value === undefined) return undefined;
  switch (b.family) {
    case "int":
      if (
        (t.kind === "byte" || t.kind === "short" || t.kind === "int" || t.kind === "long") &&
        (typeof value === "number" || typeof value === "bigint")
      )
        return { v: BigInt(value), colShift: 1n };
      return undefined;
    case "float":
      if ((t.kind === "float" || t.kind === "double") && typeof value === "number" && !Number.isNaN(value))
        return { v: value, colShift: 1n };
      return undefined;
    case "decimal": {
      if (t.kind !== "decimal" || typeof value !== "bigint") return undefined;
      // Compare at the larger scale: shift the constant or the column bounds.
      const s = Math.max(t.scale, b.scale);
      return { v: value * 10n ** BigInt(s - t.scale), colShift: 10n ** BigInt(s - b.scale) };
    }
    case "date":
      return t.kind === "date" && typeof value === "number" ? { v: BigInt(value), colShift: 1n } : undefined;
    case "ts":
      return t.kind === "timestamp" && typeof value === "number"
        ? { v: BigInt(value), colShift: 1n }
        : undefined;
    case "ts_ntz":
      return t.kind === "timestamp_ntz" && typeof value === "number"
        ? { v: BigInt(value), colShift: 1n }
        : undefined;
    case "string":
      return t.kind === "string" && typeof value === "string"
        ? { v: ENCODER.encode(value), colShift: 1n }
        : undefined;
    case "bool":
      return t.kind === "boolean" && typeof value === "boolean"
        ? { v: value ? 1n : 0n, colShift: 1n }
        : undefined;
  }
}

function cmp(a: bigint | number | Uint8Array, b: bigint | number | Uint8Array): number {
  if (a instanceof Uint8Array && b instanceof Uint8Array) return compareBytes(a, b);
  if (typeof a === "bigint" && typeof b === "bigint") return a < b ? -1 : a > b ? 1 : 0;
  const x = Number(a);
  const y = Number(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function scaled(x: bigint | number | Uint8Array, shift: bigint): bigint | number | Uint8Array {
  return typeof x === "bigint" && shift !== 1n ? x * shift : x;
}

/** True when every row of the group has `column` NULL. */
function allNull(b: Bounds): boolean {
  return b.nullCount !== undefined && b.nullCount === b.numRows;
}

/** True when the statistics prove no row of the group satisfies `f`. */
function provesEmpty(f: SourceFilter, bounds: (column: string) => Bounds | undefined): boolean {
  switch (f.kind) {
    case "And":
      return provesEmpty(f.left, bounds) || provesEmpty(f.right, bounds);
    case "Or":
      return provesEmpty(f.left, bounds) && provesEmpty(f.right, bounds);
    case "Not":
      if (f.child.kind === "IsNull")
        return provesEmpty({ kind: "IsNotNull", column: f.child.column }, bounds);
      if (f.child.kind === "IsNotNull")
        return provesEmpty({ kind: "IsNull", column: f.child.column }, bounds);
      return false;
    case "IsNull": {
      const b = bounds(f.column);
      return b !== undefined && b.nullCount === 0n;
    }
    case "IsNotNull": {
      const b = bounds(f.column);
      return b !== undefined && allNull(b);
    }
    case "StringEndsWith":
    case "StringContains":
    case "StringStartsWith": {
      const b = bounds(f.column);
      if (b === undefined) return false;
      if (allNull(b)) return true;
      if (
        f.kind !== "StringStartsWith" ||
        b.family !== "string" ||
        b.min === undefined ||
        b.max === undefined
      )
        return false;
      const p = ENCODER.encode(f.value);
      const min = b.min as Uint8Array;
      const max = b.max as Uint8Array;
      // Every value is ≥ min and ≤ max; a value starting with p lies in [p, p + 0xFF…].
      return compareBytes(max, p) < 0 || compareBytes(min.subarray(0, p.length), p) > 0;
    }
    case "In": {
      const b = bounds(f.column);
      if (b === undefined) return false;
      if (allNull(b)) return true;
      return f.values.every((v) => v === null || comparisonEmpty("EqualTo", b, v, f.dataType));
    }
    default: {
      const b = bounds(f.column);
      if (b === undefined) return false;
      if (f.kind === "EqualNullSafe" && (f.value === null || f.value === undefined))
        return provesEmpty({ kind: "IsNull", column: f.column }, bounds);
      if (allNull(b)) return true;
      return comparisonEmpty(f.kind === "EqualNullSafe" ? "EqualTo" : f.kind, b, f.value, f.dataType);
    }
  }
}

function comparisonEmpty(kind: string, b: Bounds, value: unknown, t: DataType): boolean {
  if (b.min === undefined || b.max === undefined) return false;
  const c = constantFor(b, value, t);
  if (c === undefined) return false;
  const min = scaled(b.min, c.colShift);
  const max = scaled(b.max, c.colShift);
  const float = b.family === "float";
  switch (kind) {
    case "EqualTo":
      return cmp(c.v, min) < 0 || cmp(c.v, max) > 0;
    case "LessThan":
      return cmp(min, c.v) >= 0;
    case "LessThanOrEqual":
      return cmp(min, c.v) > 0;
    case "GreaterThan":
      return !float && cmp(max, c.v) <= 0;
    case "GreaterThanOrEqual":
      return !float && cmp(max, c.v) < 0;
    default:
      return false;
  }
}

/** Indexes of the row groups that may hold matching rows (all of them when nothing is proven). */
export function selectRowGroups(
  root: ParquetNode,
  rowCounts: readonly bigint[],
  stats: readonly (readonly (RawStatistics | undefined)[])[],
  filters: readonly SourceFilter[],
  caseSensitive: boolean,
): number[] {
  const keep: number[] = [];
  for (let g = 0; g < rowCounts.length; g++) {
    const cache = new Map<string, Bounds | undefined>();
    const bounds = (column: string) => {
      if (!cache.has(column))
        cache.set(column, boundsOf(root, column, caseSensitive, stats[g] ?? [], rowCounts[g]!));
      return cache.get(column);
    };
    if (!filters.some((f) => provesEmpty(f, bounds))) keep.push(g);
  }
  return keep;
}
