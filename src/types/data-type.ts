/**
 * Spark's data types as immutable objects with a `kind` discriminant. Atomic types are singletons;
 * `DataType` is the closed union every pass switches over.
 */

import { TsparkError } from "../common/errors.js";

/** Kinds of the atomic (non-parameterised) types. */
export type AtomicKind =
  | "null"
  | "string"
  | "binary"
  | "boolean"
  | "byte"
  | "short"
  | "int"
  | "long"
  | "float"
  | "double"
  | "date"
  | "timestamp"
  | "timestamp_ntz"
  | "calendar_interval";

const ATOMIC_NAMES: Readonly<
  Record<AtomicKind, { simple: string; typeName: string; sql: string; py: string }>
> = {
  null: { simple: "void", typeName: "void", sql: "VOID", py: "NullType" },
  string: { simple: "string", typeName: "string", sql: "STRING", py: "StringType" },
  binary: { simple: "binary", typeName: "binary", sql: "BINARY", py: "BinaryType" },
  boolean: { simple: "boolean", typeName: "boolean", sql: "BOOLEAN", py: "BooleanType" },
  byte: { simple: "tinyint", typeName: "byte", sql: "TINYINT", py: "ByteType" },
  short: { simple: "smallint", typeName: "short", sql: "SMALLINT", py: "ShortType" },
  int: { simple: "int", typeName: "integer", sql: "INT", py: "IntegerType" },
  long: { simple: "bigint", typeName: "long", sql: "BIGINT", py: "LongType" },
  float: { simple: "float", typeName: "float", sql: "FLOAT", py: "FloatType" },
  double: { simple: "double", typeName: "double", sql: "DOUBLE", py: "DoubleType" },
  date: { simple: "date", typeName: "date", sql: "DATE", py: "DateType" },
  timestamp: { simple: "timestamp", typeName: "timestamp", sql: "TIMESTAMP", py: "TimestampType" },
  timestamp_ntz: {
    simple: "timestamp_ntz",
    typeName: "timestamp_ntz",
    sql: "TIMESTAMP_NTZ",
    py: "TimestampNTZType",
  },
  calendar_interval: {
    simple: "interval",
    typeName: "interval",
    sql: "INTERVAL",
    py: "CalendarIntervalType",
  },
};

/** JSON form of a type, as Spark's `DataType.jsonValue`. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [k: string]: JsonValue };

abstract class DataTypeBase {
  /** Spark's `simpleString` (`int`, `array<string>`, `struct<a:int>`), used by `dtypes`. */
  abstract simpleString(): string;
  /** Spark's `typeName` (`integer`, `long`, `struct`), used by `printSchema` for atomic types. */
  abstract typeName(): string;
  /** Spark's `sql` form (`INT`, `ARRAY<STRING>`, `STRUCT<a: INT>`), used in error messages and casts. */
  abstract sql(): string;
  /** Spark's `jsonValue`. */
  abstract jsonValue(): JsonValue;
  /** Spark's `json()`: compact JSON text. */
  json(): string {
    return JSON.stringify(this.jsonValue());
  }
  toString(): string {
    return this.simpleString();
  }
}

/** A non-parameterised type (`StringType()`, `IntegerType()`, …). */
export class AtomicType extends DataTypeBase {
  constructor(readonly kind: AtomicKind) {
    super();
  }
  simpleString(): string {
    return ATOMIC_NAMES[this.kind].simple;
  }
  typeName(): string {
    return ATOMIC_NAMES[this.kind].typeName;
  }
  sql(): string {
    return ATOMIC_NAMES[this.kind].sql;
  }
  jsonValue(): JsonValue {
    return ATOMIC_NAMES[this.kind].typeName;
  }
  /** PySpark's repr, e.g. `IntegerType()`. */
  pythonRepr(): string {
    return `${ATOMIC_NAMES[this.kind].py}()`;
  }
}

/** `DECIMAL(precision, scale)`; precision ≤ 38. */
export class DecimalType extends DataTypeBase {
  readonly kind = "decimal" as const;
  constructor(
    readonly precision: number = 10,
    readonly scale: number = 0,
  ) {
    super();
  }
  simpleString(): string {
    return `decimal(${this.precision},${this.scale})`;
  }
  typeName(): string {
    return this.simpleString();
  }
  sql(): string {
    return `DECIMAL(${this.precision},${this.scale})`;
  }
  jsonValue(): JsonValue {
    return this.simpleString();
  }
}

/** `ARRAY<elementType>`. */
export class ArrayType extends DataTypeBase {
  readonly kind = "array" as const;
  constructor(
    readonly elementType: DataType,
    readonly containsNull: boolean = true,
  ) {
    super();
  }
  simpleString(): string {
    return `array<${this.elementType.simpleString()}>`;
  }
  typeName(): string {
    return "array";
  }
  sql(): string {
    return `ARRAY<${this.elementType.sql()}>`;
  }
  jsonValue(): JsonValue {
    return { type: "array", elementType: this.elementType.jsonValue(), containsNull: this.containsNull };
  }
}

/** `MAP<keyType, valueType>`. */
export class MapType extends DataTypeBase {
  readonly kind = "map" as const;
  constructor(
    readonly keyType: DataType,
    readonly valueType: DataType,
    readonly valueContainsNull: boolean = true,
  ) {
    super();
  }
  simpleString(): string {
    return `map<${this.keyType.simpleString()},${this.valueType.simpleString()}>`;
  }
  typeName(): string {
    return "map";
  }
  sql(): string {
    return `MAP<${this.keyType.sql()}, ${this.valueType.sql()}>`;
  }
  jsonValue(): JsonValue {
    return {
      type: "map",
      keyType: this.keyType.jsonValue(),
      valueType: this.valueType.jsonValue(),
      valueContainsNull: this.valueContainsNull,
    };
  }
}

/** One field of a struct. */
export class StructField {
  constructor(
    readonly name: string,
    readonly dataType: DataType,
    readonly nullable: boolean = true,
    readonly metadata: Readonly<Record<string, JsonValue>> = {},
  ) {}
  simpleString(): string {
    return `${this.name}:${this.dataType.simpleString()}`;
  }
  jsonValue(): JsonValue {
    return {
      name: this.name,
      type: this.dataType.jsonValue(),
      nullable: this.nullable,
      metadata: { ...this.metadata },
    };
  }
  toString(): string {
    return `StructField('${this.name}', ${pythonRepr(this.dataType)}, ${this.nullable ? "True" : "False"})`;
  }
}

/** `STRUCT<...>`; also the schema of every DataFrame. */
export class StructType extends DataTypeBase {
  readonly kind = "struct" as const;
  readonly fields: readonly StructField[];
  constructor(fields: readonly StructField[] = []) {
    super();
    this.fields = fields;
  }
  /** Returns a new StructType with one more field (PySpark's `add`). */
  add(field: StructField | string, dataType?: DataType | string, nullable = true): StructType {
    if (field instanceof StructField) return new StructType([...this.fields, field]);
    if (dataType === undefined) {
      throw new TsparkError("ILLEGAL_ARGUMENT", {
        messageParameters: { message: `StructType.add: a data type is required for field "${field}".` },
      });
    }
    const dt = typeof dataType === "string" ? parseTypeHook(dataType) : dataType;
    return new StructType([...this.fields, new StructField(field, dt, nullable)]);
  }
  fieldNames(): string[] {
    return this.fields.map((f) => f.name);
  }
  get names(): string[] {
    return this.fieldNames();
  }
  get length(): number {
    return this.fields.length;
  }
  simpleString(): string {
    return `struct<${this.fields.map((f) => f.simpleString()).join(",")}>`;
  }
  typeName(): string {
    return "struct";
  }
  sql(): string {
    return `STRUCT<${this.fields.map((f) => `${quoteIfNeeded(f.name)}: ${f.dataType.sql()}`).join(", ")}>`;
  }
  jsonValue(): JsonValue {
    return { type: "struct", fields: this.fields.map((f) => f.jsonValue()) };
  }
  /** DDL form: `a INT NOT NULL,b STRING` (Spark's `toDDL`). */
  toDDL(): string {
    return this.fields
      .map((f) => `${quoteIfNeeded(f.name)} ${f.dataType.sql()}${f.nullable ? "" : " NOT NULL"}`)
      .join(",");
  }
  /** Index of a field by exact name, or -1. */
  fieldIndex(name: string): number {
    return this.fields.findIndex((f) => f.name === name);
  }
  override toString(): string {
    return pythonRepr(this);
  }
  /** Parses Spark's JSON form of a schema. */
  static fromJson(json: JsonValue | string): StructType {
    const dt = fromJsonValue(typeof json === "string" ? (JSON.parse(json) as JsonValue) : json);
    if (dt.kind !== "struct") throw new TypeError("fromJson: not a struct type");
    return dt;
  }
  /** Parses a DDL string (`a INT, b STRING`). */
  static fromDDL(ddl: string): StructType {
    return parseSchemaHook(ddl);
  }
}

const DAY_TIME_FIELDS = ["day", "hour", "minute", "second"] as const;
const YEAR_MONTH_FIELDS = ["year", "month"] as const;

/** A field of a day-time interval: 0 = DAY, 1 = HOUR, 2 = MINUTE, 3 = SECOND (Spark's numbering). */
export type DayTimeField = 0 | 1 | 2 | 3;
/** A field of a year-month interval: 0 = YEAR, 1 = MONTH (Spark's numbering). */
export type YearMonthField = 0 | 1;

function intervalName(fields: readonly string[], start: number, end: number): string {
  const s = fields[start]!;
  return start === end ? `interval ${s}` : `interval ${s} to ${fields[end]!}`;
}

/**
 * ANSI `INTERVAL DAY [TO HOUR|MINUTE|SECOND]` etc.: a duration in microseconds (internal value: a
 * long). The fields only say how the value is displayed and parsed.
 */
export class DayTimeIntervalType extends DataTypeBase {
  readonly kind = "day_time_interval" as const;
  constructor(
    readonly startField: DayTimeField = 0,
    readonly endField: DayTimeField = 3,
  ) {
    super();
  }
  simpleString(): string {
    return intervalName(DAY_TIME_FIELDS, this.startField, this.endField);
  }
  typeName(): string {
    return this.simpleString();
  }
  sql(): string {
    return this.simpleString().toUpperCase();
  }
  jsonValue(): JsonValue {
    return this.simpleString();
  }
  /** The name of a field (`day`, `hour`, `minute`, `second`). */
  static fieldName(f: DayTimeField): string {
    return DAY_TIME_FIELDS[f];
  }
}

/** ANSI `INTERVAL YEAR [TO MONTH]` / `INTERVAL MONTH`: a number of months (internal value: an int). */
export class YearMonthIntervalType extends DataTypeBase {
  readonly kind = "year_month_interval" as const;
  constructor(
    readonly startField: YearMonthField = 0,
    readonly endField: YearMonthField = 1,
  ) {
    super();
  }
  simpleString(): string {
    return intervalName(YEAR_MONTH_FIELDS, this.startField, this.endField);
  }
  typeName(): string {
    return this.simpleString();
  }
  sql(): string {
    return this.simpleString().toUpperCase();
  }
  jsonValue(): JsonValue {
    return this.simpleString();
  }
  /** The name of a field (`year`, `month`). */
  static fieldName(f: YearMonthField): string {
    return YEAR_MONTH_FIELDS[f];
  }
}

/** `INTERVAL DAY TO SECOND`, the default day-time interval type. */
export const DAY_TIME_INTERVAL = new DayTimeIntervalType(0, 3);
/** `INTERVAL YEAR TO MONTH`, the default year-month interval type. */
export const YEAR_MONTH_INTERVAL = new YearMonthIntervalType(0, 1);

/**
 * Parses an ANSI interval type name (`interval day to second`, `interval year`), case-insensitive;
 * undefined when the text is not one.
 */
export function parseAnsiIntervalType(text: string): DayTimeIntervalType | YearMonthIntervalType | undefined {
  const m = /^\s*interval\s+(\w+)(?:\s+to\s+(\w+))?\s*$/i.exec(text);
  if (!m) return undefined;
  const from = m[1]!.toLowerCase();
  const to = (m[2] ?? m[1]!).toLowerCase();
  const ds = DAY_TIME_FIELDS.indexOf(from as (typeof DAY_TIME_FIELDS)[number]);
  const de = DAY_TIME_FIELDS.indexOf(to as (typeof DAY_TIME_FIELDS)[number]);
  if (ds >= 0 && de >= ds) return new DayTimeIntervalType(ds as DayTimeField, de as DayTimeField);
  const ys = YEAR_MONTH_FIELDS.indexOf(from as (typeof YEAR_MONTH_FIELDS)[number]);
  const ye = YEAR_MONTH_FIELDS.indexOf(to as (typeof YEAR_MONTH_FIELDS)[number]);
  if (ys >= 0 && ye >= ys) return new YearMonthIntervalType(ys as YearMonthField, ye as YearMonthField);
  return undefined;
}

/** True for the ANSI interval types (day-time and year-month). */
export function isAnsiInterval(t: DataType): t is DayTimeIntervalType | YearMonthIntervalType {
  return t.kind === "day_time_interval" || t.kind === "year_month_interval";
}

/** The closed union of data types. */
export type DataType =
  | AtomicType
  | DecimalType
  | ArrayType
  | MapType
  | StructType
  | DayTimeIntervalType
  | YearMonthIntervalType;

// The DDL parser lives in ddl.ts, which imports this file; it registers itself here to avoid a cycle.
let parseTypeHook: (s: string) => DataType = () => {
  throw new TypeError("DDL parser not loaded");
};
let parseSchemaHook: (s: string) => StructType = () => {
  throw new TypeError("DDL parser not loaded");
};
/** Installs the DDL parser (called once by `ddl.ts`). */
export function installDdlParser(
  parseType: (s: string) => DataType,
  parseSchema: (s: string) => StructType,
): void {
  parseTypeHook = parseType;
  parseSchemaHook = parseSchema;
}

const atomicCache = new Map<AtomicKind, AtomicType>();
/** The singleton for an atomic kind. */
export function atomic(kind: AtomicKind): AtomicType {
  let t = atomicCache.get(kind);
  if (!t) {
    t = new AtomicType(kind);
    atomicCache.set(kind, t);
  }
  return t;
}

export const NULL_TYPE = atomic("null");
export const STRING = atomic("string");
export const BINARY = atomic("binary");
export const BOOLEAN = atomic("boolean");
export const BYTE = atomic("byte");
export const SHORT = atomic("short");
export const INT = atomic("int");
export const LONG = atomic("long");
export const FLOAT = atomic("float");
export const DOUBLE = atomic("double");
export const DATE = atomic("date");
export const TIMESTAMP = atomic("timestamp");
export const TIMESTAMP_NTZ = atomic("timestamp_ntz");
export const CALENDAR_INTERVAL = atomic("calendar_interval");

/** Structural equality of types, including nullability flags and field names. */
export function sameType(a: DataType, b: DataType): boolean {
  if (a === b) return true;
  switch (a.kind) {
    case "decimal":
      return b.kind === "decimal" && a.precision === b.precision && a.scale === b.scale;
    case "day_time_interval":
    case "year_month_interval":
      return b.kind === a.kind && a.startField === b.startField && a.endField === b.endField;
    case "array":
      return (
        b.kind === "array" && a.containsNull === b.containsNull && sameType(a.elementType, b.elementType)
      );
    case "map":
      return (
        b.kind === "map" &&
        a.valueContainsNull === b.valueContainsNull &&
        sameType(a.keyType, b.keyType) &&
        sameType(a.valueType, b.valueType)
      );
    case "struct":
      return (
        b.kind === "struct" &&
        a.fields.length === b.fields.length &&
        a.fields.every((f, i) => {
          const g = b.fields[i]!;
          return f.name === g.name && f.nullable === g.nullable && sameType(f.dataType, g.dataType);
        })
      );
    default:
      return a.kind === b.kind;
  }
}

/** Equality ignoring nullability flags (Spark's `sameType`/`equalsIgnoreNullability`). */
export function sameTypeIgnoreNullability(a: DataType, b: DataType, caseSensitive = true): boolean {
  switch (a.kind) {
    case "array":
      return b.kind === "array" && sameTypeIgnoreNullability(a.elementType, b.elementType, caseSensitive);
    case "map":
      return (
        b.kind === "map" &&
        sameTypeIgnoreNullability(a.keyType, b.keyType, caseSensitive) &&
        sameTypeIgnoreNullability(a.valueType, b.valueType, caseSensitive)
      );
    case "struct":
      return (
        b.kind === "struct" &&
        a.fields.length === b.fields.length &&
        a.fields.every((f, i) => {
          const g = b.fields[i]!;
          const sameName = caseSensitive ? f.name === g.name : f.name.toLowerCase() === g.name.toLowerCase();
          return sameName && sameTypeIgnoreNullability(f.dataType, g.dataType, caseSensitive);
        })
      );
    default:
      return sameType(a, b);
  }
}

export function isNumeric(t: DataType): boolean {
  switch (t.kind) {
    case "byte":
    case "short":
    case "int":
    case "long":
    case "float":
    case "double":
    case "decimal":
      return true;
    default:
      return false;
  }
}

export function isIntegral(t: DataType): boolean {
  return t.kind === "byte" || t.kind === "short" || t.kind === "int" || t.kind === "long";
}

export function isFractional(t: DataType): boolean {
  return t.kind === "float" || t.kind === "double";
}

export function isAtomic(t: DataType): t is AtomicType {
  return t instanceof AtomicType;
}

/** Backquotes a field name when it is not a plain identifier (Spark's `quoteIfNeeded`). */
export function quoteIfNeeded(name: string): string {
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return name;
  return `\`${name.replace(/`/g, "``")}\``;
}

/** Always backquotes (Spark's `toSQLId` for single parts). */
export function quoteIdentifier(name: string): string {
  return `\`${name.replace(/`/g, "``")}\``;
}

/** PySpark's repr of a type (`StructType([StructField('a', IntegerType(), True)])`). */
export function pythonRepr(t: DataType): string {
  switch (t.kind) {
    case "decimal":
      return `DecimalType(${t.precision}, ${t.scale})`;
    case "array":
      return `ArrayType(${pythonRepr(t.elementType)}, ${t.containsNull ? "True" : "False"})`;
    case "map":
      return `MapType(${pythonRepr(t.keyType)}, ${pythonRepr(t.valueType)}, ${t.valueContainsNull ? "True" : "False"})`;
    case "struct":
      return `StructType([${t.fields.map((f) => f.toString()).join(", ")}])`;
    case "day_time_interval":
      return `DayTimeIntervalType(${t.startField}, ${t.endField})`;
    case "year_month_interval":
      return `YearMonthIntervalType(${t.startField}, ${t.endField})`;
    default:
      return t.pythonRepr();
  }
}

const TYPE_NAME_TO_KIND: Readonly<Record<string, AtomicKind>> = {
  void: "null",
  null: "null",
  string: "string",
  binary: "binary",
  boolean: "boolean",
  byte: "byte",
  short: "short",
  integer: "int",
  long: "long",
  float: "float",
  double: "double",
  date: "date",
  timestamp: "timestamp",
  timestamp_ntz: "timestamp_ntz",
  timestamp_ltz: "timestamp",
  interval: "calendar_interval",
};

/** Parses Spark's JSON type form (`"integer"`, `{"type":"struct","fields":[…]}`). */
export function fromJsonValue(v: JsonValue): DataType {
  if (typeof v === "string") {
    const k = TYPE_NAME_TO_KIND[v];
    if (k) return atomic(k);
    const m = /^decimal\(\s*(\d+)\s*,\s*(-?\d+)\s*\)$/.exec(v);
    if (m) return new DecimalType(Number(m[1]), Number(m[2]));
    if (v === "decimal") return new DecimalType(10, 0);
    const iv = parseAnsiIntervalType(v);
    if (iv) return iv;
    if (/^(var)?char\(\d+\)$/.test(v)) return STRING;
    throw new TypeError(`Cannot parse data type from JSON: ${JSON.stringify(v)}`);
  }
  if (v !== null && typeof v === "object" && !Array.isArray(v)) {
    switch (v.type) {
      case "array":
        return new ArrayType(fromJsonValue(v.elementType ?? null), v.containsNull !== false);
      case "map":
        return new MapType(
          fromJsonValue(v.keyType ?? null),
          fromJsonValue(v.valueType ?? null),
          v.valueContainsNull !== false,
        );
      case "struct": {
        const fields = Array.isArray(v.fields) ? v.fields : [];
        return new StructType(
          fields.map((f) => {
            if (f === null || typeof f !== "object" || Array.isArray(f))
              throw new TypeError("bad struct field JSON");
            const md = f.metadata;
            return new StructField(
              String(f.name),
              fromJsonValue(f.type ?? null),
              f.nullable !== false,
              md !== null && typeof md === "object" && !Array.isArray(md) ? md : {},
            );
          }),
        );
      }
      default:
        break;
    }
  }
  throw new TypeError(`Cannot parse data type from JSON: ${JSON.stringify(v)}`);
}

/**
 * Every field, element and value made nullable: Spark reads file data as nullable whatever the
 * schema says (DataSource.resolveRelation's `dataSchema.asNullable`), given or inferred.
 */
export function asNullable<T extends DataType>(t: T): T {
  switch (t.kind) {
    case "array":
      return new ArrayType(asNullable(t.elementType), true) as T;
    case "map":
      return new MapType(asNullable(t.keyType), asNullable(t.valueType), true) as T;
    case "struct":
      return new StructType(
        t.fields.map((f) => new StructField(f.name, asNullable(f.dataType), true, f.metadata)),
      ) as T;
    default:
      return t;
  }
}
