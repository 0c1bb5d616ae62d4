/**
 * CSV functions: `from_csv(csvStr, schema[, options])`, `to_csv(expr[, options])` and
 * `schema_of_csv(csv[, options])`, on the reader/writer of data/csv.ts with Spark's default options.
 * Options must be a constant `map(...)`; the schema a constant DDL string.
 */
import { TsparkError } from "../../common/errors.js";
import { csvOptionsFrom, readCsvRecord, writeCsvRecord } from "../../data/csv.js";
import { floorDiv, getTimeZone, MICROS_PER_DAY } from "../../data/datetime.js";
import { makeStringifier } from "../../data/render.js";
import { MapValue } from "../../data/values.js";
import {
  BOOLEAN,
  type DataType,
  DOUBLE,
  INT,
  LONG,
  STRING,
  StructField,
  StructType,
  TIMESTAMP,
} from "../../types/data-type.js";
import { bindCast } from "../core/cast.js";
import { getPattern } from "../datetime/datetime-pattern.js";
import { typeMismatch } from "../errors.js";
import type { BindArg, BindContext, ScalarFunctionDefinition } from "../function-definition.js";
import { callSql, wrongArgType } from "./helpers.js";
import { parseSchemaText } from "./json-functions.js";

/** Reads a foldable `map<string, string>` options argument (keys lower-cased); shared with XML. */
export function readOptions(args: readonly BindArg[], index: number): Record<string, string> {
  const arg = args[index];
  if (arg === undefined) return {};
  if (!arg.foldable || arg.dataType.kind !== "map") {
    throw new TsparkError("INVALID_OPTIONS.NON_MAP_FUNCTION", {
      messageParameters: { message: "Must use the `map()` function for options." },
    });
  }
  if (arg.dataType.keyType.kind !== "string" || arg.dataType.valueType.kind !== "string") {
    throw new TsparkError("INVALID_OPTIONS.NON_STRING_TYPE", {
      messageParameters: { mapType: `"${arg.dataType.sql()}"` },
    });
  }
  const out: Record<string, string> = {};
  const m = arg.value;
  if (m instanceof MapValue) {
    for (let i = 0; i < m.keys.length; i++) {
      const v = m.values[i];
      if (v !== null && v !== undefined) out[(m.keys[i] as string).toLowerCase()] = v as string;
    }
  }
  return out;
}

/** Converts one field text to an internal value (undefined: does not fit). */
export type FieldReader = (s: string) => unknown;

/** String → internal value of `t` for one CSV/XML field; undefined when the text does not fit. */
export function fieldReader(t: DataType, o: Record<string, string>, ctx: BindContext): FieldReader {
  const tz = o.timezone ?? ctx.timeZone;
  if (t.kind === "string") return (s) => s;
  if (t.kind === "timestamp" && o.timestampformat !== undefined) {
    const p = getPattern(o.timestampformat, true);
    const zone = getTimeZone(tz);
    return (s) => p.parse(s, zone, false) ?? undefined;
  }
  if (t.kind === "date" && o.dateformat !== undefined) {
    const p = getPattern(o.dateformat, true);
    const utc = getTimeZone("UTC");
    return (s) => {
      const micros = p.parse(s, utc, false);
      return micros === null ? undefined : floorDiv(micros, MICROS_PER_DAY);
    };
  }
  const conv = bindCast(STRING, t, "try", { ...ctx, timeZone: tz });
  return (s) => conv(s) ?? undefined;
}

/**
 * `from_csv(csvStr, schema[, options])`: one CSV record into a struct of the schema. PERMISSIVE
 * mode: a field that does not fit is NULL, missing fields are NULL, extra fields are dropped.
 */
export const fromCsvFunction: ScalarFunctionDefinition = {
  type: "scalar",
  name: "from_csv",
  args: { min: 2, max: 3 },
  docs: {
    usage:
      "from_csv(csvStr, schema[, options]) - Returns a struct value with the given `csvStr` and `schema`.",
    examples: [
      { sql: "from_csv('1, 0.8', 'a INT, b DOUBLE')", result: "{1, 0.8}" },
      {
        sql: "from_csv('26/08/2015', 'time Timestamp', map('timestampFormat', 'dd/MM/yyyy'))",
        result: "{2015-08-26 00:00:00}",
      },
    ],
    since: "3.0.0",
  },
  sql: (args) => `from_csv(${args[0]})`,
  bind(args, ctx) {
    const s = args[1] as BindArg;
    if ((args[0] as BindArg).dataType.kind !== "string" && (args[0] as BindArg).dataType.kind !== "null") {
      throw wrongArgType("from_csv", args, 0, '"STRING"');
    }
    if (!s.foldable || s.dataType.kind !== "string" || typeof s.value !== "string") {
      throw new TsparkError("INVALID_SCHEMA.NON_STRING_LITERAL", {
        messageParameters: { inputSchema: `"${s.sql}"` },
      });
    }
    const parsed = parseSchemaText(s.value);
    if (!(parsed instanceof StructType)) {
      throw new TsparkError("INVALID_SCHEMA.NON_STRUCT_TYPE", {
        messageParameters: { inputSchema: `"${s.sql}"`, dataType: `"${parsed.sql()}"` },
      });
    }
    const schema = new StructType(
      parsed.fields.map((f) => new StructField(f.name, f.dataType, true, f.metadata)),
    );
    const raw = readOptions(args, 2);
    const mode = (raw.mode ?? "PERMISSIVE").toUpperCase();
    if (mode !== "PERMISSIVE" && mode !== "FAILFAST") {
      throw new TsparkError("PARSE_MODE_UNSUPPORTED", {
        messageParameters: { funcName: "`from_csv`", mode },
      });
    }
    const opts = csvOptionsFrom(raw);
    const readers = schema.fields.map((f) => fieldReader(f.dataType, raw, ctx));
    return {
      dataType: schema,
      nullable: true,
      eval: (v) => {
        const text = v as string;
        const { fields } = readCsvRecord(text, opts);
        const row: unknown[] = new Array(readers.length);
        for (let i = 0; i < readers.length; i++) {
          const f = fields[i];
          if (f === undefined || f === null) {
            row[i] = null;
            continue;
          }
          const r = (readers[i] as FieldReader)(f);
          if (r === undefined) {
            if (mode === "FAILFAST") {
              throw new TsparkError("MALFORMED_RECORD_IN_PARSING", {
                messageParameters: { badRecord: text, failFastMode: "FAILFAST" },
              });
            }
            row[i] = null;
          } else row[i] = r;
        }
        return row;
      },
    };
  },
};

/** `to_csv(expr[, options])`: a struct of atomic fields as one CSV record. */
export const toCsvFunction: ScalarFunctionDefinition = {
  type: "scalar",
  name: "to_csv",
  args: { min: 1, max: 2 },
  docs: {
    usage: "to_csv(expr[, options]) - Returns a CSV string with a given struct value.",
    examples: [
      { sql: "to_csv(named_struct('a', 1, 'b', 2))", result: "1,2" },
      {
        sql: "to_csv(named_struct('time', to_timestamp('2015-08-26', 'yyyy-MM-dd')), map('timestampFormat', 'dd/MM/yyyy'))",
        result: "26/08/2015",
      },
    ],
    since: "3.0.0",
  },
  sql: (args) => `to_csv(${args[0]})`,
  bind(args, ctx) {
    const t = (args[0] as BindArg).dataType;
    if (!(t instanceof StructType)) throw wrongArgType("to_csv", args, 0, '"STRUCT"');
    for (const f of t.fields) {
      const k = f.dataType.kind;
      if (k === "array" || k === "map" || k === "struct") {
        throw typeMismatch("UNSUPPORTED_INPUT_TYPE", callSql("to_csv", args), {
          functionName: "`to_csv`",
          dataType: `"${t.sql()}"`,
        });
      }
    }
    const raw = readOptions(args, 1);
    const opts = csvOptionsFrom(raw, true);
    const tz = raw.timezone ?? ctx.timeZone;
    const zone = getTimeZone(tz);
    const utc = getTimeZone("UTC");
    const writers = t.fields.map((f): ((v: unknown) => string) => {
      if (f.dataType.kind === "timestamp" || f.dataType.kind === "timestamp_ntz") {
        const p = getPattern(raw.timestampformat ?? "yyyy-MM-dd'T'HH:mm:ss.SSSXXX", false);
        const z = f.dataType.kind === "timestamp" ? zone : utc;
        return (v) => p.format(v as number, z);
      }
      if (f.dataType.kind === "date") {
        const p = getPattern(raw.dateformat ?? "yyyy-MM-dd", false);
        return (v) => p.format((v as number) * MICROS_PER_DAY, utc);
      }
      return makeStringifier(f.dataType, { style: "cast", timeZone: tz });
    });
    return {
      dataType: STRING,
      nullable: (args[0] as BindArg).nullable,
      eval: (v) => {
        const row = v as unknown[];
        return writeCsvRecord(
          writers.map((w, i) => (row[i] === null || row[i] === undefined ? null : w(row[i]))),
          opts,
        );
      },
    };
  },
};

/** Spark's CSV type inference for one field (CSVInferSchema, default options). */
function inferField(s: string | null): DataType | undefined {
  if (s === null) return undefined;
  if (/^[+-]?\d+$/.test(s)) {
    const n = BigInt(s);
    if (n >= -2147483648n && n <= 2147483647n) return INT;
    if (n >= -9223372036854775808n && n <= 9223372036854775807n) return LONG;
    return DOUBLE;
  }
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[dDfF]?$/.test(s) || /^[+-]?(NaN|Infinity|Inf)$/.test(s)) {
    return DOUBLE;
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})?$/.test(s)) return TIMESTAMP;
  if (/^(true|false)$/i.test(s)) return BOOLEAN;
  return STRING;
}

/** `schema_of_csv(csv[, options])`: the DDL schema inferred from one CSV record. */
export const schemaOfCsvFunction: ScalarFunctionDefinition = {
  type: "scalar",
  name: "schema_of_csv",
  args: { min: 1, max: 2 },
  docs: {
    usage: "schema_of_csv(csv[, options]) - Returns schema in the DDL format of CSV string.",
    examples: [{ sql: "schema_of_csv('1,abc')", result: "STRUCT<_c0: INT, _c1: STRING>" }],
    since: "3.0.0",
  },
  sql: (args) => `schema_of_csv(${args[0]})`,
  bind(args) {
    const c = args[0] as BindArg;
    if (c.foldable && (c.value === null || c.value === undefined)) {
      throw typeMismatch("UNEXPECTED_NULL", callSql("schema_of_csv", args), { exprName: "csv" });
    }
    if (!c.foldable || c.dataType.kind !== "string" || typeof c.value !== "string") {
      throw typeMismatch("NON_FOLDABLE_INPUT", callSql("schema_of_csv", args), {
        inputName: "`csv`",
        inputType: '"STRING"',
        inputExpr: `"${c.sql}"`,
      });
    }
    const opts = csvOptionsFrom(readOptions(args, 1));
    const { fields } = readCsvRecord(c.value, opts);
    const schema = new StructType(
      fields.map((f, i) => new StructField(`_c${i}`, inferField(f) ?? STRING, true)),
    );
    const text = schema.sql();
    return { dataType: STRING, nullable: false, nullIntolerant: false, eval: () => text };
  },
};
