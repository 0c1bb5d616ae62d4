import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { gzipSync } from "node:zlib";
import { TsparkError } from "../../common/errors.js";
import type { RecordBatch } from "../../data/record-batch.js";
import { parseSchema } from "../../types/ddl.js";
import { lookupFileFormat } from "../builtin.js";
import { csvFormat } from "./csv-format.js";
import { DataSourceOptions } from "./data-source-options.js";
import type { FileStatus, FormatContext } from "./file-format.js";

const dir = mkdtempSync(join(tmpdir(), "tspark-csv-format-"));
let seq = 0;

function ctxWith(conf: Record<string, string> = {}): FormatContext {
  return { conf: (k) => conf[k], timeZone: "UTC" };
}
const ctx = ctxWith();

function file(content: string | Buffer, name = `f${seq++}.csv`): FileStatus {
  const path = join(dir, name);
  writeFileSync(path, content);
  return { path, size: Buffer.byteLength(content), modificationTime: 0 };
}

function opts(o: Record<string, string | boolean | number> = {}): DataSourceOptions {
  const m: Record<string, string> = {};
  for (const [k, v] of Object.entries(o)) m[k] = String(v);
  return new DataSourceOptions(m);
}

function infer(
  content: string | readonly string[],
  o: Record<string, string | boolean | number> = {},
  c = ctx,
) {
  const files = typeof content === "string" ? [file(content)] : content.map((x) => file(x));
  return csvFormat.inferSchema(files, opts(o), c);
}

function ddl(
  content: string | readonly string[],
  o: Record<string, string | boolean | number> = {},
  c = ctx,
) {
  return infer(content, o, c)?.toDDL();
}

async function collect(batches: AsyncIterable<RecordBatch>): Promise<unknown[][]> {
  const rows: unknown[][] = [];
  for await (const b of batches) for (let r = 0; r < b.numRows; r++) rows.push(b.columns.map((c) => c[r]));
  return rows;
}

/** Reads `content` with `schema` (DDL; inferred when omitted), optionally only `required` columns. */
async function read(
  content: string | Buffer | FileStatus,
  o: Record<string, string | boolean | number> = {},
  schema?: string,
  required?: readonly string[],
  c = ctx,
): Promise<unknown[][]> {
  const f = typeof content === "string" || Buffer.isBuffer(content) ? file(content) : content;
  const options = opts(o);
  const dataSchema = schema === undefined ? csvFormat.inferSchema([f], options, c) : parseSchema(schema);
  assert.ok(dataSchema);
  const requiredSchema =
    required === undefined
      ? dataSchema
      : parseSchema(
          required
            .map((n) => `\`${n}\` ${dataSchema.fields.find((x) => x.name === n)?.dataType.sql()}`)
            .join(", ") || "",
        );
  return collect(csvFormat.readFile(f, { dataSchema, requiredSchema, filters: [], options }, c));
}

async function rejects(p: Promise<unknown>, errorClass: string): Promise<TsparkError> {
  let caught: unknown;
  try {
    await p;
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof TsparkError, `expected ${errorClass}, got ${String(caught)}`);
  assert.equal(caught.errorClass, errorClass, caught.message);
  return caught;
}

function causeClass(e: TsparkError): string | undefined {
  return e.cause instanceof TsparkError ? e.cause.errorClass : undefined;
}

// ---------------------------------------------------------------------------------------------

test("registered as csv", () => {
  assert.equal(lookupFileFormat("CSV"), csvFormat);
  assert.equal(csvFormat.displayName, "CSV");
});

test("no header: _c<i> names and every column STRING without inferSchema", async () => {
  assert.equal(ddl("1,2,3\n4,5,6\n"), "_c0 STRING,_c1 STRING,_c2 STRING");
  assert.deepEqual(await read("1,2,3\n4,5,6\n"), [
    ["1", "2", "3"],
    ["4", "5", "6"],
  ]);
});

test("header: names from the first line; empty and nullValue names become _c<i>; duplicates get their index", () => {
  assert.equal(
    ddl("a,,b,NA\n1,2,3,4\n", { header: true, nullValue: "NA" }),
    "a STRING,_c1 STRING,b STRING,_c3 STRING",
  );
  assert.equal(ddl("a,A,b,a\n1,2,3,4\n", { header: true }), "a0 STRING,A1 STRING,b STRING,a3 STRING");
  assert.equal(
    ddl("a,A,b\n1,2,3\n", { header: true }, ctxWith({ "spark.sql.caseSensitive": "true" })),
    "a STRING,A STRING,b STRING",
  );
});

test("header: the first line of every file is dropped when reading", async () => {
  const f1 = file("a,b\n1,2\n");
  const f2 = file("a,b\n3,4\n");
  const options = opts({ header: true });
  const schema = csvFormat.inferSchema([f1, f2], options, ctx);
  assert.equal(schema?.toDDL(), "a STRING,b STRING");
  const all: unknown[][] = [];
  for (const f of [f1, f2])
    all.push(
      ...(await collect(
        csvFormat.readFile(f, { dataSchema: schema!, requiredSchema: schema!, filters: [], options }, ctx),
      )),
    );
  assert.deepEqual(all, [
    ["1", "2"],
    ["3", "4"],
  ]);
});

test("header: leading blank and comment lines are skipped before the header", async () => {
  assert.deepEqual(await read("\n# c\na,b\n1,2\n", { header: true, comment: "#" }, "a INT, b INT"), [[1, 2]]);
});

test("inferSchema: Spark's type lattice", () => {
  const o = { header: true, inferSchema: true };
  assert.equal(
    ddl(
      "i,l,d,dec,b,dt,ts,s\n1,3000000000,1.5,12345678901234567890,true,2020-01-01,2020-01-01 10:00:00,x\n",
      o,
    ),
    "i INT,l BIGINT,d DOUBLE,dec DECIMAL(20,0),b BOOLEAN,dt DATE,ts TIMESTAMP,s STRING",
  );
  // int then long widens; int then double widens; int then text is string
  assert.equal(ddl("a,b,c\n1,1,1\n3000000000,2.5,x\n", o), "a BIGINT,b DOUBLE,c STRING");
  // decimal and int widen to a decimal; decimal and double to double
  assert.equal(ddl("a,b\n12345678901234567890,12345678901234567890\n1,1.5\n", o), "a DECIMAL(20,0),b DOUBLE");
  // 1e3 has a negative scale: a double; NaN/Inf are doubles
  assert.equal(ddl("a,b,c\n1e3,NaN,-Inf\n", o), "a DOUBLE,b DOUBLE,c DOUBLE");
  // numbers with blanks: not integers (Java parseInt) but doubles (parseDouble trims)
  assert.equal(ddl("a\n 1 \n", o), "a DOUBLE");
  // dates mixed with timestamps: timestamps when the lenient parser reads the dates, else strings
  assert.equal(ddl("a,b\n2020-01-01,TRUE\n2020-01-01 10:00:00,false\n", o), "a TIMESTAMP,b BOOLEAN");
  assert.equal(
    ddl("a\n2020-01-01\n2020-01-01 10:00\n", { ...o, timestampFormat: "yyyy-MM-dd HH:mm" }),
    "a STRING",
  );
  assert.equal(ddl("a\n01/02/2020\n2020-01-01 10:00:00\n", { ...o, dateFormat: "dd/MM/yyyy" }), "a STRING");
  // decimals by locale: en-US takes no grouping, de-DE does
  assert.equal(ddl('a\n"1,000,001"\n', o), "a STRING");
  assert.equal(ddl('a\n"1.000.001"\n', { ...o, locale: "de-DE" }), "a DECIMAL(7,0)");
  // an all-null column is STRING; empty values keep the type so far
  assert.equal(ddl("a,b\n,1\n,\n", o), "a STRING,b INT");
  // boolean and int do not mix
  assert.equal(ddl("a\ntrue\n1\n", o), "a STRING");
  // too many digits for a decimal: double
  assert.equal(ddl(`a\n${"9".repeat(40)}\n`, o), "a DOUBLE");
});

test("inferSchema: preferDate=false infers timestamps from dates; custom formats", () => {
  assert.equal(ddl("a\n2020-01-01\n", { header: true, inferSchema: true, preferDate: false }), "a TIMESTAMP");
  assert.equal(
    ddl("a\n31/12/2020\n", { header: true, inferSchema: true, dateFormat: "dd/MM/yyyy" }),
    "a DATE",
  );
  assert.equal(
    ddl("a\n31/12/2020 10:11\n", { header: true, inferSchema: true, timestampFormat: "dd/MM/yyyy HH:mm" }),
    "a TIMESTAMP",
  );
  assert.equal(
    ddl(
      "a\n2020-01-01 10:00:00\n",
      { header: true, inferSchema: true },
      ctxWith({ "spark.sql.timestampType": "TIMESTAMP_NTZ" }),
    ),
    "a TIMESTAMP_NTZ",
  );
  assert.equal(
    ddl(
      "a\n2020-01-01T10:00:00Z\n",
      { header: true, inferSchema: true },
      ctxWith({ "spark.sql.timestampType": "TIMESTAMP_NTZ" }),
    ),
    "a TIMESTAMP",
  );
});

test("inferSchema: merges across files; lines equal to the header are skipped", () => {
  assert.equal(ddl(["a\n1\n", "a\n2.5\n"], { header: true, inferSchema: true }), "a DOUBLE");
  assert.equal(ddl(["a\n1\na\n"], { header: true, inferSchema: true }), "a INT");
  assert.equal(ddl([""], {}), "");
  assert.equal(csvFormat.inferSchema([], opts(), ctx), undefined);
});

test("without inferSchema only the first line is read", () => {
  // the second line has too many columns: reading it would fail
  assert.equal(ddl("a,b\n1,2,3,4\n", { header: true, maxColumns: 2 }), "a STRING,b STRING");
  assert.throws(() => infer("a,b\n1,2,3,4\n", { header: true, maxColumns: 2, inferSchema: true }));
});

test("samplingRatio: must be positive; a sample still infers", () => {
  const lines = Array.from({ length: 200 }, (_, i) => String(i)).join("\n");
  assert.equal(ddl(`a\n${lines}\n`, { header: true, inferSchema: true, samplingRatio: 0.5 }), "a INT");
  assert.throws(
    () => infer("a\n", { samplingRatio: 0 }),
    (e: unknown) => (e as TsparkError).errorClass === "INVALID_OPTION_VALUE",
  );
});

test("sep / delimiter: tab escape, multi-character, invalid values", async () => {
  assert.deepEqual(await read("a\tb\n", { sep: "\\t" }), [["a", "b"]]);
  assert.deepEqual(await read("a\tb\n", { delimiter: "\t" }), [["a", "b"]]);
  assert.deepEqual(await read("a||b||c\n", { sep: "||" }), [["a", "b", "c"]]);
  assert.deepEqual(await read('"x||y"||b\n', { sep: "||" }), [["x||y", "b"]]);
  await rejects(read("a\n", { sep: "" }), "INVALID_DELIMITER_VALUE.EMPTY_STRING");
  await rejects(read("a\n", { sep: "\\" }), "INVALID_DELIMITER_VALUE.SINGLE_BACKSLASH");
  await rejects(read("a\n", { sep: "\\x" }), "INVALID_DELIMITER_VALUE.UNSUPPORTED_SPECIAL_CHARACTER");
});

test("quote, escape, charToEscapeQuoteEscaping", async () => {
  assert.deepEqual(await read('"a,b","say \\"hi\\"",c\n'), [["a,b", 'say "hi"', "c"]]);
  // doubled quotes are only an escape when escape is the quote character
  assert.deepEqual(await read('"a""b",c\n', { escape: '"' }), [['a"b', "c"]]);
  assert.deepEqual(await read('"a""b",c\n'), [['"a""b"', "c"]]);
  assert.deepEqual(await read("'a,b',c\n", { quote: "'" }), [["a,b", "c"]]);
  // quoting off
  assert.deepEqual(await read('"a,b"\n', { quote: "" }), [['"a', 'b"']]);
  // an escaped escape before the closing quote
  assert.deepEqual(await read('"a\\\\",b\n'), [["a\\", "b"]]);
  assert.deepEqual(await read('"a#\\",b\n', { charToEscapeQuoteEscaping: "#" }), [["a\\", "b"]]);
  // an escape not before a quote is kept; unquoted values take no escapes
  assert.deepEqual(await read('"a\\b",c\\"d\n'), [["a\\b", 'c\\"d']]);
  await rejects(read("a\n", { quote: "ab" }), "INVALID_OPTION_VALUE");
});

test("unescapedQuoteHandling", async () => {
  const line = '"a"b,c\n';
  assert.deepEqual(await read(line), [['"a"b', "c"]]);
  assert.deepEqual(await read(line, { unescapedQuoteHandling: "STOP_AT_DELIMITER" }), [['"a"b', "c"]]);
  assert.deepEqual(await read('"a"b",c\n', { unescapedQuoteHandling: "STOP_AT_CLOSING_QUOTE" }), [
    ['a"b', "c"],
  ]);
  assert.deepEqual(await read(line, { unescapedQuoteHandling: "SKIP_VALUE" }), [[null, "c"]]);
  assert.deepEqual(await read(line, { unescapedQuoteHandling: "BACK_TO_DELIMITER" }), [['"a"b', "c"]]);
  const e = await rejects(read(line, { unescapedQuoteHandling: "RAISE_ERROR" }), "FAILED_READ_FILE.NO_HINT");
  assert.equal(causeClass(e), "MALFORMED_CSV_RECORD");
  await rejects(read(line, { unescapedQuoteHandling: "nope" }), "INVALID_OPTION_VALUE");
});

test("comment lines and blank lines are skipped", async () => {
  assert.deepEqual(await read("# x\n1\n\n   \n#y\n2\n", { comment: "#" }, "a INT"), [[1], [2]]);
  // without comment, a line starting with # is data
  assert.deepEqual(await read("#1\n", {}, "a STRING"), [["#1"]]);
});

test("nullValue, emptyValue: unquoted empty is null, quoted empty is emptyValue (null when it equals nullValue)", async () => {
  assert.deepEqual(await read('a,,""\n', {}, "x STRING, y STRING, z STRING"), [["a", null, null]]);
  assert.deepEqual(await read('a,,""\n', { nullValue: "NA" }, "x STRING, y STRING, z STRING"), [
    ["a", null, ""],
  ]);
  assert.deepEqual(
    await read('NA,1,""\n', { nullValue: "NA", emptyValue: "E" }, "x STRING, y INT, z STRING"),
    [[null, 1, "E"]],
  );
  assert.deepEqual(await read("-,-\n", { nullValue: "-" }, "x INT, y DATE"), [[null, null]]);
});

test("nanValue, positiveInf, negativeInf and Java's double syntax", async () => {
  const rows = await read(
    "NaN,Inf,-Inf, 1.5 ,1d,Infinity\n",
    {},
    "a DOUBLE, b DOUBLE, c DOUBLE, d DOUBLE, e FLOAT, f DOUBLE",
  );
  assert.ok(Number.isNaN(rows[0]?.[0]));
  assert.deepEqual(rows[0]?.slice(1), [Infinity, -Infinity, 1.5, 1, Infinity]);
  assert.deepEqual(
    await read(
      "n,p,m\n",
      { nanValue: "n", positiveInf: "p", negativeInf: "m" },
      "a DOUBLE, b FLOAT, c DOUBLE",
    ).then((r) => r[0]?.slice(1)),
    [Infinity, -Infinity],
  );
});

test("integer types: Java rules (no blanks, ranges)", async () => {
  assert.deepEqual(
    await read("127,-32768,2147483647,9223372036854775807\n", {}, "a TINYINT, b SMALLINT, c INT, d BIGINT"),
    [[127, -32768, 2147483647, 9223372036854775807n]],
  );
  assert.deepEqual(await read("128,1 ,+1,x\n", {}, "a TINYINT, b INT, c INT, d BIGINT"), [
    [null, null, 1, null],
  ]);
});

test("decimal: exact, HALF_UP to the scale, overflow is malformed, en-US commas dropped, locale", async () => {
  assert.deepEqual(
    await read('1.005,"1,234.5",123456\n', {}, "a DECIMAL(5,2), b DECIMAL(6,1), c DECIMAL(5,0)"),
    [[101n, 12345n, null]],
  );
  assert.deepEqual(await read('"1.234,5"\n', { locale: "de-DE" }, "a DECIMAL(6,1)"), [[12345n]]);
});

test("boolean, date, timestamp, timestamp_ntz, binary, intervals", async () => {
  const rows = await read(
    "TRUE,2020-1-2,2020-01-02T03:04:05.5Z,2020-01-02 03:04:05,héllo,1-2,1 02:03:04\n",
    {},
    "a BOOLEAN, b DATE, c TIMESTAMP, d TIMESTAMP_NTZ, e BINARY, f INTERVAL YEAR TO MONTH, g INTERVAL DAY TO SECOND",
  );
  const r = rows[0] as unknown[];
  assert.equal(r[0], true);
  assert.equal(r[1], 18263);
  assert.equal(r[2], Date.UTC(2020, 0, 2, 3, 4, 5, 500) * 1000);
  assert.equal(r[3], Date.UTC(2020, 0, 2, 3, 4, 5) * 1000);
  assert.deepEqual(r[4], new TextEncoder().encode("héllo"));
  assert.equal(r[5], 14);
  assert.equal(r[6], ((1 * 24 + 2) * 3600 + 3 * 60 + 4) * 1_000_000);
  // a zone is not allowed in TIMESTAMP_NTZ; custom formats; a given dateFormat has no fallback
  assert.deepEqual(await read("2020-01-02T03:04:05Z\n", {}, "d TIMESTAMP_NTZ"), [[null]]);
  assert.deepEqual(
    await read(
      "02/01/2020,02/01/2020 03:04,2020-01-02\n",
      { dateFormat: "dd/MM/yyyy", timestampFormat: "dd/MM/yyyy HH:mm" },
      "a DATE, b TIMESTAMP, c DATE",
    ),
    [[null, Date.UTC(2020, 0, 2, 3, 4) * 1000, null]].map(() => [
      18263,
      Date.UTC(2020, 0, 2, 3, 4) * 1000,
      null,
    ]),
  );
  // timeZone option
  assert.deepEqual(await read("2020-01-02 00:00:00\n", { timeZone: "+01:00" }, "a TIMESTAMP"), [
    [Date.UTC(2020, 0, 1, 23) * 1000],
  ]);
});

test("timeParserPolicy=EXCEPTION: text only the legacy parser reads fails the read unwrapped", async () => {
  const c = ctxWith({ "spark.sql.legacy.timeParserPolicy": "EXCEPTION" });
  await rejects(
    read("2020-1-1\n", { dateFormat: "yyyy-MM-dd" }, "a DATE", undefined, c),
    "INCONSISTENT_BEHAVIOR_CROSS_VERSION.PARSE_DATETIME_BY_NEW_PARSER",
  );
  // CORRECTED (Spark 4's default): just a malformed value
  assert.deepEqual(await read("2020-1-1\n", { dateFormat: "yyyy-MM-dd" }, "a DATE"), [[null]]);
});

test("ignoreLeadingWhiteSpace / ignoreTrailingWhiteSpace (off when reading by default)", async () => {
  assert.deepEqual(await read(" a , b \n", {}, "x STRING, y STRING"), [[" a ", " b "]]);
  assert.deepEqual(
    await read(
      ' a , "b" \n',
      { ignoreLeadingWhiteSpace: true, ignoreTrailingWhiteSpace: true },
      "x STRING, y STRING",
    ),
    [["a", "b"]],
  );
});

test("multiLine: quoted values span lines; header; CRLF", async () => {
  const content = 'a,b\r\n1,"x\r\ny"\r\n2,"p,""q"""\r\n';
  // line breaks inside quotes are normalised to \n, as univocity does
  assert.deepEqual(await read(content, { header: true, multiLine: true, escape: '"' }, "a INT, b STRING"), [
    [1, "x\ny"],
    [2, 'p,"q"'],
  ]);
  assert.equal(
    ddl('a,b\n1,"x\ny"\n', { header: true, multiLine: true, inferSchema: true }),
    "a INT,b STRING",
  );
  // without multiLine the quoted newline splits the record
  assert.deepEqual(await read('1,"x\ny"\n', {}, "a STRING, b STRING"), [
    ["1", "x"],
    ['y"', null],
  ]);
});

test("encoding / charset and lineSep", async () => {
  const latin1 = Buffer.from("é,ü\n", "latin1");
  assert.deepEqual(await read(latin1, { encoding: "ISO-8859-1" }, "a STRING, b STRING"), [["é", "ü"]]);
  assert.deepEqual(
    await read(Buffer.from("\ufeffa,b\n", "utf-8"), { charset: "UTF-8" }, "a STRING, b STRING"),
    [["a", "b"]],
  );
  assert.deepEqual(await read("1,2;3,4;", { lineSep: ";" }, "a INT, b INT"), [
    [1, 2],
    [3, 4],
  ]);
  await rejects(read("a", { lineSep: "abc" }), "INVALID_OPTION_VALUE");
});

test("compressed input (.gz) is decompressed", async () => {
  const f = file(gzipSync("1,2\n3,4\n"), `z${seq++}.csv.gz`);
  assert.deepEqual(await read(f, {}, "a INT, b INT"), [
    [1, 2],
    [3, 4],
  ]);
});

test("maxColumns / maxCharsPerColumn fail the read naming the file", async () => {
  const e1 = await rejects(read("1,2,3\n", { maxColumns: 2 }, "a STRING"), "FAILED_READ_FILE.NO_HINT");
  assert.match(e1.message, /\.csv/);
  await rejects(read("abcdef\n", { maxCharsPerColumn: 3 }, "a STRING"), "FAILED_READ_FILE.NO_HINT");
  assert.deepEqual(await read("abc\n", { maxCharsPerColumn: 3 }, "a STRING"), [["abc"]]);
});

test("mode PERMISSIVE: bad fields null, corrupt column holds the raw line, token count mismatches", async () => {
  const schema = "a INT, b INT, _corrupt_record STRING";
  assert.deepEqual(await read("1,2\nx,3\n4\n5,6,7\n", {}, schema), [
    [1, 2, null],
    [null, 3, "x,3"],
    [4, null, "4"],
    [5, 6, "5,6,7"],
  ]);
  // columnNameOfCorruptRecord option and conf
  assert.deepEqual(await read("x,1\n", { columnNameOfCorruptRecord: "bad" }, "a INT, b INT, bad STRING"), [
    [null, 1, "x,1"],
  ]);
  assert.deepEqual(
    await read(
      "x,1\n",
      {},
      "a INT, b INT, oops STRING",
      undefined,
      ctxWith({ "spark.sql.columnNameOfCorruptRecord": "oops" }),
    ),
    [[null, 1, "x,1"]],
  );
  // without a corrupt column the bad field is just null
  assert.deepEqual(await read("x,1\n", { mode: "permissive" }, "a INT, b INT"), [[null, 1]]);
});

test("mode DROPMALFORMED and column pruning", async () => {
  const content = "1,2\nx,3\n4\n";
  assert.deepEqual(await read(content, { mode: "DROPMALFORMED" }, "a INT, b INT"), [[1, 2]]);
  // pruned to b: the short line and the bad a are not seen as malformed (Spark's columnPruning)
  assert.deepEqual(await read(content, { mode: "DROPMALFORMED" }, "a INT, b INT", ["b"]), [[2], [3], [null]]);
  // pruning off: token counts are checked, but only required columns are converted
  assert.deepEqual(
    await read(
      content,
      { mode: "DROPMALFORMED" },
      "a INT, b INT",
      ["b"],
      ctxWith({ "spark.sql.csv.parser.columnPruning.enabled": "false" }),
    ),
    [[2], [3]],
  );
  assert.deepEqual(
    await read(content, { mode: "DROPMALFORMED", columnPruning: false }, "a INT, b INT", ["b"]),
    [[2], [3]],
  );
  // no column required: one empty row per record
  assert.deepEqual(await read("1\n\n2\n", {}, "a INT", []), [[], []]);
});

test("mode FAILFAST: MALFORMED_RECORD_IN_PARSING wrapped in FAILED_READ_FILE", async () => {
  const e = await rejects(read("1\nx\n", { mode: "FAILFAST" }, "a INT"), "FAILED_READ_FILE.NO_HINT");
  assert.equal(causeClass(e), "MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION");
  assert.match(String((e.cause as TsparkError).message), /x/);
  assert.match(e.message, /file:/);
});

test("corrupt record column: must be a nullable string; cannot be the only column read", async () => {
  await rejects(read("1\n", {}, "a INT, _corrupt_record INT"), "INVALID_CORRUPT_RECORD_TYPE");
  await rejects(
    read("1\n", {}, "a INT, _corrupt_record STRING", ["_corrupt_record"]),
    "UNSUPPORTED_FEATURE.QUERY_ONLY_CORRUPT_RECORD_COLUMN",
  );
});

test("enforceSchema=false checks the header against the schema", async () => {
  assert.deepEqual(await read("A,b\n1,2\n", { header: true, enforceSchema: false }, "a INT, b INT"), [
    [1, 2],
  ]);
  // Spark's file scan wraps the header error in FAILED_READ_FILE.NO_HINT
  const e = await rejects(
    read("a,c\n1,2\n", { header: true, enforceSchema: false }, "a INT, b INT"),
    "FAILED_READ_FILE.NO_HINT",
  );
  assert.equal(causeClass(e), "_LEGACY_ERROR_TEMP_3241");
  assert.match(e.message, /CSV header does not conform to the schema/);
  assert.match(e.message, /Expected: b but found: c/);
  const e2 = await rejects(
    read("a\n1\n", { header: true, enforceSchema: false }, "a INT, b INT"),
    "FAILED_READ_FILE.NO_HINT",
  );
  assert.match(e2.message, /Header length: 1, schema size: 2/);
  // enforceSchema=true (default) ignores header names
  assert.deepEqual(await read("x,y\n1,2\n", { header: true }, "a INT, b INT"), [[1, 2]]);
});

test("required columns come out in the requested order", async () => {
  assert.deepEqual(await read("1,2,3\n", {}, "a INT, b INT, c INT", ["c", "a"]), [[3, 1]]);
});

test("reads reject types CSV cannot parse (nested, CALENDAR interval)", async () => {
  await rejects(read("1\n", {}, "a ARRAY<INT>"), "UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE");
  await rejects(read("1\n", {}, "a INTERVAL"), "UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE");
});

// ---------------------------------------------------------------------------------------------
// Writing

async function write(
  schemaDdl: string,
  rows: unknown[][],
  o: Record<string, string | boolean | number> = {},
  c = ctx,
): Promise<{ path: string; text: string }> {
  const schema = parseSchema(schemaDdl);
  const options = opts(o);
  const job = csvFormat.prepareWrite(schema, options, c);
  const path = join(dir, `out${seq++}${job.extension}`);
  const w = await csvFormat.createWriter(path, job, c);
  const columns = schema.fields.map((_, i) => rows.map((r) => r[i]));
  await w.write({ numRows: rows.length, columns });
  await w.close();
  const raw = readFileSync(path);
  return { path, text: raw.toString(path.endsWith(".gz") ? "base64" : "utf-8") };
}

test('writer: defaults (quotes when needed, NULL empty, empty string as "", trimmed)', async () => {
  const { text } = await write("a STRING, b INT", [
    ["x", 1],
    ["a,b", null],
    ['say "hi"', 2],
    ["", 3],
    [" pad ", 4],
    ["line\nbreak", 5],
  ]);
  assert.equal(text, 'x,1\n"a,b",\n"say \\"hi\\"",2\n"",3\npad,4\n"line\nbreak",5\n');
});

test("writer: header, sep, quote, escape, escapeQuotes, quoteAll, nullValue, emptyValue, lineSep", async () => {
  assert.equal((await write("a STRING, b INT", [["x", 1]], { header: true })).text, "a,b\nx,1\n");
  assert.equal((await write("a STRING, b INT", [], { header: true })).text, "a,b\n");
  assert.equal((await write("a STRING, b INT", [["x;y", 1]], { sep: ";" })).text, '"x;y";1\n');
  assert.equal((await write("a STRING", [["it's"]], { quote: "'", escape: "'" })).text, "'it''s'\n");
  assert.equal((await write("a STRING", [['a"b']], { escapeQuotes: false })).text, 'a"b\n');
  assert.equal((await write("a STRING, b INT", [["x", 1]], { quoteAll: true })).text, '"x","1"\n');
  assert.equal((await write("a STRING, b INT", [[null, null]], { nullValue: "NA" })).text, "NA,NA\n");
  assert.equal((await write("a STRING", [[""]], { emptyValue: "EMPTY" })).text, "EMPTY\n");
  assert.equal(
    (
      await write(
        "a STRING, b INT",
        [
          ["x", 1],
          ["y", 2],
        ],
        { lineSep: "\r" },
      )
    ).text,
    "x,1\ry,2\r",
  );
  assert.equal(
    (await write("a STRING", [[" p "]], { ignoreLeadingWhiteSpace: false, ignoreTrailingWhiteSpace: false }))
      .text,
    " p \n",
  );
});

test("writer: univocity's quoting details", async () => {
  // inside quotes the escape character is escaped too; unquoted values keep it
  assert.equal((await write("a STRING, b STRING", [["x\\y,z", "p\\q"]])).text, '"x\\\\y,z",p\\q\n');
  // a value that starts with the quote is quoted even without escapeQuotes
  assert.equal((await write("a STRING", [['"q']], { escapeQuotes: false })).text, '"\\"q"\n');
  // blanks only: trimmed to empty, written as emptyValue
  assert.equal((await write("a STRING, b INT", [["   ", 1]])).text, '"",1\n');
  // quoteAll quotes NULL's nullValue too
  assert.equal((await write("a STRING, b INT", [[null, 1]], { quoteAll: true })).text, '"","1"\n');
  // a value starting with the comment character is quoted when comment is set
  assert.equal((await write("a STRING", [["#x"]], { comment: "#" })).text, '"#x"\n');
  // round trip of escapes through our reader
  const rows = [["a\\"], ['\\"'], ["\\\\,"], ["x\\y"]];
  const { path } = await write("a STRING", rows);
  assert.deepEqual(await read({ path, size: 0, modificationTime: 0 }, {}, "a STRING"), rows);
});

test("writer: dates, timestamps and formats; numbers as Spark prints them", async () => {
  const ts = Date.UTC(2020, 0, 2, 3, 4, 5, 600) * 1000;
  const { text } = await write(
    "d DATE, t TIMESTAMP, n TIMESTAMP_NTZ, x DOUBLE, f FLOAT, m DECIMAL(10,2), l BIGINT, b BOOLEAN",
    [[18263, ts, ts, 1e21, 1.5, 12345n, 9007199254740993n, true]],
  );
  assert.equal(
    text,
    "2020-01-02,2020-01-02T03:04:05.600Z,2020-01-02T03:04:05.600,1.0E21,1.5,123.45,9007199254740993,true\n",
  );
  const t2 = await write("d DATE, t TIMESTAMP", [[18263, ts]], {
    dateFormat: "dd/MM/yyyy",
    timestampFormat: "yyyy/MM/dd HH:mm",
    timeZone: "+02:00",
  });
  assert.equal(t2.text, "02/01/2020,2020/01/02 05:04\n");
});

test("writer: compression/codec names the file .csv.gz; encoding", async () => {
  const { path } = await write("a STRING", [["x"]], { compression: "gzip" });
  assert.ok(path.endsWith(".csv.gz"));
  assert.deepEqual(await read({ path, size: 0, modificationTime: 0 }, {}, "a STRING"), [["x"]]);
  const job = csvFormat.prepareWrite(parseSchema("a STRING"), opts({ codec: "deflate" }), ctx);
  assert.equal(job.extension, ".csv.deflate");
  assert.equal(csvFormat.prepareWrite(parseSchema("a STRING"), opts(), ctx).extension, ".csv");
  const latin = await write("a STRING", [["é"]], { encoding: "ISO-8859-1" });
  assert.deepEqual([...readFileSync(latin.path)], [0xe9, 10]);
});

test("writer: nested and CALENDAR interval columns are rejected before any file exists", () => {
  for (const [t, name] of [
    ["ARRAY<INT>", '"ARRAY<INT>"'],
    ["MAP<STRING, INT>", '"MAP<STRING, INT>"'],
    ["STRUCT<x: INT>", '"STRUCT<x: INT>"'],
  ] as const) {
    const before = readdirSync(dir).length;
    assert.throws(
      () => csvFormat.prepareWrite(parseSchema(`ok INT, \`bad col\` ${t}`), opts(), ctx),
      (e: unknown) =>
        e instanceof TsparkError &&
        e.errorClass === "UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE" &&
        e.messageParameters.columnName === "`bad col`" &&
        e.messageParameters.columnType === name &&
        e.messageParameters.format === "CSV",
    );
    assert.equal(readdirSync(dir).length, before);
  }
  assert.throws(
    () => csvFormat.prepareWrite(parseSchema("i INTERVAL"), opts(), ctx),
    /UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE/,
  );
  // ANSI intervals are written (Spark's ANSI form)
  assert.doesNotThrow(() => csvFormat.prepareWrite(parseSchema("i INTERVAL DAY TO SECOND"), opts(), ctx));
});

test("round trip: every CSV-writable type with NULLs, unicode, separators, quotes and newlines", async () => {
  const schema =
    "s STRING, i INT, l BIGINT, sh SMALLINT, by TINYINT, f FLOAT, d DOUBLE, m DECIMAL(20,3), b BOOLEAN, dt DATE, ts TIMESTAMP, ntz TIMESTAMP_NTZ, ym INTERVAL YEAR TO MONTH, dts INTERVAL DAY TO SECOND";
  const ts = Date.UTC(1999, 11, 31, 23, 59, 59, 123) * 1000;
  const rows: unknown[][] = [
    ["plain", 1, 2, 3, 4, 1.5, 2.25, 123456n, true, 0, ts, ts, 14, 93784000000],
    [
      'a,b "q" \\ ü 日本 😀',
      -2147483648,
      -9223372036854775808n,
      -32768,
      -128,
      -3.5,
      -1e-300,
      -1n,
      false,
      -1,
      0,
      0,
      -1,
      -1000,
    ],
    [
      "multi\nline\r\nvalue",
      2147483647,
      9223372036854775807n,
      32767,
      127,
      0,
      1e300,
      99999999999999999999n,
      true,
      2932896,
      -ts,
      -ts,
      0,
      0,
    ],
    [null, null, null, null, null, null, null, null, null, null, null, null, null, null],
  ];
  for (const o of [
    { multiLine: true },
    { multiLine: true, quoteAll: true },
    { multiLine: true, sep: "\t", escape: '"' },
  ] as Record<string, string | boolean>[]) {
    const { path } = await write(schema, rows, o);
    const back = await read({ path, size: 0, modificationTime: 0 }, o, schema);
    assert.deepEqual(back, rows, JSON.stringify(o));
  }
});

test("round trip with header and inference", async () => {
  const { path } = await write(
    "id INT, name STRING, day DATE",
    [
      [1, "x", 18263],
      [2, null, null],
    ],
    { header: true },
  );
  const f: FileStatus = { path, size: 0, modificationTime: 0 };
  const o = opts({ header: true, inferSchema: true });
  const schema = csvFormat.inferSchema([f], o, ctx);
  assert.equal(schema?.toDDL(), "id INT,name STRING,day DATE");
});
