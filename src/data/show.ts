/**
 * `DataFrame.show()` text, laid out exactly as Spark's `Dataset.showString`: cells rendered with
 * ToPrettyString rules (data/render.ts), meta characters escaped, truncated to `truncate`
 * characters, padded by display width (East Asian full-width characters count as two).
 */
import type { StructType } from "../types/data-type.js";
import { makeStringifier } from "./render.js";

/**
 * Formats rows as Spark's `showString(numRows, truncate, vertical)`.
 *
 * `rows` are internal values by position; pass up to `numRows + 1` rows — a row beyond `numRows`
 * only triggers the `only showing top N rows` footer. `truncate`: `true` = 20, `false` = 0 (no
 * truncation, cells left-aligned), a number > 0 truncates to that many characters and
 * right-aligns. Like Spark's, the result ends with a newline (after the footer when there is one);
 * show() prints it followed by one more, as PySpark's print() does.
 */
export function showString(
  rows: readonly (readonly unknown[])[],
  schema: StructType,
  numRows = 20,
  truncate: boolean | number = true,
  vertical = false,
  timeZone = "UTC",
): string {
  const n = Math.max(0, Math.trunc(numRows));
  const trunc = truncate === true ? 20 : truncate === false ? 0 : Math.trunc(truncate);
  const hasMoreData = rows.length > n;
  const stringifiers = schema.fields.map((f) => makeStringifier(f.dataType, { style: "pretty", timeZone }));
  const cell = (s: string): string => {
    const str = escapeMetaCharacters(s);
    if (trunc > 0 && str.length > trunc) {
      // Spark shows no ellipsis when the limit is under 4 characters.
      return trunc < 4 ? str.substring(0, trunc) : `${str.substring(0, trunc - 3)}...`;
    }
    return str;
  };
  const header = schema.fields.map((f) => escapeMetaCharacters(f.name));
  const data = rows.slice(0, n).map((r) =>
    stringifiers.map((toStr, i) => {
      const v = r[i];
      return cell(v === null || v === undefined ? "NULL" : toStr(v));
    }),
  );
  const all = [header, ...data];
  let sb = "";
  const minimumColWidth = 3;

  if (!vertical) {
    const widths = header.map(() => minimumColWidth);
    for (const row of all) {
      row.forEach((c, i) => {
        widths[i] = Math.max(widths[i]!, stringHalfWidth(c));
      });
    }
    const pad = (c: string, i: number): string => {
      const fill = " ".repeat(Math.max(0, widths[i]! - stringHalfWidth(c)));
      return trunc > 0 ? fill + c : c + fill;
    };
    const sep = `+${widths.map((w) => "-".repeat(w)).join("+")}+\n`;
    const line = (row: readonly string[]): string => `|${row.map(pad).join("|")}|\n`;
    sb += sep;
    sb += line(header);
    sb += sep;
    for (const row of data) sb += line(row);
    sb += sep;
  } else {
    const nameWidth = header.reduce((m, h) => Math.max(m, stringHalfWidth(h)), minimumColWidth);
    const dataWidth = data.reduce(
      (m, row) =>
        Math.max(
          m,
          row.reduce((mm, c) => Math.max(mm, stringHalfWidth(c)), 0),
        ),
      minimumColWidth,
    );
    data.forEach((row, i) => {
      sb += `${rightPad(`-RECORD ${i}`, nameWidth + dataWidth + 5, "-")}\n`;
      row.forEach((c, j) => {
        const name = header[j]!;
        const paddedName = name + " ".repeat(Math.max(0, nameWidth - stringHalfWidth(name)));
        const paddedData = c + " ".repeat(Math.max(0, dataWidth - stringHalfWidth(c)));
        sb += ` ${paddedName} | ${paddedData} \n`;
      });
    });
  }

  // Spark's showString ends the footer line with a newline like every other line.
  if (vertical && data.length === 0) sb += "(0 rows)\n";
  else if (hasMoreData) sb += `only showing top ${n} ${n === 1 ? "row" : "rows"}\n`;
  return sb;
}

function rightPad(s: string, len: number, ch: string): string {
  return s.length >= len ? s : s + ch.repeat(len - s.length);
}

/** Spark's `escapeMetaCharacters`: newline, tab and other control characters as `\n`, `\t`, …. */
export function escapeMetaCharacters(s: string): string {
  if (!/[\n\r\t\f\b\v\u0007]/.test(s)) return s;
  return s
    .replace(/\n/g, "\\n")
    .replace(/\r/g, "\\r")
    .replace(/\t/g, "\\t")
    .replace(/\f/g, "\\f")
    .replace(/\x08/g, "\\b")
    .replace(/\v/g, "\\v")
    .replace(/\u0007/g, "\\a");
}

const FULL_WIDTH =
  /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE10-\uFE19\uFE30-\uFE6F\uFF00-\uFF60\uFFE0-\uFFE6]/g;

/** Display width in half-width units: UTF-16 length plus one per full-width character (Spark's `stringHalfWidth`). */
export function stringHalfWidth(s: string): number {
  let n = s.length;
  FULL_WIDTH.lastIndex = 0;
  const m = s.match(FULL_WIDTH);
  if (m) n += m.length;
  return n;
}
