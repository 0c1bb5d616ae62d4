/**
 * Total orderings on internal values, following Spark's ordering rules: NaN is the largest
 * floating value (and equals NaN), -0.0 equals 0.0, strings compare by code point (the same as
 * UTF-8 byte order), binary by unsigned bytes, booleans false < true, arrays and structs
 * lexicographically with null elements/fields first. Sort, min/max, array_sort and joins reuse
 * these; the comparator is specialised once per type so the per-row call does no type dispatch.
 */
import { TsparkError } from "../../common/errors.js";
import type { CalendarInterval, MapValue } from "../../data/values.js";
import type { DataType } from "../../types/data-type.js";

/** A comparator on two non-null internal values of one type: negative, zero or positive. */
export type Comparator = (a: unknown, b: unknown) => number;

const comparePrimitive: Comparator = (a, b) => {
  // Numbers and bigints (long may mix both; JS relational operators compare them exactly).
  const x = a as number;
  const y = b as number;
  return x < y ? -1 : x > y ? 1 : 0;
};

const compareBoolean: Comparator = (a, b) => (a === b ? 0 : a ? 1 : -1);

const compareFloating: Comparator = (a, b) => {
  const x = a as number;
  const y = b as number;
  if (x < y) return -1;
  if (x > y) return 1;
  if (x === y) return 0;
  // At least one NaN: NaN is larger than everything else and equal to itself.
  const xn = Number.isNaN(x);
  const yn = Number.isNaN(y);
  return xn === yn ? 0 : xn ? 1 : -1;
};

/** Compares two JS strings by Unicode code point (= UTF-8 byte order), not by UTF-16 unit. */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let ca = a.charCodeAt(i);
    let cb = b.charCodeAt(i);
    if (ca !== cb) {
      // Surrogates (0xD800–0xDFFF) encode code points above 0xFFFF, so they must sort after
      // 0xE000–0xFFFF; shift both ranges so plain unit order becomes code point order.
      if (ca >= 0xd800 && cb >= 0xd800) {
        ca = ca >= 0xe000 ? ca - 0x800 : ca + 0x2000;
        cb = cb >= 0xe000 ? cb - 0x800 : cb + 0x2000;
      }
      return ca - cb;
    }
  }
  return a.length - b.length;
}

const compareString: Comparator = (a, b) => compareStrings(a as string, b as string);

const compareBinary: Comparator = (a, b) => {
  const x = a as Uint8Array;
  const y = b as Uint8Array;
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const d = (x[i] as number) - (y[i] as number);
    if (d !== 0) return d;
  }
  return x.length - y.length;
};

const compareInterval: Comparator = (a, b) => {
  const x = a as CalendarInterval;
  const y = b as CalendarInterval;
  return x.months - y.months || x.days - y.days || x.micros - y.micros;
};

const compareNothing: Comparator = () => 0;

function arrayComparator(elem: Comparator): Comparator {
  return (a, b) => {
    const x = a as readonly unknown[];
    const y = b as readonly unknown[];
    const n = Math.min(x.length, y.length);
    for (let i = 0; i < n; i++) {
      const u = x[i];
      const v = y[i];
      if (u === null) {
        if (v !== null) return -1;
      } else if (v === null) {
        return 1;
      } else {
        const c = elem(u, v);
        if (c !== 0) return c;
      }
    }
    return x.length - y.length;
  };
}

function structComparator(fields: readonly Comparator[]): Comparator {
  const n = fields.length;
  return (a, b) => {
    const x = a as readonly unknown[];
    const y = b as readonly unknown[];
    for (let i = 0; i < n; i++) {
      const u = x[i] ?? null;
      const v = y[i] ?? null;
      if (u === null) {
        if (v !== null) return -1;
      } else if (v === null) {
        return 1;
      } else {
        const c = (fields[i] as Comparator)(u, v);
        if (c !== 0) return c;
      }
    }
    return 0;
  };
}

function mapComparator(keys: Comparator, values: Comparator): Comparator {
  // Spark does not order maps in SQL; this deterministic entry-wise order exists so that internal
  // callers (e.g. sorting grouping keys for display) never fail on them.
  const k = arrayComparator(keys);
  const v = arrayComparator(values);
  return (a, b) => {
    const x = a as MapValue;
    const y = b as MapValue;
    return k(x.keys, y.keys) || v(x.values, y.values);
  };
}

/**
 * Returns Spark's ascending total order for non-null internal values of `type`. Callers handle
 * nulls themselves (see `compareNullable`). Build it once per type (at bind/plan time), not per row.
 */
export function compareValues(type: DataType): Comparator {
  switch (type.kind) {
    case "boolean":
      return compareBoolean;
    case "byte":
    case "short":
    case "int":
    case "long":
    case "date":
    case "timestamp":
    case "timestamp_ntz":
    case "decimal":
    case "day_time_interval":
    case "year_month_interval":
      return comparePrimitive;
    case "float":
    case "double":
      return compareFloating;
    case "string":
      return compareString;
    case "binary":
      return compareBinary;
    case "calendar_interval":
      return compareInterval;
    case "null":
      return compareNothing;
    case "array":
      return arrayComparator(compareValues(type.elementType));
    case "struct":
      return structComparator(type.fields.map((f) => compareValues(f.dataType)));
    case "map":
      return mapComparator(compareValues(type.keyType), compareValues(type.valueType));
    default: {
      const unreachable: never = type;
      throw new TsparkError("INTERNAL_ERROR", {
        messageParameters: { message: `compareValues: unknown type ${String(unreachable)}` },
      });
    }
  }
}

/**
 * Wraps a comparator with null handling: `nullsFirst` puts nulls before every value; the result
 * is ascending — negate it (or swap arguments) for descending orders.
 */
export function compareNullable(cmp: Comparator, nullsFirst: boolean): Comparator {
  const nullSign = nullsFirst ? -1 : 1;
  return (a, b) => {
    if (a === null) return b === null ? 0 : nullSign;
    if (b === null) return -nullSign;
    return cmp(a, b);
  };
}

/** True when Spark can order values of `type` (maps are not orderable in SQL). */
export function isOrderable(type: DataType): boolean {
  switch (type.kind) {
    case "map":
    case "calendar_interval":
      return false;
    case "array":
      return isOrderable(type.elementType);
    case "struct":
      return type.fields.every((f) => isOrderable(f.dataType));
    default:
      return true;
  }
}
