import assert from "node:assert/strict";
import { test } from "node:test";
import { TsparkError } from "../common/errors.js";
import { CsvTokenizer, type CsvTokenizerSettings } from "./csv.js";

const DEFAULTS: CsvTokenizerSettings = {
  delimiter: ",",
  quote: '"',
  escape: "\\",
  escapeEscape: "\\",
  comment: "",
  ignoreLeadingWhiteSpace: false,
  ignoreTrailingWhiteSpace: false,
  emptyValue: "",
  maxColumns: 20480,
  maxCharsPerColumn: -1,
  unescapedQuoteHandling: "STOP_AT_DELIMITER",
};

function line(s: string, o: Partial<CsvTokenizerSettings> = {}): (string | null)[] {
  return new CsvTokenizer({ ...DEFAULTS, ...o }).parseLine(s);
}

function all(text: string, o: Partial<CsvTokenizerSettings> = {}): (string | null)[][] {
  const t = new CsvTokenizer({ ...DEFAULTS, ...o });
  const out: (string | null)[][] = [];
  for (let r = t.parseNext(text, 0); r !== undefined; r = t.parseNext(text, r.next)) out.push(r.fields);
  return out;
}

test("parseLine: empty values, trailing delimiter, quoted empty as emptyValue", () => {
  assert.deepEqual(line('a,,"",b,'), ["a", null, "", "b", null]);
  assert.deepEqual(line('""', { emptyValue: "E" }), ["E"]);
  assert.deepEqual(line(""), [null]);
});

test("parseLine: lines without quotes split at every delimiter, several-character ones included", () => {
  assert.deepEqual(line("a,,b,"), ["a", null, "b", null]);
  assert.deepEqual(line(","), [null, null]);
  assert.deepEqual(line("x\\y,\r\n"), ["x\\y", "\r\n"]);
  assert.deepEqual(line("a||b||", { delimiter: "||" }), ["a", "b", null]);
  assert.deepEqual(line("a|b", { delimiter: "||" }), ["a|b"]);
  assert.deepEqual(line("aaa", { delimiter: "aa" }), [null, "a"]);
  assert.deepEqual(line("1\t2", { delimiter: "\t" }), ["1", "2"]);
  // Quotes off: a quote character is text.
  assert.deepEqual(line('"a",b', { quote: "" }), ['"a"', "b"]);
  // Exactly at the limits.
  assert.deepEqual(line("a,b", { maxColumns: 2, maxCharsPerColumn: 1 }), ["a", "b"]);
});

test("parseLine: whitespace around quoted values and ignore options", () => {
  assert.deepEqual(line(' "a" ,b'), [' "a" ', "b"]);
  assert.deepEqual(line('"a"  ,b'), ["a", "b"]);
  assert.deepEqual(line('  "a" ,  b  ', { ignoreLeadingWhiteSpace: true, ignoreTrailingWhiteSpace: true }), [
    "a",
    "b",
  ]);
  assert.deepEqual(line('" a ",b', { ignoreLeadingWhiteSpace: true, ignoreTrailingWhiteSpace: true }), [
    " a ",
    "b",
  ]);
});

test("parseLine: runs of quotes with a backslash escape; doubled quotes with a quote escape", () => {
  assert.deepEqual(line('"a""",b'), ['a""', "b"]);
  assert.deepEqual(line('"a""b",c', { escape: '"', escapeEscape: "" }), ['a"b', "c"]);
  assert.deepEqual(line('"a""""",c', { escape: '"', escapeEscape: "" }), ['a""', "c"]);
});

test("parseNext: multiLine records, CRLF detection, comments and blank lines", () => {
  assert.deepEqual(all('a,"b\r\nc"\r\n\r\n#x\r\nd,e\r\n', { comment: "#" }), [
    ["a", "b\nc"],
    ["d", "e"],
  ]);
  assert.deepEqual(all("a,b;c,d", { lineSep: ";" }), [
    ["a", "b"],
    ["c", "d"],
  ]);
  assert.deepEqual(all('"unterminated\nvalue'), [["unterminated\nvalue"]]);
});

test("limits and RAISE_ERROR throw MALFORMED_CSV_RECORD", () => {
  const isMalformed = (e: unknown) => e instanceof TsparkError && e.errorClass === "MALFORMED_CSV_RECORD";
  assert.throws(() => line("a,b,c", { maxColumns: 2 }), isMalformed);
  assert.throws(() => line("abcd", { maxCharsPerColumn: 3 }), isMalformed);
  assert.throws(() => line("a,bcde,f", { maxCharsPerColumn: 3 }), isMalformed);
  assert.throws(() => line("a,,", { maxColumns: 2 }), isMalformed);
  assert.throws(() => line('"a"b', { unescapedQuoteHandling: "RAISE_ERROR" }), isMalformed);
});
