/**
 * Spark's CSV schema inference (CSVInferSchema): each field's type is found by trying, from the
 * column's type so far, INT → BIGINT → DECIMAL (no fraction digits, precision ≤ 38) → DOUBLE
 * (also `nanValue`/`positiveInf`/`negativeInf`) → DATE (with `preferDate`, by `dateFormat`) →
 * TIMESTAMP_NTZ-style (no zone; typed by `spark.sql.timestampType`) → TIMESTAMP → BOOLEAN →
 * STRING; null/empty values keep the type. Column types merge by Spark's tightest common type plus
 * CSV's rules (integral and decimal widen to decimal, decimal and double to double, date with a
 * timestamp to string, anything else to string). A column with no value is STRING.
 *
 *     a,b,c          header=true, inferSchema=true
 *     1,2.5,2020-01-01   →  a INT, b DOUBLE, c DATE
 *     2,3,               (an empty value keeps the type so far)
 */
import {
  getTimeZone,
  parseDate,
  parseTimestamp,
  parseTimestampNtz,
  type TimeZone,
} from "../../data/datetime.js";
import { type DateTimePattern, getPattern } from "../../functions/datetime/datetime-pattern.js";
import {
  BOOLEAN,
  DATE,
  type DataType,
  DecimalType,
  DOUBLE,
  INT,
  LONG,
  NULL_TYPE,
  STRING,
  StructField,
  StructType,
  TIMESTAMP,
  TIMESTAMP_NTZ,
} from "../../types/data-type.js";
import type { CsvReadOptions } from "./csv-options.js";
import {
  decimalParser,
  isoDateDays,
  javaParseBigDecimal,
  javaParseDouble,
  javaParseLong,
} from "./csv-values.js";

const INT_MIN = -2147483648n;
const INT_MAX = 2147483647n;
const LONG_MIN = -9223372036854775808n;
const LONG_MAX = 9223372036854775807n;

/** Infers field types one value at a time (one instance per read; holds compiled patterns). */
export class CsvTypeInferrer {
  private readonly zone: TimeZone;
  private readonly utc: TimeZone;
  private readonly datePattern: DateTimePattern | undefined;
  private readonly isoDates: boolean;
  private readonly ntzPattern: DateTimePattern | undefined;
  private readonly tsPattern: DateTimePattern | undefined;
  private readonly dateFormatInRead: string;
  private readonly parseDecimal: typeof javaParseBigDecimal;
  private readonly recurse = (x: DataType, y: DataType): DataType | undefined => this.compatibleType(x, y);

  constructor(private readonly o: CsvReadOptions) {
    this.zone = getTimeZone(o.timeZone);
    this.utc = getTimeZone("UTC");
    const dateFormat = o.preferDate ? (o.dateFormat ?? "yyyy-MM-dd") : o.dateFormat;
    this.datePattern = dateFormat === undefined ? undefined : getPattern(dateFormat, true);
    this.isoDates = dateFormat === "yyyy-MM-dd";
    this.ntzPattern = o.timestampNTZFormat === undefined ? undefined : getPattern(o.timestampNTZFormat, true);
    this.tsPattern = o.timestampFormat === undefined ? undefined : getPattern(o.timestampFormat, true);
    this.dateFormatInRead = dateFormat ?? "yyyy-MM-dd";
    // en-US keeps Java's BigDecimal syntax (no grouping) for backward compatibility.
    this.parseDecimal = /^en[-_]US$/i.test(o.locale) ? javaParseBigDecimal : decimalParser(o.locale);
  }

  private dateParse(s: string): boolean {
    try {
      if (this.datePattern === undefined) return parseDate(s) !== null;
      const fast = this.isoDates ? isoDateDays(s) : undefined;
      if (fast !== undefined) return fast !== null;
      return this.datePattern.parseDate(s, false, this.o.timeParserPolicy) !== null;
    } catch {
      return false;
    }
  }

  private ntzParse(s: string): boolean {
    try {
      return this.ntzPattern === undefined
        ? parseTimestampNtz(s, false) !== null
        : this.ntzPattern.parse(s, this.utc, false, this.o.timeParserPolicy, true) !== null;
    } catch {
      return false;
    }
  }

  private tsParse(s: string): boolean {
    try {
      return this.tsPattern === undefined
        ? parseTimestamp(s, this.zone) !== null
        : this.tsPattern.parse(s, this.zone, false, this.o.timeParserPolicy) !== null;
    } catch {
      return false;
    }
  }

  /** The type of a column after seeing `field` (Spark's `inferField`). */
  inferField(soFar: DataType, field: string | null): DataType {
    if (field === null || field === "" || field === this.o.nullValue) return soFar;
    let next: DataType;
    switch (soFar.kind) {
      case "null":
      case "int":
        next = this.tryInt(field);
        break;
      case "long":
        next = this.tryLong(field);
        break;
      case "decimal":
        next = this.tryDecimal(field);
        break;
      case "double":
        next = this.tryDouble(field);
        break;
      case "date":
        next = this.tryDate(field);
        break;
      case "timestamp_ntz":
        next = this.tryNtz(field);
        break;
      case "timestamp":
        next = this.tryTimestamp(field);
        break;
      case "boolean":
        next = this.tryBoolean(field);
        break;
      default:
        return STRING;
    }
    return this.compatibleType(soFar, next) ?? STRING;
  }

  private tryInt(f: string): DataType {
    return javaParseLong(f, INT_MIN, INT_MAX) !== undefined ? INT : this.tryLong(f);
  }

  private tryLong(f: string): DataType {
    return javaParseLong(f, LONG_MIN, LONG_MAX) !== undefined ? LONG : this.tryDecimal(f);
  }

  private tryDecimal(f: string): DataType {
    const d = this.parseDecimal(f);
    // Only values without fraction digits; negative scales and precision > 38 are not decimal types.
    if (d !== undefined && d.scale === 0 && d.precision <= 38) return new DecimalType(d.precision, 0);
    return this.tryDouble(f);
  }

  private tryDouble(f: string): DataType {
    const o = this.o;
    if (javaParseDouble(f) !== undefined || f === o.nanValue || f === o.positiveInf || f === o.negativeInf)
      return DOUBLE;
    return o.preferDate ? this.tryDate(f) : this.tryNtz(f);
  }

  private tryDate(f: string): DataType {
    return this.dateParse(f) ? DATE : this.tryNtz(f);
  }

  private tryNtz(f: string): DataType {
    // Zone-less values are TIMESTAMP_NTZ only when that is the session's default timestamp type.
    return this.o.inferTimestampNTZ && this.ntzParse(f) ? TIMESTAMP_NTZ : this.tryTimestamp(f);
  }

  private tryTimestamp(f: string): DataType {
    return this.tsParse(f) ? TIMESTAMP : this.tryBoolean(f);
  }

  private tryBoolean(f: string): DataType {
    const l = f.toLowerCase();
    return l === "true" || l === "false" ? BOOLEAN : STRING;
  }

  /**
   * Spark's CSV `compatibleType`: dates mixed with timestamps are timestamps when the timestamp
   * type has no pattern and the date pattern is one the lenient timestamp parser reads, else
   * strings; otherwise the tightest common type and CSV's widening rules.
   */
  compatibleType(a: DataType, b: DataType): DataType | undefined {
    if ((a.kind === "date" && isTs(b)) || (isTs(a) && b.kind === "date")) {
      const ts = a.kind === "date" ? b : a;
      const patternless =
        ts.kind === "timestamp"
          ? this.o.timestampFormat === undefined
          : this.o.timestampNTZFormat === undefined;
      return patternless && LENIENT_DATE_FORMATS.has(this.dateFormatInRead) ? ts : STRING;
    }
    return compatibleType(a, b, this.recurse);
  }

  /** Merges the column types of two inference partitions (Spark's `mergeRowTypes`). */
  mergeRowTypes(a: readonly DataType[], b: readonly DataType[]): DataType[] {
    const n = Math.max(a.length, b.length);
    const out: DataType[] = [];
    for (let i = 0; i < n; i++)
      out.push(this.compatibleType(a[i] ?? NULL_TYPE, b[i] ?? NULL_TYPE) ?? NULL_TYPE);
    return out;
  }

  /** Folds one row of tokens into the column types (extra tokens ignored, missing ones keep the type). */
  inferRow(types: DataType[], tokens: readonly (string | null)[]): void {
    const n = Math.min(types.length, tokens.length);
    for (let i = 0; i < n; i++) types[i] = this.inferField(types[i] as DataType, tokens[i] ?? null);
  }
}

function isTs(t: DataType): boolean {
  return t.kind === "timestamp" || t.kind === "timestamp_ntz";
}

const NUMERIC_ORDER = ["byte", "short", "int", "long", "float", "double"];

function decimalForIntegral(t: DataType): DecimalType | undefined {
  if (t.kind === "int") return new DecimalType(10, 0);
  if (t.kind === "long") return new DecimalType(20, 0);
  return undefined;
}

/** Spark's `findTightestCommonType` restricted to the types CSV inference produces. */
function tightest(a: DataType, b: DataType): DataType | undefined {
  if (a.kind === b.kind && (a.kind !== "decimal" || a.simpleString() === b.simpleString())) return a;
  if (a.kind === "null") return b;
  if (b.kind === "null") return a;
  const ia = NUMERIC_ORDER.indexOf(a.kind);
  const ib = NUMERIC_ORDER.indexOf(b.kind);
  if (ia >= 0 && ib >= 0) return ia >= ib ? a : b;
  if (
    (a.kind === "timestamp" || a.kind === "timestamp_ntz") &&
    (b.kind === "timestamp" || b.kind === "timestamp_ntz")
  )
    return TIMESTAMP;
  return undefined;
}

/** Date patterns whose values the lenient (CAST-style) timestamp parser also reads. */
const LENIENT_DATE_FORMATS = new Set([
  "yyyy-MM-dd",
  "yyyy-M-d",
  "yyyy-M-dd",
  "yyyy-MM-d",
  "yyyy-MM",
  "yyyy-M",
  "yyyy",
]);

/** The tightest common type and CSV's widening rules (dates with timestamps are the caller's). */
function compatibleType(
  a: DataType,
  b: DataType,
  recurse: (x: DataType, y: DataType) => DataType | undefined,
): DataType | undefined {
  const t = tightest(a, b);
  if (t !== undefined) return t;
  if (a.kind === "string" || b.kind === "string") return STRING;
  const da = decimalForIntegral(a);
  if (da !== undefined && b.kind === "decimal") return recurse(da, b);
  const db = decimalForIntegral(b);
  if (db !== undefined && a.kind === "decimal") return recurse(a, db);
  if ((a.kind === "double" && b.kind === "decimal") || (a.kind === "decimal" && b.kind === "double"))
    return DOUBLE;
  if (a.kind === "decimal" && b.kind === "decimal") {
    const scale = Math.max(a.scale, b.scale);
    const range = Math.max(a.precision - a.scale, b.precision - b.scale);
    return range + scale > 38 ? DOUBLE : new DecimalType(range + scale, scale);
  }
  return undefined;
}

/** The final schema: header names with the inferred types, NULL (never seen) as STRING. */
export function toStructType(header: readonly string[], types: readonly DataType[] | undefined): StructType {
  return new StructType(
    header.map((name, i) => {
      const t = types?.[i] ?? STRING;
      return new StructField(name, t.kind === "null" ? STRING : t, true);
    }),
  );
}

/**
 * Spark's `makeSafeHeader`: with a header, null/empty/`nullValue` names become `_c<i>` and names
 * occurring more than once (case-insensitively unless `caseSensitive`) get their index appended;
 * without a header every name is `_c<i>`.
 */
export function makeSafeHeader(
  row: readonly (string | null)[],
  header: boolean,
  caseSensitive: boolean,
  nullValue: string,
): string[] {
  if (!header) return row.map((_, i) => `_c${i}`);
  const key = (s: string) => (caseSensitive ? s : s.toLowerCase());
  const counts = new Map<string, number>();
  for (const v of row) if (v !== null) counts.set(key(v), (counts.get(key(v)) ?? 0) + 1);
  return row.map((v, i) => {
    if (v === null || v === "" || v === nullValue) return `_c${i}`;
    return (counts.get(key(v)) ?? 0) > 1 ? `${v}${i}` : v;
  });
}
