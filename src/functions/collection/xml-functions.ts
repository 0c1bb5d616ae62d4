/**
 * XML functions: `from_xml(xmlStr, schema[, options])`, `schema_of_xml(xml[, options])` and
 * `to_xml(expr[, options])`, on the small reader of data/xml.ts. Spark's conventions: attributes
 * are fields named with the `attributePrefix` ('_'), an element's own text beside attributes is the
 * `valueTag` field ('_VALUE'), repeated elements are arrays, `to_xml` writes a `rowTag` ('ROW')
 * element with children indented by four spaces and leaves NULL fields out.
 */
import { TsparkError } from "../../common/errors.js";
import { getTimeZone, MICROS_PER_DAY } from "../../data/datetime.js";
import { makeStringifier } from "../../data/render.js";
import { escapeXml, parseXml, type XmlElement } from "../../data/xml.js";
import {
  ArrayType,
  BOOLEAN,
  type DataType,
  DOUBLE,
  LONG,
  STRING,
  StructField,
  StructType,
  TIMESTAMP,
} from "../../types/data-type.js";
import { getPattern } from "../datetime/datetime-pattern.js";
import { typeMismatch } from "../errors.js";
import type { BindArg, BindContext, ScalarFunctionDefinition } from "../function-definition.js";
import { type FieldReader, fieldReader, readOptions } from "./csv-functions.js";
import { callSql, wrongArgType } from "./helpers.js";
import { parseSchemaText } from "./json-functions.js";

interface XmlNames {
  readonly prefix: string;
  readonly valueTag: string;
  readonly excludeAttribute: boolean;
}

function namesFrom(o: Record<string, string>): XmlNames {
  return {
    prefix: o.attributeprefix ?? "_",
    valueTag: o.valuetag ?? "_VALUE",
    excludeAttribute: (o.excludeattribute ?? "false").toLowerCase() === "true",
  };
}

type Converter = (e: XmlElement) => unknown;

/** Builds the element → internal value conversion for a schema type. */
function converter(t: DataType, names: XmlNames, o: Record<string, string>, ctx: BindContext): Converter {
  if (t instanceof StructType) {
    const parts = t.fields.map((f) => {
      if (f.name === names.valueTag) {
        const read = fieldReader(f.dataType, o, ctx);
        return (e: XmlElement) => (e.text === "" ? null : (read(e.text) ?? null));
      }
      if (f.name.startsWith(names.prefix) && names.prefix !== "") {
        const attr = f.name.slice(names.prefix.length);
        const read = fieldReader(f.dataType, o, ctx);
        return (e: XmlElement) => {
          const v = e.attributes.get(attr);
          return v === undefined ? null : (read(v) ?? null);
        };
      }
      if (f.dataType instanceof ArrayType) {
        const each = converter(f.dataType.elementType, names, o, ctx);
        return (e: XmlElement) => {
          const matches = e.children.filter((c) => c.name === f.name);
          return matches.length === 0 ? null : matches.map(each);
        };
      }
      const one = converter(f.dataType, names, o, ctx);
      return (e: XmlElement) => {
        const c = e.children.find((x) => x.name === f.name);
        return c === undefined ? null : one(c);
      };
    });
    return (e) => parts.map((p) => p(e));
  }
  if (t instanceof ArrayType) {
    const each = converter(t.elementType, names, o, ctx);
    return (e) => [each(e)];
  }
  const read: FieldReader = fieldReader(t, o, ctx);
  const isString = t.kind === "string";
  return (e) => {
    if (e.text === "" && !isString) return null;
    return read(e.text) ?? null;
  };
}

/** `from_xml(xmlStr, schema[, options])`: one XML record into a struct of the schema. */
export const fromXmlFunction: ScalarFunctionDefinition = {
  type: "scalar",
  name: "from_xml",
  args: { min: 2, max: 3 },
  docs: {
    usage:
      "from_xml(xmlStr, schema[, options]) - Returns a struct value with the given `xmlStr` and `schema`.",
    examples: [
      { sql: "from_xml('<p><a>1</a><b>0.8</b></p>', 'a INT, b DOUBLE')", result: "{1, 0.8}" },
      {
        sql: "from_xml('<p><time>26/08/2015</time></p>', 'time Timestamp', map('timestampFormat', 'dd/MM/yyyy'))",
        result: "{2015-08-26 00:00:00}",
      },
      {
        sql: "from_xml('<p><teacher>Alice</teacher><student><name>Bob</name><rank>1</rank></student><student><name>Charlie</name><rank>2</rank></student></p>', 'STRUCT<teacher: STRING, student: ARRAY<STRUCT<name: STRING, rank: INT>>>')",
        result: "{Alice, [{Bob, 1}, {Charlie, 2}]}",
      },
    ],
    since: "4.0.0",
  },
  sql: (args) => `from_xml(${args[0]})`,
  bind(args, ctx) {
    const k = (args[0] as BindArg).dataType.kind;
    if (k !== "string" && k !== "null") throw wrongArgType("from_xml", args, 0, '"STRING"');
    const s = args[1] as BindArg;
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
    const raw = readOptions(args, 2);
    const mode = (raw.mode ?? "PERMISSIVE").toUpperCase();
    if (mode !== "PERMISSIVE" && mode !== "FAILFAST") {
      throw new TsparkError("PARSE_MODE_UNSUPPORTED", {
        messageParameters: { funcName: "`from_xml`", mode },
      });
    }
    const convert = converter(parsed, namesFrom(raw), raw, ctx);
    const nulls = parsed.fields.map(() => null);
    return {
      dataType: parsed,
      nullable: true,
      eval: (v) => {
        const root = parseXml(v as string);
        if (root !== undefined) return convert(root);
        if (mode === "FAILFAST") {
          throw new TsparkError("MALFORMED_RECORD_IN_PARSING", {
            messageParameters: { badRecord: v as string, failFastMode: "FAILFAST" },
          });
        }
        return nulls.slice();
      },
    };
  },
};

function inferAtomic(s: string): DataType {
  if (s === "") return STRING;
  if (/^[+-]?\d+$/.test(s)) {
    const n = BigInt(s);
    return n >= -9223372036854775808n && n <= 9223372036854775807n ? LONG : DOUBLE;
  }
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return DOUBLE;
  if (/^(true|false)$/i.test(s)) return BOOLEAN;
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})?$/.test(s)) return TIMESTAMP;
  return STRING;
}

function mergeTypes(a: DataType, b: DataType): DataType {
  if (a.sql() === b.sql()) return a;
  if ((a.kind === "long" || a.kind === "double") && (b.kind === "long" || b.kind === "double")) return DOUBLE;
  if (a instanceof StructType && b instanceof StructType) {
    const fields = new Map<string, DataType>();
    for (const f of [...a.fields, ...b.fields]) {
      const prev = fields.get(f.name);
      fields.set(f.name, prev === undefined ? f.dataType : mergeTypes(prev, f.dataType));
    }
    return structOf(fields);
  }
  // An element with attributes (a struct) merged with a plain one: the plain text goes to the
  // value tag (the default tag name; a custom valueTag only affects the top level here).
  const isPlain = (t: DataType): boolean => !(t instanceof StructType) && !(t instanceof ArrayType);
  if (a instanceof StructType && isPlain(b)) return mergeTypes(a, structOf(new Map([["_VALUE", b]])));
  if (b instanceof StructType && isPlain(a)) return mergeTypes(structOf(new Map([["_VALUE", a]])), b);
  if (a instanceof ArrayType && b instanceof ArrayType)
    return new ArrayType(mergeTypes(a.elementType, b.elementType), true);
  if (a instanceof ArrayType) return new ArrayType(mergeTypes(a.elementType, b), true);
  if (b instanceof ArrayType) return new ArrayType(mergeTypes(a, b.elementType), true);
  return STRING;
}

function structOf(fields: Map<string, DataType>): StructType {
  const names = [...fields.keys()].sort();
  return new StructType(names.map((n) => new StructField(n, fields.get(n) as DataType, true)));
}

/** Spark's XML inference for one element: leaves are atomic, others structs with sorted fields. */
function inferElement(e: XmlElement, names: XmlNames): DataType {
  const attrs = names.excludeAttribute ? [] : [...e.attributes];
  if (e.children.length === 0 && attrs.length === 0) return inferAtomic(e.text);
  const fields = new Map<string, DataType>();
  for (const [k, v] of attrs) fields.set(names.prefix + k, inferAtomic(v));
  const counts = new Map<string, number>();
  for (const c of e.children) counts.set(c.name, (counts.get(c.name) ?? 0) + 1);
  for (const c of e.children) {
    const t = inferElement(c, names);
    const prev = fields.get(c.name);
    if ((counts.get(c.name) ?? 0) > 1) {
      fields.set(
        c.name,
        prev instanceof ArrayType
          ? new ArrayType(mergeTypes(prev.elementType, t), true)
          : new ArrayType(t, true),
      );
    } else fields.set(c.name, prev === undefined ? t : mergeTypes(prev, t));
  }
  if (e.text !== "") fields.set(names.valueTag, inferAtomic(e.text));
  return structOf(fields);
}

/** `schema_of_xml(xml[, options])`: the DDL schema inferred from one XML record. */
export const schemaOfXmlFunction: ScalarFunctionDefinition = {
  type: "scalar",
  name: "schema_of_xml",
  args: { min: 1, max: 2 },
  docs: {
    usage: "schema_of_xml(xml[, options]) - Returns schema in the DDL format of XML string.",
    examples: [
      { sql: "schema_of_xml('<p><a>1</a></p>')", result: "STRUCT<a: BIGINT>" },
      {
        sql: "schema_of_xml('<p><a attr=\"2\">1</a><a>3</a></p>', map('excludeAttribute', 'true'))",
        result: "STRUCT<a: ARRAY<BIGINT>>",
      },
    ],
    since: "4.0.0",
  },
  sql: (args) => `schema_of_xml(${args[0]})`,
  bind(args) {
    const x = args[0] as BindArg;
    if (!x.foldable || x.dataType.kind !== "string" || typeof x.value !== "string") {
      throw typeMismatch("NON_FOLDABLE_INPUT", callSql("schema_of_xml", args), {
        inputName: "`xml`",
        inputType: '"STRING"',
        inputExpr: `"${x.sql}"`,
      });
    }
    const names = namesFrom(readOptions(args, 1));
    const root = parseXml(x.value);
    let t: DataType = new StructType([]);
    if (root !== undefined) {
      const inferred = inferElement(root, names);
      t =
        inferred instanceof StructType
          ? inferred
          : new StructType([new StructField(names.valueTag, inferred, true)]);
    }
    const text = t.sql();
    return { dataType: STRING, nullable: false, nullIntolerant: false, eval: () => text };
  },
};

type Writer = (v: unknown, tag: string, indent: string, out: string[]) => void;

/** `to_xml(expr[, options])`: a struct as an indented XML element (rowTag 'ROW'). */
export const toXmlFunction: ScalarFunctionDefinition = {
  type: "scalar",
  name: "to_xml",
  args: { min: 1, max: 2 },
  docs: {
    usage: "to_xml(expr[, options]) - Returns a XML string with a given struct value.",
    examples: [
      {
        sql: "replace(to_xml(named_struct('a', 1, 'b', 2)), '\\n', '|')",
        result: "<ROW>|    <a>1</a>|    <b>2</b>|</ROW>",
      },
      {
        sql: "replace(to_xml(named_struct('time', to_timestamp('2015-08-26', 'yyyy-MM-dd')), map('timestampFormat', 'dd/MM/yyyy')), '\\n', '|')",
        result: "<ROW>|    <time>26/08/2015</time>|</ROW>",
      },
    ],
    since: "4.0.0",
  },
  sql: (args) => `to_xml(${args[0]})`,
  bind(args, ctx) {
    const t = (args[0] as BindArg).dataType;
    if (!(t instanceof StructType)) throw wrongArgType("to_xml", args, 0, '"STRUCT"');
    const raw = readOptions(args, 1);
    const names = namesFrom(raw);
    const rowTag = raw.rowtag ?? "ROW";
    const tz = raw.timezone ?? ctx.timeZone;
    const zone = getTimeZone(tz);
    const utc = getTimeZone("UTC");
    const atomicText = (dt: DataType): ((v: unknown) => string) => {
      if (dt.kind === "timestamp" || dt.kind === "timestamp_ntz") {
        const p = getPattern(raw.timestampformat ?? "yyyy-MM-dd'T'HH:mm:ss.SSSXXX", false);
        const z = dt.kind === "timestamp" ? zone : utc;
        return (v) => p.format(v as number, z);
      }
      if (dt.kind === "date") {
        const p = getPattern(raw.dateformat ?? "yyyy-MM-dd", false);
        return (v) => p.format((v as number) * MICROS_PER_DAY, utc);
      }
      return makeStringifier(dt, { style: "cast", timeZone: tz });
    };
    const writerFor = (dt: DataType): Writer => {
      if (dt instanceof StructType) {
        const attrs: [string, number, (v: unknown) => string][] = [];
        const children: [string, number, Writer][] = [];
        let valueField: [number, (v: unknown) => string] | undefined;
        dt.fields.forEach((f, i) => {
          if (f.name === names.valueTag) valueField = [i, atomicText(f.dataType)];
          else if (names.prefix !== "" && f.name.startsWith(names.prefix)) {
            attrs.push([f.name.slice(names.prefix.length), i, atomicText(f.dataType)]);
          } else children.push([f.name, i, writerFor(f.dataType)]);
        });
        return (v, tag, indent, out) => {
          const row = v as unknown[];
          let open = `${indent}<${tag}`;
          for (const [name, i, text] of attrs) {
            if (row[i] !== null && row[i] !== undefined) open += ` ${name}="${escapeXml(text(row[i]))}"`;
          }
          const present = children.filter(([, i]) => row[i] !== null && row[i] !== undefined);
          const value =
            valueField !== undefined && row[valueField[0]] != null
              ? valueField[1](row[valueField[0]])
              : undefined;
          if (present.length === 0) {
            out.push(value === undefined ? `${open}/>` : `${open}>${escapeXml(value)}</${tag}>`);
            return;
          }
          out.push(`${open}>${value === undefined ? "" : escapeXml(value)}`);
          for (const [name, i, w] of present) w(row[i], name, `${indent}    `, out);
          out.push(`${indent}</${tag}>`);
        };
      }
      if (dt instanceof ArrayType) {
        const each = writerFor(dt.elementType);
        return (v, tag, indent, out) => {
          for (const x of v as unknown[]) if (x !== null && x !== undefined) each(x, tag, indent, out);
        };
      }
      if (dt.kind === "map") {
        const key = atomicText(dt.keyType);
        const value = writerFor(dt.valueType);
        return (v, tag, indent, out) => {
          const m = v as { keys: unknown[]; values: unknown[] };
          out.push(`${indent}<${tag}>`);
          m.keys.forEach((k, i) => {
            if (m.values[i] !== null && m.values[i] !== undefined)
              value(m.values[i], key(k), `${indent}    `, out);
          });
          out.push(`${indent}</${tag}>`);
        };
      }
      const text = atomicText(dt);
      return (v, tag, indent, out) => {
        out.push(`${indent}<${tag}>${escapeXml(text(v))}</${tag}>`);
      };
    };
    const write = writerFor(t);
    return {
      dataType: STRING,
      nullable: (args[0] as BindArg).nullable,
      eval: (v) => {
        const out: string[] = [];
        write(v, rowTag, "", out);
        return out.join("\n");
      },
    };
  },
};
