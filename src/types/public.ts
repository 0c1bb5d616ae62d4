/**
 * `tspark/types`: PySpark's `pyspark.sql.types`. Types are written as in PySpark —
 * `StringType()`, `DecimalType(10, 2)`, `StructType([StructField("a", IntegerType(), true)])` —
 * with or without `new`; `instanceof StructType` works.
 */
import {
  ArrayType as ArrayTypeClass,
  atomic,
  type DataType,
  type DayTimeField,
  DayTimeIntervalType as DayTimeIntervalTypeClass,
  DecimalType as DecimalTypeClass,
  type JsonValue,
  MapType as MapTypeClass,
  StructField as StructFieldClass,
  StructType as StructTypeClass,
  type YearMonthField,
  YearMonthIntervalType as YearMonthIntervalTypeClass,
} from "./data-type.js";
import "./ddl.js";

export type { DataType, JsonValue };
export { fromJsonValue, pythonRepr, quoteIfNeeded, sameType } from "./data-type.js";
export { parseDataType, parseSchema } from "./ddl.js";

type Ctor<A extends unknown[], R> = { (...args: A): R; new (...args: A): R };

function callable<A extends unknown[], R, S extends object>(
  cls: new (...args: A) => R,
  statics: S,
): Ctor<A, R> & S {
  const proxy = new Proxy(cls, { apply: (target, _self, args) => new target(...(args as A)) });
  return Object.assign(proxy, statics) as unknown as Ctor<A, R> & S;
}

export type StructType = StructTypeClass;
export const StructType = callable<[fields?: readonly StructFieldClass[]], StructTypeClass, object>(
  StructTypeClass,
  {},
);
export type StructField = StructFieldClass;
export const StructField = callable<
  [name: string, dataType: DataType, nullable?: boolean, metadata?: Readonly<Record<string, JsonValue>>],
  StructFieldClass,
  object
>(StructFieldClass, {});
export type ArrayType = ArrayTypeClass;
export const ArrayType = callable<[elementType: DataType, containsNull?: boolean], ArrayTypeClass, object>(
  ArrayTypeClass,
  {},
);
export type MapType = MapTypeClass;
export const MapType = callable<
  [keyType: DataType, valueType: DataType, valueContainsNull?: boolean],
  MapTypeClass,
  object
>(MapTypeClass, {});
export type DecimalType = DecimalTypeClass;
export const DecimalType = callable<[precision?: number, scale?: number], DecimalTypeClass, object>(
  DecimalTypeClass,
  {},
);

export const NullType = () => atomic("null");
export const StringType = () => atomic("string");
export const BinaryType = () => atomic("binary");
export const BooleanType = () => atomic("boolean");
export const ByteType = () => atomic("byte");
export const ShortType = () => atomic("short");
export const IntegerType = () => atomic("int");
export const LongType = () => atomic("long");
export const FloatType = () => atomic("float");
export const DoubleType = () => atomic("double");
export const DateType = () => atomic("date");
export const TimestampType = () => atomic("timestamp");
export const TimestampNTZType = () => atomic("timestamp_ntz");
export const CalendarIntervalType = () => atomic("calendar_interval");
/** PySpark's `DayTimeIntervalType(startField, endField)`: fields 0 = DAY … 3 = SECOND. */
export const DayTimeIntervalType = callable<
  [startField?: DayTimeField, endField?: DayTimeField],
  DayTimeIntervalTypeClass,
  object
>(DayTimeIntervalTypeClass, {});
/** PySpark's `YearMonthIntervalType(startField, endField)`: fields 0 = YEAR, 1 = MONTH. */
export const YearMonthIntervalType = callable<
  [startField?: YearMonthField, endField?: YearMonthField],
  YearMonthIntervalTypeClass,
  object
>(YearMonthIntervalTypeClass, {});
