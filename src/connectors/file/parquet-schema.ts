/**
 * Parquet ⇄ Spark schema conversion, as Spark's ParquetToSparkSchemaConverter and
 * SparkToParquetSchemaConverter do it, plus the Spark schema Spark keeps in the footer.
 *
 * Reading (no Spark schema in the footer): BOOLEAN → boolean; INT32 → int, INT(8/16, signed) →
 * byte/short, INT(8/16, unsigned) → int, INT(32, unsigned) → long, DATE → date, DECIMAL(p ≤ 9) →
 * decimal; INT64 → long, INT(64, unsigned) → decimal(20,0), DECIMAL(p ≤ 18) → decimal,
 * TIMESTAMP(MILLIS|MICROS, true) → timestamp, TIMESTAMP(MILLIS|MICROS, false) → timestamp_ntz
 * (`spark.sql.parquet.inferTimestampNTZ.enabled`), TIMESTAMP(NANOS) → long only with
 * `spark.sql.legacy.parquet.nanosAsLong`; INT96 → timestamp (`spark.sql.parquet.int96AsTimestamp`);
 * FLOAT/DOUBLE → float/double; BINARY with STRING/ENUM/JSON → string, plain → binary (string with
 * `spark.sql.parquet.binaryAsString`), DECIMAL → decimal; FIXED_LEN_BYTE_ARRAY DECIMAL → decimal,
 * plain → binary. Groups: LIST (3-level, and the legacy 2-level forms) → array, MAP /
 * MAP_KEY_VALUE → map, others → struct; a bare repeated field → array with non-null elements.
 *
 * Writing (`spark.sql.parquet.writeLegacyFormat=false`, the default), e.g. for
 * `a INT NOT NULL, d DECIMAL(20,2), xs ARRAY<STRING>, m MAP<STRING,INT>`:
 *
 *     message spark_schema {
 *       required int32 a;
 *       optional fixed_len_byte_array(9) d (DECIMAL(20,2));
 *       optional group xs (LIST) { repeated group list { optional binary element (STRING); } }
 *       optional group m (MAP) { repeated group key_value { required binary key (STRING);
 *                                                          optional int32 value; } }
 *     }
 *
 * Timestamps follow `spark.sql.parquet.outputTimestampType` (INT96 by default, TIMESTAMP_MICROS,
 * TIMESTAMP_MILLIS); timestamp_ntz is always INT64 TIMESTAMP(MICROS, false); ANSI intervals are
 * plain INT32 (year-month) / INT64 (day-time) restored through the footer schema.
 */
import type { SchemaElement } from "hyparquet";
import { TsparkError } from "../../common/errors.js";
import {
  ArrayType,
  BINARY,
  BOOLEAN,
  BYTE,
  type DataType,
  DATE,
  DecimalType,
  DOUBLE,
  FLOAT,
  INT,
  type JsonValue,
  LONG,
  MapType,
  SHORT,
  STRING,
  StructField,
  StructType,
  TIMESTAMP,
  TIMESTAMP_NTZ,
} from "../../types/data-type.js";

/** The footer key holding the Spark schema as JSON (Spark's `ParquetReadSupport.SPARK_METADATA_KEY`). */
export const SPARK_METADATA_KEY = "org.apache.spark.sql.parquet.row.metadata";

/** Root name Spark gives the Parquet message type. */
export const SPARK_ROOT_NAME = "spark_schema";

/** One node of a file's Parquet schema tree. */
export interface ParquetNode {
  readonly name: string;
  readonly element: SchemaElement;
  readonly repetition: "REQUIRED" | "OPTIONAL" | "REPEATED";
  readonly children: readonly ParquetNode[];
  /** Names from the root (excluded) to this node: the `path_in_schema` of a leaf. */
  readonly path: readonly string[];
  /** For leaves: the column chunk index within a row group. */
  readonly columnIndex: number;
  /** Optional or repeated nodes from the root (excluded) to this node (included). */
  readonly defLevel: number;
  /** Repeated nodes from the root (excluded) to this node (included). */
  readonly repLevel: number;
}

/** Builds the schema tree of a file from its flat schema element list; throws on malformed lists. */
export function parquetTree(schema: readonly SchemaElement[]): ParquetNode {
  let pos = 0;
  let leaf = 0;
  const build = (path: readonly string[], parentDef: number, parentRep: number): ParquetNode => {
    const element = schema[pos++];
    if (element === undefined) throw malformed("schema element list is too short");
    if (typeof element.name !== "string") throw malformed("an element has no name");
    if (element.type === "FIXED_LEN_BYTE_ARRAY" && !((element.type_length ?? -1) >= 0))
      throw malformed(`'${element.name}' has no length`);
    const n = element.num_children ?? 0;
    const children: ParquetNode[] = [];
    const isGroup = element.type === undefined;
    const myPath = pos === 1 ? [] : [...path, element.name];
    const columnIndex = isGroup ? -1 : leaf++;
    if (isGroup && (n < 0 || n > schema.length)) throw malformed("bad child count");
    const isRoot = pos === 1;
    const repetition = element.repetition_type ?? "REQUIRED";
    const defLevel = isRoot ? 0 : parentDef + (repetition === "REQUIRED" ? 0 : 1);
    const repLevel = isRoot ? 0 : parentRep + (repetition === "REPEATED" ? 1 : 0);
    for (let i = 0; i < n && isGroup; i++) children.push(build(myPath, defLevel, repLevel));
    if (isGroup && n === 0 && pos > 1) throw malformed(`group '${element.name}' has no fields`);
    return {
      name: element.name,
      element,
      repetition,
      children,
      path: myPath,
      columnIndex,
      defLevel,
      repLevel,
    };
  };
  const root = build([], 0, 0);
  if (pos !== schema.length) throw malformed("schema element list has trailing elements");
  return root;
}

function malformed(what: string): Error {
  return new SyntaxError(`malformed Parquet schema: ${what}`);
}

/** Flags of the Parquet → Spark type conversion (Spark's SQLConf entries). */
export interface ParquetReadConf {
  readonly binaryAsString: boolean;
  readonly int96AsTimestamp: boolean;
  readonly inferTimestampNTZ: boolean;
  readonly nanosAsLong: boolean;
}

/** Spark's text for a Parquet primitive in errors: `INT64 (TIMESTAMP(NANOS,true))`. */
export function describeParquetType(e: SchemaElement): string {
  const lt = e.logical_type;
  let ann: string | undefined;
  if (lt !== undefined) {
    switch (lt.type) {
      case "TIMESTAMP":
      case "TIME":
        ann = `${lt.type}(${lt.unit},${lt.isAdjustedToUTC})`;
        break;
      case "INTEGER":
        ann = `INTEGER(${lt.bitWidth},${lt.isSigned})`;
        break;
      case "DECIMAL":
        ann = `DECIMAL(${lt.precision},${lt.scale})`;
        break;
      default:
        ann = lt.type;
    }
  } else if (e.converted_type !== undefined) ann = e.converted_type;
  const t = e.type ?? "GROUP";
  return ann === undefined ? t : `${t} (${ann})`;
}

function illegal(e: SchemaElement): TsparkError {
  return new TsparkError("PARQUET_TYPE_ILLEGAL", {
    messageParameters: { parquetType: describeParquetType(e) },
  });
}

function notSupported(e: SchemaElement): TsparkError {
  return new TsparkError("PARQUET_TYPE_NOT_SUPPORTED", {
    messageParameters: { parquetType: describeParquetType(e) },
  });
}

/** Decimal (precision, scale) of an element, from its logical type or its converted type. */
export function decimalOf(e: SchemaElement): { precision: number; scale: number } | undefined {
  if (e.logical_type?.type === "DECIMAL")
    return { precision: e.logical_type.precision, scale: e.logical_type.scale };
  if (e.converted_type === "DECIMAL") return { precision: e.precision ?? 0, scale: e.scale ?? 0 };
  return undefined;
}

/** Largest decimal precision a `n`-byte two's complement number always holds. */
export function maxPrecisionForBytes(n: number): number {
  return Math.floor(Math.log10(2 ** (8 * n - 1) - 1));
}

/** Fewest bytes holding every unscaled value of a decimal precision (Spark's minBytesForPrecision). */
export function minBytesForPrecision(precision: number): number {
  let n = 1;
  while (2 ** (8 * n - 1) < 10 ** precision) n++;
  return n;
}

function decimalType(e: SchemaElement, maxPrecision: number): DecimalType {
  const d = decimalOf(e);
  if (
    d === undefined ||
    d.precision < 1 ||
    d.precision > Math.min(38, maxPrecision) ||
    d.scale < 0 ||
    d.scale > d.precision
  )
    throw illegal(e);
  return new DecimalType(d.precision, d.scale);
}

/** Timestamp unit of an INT64 timestamp element, with its UTC flag, or undefined. */
export function timestampOf(
  e: SchemaElement,
): { unit: "MILLIS" | "MICROS" | "NANOS"; utc: boolean } | undefined {
  const lt = e.logical_type;
  if (lt?.type === "TIMESTAMP") return { unit: lt.unit, utc: lt.isAdjustedToUTC };
  if (e.converted_type === "TIMESTAMP_MILLIS") return { unit: "MILLIS", utc: true };
  if (e.converted_type === "TIMESTAMP_MICROS") return { unit: "MICROS", utc: true };
  return undefined;
}

/** Integer annotation (bit width, signedness) from the logical or converted type. */
export function integerOf(e: SchemaElement): { bits: number; signed: boolean } | undefined {
  const lt = e.logical_type;
  if (lt?.type === "INTEGER") return { bits: lt.bitWidth, signed: lt.isSigned };
  const c = e.converted_type;
  if (c === undefined) return undefined;
  const m = /^(U?)INT_(8|16|32|64)$/.exec(c);
  return m ? { bits: Number(m[2]), signed: m[1] === "" } : undefined;
}

function isStringAnnotated(e: SchemaElement): boolean {
  const lt = e.logical_type?.type;
  const c = e.converted_type;
  return lt === "STRING" || lt === "ENUM" || lt === "JSON" || c === "UTF8" || c === "ENUM" || c === "JSON";
}

/** The Spark type of a Parquet primitive (Spark's convertPrimitiveField). */
export function primitiveToSpark(e: SchemaElement, conf: ParquetReadConf): DataType {
  const lt = e.logical_type;
  const c = e.converted_type;
  const annotated = lt !== undefined || c !== undefined;
  switch (e.type) {
    case "BOOLEAN":
      if (annotated) throw illegal(e);
      return BOOLEAN;
    case "FLOAT":
      if (annotated) throw illegal(e);
      return FLOAT;
    case "DOUBLE":
      if (annotated) throw illegal(e);
      return DOUBLE;
    case "INT32": {
      if (!annotated) return INT;
      const i = integerOf(e);
      if (i !== undefined) {
        if (i.signed && i.bits === 8) return BYTE;
        if (i.signed && i.bits === 16) return SHORT;
        if (i.signed && i.bits === 32) return INT;
        if (!i.signed && (i.bits === 8 || i.bits === 16)) return INT;
        if (!i.signed && i.bits === 32) return LONG;
        throw illegal(e);
      }
      if (decimalOf(e)) return decimalType(e, 9);
      if (lt?.type === "DATE" || c === "DATE") return DATE;
      if (lt?.type === "TIME" || c === "TIME_MILLIS") throw illegal(e);
      throw illegal(e);
    }
    case "INT64": {
      if (!annotated) return LONG;
      const i = integerOf(e);
      if (i !== undefined) {
        if (i.bits === 64 && i.signed) return LONG;
        if (i.bits === 64 && !i.signed) return new DecimalType(20, 0);
        throw illegal(e);
      }
      if (decimalOf(e)) return decimalType(e, 18);
      const ts = timestampOf(e);
      if (ts !== undefined) {
        if (ts.unit === "NANOS") {
          if (conf.nanosAsLong) return LONG;
          throw illegal(e);
        }
        return ts.utc || !conf.inferTimestampNTZ ? TIMESTAMP : TIMESTAMP_NTZ;
      }
      throw illegal(e);
    }
    case "INT96":
      if (!conf.int96AsTimestamp) throw illegal(e);
      return TIMESTAMP;
    case "BYTE_ARRAY":
      if (isStringAnnotated(e)) return STRING;
      if (decimalOf(e)) return decimalType(e, 38);
      if (lt?.type === "BSON" || c === "BSON") return BINARY;
      if (!annotated) return conf.binaryAsString ? STRING : BINARY;
      throw illegal(e);
    case "FIXED_LEN_BYTE_ARRAY":
      if (decimalOf(e)) return decimalType(e, maxPrecisionForBytes(e.type_length ?? 0));
      if (lt?.type === "INTERVAL" || c === "INTERVAL") throw notSupported(e);
      if (!annotated) return BINARY;
      throw illegal(e);
    default:
      throw illegal(e);
  }
}

/** How a LIST-annotated group holds its elements (Spark's isElementType rule). */
export function listElementNode(list: ParquetNode): { node: ParquetNode; containsNull: boolean } {
  const repeated = list.children[0];
  if (list.children.length !== 1 || repeated === undefined || repeated.repetition !== "REPEATED")
    throw new TsparkError("PARQUET_TYPE_ILLEGAL", {
      messageParameters: { parquetType: `invalid list type ${list.name}` },
    });
  const isElement =
    repeated.children.length === 0 ||
    repeated.children.length > 1 ||
    repeated.name === "array" ||
    repeated.name === `${list.name}_tuple`;
  if (isElement) return { node: repeated, containsNull: false };
  const element = repeated.children[0]!;
  return { node: element, containsNull: element.repetition === "OPTIONAL" };
}

/** The key/value nodes of a MAP-annotated group. */
export function mapEntryNodes(map: ParquetNode): {
  keyValue: ParquetNode;
  key: ParquetNode;
  value: ParquetNode;
} {
  const kv = map.children[0];
  if (
    map.children.length !== 1 ||
    kv === undefined ||
    kv.repetition !== "REPEATED" ||
    kv.children.length !== 2
  )
    throw new TsparkError("PARQUET_TYPE_ILLEGAL", {
      messageParameters: { parquetType: `invalid map type ${map.name}` },
    });
  return { keyValue: kv, key: kv.children[0]!, value: kv.children[1]! };
}

/** True when a group node is LIST-annotated. */
export function isList(n: ParquetNode): boolean {
  return (
    n.children.length > 0 && (n.element.converted_type === "LIST" || n.element.logical_type?.type === "LIST")
  );
}

/** True when a group node is MAP / MAP_KEY_VALUE annotated. */
export function isMap(n: ParquetNode): boolean {
  const c = n.element.converted_type;
  return (
    n.children.length > 0 && (c === "MAP" || c === "MAP_KEY_VALUE" || n.element.logical_type?.type === "MAP")
  );
}

/** The Spark type of a node ignoring its own repetition (a repeated node is handled by the caller). */
function nodeTypeIgnoringRepetition(n: ParquetNode, conf: ParquetReadConf): DataType {
  if (n.children.length === 0) return primitiveToSpark(n.element, conf);
  if (isList(n)) {
    const { node, containsNull } = listElementNode(n);
    return new ArrayType(nodeTypeIgnoringRepetition(node, conf), containsNull);
  }
  if (isMap(n)) {
    const { key, value } = mapEntryNodes(n);
    return new MapType(
      nodeTypeIgnoringRepetition(key, conf),
      nodeTypeIgnoringRepetition(value, conf),
      value.repetition === "OPTIONAL",
    );
  }
  return new StructType(n.children.map((c) => fieldOf(c, conf)));
}

/** The Spark type of a node as a struct field's type (a bare repeated node is an array). */
export function nodeToSpark(n: ParquetNode, conf: ParquetReadConf): DataType {
  const t = nodeTypeIgnoringRepetition(n, conf);
  return n.repetition === "REPEATED" ? new ArrayType(t, false) : t;
}

function fieldOf(n: ParquetNode, conf: ParquetReadConf): StructField {
  return new StructField(n.name, nodeToSpark(n, conf), n.repetition !== "REQUIRED");
}

/** Spark's schema of a Parquet file's tree (without footer metadata). */
export function parquetToSpark(root: ParquetNode, conf: ParquetReadConf): StructType {
  return new StructType(root.children.map((c) => fieldOf(c, conf)));
}

/** The Spark schema stored under SPARK_METADATA_KEY, or undefined when absent or unreadable. */
export function sparkSchemaFromFooter(
  kv: readonly { key: string; value?: string }[] | undefined,
): StructType | undefined {
  const raw = kv?.find((e) => e.key === SPARK_METADATA_KEY)?.value;
  if (raw === undefined) return undefined;
  try {
    return StructType.fromJson(JSON.parse(raw) as JsonValue);
  } catch {
    // Spark also falls back to the Parquet schema when the stored JSON does not parse.
    return undefined;
  }
}

/** Options of the Spark → Parquet conversion. */
export interface ParquetWriteConf {
  readonly writeLegacyFormat: boolean;
  readonly outputTimestampType: "INT96" | "TIMESTAMP_MICROS" | "TIMESTAMP_MILLIS";
}

type Rep = "REQUIRED" | "OPTIONAL" | "REPEATED";

/** Converts a Spark schema to Parquet schema elements (depth-first, root first). */
export function sparkToParquet(schema: StructType, conf: ParquetWriteConf): SchemaElement[] {
  const out: SchemaElement[] = [{ name: SPARK_ROOT_NAME, num_children: schema.fields.length }];
  for (const f of schema.fields)
    convertField(f.name, f.dataType, f.nullable ? "OPTIONAL" : "REQUIRED", conf, out);
  return out;
}

function convertField(
  name: string,
  t: DataType,
  rep: Rep,
  conf: ParquetWriteConf,
  out: SchemaElement[],
): number {
  const prim = (e: Omit<SchemaElement, "name" | "repetition_type">): number =>
    out.push({ name, repetition_type: rep, ...e });
  switch (t.kind) {
    case "boolean":
      return prim({ type: "BOOLEAN" });
    case "byte":
      // Only the converted type: hyparquet-writer serialises INTEGER's i8 bit width as an i32,
      // which other readers misread; INT_8/INT_16 alone carry the same meaning.
      return prim({ type: "INT32", converted_type: "INT_8" });
    case "short":
      return prim({ type: "INT32", converted_type: "INT_16" });
    case "int":
    case "year_month_interval":
      return prim({ type: "INT32" });
    case "long":
    case "day_time_interval":
      return prim({ type: "INT64" });
    case "float":
      return prim({ type: "FLOAT" });
    case "double":
      return prim({ type: "DOUBLE" });
    case "string":
      return prim({ type: "BYTE_ARRAY", converted_type: "UTF8", logical_type: { type: "STRING" } });
    case "binary":
      return prim({ type: "BYTE_ARRAY" });
    case "date":
      return prim({ type: "INT32", converted_type: "DATE", logical_type: { type: "DATE" } });
    case "timestamp":
      if (conf.outputTimestampType === "INT96") return prim({ type: "INT96" });
      return conf.outputTimestampType === "TIMESTAMP_MILLIS"
        ? prim({
            type: "INT64",
            converted_type: "TIMESTAMP_MILLIS",
            logical_type: { type: "TIMESTAMP", isAdjustedToUTC: true, unit: "MILLIS" },
          })
        : prim({
            type: "INT64",
            converted_type: "TIMESTAMP_MICROS",
            logical_type: { type: "TIMESTAMP", isAdjustedToUTC: true, unit: "MICROS" },
          });
    case "timestamp_ntz":
      return prim({
        type: "INT64",
        logical_type: { type: "TIMESTAMP", isAdjustedToUTC: false, unit: "MICROS" },
      });
    case "decimal": {
      const dec = {
        converted_type: "DECIMAL" as const,
        precision: t.precision,
        scale: t.scale,
        logical_type: { type: "DECIMAL" as const, precision: t.precision, scale: t.scale },
      };
      if (!conf.writeLegacyFormat && t.precision <= 9) return prim({ type: "INT32", ...dec });
      if (!conf.writeLegacyFormat && t.precision <= 18) return prim({ type: "INT64", ...dec });
      return prim({ type: "FIXED_LEN_BYTE_ARRAY", type_length: minBytesForPrecision(t.precision), ...dec });
    }
    case "array": {
      out.push({
        name,
        repetition_type: rep,
        num_children: 1,
        converted_type: "LIST",
        logical_type: { type: "LIST" },
      });
      // Spark's legacy form names the levels bag/array; the standard form list/element.
      const [group, elem] = conf.writeLegacyFormat ? ["bag", "array"] : ["list", "element"];
      out.push({ name: group, repetition_type: "REPEATED", num_children: 1 });
      convertField(elem, t.elementType, t.containsNull ? "OPTIONAL" : "REQUIRED", conf, out);
      return out.length;
    }
    case "map": {
      out.push({
        name,
        repetition_type: rep,
        num_children: 1,
        converted_type: "MAP",
        logical_type: { type: "MAP" },
      });
      // Spark's legacy form (parquet-mr's ConversionPatterns.mapType) names the entries `map`.
      out.push(
        conf.writeLegacyFormat
          ? { name: "map", repetition_type: "REPEATED", num_children: 2, converted_type: "MAP_KEY_VALUE" }
          : { name: "key_value", repetition_type: "REPEATED", num_children: 2 },
      );
      convertField("key", t.keyType, "REQUIRED", conf, out);
      convertField("value", t.valueType, t.valueContainsNull ? "OPTIONAL" : "REQUIRED", conf, out);
      return out.length;
    }
    case "struct":
      out.push({ name, repetition_type: rep, num_children: t.fields.length });
      for (const f of t.fields)
        convertField(f.name, f.dataType, f.nullable ? "OPTIONAL" : "REQUIRED", conf, out);
      return out.length;
    default:
      throw new TsparkError("UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE", {
        messageParameters: { format: "Parquet", columnName: `\`${name}\``, columnType: `"${t.sql()}"` },
      });
  }
}

/** The first type (depth-first) Parquet cannot store, or undefined (Spark's supportDataType). */
export function unsupportedType(t: DataType): DataType | undefined {
  switch (t.kind) {
    case "array":
      return unsupportedType(t.elementType);
    case "map":
      return unsupportedType(t.keyType) ?? unsupportedType(t.valueType);
    case "struct":
      for (const f of t.fields) {
        const u = unsupportedType(f.dataType);
        if (u) return u;
      }
      return undefined;
    case "null":
    case "calendar_interval":
      return t;
    default:
      return undefined;
  }
}
