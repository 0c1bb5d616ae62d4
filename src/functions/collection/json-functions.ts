/**
 * JSON functions: `from_json`, `to_json`, `get_json_object`, `json_tuple` (generator),
 * `schema_of_json`, `json_array_length`, `json_object_keys`. Parsing and writing live in
 * data/json.ts; this file handles arguments, options and JSON paths.
 */
import { inferJsonType } from "../../data/json-schema-inference.js";
import { TsparkError } from "../../common/errors.js";
import { MICROS_PER_DAY, floorDiv, getTimeZone } from "../../data/datetime.js";
import {
  canonicalizeJsonType,
  EMPTY_JSON,
  type JsonNode,
  JsonObject,
  type JsonParseOptions,
  type JsonRecordOptions,
  type JsonWriteOptions,
  makeJsonReader,
  makeJsonWriter,
  parseJson,
  writeJsonNode,
} from "../../data/json.js";
import { MapValue } from "../../data/values.js";
import { parseDataType, parseSchema } from "../../types/ddl.js";
import {
  ArrayType,
  type DataType,
  fromJsonValue,
  INT,
  type JsonValue,
  MapType,
  STRING,
  StructField,
  StructType,
} from "../../types/data-type.js";
import { getPattern } from "../datetime/datetime-pattern.js";
import { typeMismatch } from "../errors.js";
import type {
  BindArg,
  BindContext,
  GeneratorFunctionDefinition,
  ScalarFunctionDefinition,
} from "../function-definition.js";
import { callSql, requireString, wrongArgType } from "./helpers.js";

/** Jackson settings Spark's get_json_object/json_tuple/json_array_length factory uses. */
const HIVE_JSON: JsonParseOptions = {
  allowSingleQuotes: true,
  allowUnquotedControlChars: true,
  allowNonNumericNumbers: false,
};

function asNullable(t: DataType): DataType {
  switch (t.kind) {
    case "array":
      return new ArrayType(asNullable(t.elementType), true);
    case "map":
      return new MapType(asNullable(t.keyType), asNullable(t.valueType), true);
    case "struct":
      return new StructType(
        t.fields.map((f) => new StructField(f.name, asNullable(f.dataType), true, f.metadata)),
      );
    default:
      return t;
  }
}

/**
 * Parses a schema given as text the way Spark's `from_json` does: Spark's JSON form when it starts
 * with `{`, else a type (`array<int>`, `struct<a:int>`), else a DDL field list (`a INT, b STRING`).
 */
export function parseSchemaText(text: string): DataType {
  const trimmed = text.trim();
  if (trimmed.startsWith("{")) return fromJsonValue(JSON.parse(trimmed) as JsonValue);
  try {
    return parseDataType(trimmed);
  } catch {
    return parseSchema(trimmed);
  }
}

function isMapSchemaText(text: string | undefined): boolean {
  if (text === undefined || !/^\s*map\s*</i.test(text)) return false;
  try {
    return parseSchemaText(text).kind === "map";
  } catch {
    return false;
  }
}

/** Reads a foldable `map<string, string>` options argument (from_json/to_json/schema_of_json). */
function readOptions(args: readonly BindArg[], index: number): Record<string, string> {
  const arg = args[index];
  if (arg === undefined) return {};
  if (!arg.foldable || arg.dataType.kind !== "map") {
    throw new TsparkError("INVALID_OPTIONS.NON_MAP_FUNCTION", {
      messageParameters: { message: "Must use the `map()` function for options." },
    });
  }
  if (arg.dataType.keyType.kind !== "string" || arg.dataType.valueType.kind !== "string") {
    throw new TsparkError("INVALID_OPTIONS.NON_STRING_TYPE", {
      messageParameters: {
        mapType: `"${arg.dataType.sql()}"`,
        message: `A type of keys and values in \`map()\` must be string, but got "${arg.dataType.sql()}".`,
      },
    });
  }
  const out: Record<string, string> = {};
  const m = arg.value;
  if (m instanceof MapValue) {
    for (let i = 0; i < m.keys.length; i++) {
      const v = m.values[i];
      if (v !== null && v !== undefined) out[m.keys[i] as string] = v as string;
    }
  }
  return out;
}

function bool(v: string | undefined, dflt: boolean): boolean {
  return v === undefined ? dflt : v.toLowerCase() === "true";
}

/** Options with case-insensitive keys, as Spark's `CaseInsensitiveMap`. */
function lowerKeys(o: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(o)) out[k.toLowerCase()] = v;
  return out;
}

function parseOptionsFrom(o: Record<string, string>): JsonParseOptions {
  return {
    allowSingleQuotes: bool(o.allowsinglequotes, true),
    allowComments: bool(o.allowcomments, false),
    allowUnquotedFieldNames: bool(o.allowunquotedfieldnames, false),
    allowNonNumericNumbers: bool(o.allownonnumericnumbers, true),
    allowNumericLeadingZeros: bool(o.allownumericleadingzeros, false),
    allowUnquotedControlChars: bool(o.allowunquotedcontrolchars, false),
    allowBackslashEscapingAnyCharacter: bool(o.allowbackslashescapinganycharacter, false),
  };
}

function readOptionsFor(raw: Record<string, string>, ctx: BindContext): JsonRecordOptions {
  const o = lowerKeys(raw);
  const mode = (o.mode ?? "PERMISSIVE").toUpperCase();
  if (mode !== "PERMISSIVE" && mode !== "FAILFAST") {
    throw new TsparkError("PARSE_MODE_UNSUPPORTED", {
      messageParameters: { funcName: "`from_json`", mode },
    });
  }
  const zone = getTimeZone(o.timezone ?? ctx.timeZone);
  const tsFormat = o.timestampformat;
  const dateFormat = o.dateformat;
  return {
    ...parseOptionsFrom(o),
    mode,
    timeZone: o.timezone ?? ctx.timeZone,
    columnNameOfCorruptRecord:
      o.columnnameofcorruptrecord ?? ctx.conf("spark.sql.columnNameOfCorruptRecord") ?? "_corrupt_record",
    ...(tsFormat !== undefined
      ? { parseTimestamp: (s: string) => getPattern(tsFormat, true).parse(s, zone, false) }
      : {}),
    ...(dateFormat !== undefined
      ? {
          parseDate: (s: string) => {
            const micros = getPattern(dateFormat, true).parse(s, getTimeZone("UTC"), false);
            return micros === null ? null : floorDiv(micros, MICROS_PER_DAY);
          },
        }
      : {}),
  };
}

function schemaArg(args: readonly BindArg[]): DataType {
  const s = args[1] as BindArg;
  if (!s.foldable || s.dataType.kind !== "string" || typeof s.value !== "string") {
    throw new TsparkError("INVALID_SCHEMA.NON_STRING_LITERAL", {
      messageParameters: { inputSchema: `"${s.sql}"` },
    });
  }
  return parseSchemaText(s.value);
}

/**
 * `from_json(jsonStr, schema[, options])`: parses JSON text into a struct, array or map of the
 * given schema (DDL or JSON text). PERMISSIVE mode: a field that does not fit becomes NULL, a
 * malformed record gives a struct of NULLs (NULL for array/map schemas), blank input gives NULL.
 */
export const fromJsonFunction: ScalarFunctionDefinition = {
  type: "scalar",
  name: "from_json",
  args: { min: 2, max: 3 },
  docs: {
    usage:
      "from_json(jsonStr, schema[, options]) - Returns a struct value with the given `jsonStr` and `schema`.",
    examples: [{ sql: "from_json('{\"a\":1, \"b\":0.8}', 'a INT, b DOUBLE')", result: "{1, 0.8}" }],
    since: "2.2.0",
  },
  // Spark names the column after the JSON argument only, and `entries` for map schemas.
  sql: (args) => (isMapSchemaText(args[1]) ? "entries" : `from_json(${args[0]})`),
  bind(args, ctx) {
    requireString("from_json", args, 0);
    const schema = asNullable(schemaArg(args));
    if (schema.kind !== "struct" && schema.kind !== "array" && schema.kind !== "map") {
      throw typeMismatch("INVALID_JSON_SCHEMA", callSql("from_json", args), { schema: `"${schema.sql()}"` });
    }
    if (schema.kind === "map" && schema.keyType.kind !== "string") {
      throw new TsparkError("INVALID_JSON_SCHEMA_MAP_TYPE", {
        messageParameters: { jsonSchema: `"${schema.sql()}"` },
      });
    }
    const read = makeJsonReader(schema, readOptionsFor(readOptions(args, 2), ctx));
    return { dataType: schema, nullable: true, eval: (s) => read(s as string) };
  },
};

function writeOptionsFor(raw: Record<string, string>, ctx: BindContext): JsonWriteOptions {
  const o = lowerKeys(raw);
  const tz = o.timezone ?? ctx.timeZone;
  const zone = getTimeZone(tz);
  const utc = getTimeZone("UTC");
  const ignoreDefault = (ctx.conf("spark.sql.jsonGenerator.ignoreNullFields") ?? "true") === "true";
  const tsFormat = o.timestampformat;
  const dateFormat = o.dateformat;
  return {
    ignoreNullFields: bool(o.ignorenullfields, ignoreDefault),
    timeZone: tz,
    ...(tsFormat !== undefined
      ? { formatTimestamp: (micros: number) => getPattern(tsFormat, false).format(micros, zone) }
      : {}),
    ...(dateFormat !== undefined
      ? { formatDate: (days: number) => getPattern(dateFormat, false).format(days * MICROS_PER_DAY, utc) }
      : {}),
  };
}

/** `to_json(expr[, options])`: a struct, array or map as JSON text. */
export const toJsonFunction: ScalarFunctionDefinition = {
  type: "scalar",
  name: "to_json",
  args: { min: 1, max: 2 },
  docs: {
    usage: "to_json(expr[, options]) - Returns a JSON string with a given struct value.",
    examples: [
      { sql: "to_json(named_struct('a', 1, 'b', 2))", result: '{"a":1,"b":2}' },
      { sql: "to_json(array(map('a', 1)))", result: '[{"a":1}]' },
    ],
    since: "2.2.0",
  },
  sql: (args) => `to_json(${args[0]})`,
  bind(args, ctx) {
    const t = (args[0] as BindArg).dataType;
    if (t.kind !== "struct" && t.kind !== "array" && t.kind !== "map") {
      throw wrongArgType("to_json", args, 0, '("STRUCT" or "ARRAY" or "MAP")');
    }
    const write = makeJsonWriter(t, writeOptionsFor(readOptions(args, 1), ctx));
    return { dataType: STRING, nullable: args[0]?.nullable ?? true, eval: write };
  },
};

// ---- JSON paths (get_json_object) ------------------------------------------------------------

type PathStep =
  | { readonly kind: "key"; readonly name: string }
  | { readonly kind: "index"; readonly index: number }
  | { readonly kind: "wildcard" }
  | { readonly kind: "childWildcard" };

/** Parses Spark's JSON path subset: `$`, `.name`, `['name']`, `[n]`, `[*]`, `.*`; undefined if invalid. */
export function parseJsonPath(path: string): PathStep[] | undefined {
  if (!path.startsWith("$")) return undefined;
  const steps: PathStep[] = [];
  let i = 1;
  while (i < path.length) {
    if (path.startsWith(".*", i)) {
      steps.push({ kind: "childWildcard" });
      i += 2;
    } else if (path.startsWith("['*']", i)) {
      steps.push({ kind: "childWildcard" });
      i += 5;
    } else if (path[i] === ".") {
      const m = /^[^.[]+/.exec(path.slice(i + 1));
      if (!m) return undefined;
      steps.push({ kind: "key", name: m[0] });
      i += 1 + m[0].length;
    } else if (path.startsWith("['", i)) {
      const m = /^\['([^'?]+)'\]/.exec(path.slice(i));
      if (!m) return undefined;
      steps.push({ kind: "key", name: m[1] as string });
      i += m[0].length;
    } else if (path.startsWith("[*]", i)) {
      steps.push({ kind: "wildcard" });
      i += 3;
    } else {
      const m = /^\[(\d+)\]/.exec(path.slice(i));
      if (!m) return undefined;
      steps.push({ kind: "index", index: Number(m[1]) });
      i += m[0].length;
    }
  }
  return steps;
}

const RAW = 0;
const QUOTED = 1;
const FLATTEN = 2;

/** Walks the path as Hive's get_json_object does; appends written JSON values to `out`. */
function evaluatePath(
  node: JsonNode,
  path: readonly PathStep[],
  at: number,
  style: number,
  out: string[],
): boolean {
  if (at === path.length) {
    if (typeof node === "string" && style === RAW) {
      out.push(node);
      return true;
    }
    if (Array.isArray(node) && style === FLATTEN) {
      let dirty = false;
      for (const x of node) dirty = evaluatePath(x, path, at, style, out) || dirty;
      return dirty;
    }
    out.push(writeJsonNode(node));
    return true;
  }
  const step = path[at] as PathStep;
  switch (step.kind) {
    case "key": {
      if (!(node instanceof JsonObject)) return false;
      for (let i = 0; i < node.keys.length; i++) {
        if (node.keys[i] !== step.name) continue;
        const v = node.values[i] as JsonNode;
        if (v !== null && evaluatePath(v, path, at + 1, style, out)) return true;
      }
      return false;
    }
    case "index": {
      if (!Array.isArray(node) || step.index >= node.length) return false;
      const next = path[at + 1]?.kind === "wildcard" ? QUOTED : style;
      return evaluatePath(node[step.index] as JsonNode, path, at + 1, next, out);
    }
    case "wildcard": {
      if (!Array.isArray(node)) return false;
      if (path[at + 1]?.kind === "wildcard") {
        const inner: string[] = [];
        let dirty = false;
        for (const x of node) dirty = evaluatePath(x, path, at + 2, FLATTEN, inner) || dirty;
        out.push(`[${inner.join(",")}]`);
        return dirty;
      }
      if (style !== QUOTED) {
        const next = style === RAW ? QUOTED : FLATTEN;
        const buffer: string[] = [];
        let count = 0;
        for (const x of node) if (evaluatePath(x, path, at + 1, next, buffer)) count++;
        if (count > 1) out.push(`[${buffer.join(",")}]`);
        else if (count === 1) out.push(buffer.join(","));
        return count > 0;
      }
      const inner: string[] = [];
      let dirty = false;
      for (const x of node) dirty = evaluatePath(x, path, at + 1, QUOTED, inner) || dirty;
      out.push(`[${inner.join(",")}]`);
      return dirty;
    }
    default:
      // Spark's path grammar accepts `.*` but its evaluator never matches it.
      return false;
  }
}

/** Evaluates a parsed JSON path on JSON text: the match as text (strings unquoted) or null. */
export function getJsonObject(json: string, path: readonly PathStep[]): string | null {
  const node = parseJson(json, HIVE_JSON);
  if (node === undefined || node === EMPTY_JSON) return null;
  const out: string[] = [];
  return evaluatePath(node, path, 0, RAW, out) ? out.join(",") : null;
}

/** `get_json_object(json, path)`: extracts a value by JSON path; strings come back unquoted. */
export const getJsonObjectFunction: ScalarFunctionDefinition = {
  type: "scalar",
  name: "get_json_object",
  args: { min: 2, max: 2 },
  docs: {
    usage: "get_json_object(json_txt, path) - Extracts a json object from `path`.",
    examples: [{ sql: "get_json_object('{\"a\":\"b\"}', '$.a')", result: "b" }],
    since: "1.5.0",
  },
  coerce: () => [STRING, STRING],
  bind(args) {
    requireString("get_json_object", args, 0);
    requireString("get_json_object", args, 1);
    const p = args[1] as BindArg;
    const fixed = p.foldable && typeof p.value === "string" ? parseJsonPath(p.value) : undefined;
    const constantInvalid = p.foldable && fixed === undefined;
    return {
      dataType: STRING,
      nullable: true,
      eval: (json, path) => {
        if (constantInvalid) return null;
        const steps = fixed ?? parseJsonPath(path as string);
        return steps === undefined ? null : getJsonObject(json as string, steps);
      },
    };
  },
};

/** `json_tuple(json, field1, …)`: one row with the named top-level fields as strings (c0, c1, …). */
export const jsonTupleFunction: GeneratorFunctionDefinition = {
  type: "generator",
  name: "json_tuple",
  args: { min: 2, max: Number.POSITIVE_INFINITY },
  docs: {
    usage:
      "json_tuple(jsonStr, p1, p2, ..., pn) - Returns a tuple like the function get_json_object, but it takes multiple names. All the input parameters and output column types are string.",
    examples: [{ sql: "json_tuple('{\"a\":1, \"b\":2}', 'a', 'b')", result: "1 2" }],
    since: "1.6.0",
  },
  coerce: (types) => types.map(() => STRING),
  bind(args) {
    args.forEach((_, i) => {
      requireString("json_tuple", args, i);
    });
    const n = args.length - 1;
    const output = Array.from({ length: n }, (_, i) => new StructField(`c${i}`, STRING, true));
    return {
      output,
      generate: (json, ...names) => {
        const row = new Array<unknown>(n).fill(null);
        if (json === null || json === undefined) return [row];
        const node = parseJson(json as string, HIVE_JSON);
        if (!(node instanceof JsonObject)) return [row];
        for (let i = 0; i < node.keys.length; i++) {
          const key = node.keys[i];
          const v = node.values[i] as JsonNode;
          for (let f = 0; f < n; f++) {
            if (names[f] !== key) continue;
            row[f] = v === null ? null : typeof v === "string" ? v : writeJsonNode(v);
          }
        }
        return [row];
      },
    };
  },
};

/** `schema_of_json(json[, options])`: the DDL of the schema inferred from a constant JSON string. */
export const schemaOfJsonFunction: ScalarFunctionDefinition = {
  type: "scalar",
  name: "schema_of_json",
  args: { min: 1, max: 2 },
  docs: {
    usage: "schema_of_json(json[, options]) - Returns schema in the DDL format of JSON string.",
    examples: [{ sql: "schema_of_json('[{\"col\":0}]')", result: "ARRAY<STRUCT<col: BIGINT>>" }],
    since: "2.4.0",
  },
  // Spark names the call after the JSON argument only; the options stay out of the column name.
  sql: (args) => `schema_of_json(${args[0]})`,
  bind(args) {
    const j = args[0] as BindArg;
    if (j.foldable && (j.value === null || j.value === undefined)) {
      throw typeMismatch("UNEXPECTED_NULL", callSql("schema_of_json", args), { exprName: "json" });
    }
    if (!j.foldable || j.dataType.kind !== "string" || typeof j.value !== "string") {
      throw typeMismatch("NON_FOLDABLE_INPUT", callSql("schema_of_json", args), {
        inputName: "`json`",
        inputType: '"STRING"',
        inputExpr: `"${j.sql}"`,
      });
    }
    const o = lowerKeys(readOptions(args, 1));
    const node = parseJson(j.value, parseOptionsFrom(o));
    let t: DataType = STRING;
    if (node !== undefined && node !== EMPTY_JSON) {
      t = canonicalizeJsonType(
        inferJsonType(node, {
          primitivesAsString: bool(o.primitivesasstring, false),
          prefersDecimal: bool(o.prefersdecimal, false),
        }),
      );
    }
    const text = t.sql();
    return { dataType: STRING, nullable: false, nullIntolerant: false, eval: () => text };
  },
};

/** `json_array_length(jsonArray)`: element count of the outermost JSON array, NULL otherwise. */
export const jsonArrayLengthFunction: ScalarFunctionDefinition = {
  type: "scalar",
  name: "json_array_length",
  args: { min: 1, max: 1 },
  docs: {
    usage: "json_array_length(jsonArray) - Returns the number of elements in the outermost JSON array.",
    examples: [{ sql: "json_array_length('[1,2,3,4]')", result: "4" }],
    since: "3.1.0",
  },
  bind(args) {
    requireString("json_array_length", args, 0);
    return {
      dataType: INT,
      nullable: true,
      eval: (s) => {
        const node = parseJson(s as string, HIVE_JSON);
        return Array.isArray(node) ? node.length : null;
      },
    };
  },
};

/** `json_object_keys(json_object)`: the keys of the outermost JSON object, NULL otherwise. */
export const jsonObjectKeysFunction: ScalarFunctionDefinition = {
  type: "scalar",
  name: "json_object_keys",
  args: { min: 1, max: 1 },
  docs: {
    usage: "json_object_keys(json_object) - Returns all the keys of the outermost JSON object as an array.",
    examples: [{ sql: 'json_object_keys(\'{"f1":"abc","f2":{"f3":"a", "f4":"b"}}\')', result: "[f1, f2]" }],
    since: "3.1.0",
  },
  bind(args) {
    requireString("json_object_keys", args, 0);
    return {
      dataType: new ArrayType(STRING, true),
      nullable: true,
      eval: (s) => {
        const node = parseJson(s as string, HIVE_JSON);
        return node instanceof JsonObject ? node.keys.slice() : null;
      },
    };
  },
};
