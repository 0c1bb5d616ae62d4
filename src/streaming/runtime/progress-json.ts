/**
 * JSON text for streaming progress objects, written the way Spark writes them (json4s values
 * rendered by Jackson). Every helper returns compact JSON text, or `undefined` for a value Spark
 * leaves out (json4s `JNothing`); `jsonObject` drops those fields. `prettyJsonText` re-lays compact
 * text in Jackson's pretty layout (two-space indent, ` : `, arrays inline).
 *
 * Number forms:
 * - longs: plain integers;
 * - rates (`inputRowsPerSecond`, `processedRowsPerSecond`): Spark 4.1's `BigDecimal(d)` rounded to
 *   one decimal place, half up, never in E-notation (`6.923076923076923E8` → `692307692.3`); NaN
 *   and ±Infinity are left out;
 * - doubles (observed metrics): Java's `Double.toString` (`3.0`, `1.0E10`), NaN/Infinity quoted;
 * - offsets: a source's offset text parsed as JSON when it is JSON (integers kept exact, fractions
 *   re-printed as Java doubles), else kept as a JSON string.
 *
 *     jsonObject([["a", jsonLong(1)], ["b", jsonRate(Number.NaN)], ["c", jsonRate(2)]])
 *       → {"a":1,"c":2.0}
 */
import { type JsonNode, JsonNumber, parseJson, quoteJsonString } from "../../data/json.js";
import { prettyJson } from "../../data/json-pretty.js";
import { javaDoubleString } from "../../data/java-double.js";

/** A JSON string, or `null` for a null string (json4s `JString(null)`). */
export function jsonString(s: string | null): string {
  return s === null ? "null" : quoteJsonString(s);
}

/** A long as a JSON integer. */
export function jsonLong(n: number | bigint): string {
  if (typeof n === "bigint") return n.toString();
  return Object.is(n, -0) ? "0" : String(n);
}

/** A boolean. */
export function jsonBool(b: boolean): string {
  return b ? "true" : "false";
}

/** A double as Jackson writes it: Java's `Double.toString`, NaN and infinities as quoted strings. */
export function jsonDouble(d: number): string {
  const s = javaDoubleString(d);
  return Number.isFinite(d) ? s : `"${s}"`;
}

/**
 * A decimal string (`-12.345`, `6.9E8`, `1.0E-5`) rounded half up to one decimal place, in plain
 * notation (Java's `BigDecimal.setScale(1, HALF_UP).toString()`); undefined if `text` is not a
 * decimal number.
 */
export function roundToTenths(text: string): string | undefined {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (m === null) return undefined;
  const intDigits = m[2] ?? "";
  const fracDigits = m[3] ?? "";
  if (intDigits === "" && fracDigits === "") return undefined;
  // value = digits × 10^-scale
  const digits = intDigits + fracDigits;
  const scale = fracDigits.length - Number(m[4] ?? "0");
  let unscaled = BigInt(digits === "" ? "0" : digits);
  if (scale > 1) {
    const div = 10n ** BigInt(scale - 1);
    const q = unscaled / div;
    unscaled = (unscaled % div) * 2n >= div ? q + 1n : q;
  } else if (scale < 1) {
    unscaled *= 10n ** BigInt(1 - scale);
  }
  const neg = m[1] === "-" && unscaled !== 0n;
  const s = unscaled.toString().padStart(2, "0");
  return `${neg ? "-" : ""}${s.slice(0, -1)}.${s.slice(-1)}`;
}

/**
 * A rate as Spark 4.1 writes it (`BigDecimal(d).setScale(1, HALF_UP)`: the double's Java string
 * rounded to tenths), or undefined (left out) for NaN and ±Infinity.
 */
export function jsonRate(d: number): string | undefined {
  if (!Number.isFinite(d)) return undefined;
  return roundToTenths(javaDoubleString(d));
}

/** An object from fields in order; fields whose value is undefined are left out. */
export function jsonObject(fields: ReadonlyArray<readonly [string, string | undefined]>): string {
  const parts: string[] = [];
  for (const [k, v] of fields) if (v !== undefined) parts.push(`${quoteJsonString(k)}:${v}`);
  return `{${parts.join(",")}}`;
}

/** An array of already-rendered values. */
export function jsonArray(values: readonly string[]): string {
  return `[${values.join(",")}]`;
}

/**
 * A string-keyed map as an object with keys sorted (Java string order, i.e. UTF-16 code units), or
 * undefined (left out) when the map is null or empty — Spark's `safeMapToJValue`.
 */
export function jsonSortedMap<T>(
  map: ReadonlyMap<string, T> | null | undefined,
  render: (value: T) => string,
): string | undefined {
  if (map === null || map === undefined || map.size === 0) return undefined;
  const keys = [...map.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return jsonObject(keys.map((k) => [k, render(map.get(k) as T)]));
}

function renderParsed(node: JsonNode): string {
  if (node === null) return "null";
  if (typeof node === "boolean") return jsonBool(node);
  if (typeof node === "string") return quoteJsonString(node);
  if (node instanceof JsonNumber) {
    return node.integral ? BigInt(node.text).toString() : jsonDouble(node.toNumber());
  }
  if (Array.isArray(node)) return jsonArray(node.map(renderParsed));
  return jsonObject(node.keys.map((k, i) => [k, renderParsed(node.values[i] as JsonNode)]));
}

const JSON_SPACE = " \t\r\n";

/** Jackson requires whitespace or the end of input after a root-level number (`123abc` fails). */
function rootNumberEndsWell(text: string, numberText: string): boolean {
  let i = 0;
  while (i < text.length && JSON_SPACE.includes(text.charAt(i))) i++;
  const after = text.charAt(i + numberText.length);
  return after === "" || JSON_SPACE.includes(after);
}

/**
 * An offset's JSON text re-rendered as JSON (json4s `parse`: integers exact, fractions as doubles),
 * or the text as a JSON string when it is not JSON; a null offset is `null`.
 */
export function jsonOffset(text: string | null): string {
  if (text === null) return "null";
  const node = parseJson(text, { allowSingleQuotes: false, allowNonNumericNumbers: false });
  if (node === undefined || typeof node === "symbol") return quoteJsonString(text);
  if (node instanceof JsonNumber && !rootNumberEndsWell(text, node.text)) return quoteJsonString(text);
  return renderParsed(node);
}

/** Compact JSON text re-laid in Jackson's default pretty layout (Spark's `prettyJson`). */
export function prettyJsonText(compact: string): string {
  return prettyJson(compact);
}

/**
 * Base of the progress and status objects: subclasses give the compact `json`; `prettyJson` and
 * `toString()` are its indented form, as Spark's `prettyJson` / `toString`.
 */
export abstract class JsonReport {
  /** Compact JSON. */
  abstract get json(): string;

  /** Indented JSON (also `toString()`). */
  get prettyJson(): string {
    return prettyJsonText(this.json);
  }

  toString(): string {
    return this.prettyJson;
  }
}
