import assert from "node:assert/strict";
import { test } from "node:test";
import { TsparkError } from "../../common/errors.js";
import { dateToDays, formatDate, formatTimestamp, parseTimestamp } from "../../data/datetime.js";
import {
  BOOLEAN,
  DATE,
  type DataType,
  DecimalType,
  DOUBLE,
  INT,
  LONG,
  STRING,
  TIMESTAMP,
  TIMESTAMP_NTZ,
} from "../../types/data-type.js";
import type { BindArg, FunctionDefinition } from "../function-definition.js";
import { argOf, evalScalar, litArg, testContext } from "../testing.js";
import { DATETIME_FUNCTIONS } from "./index.js";

const byName = (name: string): FunctionDefinition => {
  const d = DATETIME_FUNCTIONS.find((f) => f.name === name || f.aliases?.includes(name));
  assert.ok(d, name);
  return d;
};
const ts = (s: string): number => parseTimestamp(s, "UTC") as number;
const day = (s: string): number => {
  const [y, m, d] = s.split("-").map(Number);
  return dateToDays(y as number, m as number, d as number);
};
/** Evaluates `name` on literal arguments (type, value) pairs. */
function call(name: string, args: [DataType, unknown][], ctx = testContext()): unknown {
  const bindArgs: BindArg[] = args.map(([t, v]) => litArg(t, v));
  return evalScalar(
    byName(name),
    bindArgs,
    args.map(([, v]) => v),
    ctx,
  );
}
const s = (v: string): [DataType, unknown] => [STRING, v];
const i = (v: number): [DataType, unknown] => [INT, v];

test("docs examples of every definition have a usage sentence", () => {
  for (const d of DATETIME_FUNCTIONS) {
    assert.ok(d.docs.usage.length > 10, d.name);
    assert.ok((d.docs.examples?.length ?? 0) > 0, d.name);
  }
});

test("current_* read the bind context", () => {
  const ctx = testContext({ currentTimeMicros: ts("2024-01-31 23:30:00"), timeZone: "+02:00" });
  assert.equal(call("current_timestamp", [], ctx), ts("2024-01-31 23:30:00"));
  assert.equal(call("now", [], ctx), ts("2024-01-31 23:30:00"));
  assert.equal(call("current_date", [], ctx), day("2024-02-01"));
  assert.equal(call("current_timezone", [], ctx), "+02:00");
});

test("field extraction (Spark docs examples)", () => {
  assert.equal(call("year", [[DATE, day("2016-07-30")]]), 2016);
  assert.equal(call("quarter", [[DATE, day("2016-08-31")]]), 3);
  assert.equal(call("month", [[DATE, day("2016-07-30")]]), 7);
  assert.equal(call("dayofmonth", [[DATE, day("2009-07-30")]]), 30);
  assert.equal(call("day", [[DATE, day("2009-07-30")]]), 30);
  assert.equal(call("dayofweek", [[DATE, day("2009-07-30")]]), 5);
  assert.equal(call("weekday", [[DATE, day("2009-07-30")]]), 3);
  assert.equal(call("dayofyear", [[DATE, day("2016-04-09")]]), 100);
  assert.equal(call("weekofyear", [[DATE, day("2008-02-20")]]), 8);
  assert.equal(call("year", [s("2024-01-01")]), 2024);
  assert.equal(call("hour", [s("2009-07-30 12:58:59")]), 12);
  assert.equal(call("minute", [s("2009-07-30 12:58:59")]), 58);
  assert.equal(call("second", [s("2009-07-30 12:58:59")]), 59);
  assert.equal(
    call("hour", [[TIMESTAMP, ts("2009-07-30 12:58:59")]], testContext({ timeZone: "America/Los_Angeles" })),
    5,
  );
  assert.equal(
    call(
      "hour",
      [[TIMESTAMP_NTZ, ts("2009-07-30 12:58:59")]],
      testContext({ timeZone: "America/Los_Angeles" }),
    ),
    12,
  );
  assert.equal(call("date_part", [s("YEAR"), [TIMESTAMP, ts("2019-08-12 01:00:00.123456")]]), 2019);
  assert.equal(call("date_part", [s("week"), [TIMESTAMP, ts("2019-08-12 01:00:00.123456")]]), 33);
  assert.equal(call("date_part", [s("doy"), [DATE, day("2019-08-12")]]), 224);
  assert.equal(call("date_part", [s("SECONDS"), [TIMESTAMP, ts("2019-10-01 00:00:01.000001")]]), 1000001n);
  assert.throws(
    () => call("date_part", [s("foo"), [DATE, day("2019-08-12")]]),
    (e: unknown) => e instanceof TsparkError && e.errorClass === "INVALID_EXTRACT_FIELD",
  );
  assert.throws(
    () => call("year", [i(1)]),
    (e: unknown) => e instanceof TsparkError && e.errorClass === "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE",
  );
  assert.throws(
    () => call("year", [s("abc")]),
    (e: unknown) => e instanceof TsparkError && e.errorClass === "CAST_INVALID_INPUT",
  );
  assert.equal(call("year", [s("abc")], testContext({ ansi: false })), null);
});

test("date arithmetic (Spark docs examples)", () => {
  assert.equal(call("date_add", [s("2016-07-30"), i(1)]), day("2016-07-31"));
  assert.equal(call("dateadd", [s("2016-07-30"), i(1)]), day("2016-07-31"));
  assert.equal(call("date_sub", [s("2016-07-30"), i(1)]), day("2016-07-29"));
  assert.equal(call("datediff", [s("2009-07-31"), s("2009-07-30")]), 1);
  assert.equal(call("date_diff", [s("2009-07-30"), s("2009-07-31")]), -1);
  assert.equal(call("add_months", [s("2016-08-31"), i(1)]), day("2016-09-30"));
  assert.equal(call("add_months", [[DATE, day("2024-01-31")], i(-11)]), day("2023-02-28"));
  assert.equal(call("last_day", [s("2009-01-12")]), day("2009-01-31"));
  assert.equal(call("last_day", [s("2024-02-12")]), day("2024-02-29"));
  assert.equal(call("next_day", [s("2015-01-14"), s("TU")]), day("2015-01-20"));
  assert.equal(call("next_day", [s("2015-01-14"), s("wednesday")]), day("2015-01-21"));
  assert.throws(
    () => call("next_day", [s("2015-07-23"), s("xx")]),
    (e: unknown) => e instanceof TsparkError && e.errorClass === "ILLEGAL_DAY_OF_WEEK",
  );
  assert.equal(call("next_day", [s("2015-07-23"), s("xx")], testContext({ ansi: false })), null);
  assert.equal(call("months_between", [s("1997-02-28 10:30:00"), s("1996-10-30")]), 3.94959677);
  assert.equal(
    call("months_between", [s("1997-02-28 10:30:00"), s("1996-10-30"), [BOOLEAN, false]]),
    3.9495967741935485,
  );
  assert.equal(call("months_between", [s("2017-06-30"), s("2017-02-28")]), 4);
});

test("trunc and date_trunc (Spark docs examples)", () => {
  assert.equal(call("trunc", [s("2019-08-04"), s("week")]), day("2019-07-29"));
  assert.equal(call("trunc", [s("2019-08-04"), s("quarter")]), day("2019-07-01"));
  assert.equal(call("trunc", [s("2009-02-12"), s("MM")]), day("2009-02-01"));
  assert.equal(call("trunc", [s("2015-10-27"), s("YEAR")]), day("2015-01-01"));
  assert.equal(call("trunc", [s("2015-10-27"), s("DD")]), null);
  const t = (fmt: string, v: string) => formatTimestamp(call("date_trunc", [s(fmt), s(v)]) as number, "UTC");
  assert.equal(t("YEAR", "2015-03-05T09:32:05.359"), "2015-01-01 00:00:00");
  assert.equal(t("MM", "2015-03-05T09:32:05.359"), "2015-03-01 00:00:00");
  assert.equal(t("DD", "2015-03-05T09:32:05.359"), "2015-03-05 00:00:00");
  assert.equal(t("HOUR", "2015-03-05T09:32:05.359"), "2015-03-05 09:00:00");
  assert.equal(t("MILLISECOND", "2015-03-05T09:32:05.123456"), "2015-03-05 09:32:05.123");
  assert.equal(call("date_trunc", [s("bogus"), s("2015-03-05")]), null);
});

test("epoch conversions (Spark docs examples)", () => {
  const f = (v: unknown) => formatTimestamp(v as number, "UTC");
  assert.equal(f(call("timestamp_seconds", [[LONG, 1230219000]])), "2008-12-25 15:30:00");
  assert.equal(
    f(call("timestamp_seconds", [[new DecimalType(13, 3), 1230219000123n]])),
    "2008-12-25 15:30:00.123",
  );
  assert.equal(f(call("timestamp_seconds", [[DOUBLE, 1230219000.123]])), "2008-12-25 15:30:00.123");
  assert.equal(call("timestamp_seconds", [[DOUBLE, Number.NaN]]), null);
  assert.equal(f(call("timestamp_millis", [[LONG, 1230219000123]])), "2008-12-25 15:30:00.123");
  assert.equal(f(call("timestamp_micros", [[LONG, 1230219000123123]])), "2008-12-25 15:30:00.123123");
  assert.equal(call("unix_seconds", [[TIMESTAMP, ts("1970-01-01 00:00:01")]]), 1);
  assert.equal(call("unix_millis", [[TIMESTAMP, ts("1970-01-01 00:00:01")]]), 1000);
  assert.equal(call("unix_micros", [[TIMESTAMP, ts("1970-01-01 00:00:01")]]), 1000000);
  assert.equal(call("unix_seconds", [[TIMESTAMP, -1]]), -1);
  assert.equal(call("unix_date", [[DATE, day("1970-01-02")]]), 1);
  assert.equal(call("date_from_unix_date", [i(1)]), day("1970-01-02"));
  assert.throws(() => call("timestamp_seconds", [[LONG, 2 ** 50]]), TsparkError);
});

test("parsing and formatting functions (Spark docs examples)", () => {
  const la = testContext({ timeZone: "America/Los_Angeles" });
  assert.equal(call("to_timestamp", [s("2016-12-31 00:12:00")]), ts("2016-12-31 00:12:00"));
  assert.equal(call("to_timestamp", [s("2016-12-31"), s("yyyy-MM-dd")]), ts("2016-12-31"));
  assert.equal(call("to_date", [s("2009-07-30 04:17:52")]), day("2009-07-30"));
  assert.equal(call("to_date", [s("2016-12-31"), s("yyyy-MM-dd")]), day("2016-12-31"));
  assert.equal(call("to_timestamp_ntz", [s("2016-12-31 00:12:00")]), ts("2016-12-31 00:12:00"));
  assert.equal(call("unix_timestamp", [s("2016-04-08"), s("yyyy-MM-dd")], la), 1460098800);
  assert.equal(call("to_unix_timestamp", [s("2016-04-08"), s("yyyy-MM-dd")], la), 1460098800);
  assert.equal(call("unix_timestamp", [s("2016-04-08 00:00:00")]), 1460073600);
  assert.equal(call("unix_timestamp", [], testContext({ currentTimeMicros: 1_500_000 })), 1);
  assert.equal(call("from_unixtime", [[LONG, 0], s("yyyy-MM-dd HH:mm:ss")], la), "1969-12-31 16:00:00");
  assert.equal(call("from_unixtime", [[LONG, 0]]), "1970-01-01 00:00:00");
  assert.equal(call("date_format", [[TIMESTAMP, ts("2016-04-08")], s("y")]), "2016");
  assert.equal(call("date_format", [s("2015-04-08"), s("MM/dd/yyy")]), "04/08/2015");
  assert.equal(call("date_format", [[DATE, day("1970-01-01")], s("D DD DDD")]), "1 01 001");
  // Unparseable: CANNOT_PARSE_TIMESTAMP with ANSI on, NULL with it off.
  assert.throws(
    () => call("to_timestamp", [s("Unparseable"), s("yyyy-MM-dd HH:mm:ss.SSS")]),
    (e: unknown) => e instanceof TsparkError && e.errorClass === "CANNOT_PARSE_TIMESTAMP",
  );
  const off = testContext({ ansi: false });
  assert.equal(call("to_timestamp", [s("Unparseable"), s("yyyy-MM-dd HH:mm:ss.SSS")], off), null);
  assert.equal(call("to_date", [s("2020-01-27T20:06:11.847"), s("yyyy-MM-dd HH:mm:ss.SSS")], off), null);
  assert.equal(call("unix_timestamp", [s("Unparseable"), s("yyyy-MM-dd HH:mm:ss.SSS")], off), null);
  assert.equal(call("try_to_timestamp", [s("foo"), s("yyyy-MM-dd")]), null);
  assert.throws(
    () => call("to_timestamp", [s("abc")]),
    (e: unknown) => e instanceof TsparkError && e.errorClass === "CAST_INVALID_INPUT",
  );
  // Column names.
  const from = byName("from_unixtime");
  assert.equal(from.sql?.(["0"], "from_unixtime"), "from_unixtime(0, yyyy-MM-dd HH:mm:ss)");
  assert.equal(
    byName("unix_timestamp").sql?.([], "unix_timestamp"),
    "unix_timestamp(current_timestamp(), yyyy-MM-dd HH:mm:ss)",
  );
  assert.equal(byName("months_between").sql?.(["a", "b"], "months_between"), "months_between(a, b, true)");
  assert.equal(byName("day").sql?.(["d"], "day"), "day(d)");
});

test("zone conversion and make_* (Spark docs examples)", () => {
  const f = (v: unknown) => formatTimestamp(v as number, "UTC");
  assert.equal(f(call("from_utc_timestamp", [s("2016-08-31"), s("Asia/Seoul")])), "2016-08-31 09:00:00");
  assert.equal(f(call("to_utc_timestamp", [s("2016-08-31"), s("Asia/Seoul")])), "2016-08-30 15:00:00");
  assert.equal(formatDate(call("make_date", [i(2013), i(7), i(15)]) as number), "2013-07-15");
  assert.throws(
    () => call("make_date", [i(2019), i(13), i(1)]),
    (e: unknown) =>
      e instanceof TsparkError &&
      e.errorClass === "DATETIME_FIELD_OUT_OF_BOUNDS" &&
      e.message.includes("Invalid value for MonthOfYear (valid values 1 - 12): 13"),
  );
  assert.equal(call("make_date", [i(2019), i(2), i(30)], testContext({ ansi: false })), null);
  const sec = (v: bigint): [DataType, unknown] => [new DecimalType(16, 6), v];
  const mk = (...a: [DataType, unknown][]) => f(call("make_timestamp", a));
  assert.equal(mk(i(2014), i(12), i(28), i(6), i(30), sec(45_887_000n)), "2014-12-28 06:30:45.887");
  assert.equal(mk(i(2014), i(12), i(28), i(6), i(30), sec(45_887_000n), s("CET")), "2014-12-28 05:30:45.887");
  assert.equal(mk(i(2019), i(6), i(30), i(23), i(59), sec(60_000_000n)), "2019-07-01 00:00:00");
  assert.throws(
    () => call("make_timestamp", [i(2019), i(6), i(30), i(23), i(59), sec(60_500_000n)]),
    (e: unknown) => e instanceof TsparkError && e.errorClass === "INVALID_FRACTION_OF_SECOND",
  );
  assert.equal(
    call(
      "make_timestamp",
      [i(2019), i(6), i(30), i(23), i(59), sec(60_500_000n)],
      testContext({ ansi: false }),
    ),
    null,
  );
  assert.equal(
    call(
      "make_timestamp",
      [i(2019), i(13), i(1), i(10), i(11), sec(12_000_000n)],
      testContext({ ansi: false }),
    ),
    null,
  );
});

test("arguments of other types are rejected at bind", () => {
  assert.throws(
    () => evalScalar(byName("date_add"), [argOf(DATE), argOf(DOUBLE)], [0, 1.5]),
    (e: unknown) => e instanceof TsparkError && e.errorClass === "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE",
  );
});

test("Spark's argument rules: numbers for to_timestamp, truncating unix_timestamp, strict days", () => {
  const f = (v: unknown) => formatTimestamp(v as number, "UTC");
  // ParseToTimestamp accepts numeric seconds (Spark 4 inputTypes include NumericType).
  assert.equal(f(call("to_timestamp", [[LONG, 1230219000]])), "2008-12-25 15:30:00");
  assert.equal(f(call("to_timestamp", [[DOUBLE, 1.5]])), "1970-01-01 00:00:01.5");
  // ToTimestamp divides with Java's `/`: toward zero for instants before the epoch.
  assert.equal(call("unix_timestamp", [[TIMESTAMP, -1_500_000]]), -1);
  assert.equal(call("unix_timestamp", [[TIMESTAMP, -500_000]]), 0);
  // TIMESTAMP_NTZ is divided as is (its wall clock read as UTC).
  assert.equal(
    call("unix_timestamp", [[TIMESTAMP_NTZ, ts("1970-01-01 01:00:00")]], testContext({ timeZone: "+05:00" })),
    3600,
  );
  // DateAdd uses ExpectsInputTypes: a BIGINT day count is rejected, a string is cast.
  const dateAdd = byName("date_add");
  assert.deepEqual(dateAdd.coerce?.([DATE, LONG]), [undefined, undefined]);
  assert.deepEqual(dateAdd.coerce?.([STRING, STRING]), [DATE, undefined]);
  // date.sql.out: a string literal day count is read as an integer. With ANSI on (Spark 4's
  // default) the string is cast to INT, so '1.2' is CAST_INVALID_INPUT; nonansi/date.sql.out keeps
  // SECOND_FUNCTION_ARGUMENT_NOT_INTEGER and rejects a string column.
  assert.equal(call("date_add", [s("2011-11-11"), s("1")]), day("2011-11-12"));
  assert.throws(
    () => call("date_sub", [s("2011-11-11"), s("1.2")]),
    (e: unknown) => e instanceof TsparkError && e.errorClass === "CAST_INVALID_INPUT",
  );
  assert.throws(
    () => call("date_sub", [s("2011-11-11"), s("1.2")], testContext({ ansi: false })),
    (e: unknown) => e instanceof TsparkError && e.errorClass === "SECOND_FUNCTION_ARGUMENT_NOT_INTEGER",
  );
  assert.throws(
    () => evalScalar(dateAdd, [argOf(DATE), argOf(LONG)], [0, 1]),
    (e: unknown) =>
      e instanceof TsparkError &&
      e.errorClass === "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE" &&
      e.messageParameters.requiredType === '("INT" or "SMALLINT" or "TINYINT")',
  );
  // extract/date_part: a NULL field gives NULL; a non-constant field is rejected.
  assert.equal(
    call("date_part", [
      [STRING, null],
      [DATE, 0],
    ]),
    null,
  );
  assert.throws(
    () => evalScalar(byName("date_part"), [argOf(STRING), argOf(DATE)], ["YEAR", 0]),
    (e: unknown) => e instanceof TsparkError && e.errorClass === "NON_FOLDABLE_ARGUMENT",
  );
});

test("DST-aware truncation and fields in America/Los_Angeles", () => {
  const la = testContext({ timeZone: "America/Los_Angeles" });
  // 2024-03-10 is 23 hours long in Los Angeles: midnight is PST (-08:00), noon is PDT (-07:00).
  const noon = ts("2024-03-10 19:00:00");
  assert.equal(call("date_trunc", [s("DAY"), [TIMESTAMP, noon]], la), ts("2024-03-10 08:00:00"));
  assert.equal(call("date_trunc", [s("HOUR"), [TIMESTAMP, noon + 1_234_567]], la), noon);
  assert.equal(call("hour", [[TIMESTAMP, noon]], la), 12);
  assert.equal(call("to_date", [[TIMESTAMP, ts("2024-03-10 07:59:59")]], la), day("2024-03-09"));
  assert.equal(call("to_timestamp", [s("2024-03-10 02:30:00")], la), ts("2024-03-10 10:30:00"));
});
