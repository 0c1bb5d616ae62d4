import assert from "node:assert/strict";
import { test } from "node:test";
import { ArrayType, BINARY, INT, LONG, NULL_TYPE, STRING } from "../../types/data-type.js";
import type { BindArg, FunctionDefinition } from "../function-definition.js";
import { argOf, evalScalar, litArg, testContext } from "../testing.js";
import { STRING_FUNCTIONS } from "./index.js";

const byName = (n: string): FunctionDefinition => {
  const d = STRING_FUNCTIONS.find((f) => f.name === n || f.aliases?.includes(n));
  assert.ok(d, n);
  return d;
};

/** Evaluates `name(values…)` with every argument a literal of the value's natural type. */
function call(name: string, ...values: unknown[]): unknown {
  const args: BindArg[] = values.map((v) =>
    litArg(
      typeof v === "string"
        ? STRING
        : typeof v === "number"
          ? INT
          : v instanceof Uint8Array
            ? BINARY
            : v === null
              ? NULL_TYPE
              : typeof v === "bigint"
                ? LONG
                : STRING,
      v,
    ),
  );
  return evalScalar(byName(name), args, values);
}

/** Same but with non-constant arguments (exercises the cached, non-folded paths). */
function callCol(name: string, types: readonly (typeof STRING)[], ...values: unknown[]): unknown {
  return evalScalar(
    byName(name),
    types.map((t) => argOf(t)),
    values,
  );
}

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

test("case conversion (Spark docs)", () => {
  assert.equal(call("upper", "SparkSql"), "SPARKSQL");
  assert.equal(call("ucase", "SparkSql"), "SPARKSQL");
  assert.equal(call("lower", "SparkSql"), "sparksql");
  assert.equal(call("initcap", "sPark sql"), "Spark Sql");
  assert.equal(call("upper", null), null);
});

test("length counts code points; binaries count bytes", () => {
  assert.equal(call("length", "Spark SQL "), 10);
  assert.equal(call("char_length", "Spark SQL "), 10);
  assert.equal(call("length", "😀a"), 2);
  assert.equal(call("length", bytes("Spark SQL")), 9);
  assert.equal(call("octet_length", "Spark SQL"), 9);
  assert.equal(call("bit_length", "Spark SQL"), 72);
});

test("concat and concat_ws", () => {
  assert.equal(call("concat", "Spark", "SQL"), "SparkSQL");
  assert.equal(call("concat", "Spark", null), null);
  assert.deepEqual(
    evalScalar(
      byName("concat"),
      [argOf(new ArrayType(INT)), argOf(new ArrayType(INT)), argOf(new ArrayType(INT))],
      [[1, 2, 3], [4, 5], [6]],
    ),
    [1, 2, 3, 4, 5, 6],
  );
  assert.equal(call("concat_ws", " ", "Spark", "SQL"), "Spark SQL");
  assert.equal(call("concat_ws", "s"), "");
  assert.equal(call("concat_ws", "/", "foo", null, "bar"), "foo/bar");
  assert.equal(call("concat_ws", null, "Spark", "SQL"), null);
  assert.equal(
    evalScalar(
      byName("concat_ws"),
      [litArg(STRING, ","), argOf(new ArrayType(STRING)), argOf(STRING)],
      [",", ["a", null, "b"], "c"],
    ),
    "a,b,c",
  );
});

test("trim family (Spark docs and string-functions.sql)", () => {
  assert.equal(call("trim", "    SparkSQL   "), "SparkSQL");
  assert.equal(call("trim", "SL", "SSparkSQLS"), "parkSQ");
  assert.equal(call("ltrim", "    SparkSQL   "), "SparkSQL   ");
  assert.equal(call("rtrim", "    SparkSQL   "), "    SparkSQL");
  assert.equal(call("trim", "xyz", "yxTomxx"), "Tom");
  assert.equal(call("ltrim", "xyz", "zzzytestxyz"), "testxyz");
  assert.equal(call("ltrim", "xy", "xyxXxyLAST WORD"), "XxyLAST WORD");
  assert.equal(call("rtrim", "xy", "TURNERyxXxy"), "TURNERyxX");
  assert.equal(call("btrim", "xyxtrimyyx", "xy"), "trim");
  assert.equal(callCol("trim", [STRING, STRING], "xyz", "yxTomxx"), "Tom");
  assert.equal(call("trim", "\tab "), "\tab");
  const trim = byName("trim");
  assert.equal(trim.sql?.(["xyz", "yxTomxx"], "trim"), "TRIM(BOTH xyz FROM yxTomxx)");
  assert.equal(byName("ltrim").sql?.(["xyz", "s"], "ltrim"), "TRIM(LEADING xyz FROM s)");
});

test("lpad / rpad, strings and binaries", () => {
  assert.equal(call("lpad", "hi", 5, "??"), "???hi");
  assert.equal(call("lpad", "hi", 1, "??"), "h");
  assert.equal(call("lpad", "hi", 5), "   hi");
  assert.equal(call("rpad", "hi", 5, "??"), "hi???");
  assert.equal(call("rpad", "hi", 1, "??"), "h");
  assert.equal(call("rpad", "hi", 5), "hi   ");
  assert.equal(call("lpad", "hi", -1, "?"), "");
  assert.equal(call("lpad", "hi", 5, ""), "hi");
  assert.deepEqual(
    call("lpad", new Uint8Array([0xaa]), 5, new Uint8Array([0x1f, 0x2e])),
    new Uint8Array([0x1f, 0x2e, 0x1f, 0x2e, 0xaa]),
  );
  assert.deepEqual(call("rpad", new Uint8Array([0xaa, 0xbb]), 5), new Uint8Array([0xaa, 0xbb, 0, 0, 0]));
  assert.deepEqual(call("lpad", new Uint8Array([0xaa, 0xbb, 0xcc]), 2), new Uint8Array([0xaa, 0xbb]));
  assert.equal(byName("lpad").sql?.(["hi", "5"], "lpad"), "lpad(hi, 5,  )");
});

test("substring with Spark's position rules", () => {
  assert.equal(call("substring", "Spark SQL", 5), "k SQL");
  assert.equal(call("substring", "Spark SQL", -3), "SQL");
  assert.equal(call("substring", "Spark SQL", 5, 1), "k");
  assert.equal(call("substring", "Spark SQL", 0, 2), "Sp");
  assert.equal(call("substring", "Spark SQL", 1, 2), "Sp");
  assert.equal(call("substring", "Spark SQL", -100, 102), "Spark SQL");
  assert.equal(call("substring", "Spark SQL", 5, -1), "");
  assert.equal(call("substring", "Spark SQL", 20), "");
  assert.equal(call("substring", "a😀b", 2, 1), "😀");
  assert.deepEqual(call("substring", bytes("Spark"), 2, 2), bytes("pa"));
  const def = byName("substring");
  assert.equal(def.sql?.(["Spark SQL", "5"], "substr"), "substr(Spark SQL, 5, 2147483647)");
  assert.equal(def.sql?.(["s", "1", "2"], "substring"), "substring(s, 1, 2)");
  assert.equal(call("left", "abcd", 2), "ab");
  assert.equal(call("left", "abcd", 5), "abcd");
  assert.equal(call("left", "abcd", -2), "");
  assert.equal(call("right", "abcd", 2), "cd");
  assert.equal(call("right", "abcd", 5), "abcd");
  assert.equal(call("right", "abcd", 0), "");
  assert.equal(call("substring_index", "www.apache.org", ".", 2), "www.apache");
  assert.equal(call("substring_index", "www.apache.org", ".", -2), "apache.org");
  assert.equal(call("substring_index", "www.apache.org", ".", 0), "");
  assert.equal(call("substring_index", "www.apache.org", "x", 1), "www.apache.org");
});

test("instr, locate, position", () => {
  assert.equal(call("instr", "SparkSQL", "SQL"), 6);
  assert.equal(call("locate", "bar", "foobarbar"), 4);
  assert.equal(call("locate", "bar", "foobarbar", 5), 7);
  assert.equal(call("position", "bar", "foobarbar"), 4);
  assert.equal(call("locate", "bar", "foobarbar", 0), 0);
  assert.equal(call("locate", "bar", "foobarbar", null), 0);
  assert.equal(call("locate", null, "foobarbar"), null);
  assert.equal(call("instr", "abc", ""), 1);
  assert.equal(byName("locate").sql?.(["bar", "foobarbar"], "position"), "position(bar, foobarbar, 1)");
});

test("split and split_part (Spark docs)", () => {
  assert.deepEqual(call("split", "oneAtwoBthreeC", "[ABC]"), ["one", "two", "three", ""]);
  assert.deepEqual(call("split", "oneAtwoBthreeC", "[ABC]", -1), ["one", "two", "three", ""]);
  assert.deepEqual(call("split", "oneAtwoBthreeC", "[ABC]", 2), ["one", "twoBthreeC"]);
  assert.deepEqual(call("split", "aa1cc2ee3", "[1-9]+"), ["aa", "cc", "ee", ""]);
  assert.deepEqual(call("split", "aa1cc2ee3", "[1-9]+", 2), ["aa", "cc2ee3"]);
  assert.deepEqual(call("split", "abc", ""), ["a", "b", "c"]);
  assert.deepEqual(call("split", "abc", "", 2), ["a", "bc"]);
  assert.deepEqual(call("split", "", ","), [""]);
  assert.deepEqual(call("split", "a,b,,", ",", 0), ["a", "b", "", ""]);
  assert.deepEqual(callCol("split", [STRING, STRING], "a1b", "\\d"), ["a", "b"]);
  assert.equal(byName("split").sql?.(["s", ","], "split"), "split(s, ,, -1)");
  assert.equal(call("split_part", "11.12.13", ".", 3), "13");
  assert.equal(call("split_part", "11.12.13", ".", 2), "12");
  assert.equal(call("split_part", "11.12.13", ".", -1), "13");
  assert.equal(call("split_part", "11.12.13", ".", -3), "11");
  assert.equal(call("split_part", "11.12.13", "", 1), "11.12.13");
  assert.equal(call("split_part", "11ab12ab13", "ab", 1), "11");
  assert.equal(call("split_part", "11.12.13", ".", 5), "");
  assert.throws(() => call("split_part", "11.12.13", ".", 0), /INVALID_INDEX_OF_ZERO/);
});

test("translate, replace, overlay, repeat, reverse, space", () => {
  assert.equal(call("translate", "AaBbCc", "abc", "123"), "A1B2C3");
  assert.equal(call("translate", "AaBbCc", "abc", "1"), "A1BC");
  assert.equal(call("translate", "aaa", "aa", "xy"), "xxx");
  assert.equal(call("replace", "ABCabc", "abc", "DEF"), "ABCDEF");
  assert.equal(call("replace", "abc", "b", "123"), "a123c");
  assert.equal(call("replace", "abc", "b"), "ac");
  assert.equal(call("replace", "abc", ""), "abc");
  assert.equal(call("overlay", "Spark SQL", "_", 6), "Spark_SQL");
  assert.equal(call("overlay", "Spark SQL", "CORE", 7), "Spark CORE");
  assert.equal(call("overlay", "Spark SQL", "ANSI ", 7, 0), "Spark ANSI SQL");
  assert.equal(call("overlay", "Spark SQL", "tructured", 2, 4), "Structured SQL");
  assert.deepEqual(call("overlay", bytes("Spark SQL"), bytes("_"), 6), bytes("Spark_SQL"));
  assert.equal(call("repeat", "123", 2), "123123");
  assert.equal(call("repeat", "123", -1), "");
  assert.equal(call("reverse", "Spark SQL"), "LQS krapS");
  assert.equal(call("reverse", "a😀b"), "b😀a");
  assert.deepEqual(evalScalar(byName("reverse"), [argOf(new ArrayType(INT))], [[2, 1, 4, 3]]), [3, 4, 1, 2]);
  assert.equal(call("space", 2), "  ");
  assert.equal(call("space", -2), "");
});

test("ascii, chr, levenshtein, soundex", () => {
  assert.equal(call("ascii", "222"), 50);
  assert.equal(call("ascii", ""), 0);
  assert.equal(call("chr", 65n), "A");
  assert.equal(call("chr", 321n), "A");
  assert.equal(call("chr", -1n), "");
  assert.equal(call("chr", 0n), "\u0000");
  assert.equal(call("levenshtein", "kitten", "sitting"), 3);
  assert.equal(call("levenshtein", "kitten", "sitting", 2), -1);
  assert.equal(call("levenshtein", "kitten", "sitting", 4), 3);
  assert.equal(call("levenshtein", "", ""), 0);
  assert.equal(call("soundex", "Miller"), "M460");
  assert.equal(call("soundex", "Robert"), "R163");
  assert.equal(call("soundex", "Tymczak"), "T522");
  assert.equal(call("soundex", "1abc"), "1abc");
  assert.equal(call("soundex", ""), "");
});

test("contains / startswith / endswith (string-functions.sql)", () => {
  assert.equal(call("contains", "Spark SQL", "Spark"), true);
  assert.equal(call("contains", "Spark SQL", "SPARK"), false);
  assert.equal(call("contains", "Spark SQL", null), null);
  assert.equal(call("startswith", "Spark SQL", "ark"), false);
  assert.equal(call("startswith", "Spark SQL", "Spa"), true);
  assert.equal(call("endswith", "Spark SQL", "QL"), true);
  assert.equal(call("contains", bytes("Spark SQL"), bytes("Spark")), true);
  assert.equal(call("contains", new Uint8Array(0), new Uint8Array(0)), true);
  assert.equal(call("endswith", bytes("Spark SQL"), bytes("Spark")), false);
  assert.equal(call("startswith", bytes("Spark SQL"), new Uint8Array(0)), true);
});

test("base64, unbase64, encode, decode", () => {
  assert.equal(call("base64", bytes("Spark SQL")), "U3BhcmsgU1FM");
  assert.deepEqual(call("unbase64", "U3BhcmsgU1FM"), bytes("Spark SQL"));
  assert.deepEqual(call("encode", "abc", "utf-8"), bytes("abc"));
  assert.deepEqual(call("encode", "abc", "UTF-16"), new Uint8Array([0xfe, 0xff, 0, 0x61, 0, 0x62, 0, 0x63]));
  assert.deepEqual(call("encode", "é", "ISO-8859-1"), new Uint8Array([0xe9]));
  assert.equal(call("decode", bytes("abc"), "utf-8"), "abc");
  assert.equal(call("decode", new Uint8Array([0xfe, 0xff, 0, 0x61]), "utf-16"), "a");
  assert.equal(call("decode", new Uint8Array([0x61, 0]), "utf-16le"), "a");
  assert.throws(() => call("encode", "é", "US-ASCII"), /MALFORMED_CHARACTER_CODING/);
  assert.throws(() => call("decode", new Uint8Array([0xff]), "utf-8"), /MALFORMED_CHARACTER_CODING/);
  assert.throws(() => call("encode", "abc", "EBCDIC"), /INVALID_PARAMETER_VALUE.CHARSET/);
  // Oracle-style decode
  assert.equal(
    call("decode", 2, 1, "Southlake", 2, "San Francisco", 3, "New Jersey", 4, "Seattle", "Non domestic"),
    "San Francisco",
  );
  assert.equal(
    call("decode", 6, 1, "Southlake", 2, "San Francisco", 3, "New Jersey", 4, "Seattle", "Non domestic"),
    "Non domestic",
  );
  assert.equal(call("decode", 6, 1, "Southlake", 2, "San Francisco", 3, "New Jersey", 4, "Seattle"), null);
  assert.equal(call("decode", 1, 1, "Southlake"), "Southlake");
});

test("elt and find_in_set (Spark docs)", () => {
  assert.equal(call("elt", 1, "scala", "java"), "scala");
  assert.equal(call("elt", 2, "a", "1"), "1");
  assert.throws(() => call("elt", 3, "a", "b"), /INVALID_ARRAY_INDEX/);
  assert.equal(
    evalScalar(byName("elt"), [litArg(INT, 3), litArg(STRING, "a"), litArg(STRING, "b")], [3, "a", "b"], {
      ...testContext(),
      ansi: false,
    }),
    null,
  );
  assert.equal(call("find_in_set", "ab", "abc,b,ab,c,def"), 3);
  assert.equal(call("find_in_set", "a,b", "a,b"), 0);
  assert.equal(call("find_in_set", "x", "abc"), 0);
});

test("encode/decode honour spark.sql.legacy.codingErrorAction", () => {
  const legacy = testContext({
    conf: (k) => (k === "spark.sql.legacy.codingErrorAction" ? "true" : undefined),
  });
  const enc = byName("encode");
  assert.deepEqual(
    evalScalar(enc, [argOf(STRING), litArg(STRING, "US-ASCII")], ["é", "US-ASCII"], legacy),
    bytes("?"),
  );
  assert.equal(
    evalScalar(
      byName("decode"),
      [argOf(BINARY), litArg(STRING, "utf-8")],
      [new Uint8Array([0x61, 0xff]), "utf-8"],
      legacy,
    ),
    "a\ufffd",
  );
});
