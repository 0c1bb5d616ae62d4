/**
 * Schema inference for the JSON file source, as Spark's `JsonInferSchema.infer`: each record (a
 * line, or a whole file in multiLine mode) is inferred on its own, records are merged per file,
 * files are merged into the root type, and the result is canonicalised.
 *
 * Per value: NULL and the empty string infer NULL (resolved later); integers BIGINT (DECIMAL(p,0)
 * beyond the long range, DOUBLE beyond 38 digits); other numbers DOUBLE (DECIMAL with
 * `prefersDecimal`); strings STRING (DECIMAL when `prefersDecimal` and they read as a number,
 * TIMESTAMP / TIMESTAMP_NTZ when `inferTimestamp` and they parse as one); `primitivesAsString`
 * makes numbers and booleans STRING; objects become structs with fields sorted by name; arrays
 * merge their elements.
 *
 * At the root, arrays are unwrapped (a top-level array holds rows); NULL roots are ignored; a root
 * that is not an object, or a record that does not parse, is malformed: PERMISSIVE adds the STRING
 * corrupt-record column, DROPMALFORMED ignores it, FAILFAST throws. Canonicalisation drops fields
 * with an empty name and empty structs, and turns NULL into STRING (or drops the field with
 * `dropFieldIfAllNull`).
 *
 *     {"b":1,"a":"x"}  +  {"b":2.5,"c":[1,null]}  →  a STRING, b DOUBLE, c ARRAY<BIGINT>
 */
import { TsparkError } from "../common/errors.js";
import {
  ArrayType,
  BOOLEAN,
  type DataType,
  DecimalType,
  DOUBLE,
  LONG,
  NULL_TYPE,
  STRING,
  StructField,
  StructType,
} from "../types/data-type.js";
import { digitCount, parseDecimal } from "./decimal.js";
import {
  EMPTY_JSON,
  type JsonNode,
  JsonNumber,
  type JsonParseOptions,
  mergeJsonTypes,
  parseJson,
} from "./json.js";
import { fitsLong } from "./values.js";

/** Options of JSON file schema inference (Spark's `JSONOptions` subset that inference reads). */
export interface JsonFileInferOptions extends JsonParseOptions {
  readonly primitivesAsString?: boolean;
  readonly prefersDecimal?: boolean;
  readonly dropFieldIfAllNull?: boolean;
  readonly mode?: "PERMISSIVE" | "DROPMALFORMED" | "FAILFAST";
  /** Default `_corrupt_record`. */
  readonly columnNameOfCorruptRecord?: string;
  /**
   * `inferTimestamp`: the timestamp type a string parses as (TIMESTAMP_NTZ text first, then
   * TIMESTAMP), or undefined to keep STRING. Absent when the option is off.
   */
  readonly inferTimestamp?: (text: string) => DataType | undefined;
}

/** Thrown when a value cannot be inferred (Jackson failing inside `getDecimalValue`). */
const UNINFERABLE = { uninferable: true } as const;

/** DECIMAL(max(p, s), s) for a number's digits, DOUBLE past 38 digits (Spark's BigDecimal rule). */
function decimalOf(text: string): DataType | undefined {
  const p = parseDecimal(text);
  if (!p) return undefined;
  // A negative scale (1E+3) keeps its digits as an integral DECIMAL: tspark has no negative scales.
  const scale = Math.max(p.scale, 0);
  const precision = p.scale < 0 ? p.precision - p.scale : Math.max(p.precision, p.scale);
  return precision <= 38 ? new DecimalType(precision, scale) : DOUBLE;
}

/** `java.math.BigDecimal(String)` syntax after Spark's en-US decimal parser strips commas. */
const JAVA_DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function inferString(s: string, o: JsonFileInferOptions): DataType {
  if (s.length === 0) return NULL_TYPE;
  if (o.prefersDecimal) {
    const t = s.replace(/,/g, "");
    if (JAVA_DECIMAL.test(t)) {
      const p = parseDecimal(t);
      // Spark builds DECIMAL(precision, scale) from the BigDecimal and keeps STRING when that
      // type is invalid (scale above precision, more than 38 digits, a negative scale).
      if (p && p.scale >= 0 && p.scale <= p.precision && p.precision <= 38)
        return new DecimalType(p.precision, p.scale);
    }
  }
  if (o.inferTimestamp) {
    const t = o.inferTimestamp(s);
    if (t !== undefined) return t;
  }
  return STRING;
}

/** Spark's `inferField` for one parsed value. */
export function inferJsonFieldType(node: JsonNode, o: JsonFileInferOptions): DataType {
  if (node === null) return NULL_TYPE;
  if (typeof node === "string") return inferString(node, o);
  if (typeof node === "boolean") return o.primitivesAsString ? STRING : BOOLEAN;
  if (node instanceof JsonNumber) {
    if (o.primitivesAsString) return STRING;
    if (node.integral) {
      // Up to 18 digits always fits a long; only longer texts need the exact check.
      if (node.text.length <= 18) return LONG;
      const b = BigInt(node.text);
      if (fitsLong(b)) return LONG;
      const digits = digitCount(b);
      return digits <= 38 ? new DecimalType(digits, 0) : DOUBLE;
    }
    if (!o.prefersDecimal) return DOUBLE;
    const d = decimalOf(node.text);
    if (d === undefined) throw UNINFERABLE;
    return d;
  }
  if (Array.isArray(node)) {
    let elem: DataType = NULL_TYPE;
    for (const x of node) elem = mergeJsonTypes(elem, inferJsonFieldType(x, o));
    return new ArrayType(elem, true);
  }
  const byName = new Map<string, DataType>();
  for (let i = 0; i < node.keys.length; i++) {
    const k = node.keys[i] as string;
    const t = inferJsonFieldType(node.values[i] as JsonNode, o);
    const prev = byName.get(k);
    byName.set(k, prev ? mergeJsonTypes(prev, t) : t);
  }
  const names = [...byName.keys()].sort();
  return new StructType(names.map((n) => new StructField(n, byName.get(n) as DataType, true)));
}

/** Whether two inferred types are equal (then their merge is either of them). */
function sameShape(a: DataType, b: DataType): boolean {
  if (a === b) return true;
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case "decimal":
      return b.kind === "decimal" && a.precision === b.precision && a.scale === b.scale;
    case "array":
      return (
        b.kind === "array" && a.containsNull === b.containsNull && sameShape(a.elementType, b.elementType)
      );
    case "struct": {
      if (b.kind !== "struct" || a.fields.length !== b.fields.length) return false;
      for (let i = 0; i < a.fields.length; i++) {
        const fa = a.fields[i] as StructField;
        const fb = b.fields[i] as StructField;
        if (fa.name !== fb.name || !sameShape(fa.dataType, fb.dataType)) return false;
      }
      return true;
    }
    case "map":
      return false;
    default:
      return true;
  }
}

function sortedFields(fields: readonly StructField[]): StructField[] {
  return [...fields].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Spark's `JsonInferSchema.canonicalizeType`; undefined when the type is dropped. */
export function canonicalizeJsonFileType(t: DataType, dropFieldIfAllNull: boolean): DataType | undefined {
  switch (t.kind) {
    case "null":
      return dropFieldIfAllNull ? undefined : STRING;
    case "array": {
      const e = canonicalizeJsonFileType(t.elementType, dropFieldIfAllNull);
      return e === undefined ? undefined : new ArrayType(e, t.containsNull);
    }
    case "struct": {
      const fields: StructField[] = [];
      for (const f of t.fields) {
        if (f.name.length === 0) continue;
        const c = canonicalizeJsonFileType(f.dataType, dropFieldIfAllNull);
        if (c !== undefined) fields.push(new StructField(f.name, c, f.nullable, f.metadata));
      }
      return fields.length === 0 ? undefined : new StructType(fields);
    }
    default:
      return t;
  }
}

/**
 * Accumulates the inferred schema of JSON records. Call `add` per record, `endFile` after each
 * file's records (files are Spark's partitions), `result` once at the end.
 */
export class JsonSchemaInferrer {
  private root: DataType = new StructType([]);
  private part: DataType | undefined;
  private readonly mode: "PERMISSIVE" | "DROPMALFORMED" | "FAILFAST";
  private readonly corruptName: string;

  constructor(private readonly options: JsonFileInferOptions = {}) {
    this.mode = options.mode ?? "PERMISSIVE";
    this.corruptName = options.columnNameOfCorruptRecord ?? "_corrupt_record";
  }

  /** Infers one record's text and merges it into the current file's type. */
  add(text: string): void {
    let t: DataType | undefined;
    const node = parseJson(text, this.options);
    if (node === EMPTY_JSON) t = NULL_TYPE;
    else if (node === undefined) t = this.malformed(text);
    else {
      try {
        t = inferJsonFieldType(node, this.options);
      } catch (e) {
        if (e !== UNINFERABLE) throw e;
        t = this.malformed(text);
      }
    }
    if (t === undefined) return;
    this.part = this.part === undefined ? t : this.mergeRoot(this.part, t);
  }

  /** Ends the current file: its merged type joins the root type. */
  endFile(): void {
    if (this.part === undefined) return;
    this.root = this.mergeRoot(this.root, this.mergeRoot(new StructType([]), this.part));
    this.part = undefined;
  }

  /** The inferred schema (an empty struct when nothing could be inferred). */
  result(): StructType {
    this.endFile();
    const t = canonicalizeJsonFileType(this.root, this.options.dropFieldIfAllNull ?? false);
    return t !== undefined && t.kind === "struct" ? t : new StructType([]);
  }

  /** Spark's `handleJsonErrorsByParseMode`. */
  private malformed(text: string): DataType | undefined {
    if (this.mode === "FAILFAST")
      throw new TsparkError("_LEGACY_ERROR_TEMP_2165", {
        messageParameters: { failFastMode: "FAILFAST" },
        cause: new TsparkError("MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION", {
          messageParameters: { badRecord: text, failFastMode: "FAILFAST" },
        }),
      });
    if (this.mode === "DROPMALFORMED") return undefined;
    return new StructType([new StructField(this.corruptName, STRING, true)]);
  }

  /** Spark's `compatibleRootType`. */
  private mergeRoot(a: DataType, b: DataType): DataType {
    // Most records repeat the shape seen before: merging them changes nothing.
    if (sameShape(a, b)) return a;
    if (a.kind === "array") return this.mergeRoot(a.elementType, b);
    if (b.kind === "array") return this.mergeRoot(a, b.elementType);
    if (a.kind === "struct" && b.kind === "null") return a;
    if (a.kind === "null" && b.kind === "struct") return b;
    if (a.kind === "struct" && b.kind !== "struct") return this.withCorruptField(a, b);
    if (b.kind === "struct" && a.kind !== "struct") return this.withCorruptField(b, a);
    return mergeJsonTypes(a, b);
  }

  private withCorruptField(struct: StructType, other: DataType): DataType {
    if (this.mode === "FAILFAST")
      throw new TsparkError("_LEGACY_ERROR_TEMP_2167", {
        messageParameters: { failFastMode: "FAILFAST", dataType: other.simpleString() },
      });
    if (this.mode === "DROPMALFORMED") return struct;
    if (struct.fields.some((f) => f.name === this.corruptName)) return struct;
    return new StructType(sortedFields([...struct.fields, new StructField(this.corruptName, STRING, true)]));
  }
}

/**
 * The type of one parsed JSON value as `schema_of_json` infers it: Spark's
 * `JsonInferSchema.inferField` with only `primitivesAsString` / `prefersDecimal` (no timestamp
 * inference); integers → BIGINT (DECIMAL beyond long range), other numbers → DOUBLE, struct fields
 * sorted by name, array elements merged. NULL stays NULL until `canonicalizeJsonType`. A number
 * that cannot be read as a decimal under `prefersDecimal` makes the whole value DOUBLE.
 */
export function inferJsonType(
  node: JsonNode,
  options: { readonly primitivesAsString?: boolean; readonly prefersDecimal?: boolean } = {},
): DataType {
  try {
    return inferJsonFieldType(node, options);
  } catch (e) {
    if (e === UNINFERABLE) return DOUBLE;
    throw e;
  }
}
