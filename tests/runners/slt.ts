/**
 * The `.slt` golden-file runner (sqllogictest dialect, see ../shared/TESTING.md and
 * tests/slt/README.md). Parses records, runs them against a fresh session, and either compares
 * the results with the expected blocks or (update mode) rewrites the expected blocks.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import * as F from "../../src/api/functions/index.js";
import { Window } from "../../src/api/window.js";
import { SparkSession } from "../../src/api/spark-session.js";
import type { DataFrame } from "../../src/api/data-frame.js";
import { TsparkError } from "../../src/common/errors.js";
import { renderValue } from "../../src/data/render.js";
import * as T from "../../src/types/public.js";

/** One record of a file. */
export interface SltRecord {
  readonly kind: "statement" | "query" | "frame" | "schema";
  /** 1-based line of the record header. */
  readonly line: number;
  readonly header: string;
  readonly body: string;
  readonly sort: "nosort" | "rowsort" | "valuesort";
  /** Expected error class (and `key=value` parameters) for `statement error` / `query error`. */
  readonly error?: { readonly errorClass: string; readonly params: Readonly<Record<string, string>> };
  readonly expected: readonly string[];
  /** Line range [start, end) of the expected block in the file (for update mode). */
  readonly expectedRange?: readonly [number, number];
}

/** Parses a file (with `include` expanded) into records. */
export function parseSlt(path: string): SltRecord[] {
  const lines = readFileSync(path, "utf8").split("\n");
  const records: SltRecord[] = [];
  let i = 0;
  while (i < lines.length) {
    const raw = lines[i]!;
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) {
      i++;
      continue;
    }
    if (line.startsWith("include ")) {
      records.push(...parseSlt(join(dirname(path), line.slice(8).trim())));
      i++;
      continue;
    }
    const headerLine = i + 1;
    const words = line.split(/\s+/);
    const kind = words[0] as SltRecord["kind"];
    if (!["statement", "query", "frame", "schema"].includes(kind)) {
      throw new SyntaxError(`${path}:${headerLine}: unknown record '${words[0]}'`);
    }
    i++;
    const body: string[] = [];
    while (i < lines.length && lines[i]!.trim() !== "" && lines[i]!.trim() !== "----") body.push(lines[i++]!);
    let expected: string[] = [];
    let expectedRange: [number, number] | undefined;
    if (i < lines.length && lines[i]!.trim() === "----") {
      i++;
      const start = i;
      while (i < lines.length && lines[i]!.trim() !== "") expected.push(lines[i++]!);
      expectedRange = [start, i];
    }
    let error: SltRecord["error"];
    if (words[1] === "error") {
      const params: Record<string, string> = {};
      for (const w of words.slice(3)) {
        const eq = w.indexOf("=");
        if (eq > 0) params[w.slice(0, eq)] = w.slice(eq + 1);
      }
      error = { errorClass: words[2] ?? "", params };
    }
    const sortWord = words.find((w) => w === "rowsort" || w === "valuesort" || w === "nosort");
    expected = expected.map(normalizeLine);
    records.push({
      kind,
      line: headerLine,
      header: line,
      body: body.join("\n"),
      sort: (sortWord as SltRecord["sort"]) ?? "nosort",
      ...(error ? { error } : {}),
      expected,
      ...(expectedRange ? { expectedRange } : {}),
    });
  }
  return records;
}

/** Splits a result line into values (single quotes group a value with spaces). */
export function splitValues(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < line.length) {
    while (line[i] === " " || line[i] === "\t") i++;
    if (i >= line.length) break;
    if (line[i] === "'") {
      let j = i + 1;
      while (j < line.length && !(line[j] === "'" && (j + 1 === line.length || line[j + 1] === " "))) j++;
      out.push(line.slice(i, j + 1));
      i = j + 1;
    } else {
      let j = i;
      while (j < line.length && line[j] !== " " && line[j] !== "\t") j++;
      out.push(line.slice(i, j));
      i = j;
    }
  }
  return out;
}

function normalizeLine(line: string): string {
  return splitValues(line).join(" ");
}

/** A value as written in a result line. */
export function renderCell(v: unknown, type: T.DataType, timeZone: string): string {
  if (v === null || v === undefined) return "NULL";
  const s = renderValue(v, type, { timeZone });
  if (s === "") return "(empty)";
  return /\s/.test(s) ? `'${s}'` : s;
}

/** The outcome of running one record. */
export interface SltOutcome {
  readonly ok: boolean;
  readonly message?: string;
  /** Actual result lines (for update mode). */
  readonly actual?: readonly string[];
}

export function newSltSession(codegen: boolean): SparkSession {
  return SparkSession.builder
    .config("spark.sql.session.timeZone", "UTC")
    .config("tspark.codegen.enabled", String(codegen))
    .create();
}

async function resultLines(df: DataFrame, sort: SltRecord["sort"], tz: string): Promise<string[]> {
  const rows = await df.collectInternal();
  const fields = df.schema.fields;
  const rendered = rows.map((r) => fields.map((f, i) => renderCell(r[i], f.dataType, tz)));
  if (sort === "valuesort") return rendered.flat().sort();
  const lines = rendered.map((r) => r.join(" "));
  return sort === "rowsort" ? lines.sort() : lines;
}

/** Runs one record in `spark`. */
export async function runRecord(spark: SparkSession, rec: SltRecord): Promise<SltOutcome> {
  const tz = spark.conf.get("spark.sql.session.timeZone");
  try {
    let df: DataFrame;
    if (rec.kind === "frame") {
      const fn = new Function("spark", "F", "T", "Window", "col", "lit", `return (${rec.body});`) as (
        ...a: unknown[]
      ) => DataFrame | Promise<DataFrame>;
      df = await fn(spark, F, T, Window, F.col, F.lit);
    } else {
      df = spark.sql(rec.body);
    }
    if (rec.kind === "schema") {
      const actual = df.schema.fields.map(
        (f) => `${f.name} ${f.dataType.simpleString()}${f.nullable ? "" : " NOT NULL"}`,
      );
      return compare(rec, actual);
    }
    if (rec.kind === "statement") {
      await df.collectInternal();
      if (rec.error)
        return { ok: false, message: `expected error ${rec.error.errorClass}, but the statement succeeded` };
      return { ok: true };
    }
    const actual = await resultLines(df, rec.sort, tz);
    if (rec.error)
      return {
        ok: false,
        message: `expected error ${rec.error.errorClass}, got ${actual.length} row(s)`,
        actual,
      };
    return compare(rec, actual);
  } catch (err) {
    if (!rec.error) {
      return {
        ok: false,
        message: `unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
      };
    }
    if (!(err instanceof TsparkError)) {
      return {
        ok: false,
        message: `expected ${rec.error.errorClass}, got a non-Spark error: ${String(err)}`,
      };
    }
    const want = rec.error.errorClass;
    if (err.errorClass !== want && !err.errorClass.startsWith(`${want}.`)) {
      return { ok: false, message: `expected error ${want}, got ${err.errorClass}: ${err.message}` };
    }
    for (const [k, v] of Object.entries(rec.error.params)) {
      if (err.messageParameters[k] !== v) {
        return {
          ok: false,
          message: `error parameter ${k}: expected ${v}, got ${err.messageParameters[k]} (${err.message})`,
        };
      }
    }
    return { ok: true };
  }
}

function compare(rec: SltRecord, actual: readonly string[]): SltOutcome {
  const exp = rec.expected;
  const same = exp.length === actual.length && exp.every((l, i) => l === actual[i]);
  if (same) return { ok: true, actual };
  return {
    ok: false,
    actual,
    message: `result mismatch\n--- expected\n${exp.join("\n")}\n--- actual\n${actual.join("\n")}`,
  };
}
