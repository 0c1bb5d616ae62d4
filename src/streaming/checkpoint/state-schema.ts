/**
 * The state schema file of a stateful operator (Spark's StateSchemaCompatibilityChecker with its
 * SchemaV2 writer): `state/<operatorId>/0/_metadata/schema` — in partition 0's directory, where
 * Spark 3.x and 4.x put it for every operator but transformWithState — written once, on the
 * first batch that plans the operator, and compared with the query's schemas on every restart.
 *
 * Format (Java's DataOutputStream, what Spark writes byte for byte for ASCII schemas):
 *
 *     writeUTF("v2")
 *     writeInt(n) then n × writeUTF(chunk)    the key schema's JSON, in chunks of ≤ 65535 bytes
 *     writeInt(m) then m × writeUTF(chunk)    the value schema's JSON, likewise
 *
 * where `writeUTF` is a 2-byte big-endian length and Java's modified UTF-8, and the JSON is
 * `StructType.json` (`{"type":"struct","fields":[…]}`). Version 1 files (two `writeUTF`s, no
 * chunk counts) are read too.
 *
 * Compatibility is Spark's `DataType.equalsIgnoreNameAndCompatibleNullability(new, stored)`: the
 * same number of fields with the same types in the same order, names ignored, and a field may
 * become non-nullable but not nullable (state written as non-null must stay readable).
 *
 * A transformWithState variable may so change its field names from one run to the next; as Spark
 * writes a state schema file per batch that changed it (`_stateSchema/default/<batchId>_<uuid>`,
 * named by the batch's operator metadata), each run also writes its stores' schemas, in the same
 * format, to `state/<operatorId>/_stateSchema/<storeName>/<batchId>` (the run's first batch): the
 * state data source reads a batch with the schema of the latest such batch at or before it
 * (`readStateSchemaAt`), the `_metadata/schema` file when there is none.
 */
import { join } from "node:path";
import { TsparkError } from "../../common/errors.js";
import { listDirectory, readFileIfExists, writeFileAtomic } from "../../storage/atomic-file.js";
import { type DataType, sameType, StructType } from "../../types/data-type.js";
import { corruptFile, parseLogVersion } from "./log-version.js";

/** The newest state schema format this engine writes and reads (Spark's SchemaV2). */
export const STATE_SCHEMA_VERSION = 2;

/** One operator's state row layout: the key and the value a store holds. */
export interface StateSchema {
  readonly keySchema: StructType;
  readonly valueSchema: StructType;
}

/**
 * `<stateRoot>/<operatorId>/0/_metadata/schema`: where Spark keeps an operator's state schema; a
 * named store (the stream-stream join's four) has its own, in its directory of partition 0:
 * `<stateRoot>/<operatorId>/0/<storeName>/_metadata/schema`.
 */
export function stateSchemaFilePath(stateRoot: string, operatorId: number, storeName?: string): string {
  const named = storeName !== undefined && storeName !== "default";
  return named
    ? join(stateRoot, String(operatorId), "0", storeName, "_metadata", "schema")
    : join(stateRoot, String(operatorId), "0", "_metadata", "schema");
}

// Java's writeUTF takes at most 65535 bytes of modified UTF-8 per call.
const MAX_UTF_BYTES = 65535;

/** The schema file's bytes (version 2). */
export function encodeStateSchema(schema: StateSchema): Uint8Array {
  const out = new ByteSink();
  out.utf(`v${STATE_SCHEMA_VERSION}`);
  for (const json of [schema.keySchema.json(), schema.valueSchema.json()]) {
    const chunks = utfChunks(json);
    out.int(chunks.length);
    for (const c of chunks) out.utf(c);
  }
  return out.bytes();
}

/** Decodes a schema file read from `path` (versions 1 and 2); anything else names the file. */
export function decodeStateSchema(bytes: Uint8Array, path: string): StateSchema {
  const input = new ByteSource(bytes, path);
  const versionLine = input.utf("the version");
  const version = parseLogVersion(versionLine, STATE_SCHEMA_VERSION, path);
  let keyJson: string;
  let valueJson: string;
  if (version === 1) {
    keyJson = input.utf("the key schema");
    valueJson = input.utf("the value schema");
  } else {
    keyJson = input.chunked("the key schema");
    valueJson = input.chunked("the value schema");
  }
  if (!input.atEnd()) throw corruptFile(path, "unexpected bytes after the value schema");
  return { keySchema: parseStruct(keyJson, path, "key"), valueSchema: parseStruct(valueJson, path, "value") };
}

/** The state schema recorded for `operatorId` (and store), or undefined when no file was written yet. */
export function readStateSchemaFile(
  stateRoot: string,
  operatorId: number,
  storeName?: string,
): StateSchema | undefined {
  const path = stateSchemaFilePath(stateRoot, operatorId, storeName);
  const bytes = readFileIfExists(path);
  return bytes === undefined ? undefined : decodeStateSchema(bytes, path);
}

/** `<stateRoot>/<operatorId>/_stateSchema/<storeName>`: a store's schema files by batch id. */
function stateSchemaHistoryDir(stateRoot: string, operatorId: number, storeName: string): string {
  return join(stateRoot, String(operatorId), "_stateSchema", storeName);
}

/** Writes `schema` as the one of `storeName` at batch `batchId` (see the header), replacing any. */
export function writeStateSchemaAt(
  stateRoot: string,
  operatorId: number,
  storeName: string,
  batchId: number,
  schema: StateSchema,
  fsync: boolean,
): void {
  writeFileAtomic(
    join(stateSchemaHistoryDir(stateRoot, operatorId, storeName), String(batchId)),
    encodeStateSchema(schema),
    { overwrite: true, fsync },
  );
}

/**
 * The schema of `storeName` at batch `batchId` with the path it was read from: the file of the
 * latest batch at or before it (see the header), undefined when there is none.
 */
export function readStateSchemaAt(
  stateRoot: string,
  operatorId: number,
  storeName: string,
  batchId: number,
): { readonly schema: StateSchema; readonly path: string } | undefined {
  const dir = stateSchemaHistoryDir(stateRoot, operatorId, storeName);
  let best = -1;
  for (const name of listDirectory(dir)) {
    if (!/^[0-9]+$/.test(name)) continue;
    const id = Number(name);
    if (id <= batchId && id > best) best = id;
  }
  if (best < 0) return undefined;
  const path = join(dir, String(best));
  const bytes = readFileIfExists(path);
  return bytes === undefined ? undefined : { schema: decodeStateSchema(bytes, path), path };
}

/**
 * Records `schema` for `operatorId` unless a schema file exists (it is never overwritten, as
 * Spark's); returns whether it was written.
 */
export function writeStateSchemaFile(
  stateRoot: string,
  operatorId: number,
  schema: StateSchema,
  fsync: boolean,
  storeName?: string,
): boolean {
  return writeFileAtomic(stateSchemaFilePath(stateRoot, operatorId, storeName), encodeStateSchema(schema), {
    overwrite: false,
    fsync,
  });
}

/**
 * Spark's `equalsIgnoreNameAndCompatibleNullability(proposed, stored)`: field names are ignored,
 * types must be equal, and a nullable field (or array element / map value) may become
 * non-nullable but not the other way round.
 */
export function stateSchemaCompatible(stored: DataType, proposed: DataType): boolean {
  if (stored.kind === "struct" && proposed.kind === "struct") {
    if (stored.fields.length !== proposed.fields.length) return false;
    return stored.fields.every((s, i) => {
      const p = proposed.fields[i]!;
      return (s.nullable || !p.nullable) && stateSchemaCompatible(s.dataType, p.dataType);
    });
  }
  if (stored.kind === "array" && proposed.kind === "array") {
    return (
      (stored.containsNull || !proposed.containsNull) &&
      stateSchemaCompatible(stored.elementType, proposed.elementType)
    );
  }
  if (stored.kind === "map" && proposed.kind === "map") {
    return (
      (stored.valueContainsNull || !proposed.valueContainsNull) &&
      stateSchemaCompatible(stored.keyType, proposed.keyType) &&
      stateSchemaCompatible(stored.valueType, proposed.valueType)
    );
  }
  if (stored.kind === "struct" || stored.kind === "array" || stored.kind === "map") return false;
  return sameType(stored, proposed);
}

/** Who the schemas belong to, for the error message. */
export interface StateSchemaOwner {
  readonly operatorId: number;
  readonly operatorName: string;
  /** The checkpoint location, so the message can say which one to replace. */
  readonly checkpoint: string;
}

/**
 * Throws Spark's `STATE_STORE_KEY_SCHEMA_NOT_COMPATIBLE` (checked first) or
 * `STATE_STORE_VALUE_SCHEMA_NOT_COMPATIBLE` when `proposed` cannot read the state `stored`
 * describes; the value schema is skipped with `checkValueSchema` false (deduplication stores a
 * placeholder value Spark does not check either).
 */
export function checkStateSchemaCompatible(
  stored: StateSchema,
  proposed: StateSchema,
  checkValueSchema: boolean,
  owner: StateSchemaOwner,
): void {
  const where = {
    operatorId: String(owner.operatorId),
    operatorName: owner.operatorName,
    checkpoint: owner.checkpoint,
  };
  if (!stateSchemaCompatible(stored.keySchema, proposed.keySchema)) {
    throw new TsparkError("STATE_STORE_KEY_SCHEMA_NOT_COMPATIBLE", {
      messageParameters: {
        storedKeySchema: sparkTypeString(stored.keySchema),
        newKeySchema: sparkTypeString(proposed.keySchema),
        ...where,
      },
    });
  }
  if (checkValueSchema && !stateSchemaCompatible(stored.valueSchema, proposed.valueSchema)) {
    throw new TsparkError("STATE_STORE_VALUE_SCHEMA_NOT_COMPATIBLE", {
      messageParameters: {
        storedValueSchema: sparkTypeString(stored.valueSchema),
        newValueSchema: sparkTypeString(proposed.valueSchema),
        ...where,
      },
    });
  }
}

const SCALA_ATOMIC_NAMES: Readonly<Record<string, string>> = {
  null: "NullType",
  string: "StringType",
  binary: "BinaryType",
  boolean: "BooleanType",
  byte: "ByteType",
  short: "ShortType",
  int: "IntegerType",
  long: "LongType",
  float: "FloatType",
  double: "DoubleType",
  date: "DateType",
  timestamp: "TimestampType",
  timestamp_ntz: "TimestampNTZType",
  calendar_interval: "CalendarIntervalType",
};

/**
 * A type as Spark's Scala `toString` prints it (`StructType(StructField(value,IntegerType,true))`),
 * the form Spark's schema errors show.
 */
export function sparkTypeString(t: DataType): string {
  switch (t.kind) {
    case "decimal":
      return `DecimalType(${t.precision},${t.scale})`;
    case "array":
      return `ArrayType(${sparkTypeString(t.elementType)},${t.containsNull})`;
    case "map":
      return `MapType(${sparkTypeString(t.keyType)},${sparkTypeString(t.valueType)},${t.valueContainsNull})`;
    case "struct":
      return `StructType(${t.fields.map((f) => `StructField(${f.name},${sparkTypeString(f.dataType)},${f.nullable})`).join(",")})`;
    case "day_time_interval":
      return `DayTimeIntervalType(${t.startField},${t.endField})`;
    case "year_month_interval":
      return `YearMonthIntervalType(${t.startField},${t.endField})`;
    default:
      return SCALA_ATOMIC_NAMES[t.kind] ?? t.simpleString();
  }
}

function parseStruct(json: string, path: string, which: string): StructType {
  try {
    return StructType.fromJson(json);
  } catch (e) {
    throw corruptFile(path, `the ${which} schema is not a struct type's JSON`, e);
  }
}

/**
 * `text` split into pieces whose modified UTF-8 fits one `writeUTF`: 65535 characters each for
 * ASCII (Spark's chunks), fewer where characters take more bytes.
 */
function utfChunks(text: string): string[] {
  const chunks: string[] = [];
  let start = 0;
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const n = utfLength(text.charCodeAt(i));
    if (bytes + n > MAX_UTF_BYTES) {
      chunks.push(text.slice(start, i));
      start = i;
      bytes = 0;
    }
    bytes += n;
  }
  chunks.push(text.slice(start));
  return chunks;
}

/** Bytes of one UTF-16 unit in Java's modified UTF-8 (NUL takes two). */
function utfLength(c: number): number {
  if (c >= 0x01 && c <= 0x7f) return 1;
  return c <= 0x7ff ? 2 : 3;
}

/** A growing buffer with DataOutputStream's writeInt and writeUTF. */
class ByteSink {
  private readonly parts: number[] = [];

  int(v: number): void {
    this.parts.push((v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff);
  }

  utf(s: string): void {
    const body: number[] = [];
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x01 && c <= 0x7f) body.push(c);
      else if (c <= 0x7ff) body.push(0xc0 | (c >> 6), 0x80 | (c & 0x3f));
      else body.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
    }
    this.parts.push((body.length >> 8) & 0xff, body.length & 0xff, ...body);
  }

  bytes(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

/** DataInputStream's readInt and readUTF over a file's bytes; a short read names the file. */
class ByteSource {
  private pos = 0;

  constructor(
    private readonly data: Uint8Array,
    private readonly path: string,
  ) {}

  atEnd(): boolean {
    return this.pos === this.data.length;
  }

  int(what: string): number {
    this.need(4, what);
    const d = this.data;
    const p = this.pos;
    this.pos += 4;
    return ((d[p]! << 24) | (d[p + 1]! << 16) | (d[p + 2]! << 8) | d[p + 3]!) >> 0;
  }

  utf(what: string): string {
    this.need(2, what);
    const len = (this.data[this.pos]! << 8) | this.data[this.pos + 1]!;
    this.pos += 2;
    this.need(len, what);
    const end = this.pos + len;
    const d = this.data;
    let out = "";
    let p = this.pos;
    while (p < end) {
      const a = d[p]!;
      if (a < 0x80) {
        out += String.fromCharCode(a);
        p += 1;
      } else if ((a & 0xe0) === 0xc0 && p + 1 < end && (d[p + 1]! & 0xc0) === 0x80) {
        out += String.fromCharCode(((a & 0x1f) << 6) | (d[p + 1]! & 0x3f));
        p += 2;
      } else if (
        (a & 0xf0) === 0xe0 &&
        p + 2 < end &&
        (d[p + 1]! & 0xc0) === 0x80 &&
        (d[p + 2]! & 0xc0) === 0x80
      ) {
        out += String.fromCharCode(((a & 0x0f) << 12) | ((d[p + 1]! & 0x3f) << 6) | (d[p + 2]! & 0x3f));
        p += 3;
      } else {
        throw corruptFile(this.path, `${what} is not valid modified UTF-8 at byte ${p}`);
      }
    }
    this.pos = end;
    return out;
  }

  /** A string written as a chunk count and that many `writeUTF`s (SchemaV2). */
  chunked(what: string): string {
    const n = this.int(`${what}'s chunk count`);
    // Each chunk takes at least its 2-byte length: a count the file cannot hold is garbage.
    if (n < 1 || n * 2 > this.data.length - this.pos) {
      throw corruptFile(this.path, `${what} has an impossible chunk count ${n} (the file may be truncated)`);
    }
    let s = "";
    for (let i = 0; i < n; i++) s += this.utf(what);
    return s;
  }

  private need(n: number, what: string): void {
    if (this.pos + n > this.data.length) {
      throw corruptFile(this.path, `the file ends inside ${what} (it may be truncated)`);
    }
  }
}
