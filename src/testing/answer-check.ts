/**
 * Comparing a streaming sink's rows with the rows a test expects (Spark's `QueryTest.sameRows`).
 *
 * Both sides are brought to one canonical text per row before comparing, so the comparison does
 * not depend on how a value is spelled: actual rows are internal values (data/values.ts), expected
 * rows are user values (an array by position, an object by column name, or a bare value for a
 * one-column result) that are first validated against the result schema, exactly as
 * `createDataFrame` would take them. A long may thus be expected as `3` or `3n`, a decimal as
 * `"1.50"` or `1.5`, a timestamp as a `Date`.
 *
 *     canonicalRows([[1, "a"]], schema)            → ['[1,"a"]']
 *     expectedRows([{ key: 1, value: "a" }], schema) → ['[1,"a"]']
 *     sameRows(['[1]', '[2]'], ['[2]', '[1]'], false) → undefined (equal as multisets)
 */
import { AssertionError } from "node:assert";
import { fromExternal, SparkTimestamp, toExternal } from "../data/external.js";
import type { StructType } from "../types/data-type.js";

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** The canonical text of one user (external) value: equal texts mean equal values. */
export function canonicalValue(v: unknown): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "number") return Object.is(v, -0) ? "-0" : String(v);
  if (typeof v === "bigint" || typeof v === "boolean") return String(v);
  if (v instanceof SparkTimestamp) return `timestamp(${v.micros})`;
  if (v instanceof Date) return `date(${v.toISOString().slice(0, 10)})`;
  if (v instanceof Uint8Array) return `X'${Buffer.from(v).toString("hex").toUpperCase()}'`;
  if (Array.isArray(v)) return `[${v.map(canonicalValue).join(",")}]`;
  if (v instanceof Map) {
    // Map equality does not depend on entry order.
    const entries = [...v.entries()].map(([k, x]) => `${canonicalValue(k)}->${canonicalValue(x)}`).sort();
    return `map(${entries.join(",")})`;
  }
  if (typeof v === "object") {
    const parts = Object.entries(v as Record<string, unknown>).map(([k, x]) => `${k}:${canonicalValue(x)}`);
    return `{${parts.join(",")}}`;
  }
  return String(v);
}

/** The canonical text of one internal row of `schema`. */
export function canonicalRow(row: readonly unknown[], schema: StructType): string {
  return `[${schema.fields.map((f, i) => canonicalValue(toExternal(row[i] ?? null, f.dataType))).join(",")}]`;
}

/** The canonical texts of internal rows (a sink's contents). */
export function canonicalRows(rows: readonly (readonly unknown[])[], schema: StructType): string[] {
  return rows.map((r) => canonicalRow(r, schema));
}

/** How a user row maps onto the schema's columns: one value per column, by position. */
function rowValues(row: unknown, schema: StructType, index: number): unknown[] {
  const fields = schema.fields;
  const only = fields.length === 1 ? fields[0] : undefined;
  if (only !== undefined) {
    // A one-column result takes bare values, as MemoryStream.addData does; an array (or an object
    // without the column's key) is a bare value when the column itself is an array (a struct).
    const bare =
      (Array.isArray(row) && only.dataType.kind === "array") ||
      (isPlainObject(row) && !(only.name in row)) ||
      (!Array.isArray(row) && !isPlainObject(row));
    if (bare) return [row];
  }
  if (Array.isArray(row)) {
    if (row.length !== fields.length) {
      throw new AssertionError({
        message: `expected row ${index} ${displayValue(row)} has ${row.length} values but the result has ${fields.length} columns (${schemaString(schema)})`,
      });
    }
    return row;
  }
  if (isPlainObject(row)) {
    const names = new Set(fields.map((f) => f.name));
    const unknown = Object.keys(row).filter((k) => !names.has(k));
    if (unknown.length > 0) {
      throw new AssertionError({
        message: `expected row ${index} names columns the result does not have: ${unknown.join(", ")} (result: ${schemaString(schema)})`,
      });
    }
    return fields.map((f) => row[f.name] ?? null);
  }
  throw new AssertionError({
    message: `expected row ${index}: a bare value needs a one-column result, got ${fields.length} columns (${schemaString(schema)})`,
  });
}

/**
 * The canonical texts of expected user rows, each validated against `schema` (nulls are always
 * accepted: a nullability difference shows as a row difference, not a type error). Throws an
 * AssertionError naming the row that does not fit.
 */
export function expectedRows(rows: readonly unknown[], schema: StructType): string[] {
  return rows.map((row, i) => {
    const values = rowValues(row, schema, i);
    const texts = schema.fields.map((f, c) => {
      try {
        const internal = fromExternal(values[c], f.dataType, `row ${i}.${f.name}`, true);
        return canonicalValue(toExternal(internal, f.dataType));
      } catch (e) {
        throw new AssertionError({
          message: `expected row ${i} ${displayValue(row)} does not fit the result schema (${schemaString(schema)}): ${e instanceof Error ? e.message : String(e)}`,
        });
      }
    });
    return `[${texts.join(",")}]`;
  });
}

/**
 * Spark's `sameRows`: undefined when the rows are equal (as multisets, or as lists when
 * `isSorted`), else a message with both answers side by side, differing lines marked `!`.
 */
export function sameRows(
  expected: readonly string[],
  actual: readonly string[],
  isSorted: boolean,
): string | undefined {
  const e = isSorted ? [...expected] : [...expected].sort();
  const a = isSorted ? [...actual] : [...actual].sort();
  if (e.length === a.length && e.every((x, i) => x === a[i])) return undefined;
  return `Results do not match${isSorted ? " (in order)" : ""}:\n${sideBySide(e, a)}`;
}

/** Spark's `includesRows`: undefined when every expected row occurs in `actual`, else a message. */
export function includesRows(expected: readonly string[], actual: readonly string[]): string | undefined {
  const pool = [...actual];
  const missing: string[] = [];
  for (const row of expected) {
    const at = pool.indexOf(row);
    if (at < 0) missing.push(row);
    else pool.splice(at, 1);
  }
  if (missing.length === 0) return undefined;
  return `Results do not contain the expected rows (missing: ${missing.join(", ")}):\n${sideBySide([...expected].sort(), [...actual].sort())}`;
}

function sideBySide(expected: readonly string[], actual: readonly string[]): string {
  const leftHeader = `== Expected Answer - ${expected.length} ==`;
  const rightHeader = `== Actual Answer - ${actual.length} ==`;
  const width = Math.max(leftHeader.length, ...expected.map((r) => r.length)) + 3;
  const n = Math.max(expected.length, actual.length);
  const lines = [`!${leftHeader.padEnd(width)}${rightHeader}`];
  for (let i = 0; i < n; i++) {
    const l = expected[i] ?? "";
    const r = actual[i] ?? "";
    lines.push(`${l === r ? " " : "!"}${l.padEnd(width)}${r}`);
  }
  return lines.join("\n");
}

/** A user value as the failure messages show it. */
export function displayValue(v: unknown): string {
  return canonicalValue(v);
}

/** `a int, b string`: the schema as failure messages show it. */
export function schemaString(schema: StructType): string {
  return schema.fields.map((f) => `${f.name} ${f.dataType.simpleString()}`).join(", ");
}
