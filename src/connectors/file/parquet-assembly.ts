/**
 * Record assembly for Parquet (Dremel): turns the level/value streams of the leaf columns of a row
 * group into internal values (data/values.ts) of the requested Spark types, following the shape of
 * the file's schema (Spark's ParquetReadSupport clipping): requested struct fields are matched by
 * name (case-insensitively unless `spark.sql.caseSensitive`), fields the file lacks are null, LIST
 * (3-level and legacy 2-level), MAP and bare repeated fields become arrays and maps.
 *
 * Example: `optional group xs (LIST) { repeated group list { optional int32 element } }` with
 * entries (rep, def) = (0,3) 1, (1,2) null, (0,1) → rows `[1, null]` and `[]`.
 */
import type { SchemaElement } from "hyparquet";
import { TsparkError } from "../../common/errors.js";
import { ArrayType, type DataType, MapType, StructField, StructType } from "../../types/data-type.js";
import { MapValue, normLong } from "../../data/values.js";
import { fileUrl } from "./file-input.js";
import type { LeafData } from "./parquet-column-reader.js";
import {
  decimalOf,
  describeParquetType,
  integerOf,
  isList,
  isMap,
  listElementNode,
  mapEntryNodes,
  type ParquetNode,
  timestampOf,
} from "./parquet-schema.js";

/** A leaf column being consumed. */
export class LeafCursor {
  pos = 0;
  vpos = 0;
  data: LeafData | undefined;
  constructor(readonly node: ParquetNode) {}
  def(): number {
    const d = this.data!;
    return d.defs === undefined ? d.maxDef : (d.defs[this.pos] ?? -1);
  }
  rep(): number {
    const d = this.data!;
    return d.reps === undefined ? 0 : (d.reps[this.pos] ?? -1);
  }
  atEnd(): boolean {
    return this.pos >= this.data!.count;
  }
  /** Consumes one entry without a value. */
  skipEntry(): void {
    if (this.atEnd()) throw new RangeError("leaf column ended early");
    if (this.def() === this.data!.maxDef) this.vpos++;
    this.pos++;
  }
}

type Convert = (raw: unknown) => unknown;

/** A plan node reading one value of one Spark type from the leaves under one Parquet node. */
export type FieldReader =
  | { kind: "leaf"; nullDef: number; leaves: LeafCursor[]; convert: Convert }
  | {
      kind: "struct";
      nullDef: number;
      leaves: LeafCursor[];
      fields: (FieldReader | undefined)[];
      extra?: FieldReader;
    }
  | {
      kind: "list";
      nullDef: number;
      leaves: LeafCursor[];
      repDef: number;
      repLevel: number;
      element: FieldReader;
    }
  | {
      kind: "map";
      nullDef: number;
      leaves: LeafCursor[];
      repDef: number;
      repLevel: number;
      key: FieldReader;
      value: FieldReader;
    };

/** Settings of planning. */
export interface PlanContext {
  readonly path: string;
  readonly caseSensitive: boolean;
  /** Every leaf cursor created, for the caller to load. */
  readonly cursors: LeafCursor[];
}

function levels(n: ParquetNode): { def: number; rep: number } {
  return { def: n.defLevel, rep: n.repLevel };
}

/**
 * Finds a child by name with Spark's case rule. Case-insensitively, several matches are Spark's
 * `_LEGACY_ERROR_TEMP_2093` when `strict` (reading), and no match otherwise (statistics).
 */
export function findChild(
  node: ParquetNode,
  name: string,
  caseSensitive: boolean,
  strict = true,
): ParquetNode | undefined {
  if (caseSensitive) return node.children.find((c) => c.name === name);
  const l = name.toLowerCase();
  const matches = node.children.filter((c) => c.name.toLowerCase() === l);
  if (matches.length > 1) {
    if (!strict) return undefined;
    throw new TsparkError("_LEGACY_ERROR_TEMP_2093", {
      messageParameters: {
        requiredFieldName: name,
        matchedOrcFields: `[${matches.map((c) => c.name).join(", ")}]`,
      },
    });
  }
  return matches[0];
}

function mismatch(ctx: PlanContext, n: ParquetNode, t: DataType): TsparkError {
  const actual = n.children.length === 0 ? (n.element.type ?? "GROUP") : describeParquetType(n.element);
  return new TsparkError("FAILED_READ_FILE.PARQUET_COLUMN_DATA_TYPE_MISMATCH", {
    messageParameters: {
      path: fileUrl(ctx.path),
      column: `[${n.path.join(", ")}]`,
      expectedType: t.simpleString(),
      actualType: actual,
    },
  });
}

/**
 * Plans reading `node` as Spark type `t`, or throws PARQUET_COLUMN_DATA_TYPE_MISMATCH. `asElement`
 * marks a repeated node that is itself a list's element (legacy 2-level lists, bare repeated
 * fields): its presence was decided by the enclosing list.
 */
export function planField(node: ParquetNode, t: DataType, ctx: PlanContext, asElement = false): FieldReader {
  const lv = levels(node);
  // A node that may be absent is null below its own definition level; a repeated node used as
  // an element is present whenever the enclosing list has that element.
  const nullDef = node.repetition === "OPTIONAL" ? lv.def : -1;
  if (node.repetition === "REPEATED" && !asElement) {
    // A bare repeated field: an array of its values (elements never null).
    if (t.kind !== "array") throw mismatch(ctx, node, t);
    const element = planField(node, t.elementType, ctx, true);
    return { kind: "list", nullDef: -1, leaves: element.leaves, repDef: lv.def, repLevel: lv.rep, element };
  }
  if (node.children.length === 0) {
    const cursor = new LeafCursor(node);
    ctx.cursors.push(cursor);
    return { kind: "leaf", nullDef, leaves: [cursor], convert: leafConverter(node.element, t, ctx, node) };
  }
  if (isList(node)) {
    if (t.kind !== "array") throw mismatch(ctx, node, t);
    const { node: elemNode } = listElementNode(node);
    const repeated = node.children[0]!;
    const rl = levels(repeated);
    const element = planField(elemNode, t.elementType, ctx, elemNode === repeated);
    return { kind: "list", nullDef, leaves: element.leaves, repDef: rl.def, repLevel: rl.rep, element };
  }
  if (isMap(node)) {
    if (t.kind !== "map") throw mismatch(ctx, node, t);
    const { keyValue, key, value } = mapEntryNodes(node);
    const kl = levels(keyValue);
    const k = planField(key, t.keyType, ctx);
    const v = planField(value, t.valueType, ctx);
    return {
      kind: "map",
      nullDef,
      leaves: [...k.leaves, ...v.leaves],
      repDef: kl.def,
      repLevel: kl.rep,
      key: k,
      value: v,
    };
  }
  if (t.kind !== "struct") throw mismatch(ctx, node, t);
  const fields = t.fields.map((f) => {
    const child = findChild(node, f.name, ctx.caseSensitive);
    return child === undefined ? undefined : planField(child, f.dataType, ctx);
  });
  const leaves = fields.flatMap((f) => f?.leaves ?? []);
  let extra: FieldReader | undefined;
  if (leaves.length === 0) {
    // No requested field is in the file: read one field anyway to learn which structs are null.
    const first = node.children[0]!;
    extra = planField(first, inferredShape(first), ctx);
    leaves.push(...extra.leaves);
  }
  return { kind: "struct", nullDef, leaves, fields, ...(extra ? { extra } : {}) };
}

const SHAPE = { kind: "shape" } as unknown as DataType;

/** A Spark type with the node's shape (first field of structs only), read only to drive levels. */
function inferredShape(n: ParquetNode, asElement = false): DataType {
  if (n.repetition === "REPEATED" && !asElement) return new ArrayType(inferredShape(n, true));
  if (n.children.length === 0) return SHAPE;
  if (isList(n)) {
    const { node } = listElementNode(n);
    return new ArrayType(inferredShape(node, node === n.children[0]));
  }
  if (isMap(n)) {
    const { key, value } = mapEntryNodes(n);
    return new MapType(inferredShape(key), inferredShape(value));
  }
  const first = n.children[0]!;
  return new StructType([new StructField(first.name, inferredShape(first))]);
}

/** Reads one value; the leaves are positioned at the value's first entry. */
export function readValue(r: FieldReader): unknown {
  const first = r.leaves[0]!;
  if (r.nullDef >= 0 && first.def() < r.nullDef) {
    for (const l of r.leaves) l.skipEntry();
    return null;
  }
  switch (r.kind) {
    case "leaf": {
      const d = first.data!;
      if (first.atEnd()) throw new RangeError("leaf column ended early");
      if (first.def() === d.maxDef) {
        const v = d.values[first.vpos++];
        first.pos++;
        return r.convert(v);
      }
      first.pos++;
      return null;
    }
    case "struct": {
      const out = r.fields.map((f) => (f === undefined ? null : readValue(f)));
      if (r.extra) readValue(r.extra);
      return out;
    }
    case "list": {
      if (first.def() < r.repDef) {
        for (const l of r.leaves) l.skipEntry();
        return [];
      }
      const out: unknown[] = [];
      do out.push(readValue(r.element));
      while (!first.atEnd() && first.rep() === r.repLevel);
      return out;
    }
    case "map": {
      if (first.def() < r.repDef) {
        for (const l of r.leaves) l.skipEntry();
        return new MapValue([], []);
      }
      const keys: unknown[] = [];
      const values: unknown[] = [];
      do {
        keys.push(readValue(r.key));
        values.push(readValue(r.value));
      } while (!first.atEnd() && first.rep() === r.repLevel);
      return new MapValue(keys, values);
    }
  }
}

const DECODER = new TextDecoder("utf-8");

/** Big-endian two's complement bytes as a bigint. */
export function bytesToBigInt(b: Uint8Array): bigint {
  if (b.length === 0) return 0n;
  let v = 0n;
  for (const x of b) v = (v << 8n) | BigInt(x);
  return b[0]! & 0x80 ? v - (1n << BigInt(b.length * 8)) : v;
}

const JULIAN_EPOCH_DAY = 2440588n;
const MICROS_PER_DAY = 86400000000n;

/** INT96 (nanos of day, Julian day) as microseconds since the epoch. */
export function int96ToMicros(v: bigint): number {
  const day = v >> 64n;
  const nanos = v & 0xffffffffffffffffn;
  const micros = (day - JULIAN_EPOCH_DAY) * MICROS_PER_DAY + nanos / 1000n;
  return Number(micros);
}

/** The converter of a leaf's physical values to the requested Spark type, or a mismatch error. */
function leafConverter(e: SchemaElement, t: DataType, ctx: PlanContext, node: ParquetNode): Convert {
  const phys = e.type;
  const int = integerOf(e);
  const dec = decimalOf(e);
  const ts = phys === "INT64" ? timestampOf(e) : undefined;
  const fail = (): never => {
    throw mismatch(ctx, node, t);
  };
  switch (t.kind) {
    case "boolean":
      return phys === "BOOLEAN" ? (v) => v : fail();
    case "byte":
      return phys === "INT32" && !dec ? (v) => ((v as number) << 24) >> 24 : fail();
    case "short":
      return phys === "INT32" && !dec ? (v) => ((v as number) << 16) >> 16 : fail();
    case "int":
    case "year_month_interval":
      return phys === "INT32" && !dec && !(int && !int.signed && int.bits === 32) ? (v) => v : fail();
    case "date":
      return phys === "INT32" && !dec && !int ? (v) => v : fail();
    case "long":
    case "day_time_interval":
      if (phys === "INT32" && !dec) {
        if (int && !int.signed && int.bits === 32) return (v) => (v as number) >>> 0;
        return (v) => v;
      }
      if (phys === "INT64" && !dec && !(int && !int.signed)) return (v) => normLong(v as bigint);
      return fail();
    case "float":
      return phys === "FLOAT" ? (v) => v : fail();
    case "double":
      if (phys === "DOUBLE" || phys === "FLOAT") return (v) => v;
      if (phys === "INT32" && !dec && !int) return (v) => v;
      return fail();
    case "string":
      return phys === "BYTE_ARRAY" || phys === "FIXED_LEN_BYTE_ARRAY"
        ? (v) => DECODER.decode(v as Uint8Array)
        : fail();
    case "binary":
      return phys === "BYTE_ARRAY" || phys === "FIXED_LEN_BYTE_ARRAY"
        ? (v) => (v as Uint8Array).slice()
        : fail();
    case "decimal": {
      let unscaled: (v: unknown) => bigint;
      let scale = 0;
      let precision = 0;
      if (dec) {
        scale = dec.scale;
        precision = dec.precision;
        if (phys === "INT32") unscaled = (v) => BigInt(v as number);
        else if (phys === "INT64") unscaled = (v) => v as bigint;
        else if (phys === "BYTE_ARRAY" || phys === "FIXED_LEN_BYTE_ARRAY")
          unscaled = (v) => bytesToBigInt(v as Uint8Array);
        else return fail();
      } else if (phys === "INT64" && int && !int.signed) {
        precision = 20;
        unscaled = (v) => BigInt.asUintN(64, v as bigint);
      } else if (phys === "INT32" && !int) {
        precision = 10;
        unscaled = (v) => BigInt(v as number);
      } else if (phys === "INT64" && !int && !ts) {
        precision = 20;
        unscaled = (v) => v as bigint;
      } else return fail();
      const up = t.scale - scale;
      if (up < 0 || t.precision - t.scale < precision - scale) return fail();
      if (up === 0) return unscaled;
      const f = 10n ** BigInt(up);
      return (v) => unscaled(v) * f;
    }
    case "timestamp":
    case "timestamp_ntz": {
      if (phys === "INT96") return t.kind === "timestamp" ? (v) => int96ToMicros(v as bigint) : fail();
      if (ts === undefined || ts.unit === "NANOS") {
        if (phys === "INT32" && t.kind === "timestamp_ntz" && !int && !dec && e.converted_type === "DATE")
          return (v) => (v as number) * 86400000000;
        return fail();
      }
      // Spark refuses to read an instant (UTC-adjusted) column as timestamp_ntz.
      if (t.kind === "timestamp_ntz" && ts.utc) return fail();
      if (ts.unit === "MILLIS") return (v) => Number(v as bigint) * 1000;
      return (v) => Number(v as bigint);
    }
    default:
      if ((t as { kind: string }).kind === "shape") return () => null;
      return fail();
  }
}
