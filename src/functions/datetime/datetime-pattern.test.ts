import assert from "node:assert/strict";
import { test } from "node:test";
import { TsparkError } from "../../common/errors.js";
import { getTimeZone, parseTimestamp } from "../../data/datetime.js";
import { DateTimePattern, getPattern } from "./datetime-pattern.js";

const LA = getTimeZone("America/Los_Angeles");
const UTC = getTimeZone("UTC");

// Values from Spark's sql-tests datetime-formatting.sql.out (session zone America/Los_Angeles).
const ts = (s: string): number => parseTimestamp(s, UTC) as number;
const rows: [number, string][] = [
  [
    ts("1970-01-01 00:00:00.000Europe/Paris"),
    "1969-12-31 15:0:0 1969-12-31 15:00:00.000 69 1969 01969 Dec December 12 12 3 3 03 15 15 3 03 PM",
  ],
  [
    ts("1970-12-31 23:59:59.999Asia/Srednekolymsk"),
    "1970-12-31 4:59:59 1970-12-31 04:59:59.999 70 1970 01970 Dec December 12 12 3 4 04 4 04 4 04 AM",
  ],
  [
    ts("1996-04-01 00:33:33.123Australia/Darwin"),
    "1996-3-31 7:3:33 1996-03-31 07:03:33.123 96 1996 01996 Mar March 3 03 3 7 07 7 07 7 07 AM",
  ],
  [
    ts("2018-11-17 13:33:33.123Z"),
    "2018-11-17 5:33:33 2018-11-17 05:33:33.123 18 2018 02018 Nov November 11 11 3 5 05 5 05 5 05 AM",
  ],
  [
    ts("2100-01-01 01:33:33.123America/Los_Angeles"),
    "2100-1-1 1:33:33 2100-01-01 01:33:33.123 00 2100 02100 Jan January 1 01 1 1 01 1 01 1 01 AM",
  ],
];

test("formats Spark's pattern letters (datetime-formatting.sql.out)", () => {
  const p = DateTimePattern.compile(
    "y-M-d H:m:s yyyy-MM-dd HH:mm:ss.SSS yy yyy yyyyy MMM MMMM L LL F h hh k kk K KK a",
    false,
  );
  for (const [micros, expected] of rows) assert.equal(p.format(micros, LA), expected);
  const q = DateTimePattern.compile("q qq Q QQ QQQ QQQQ", false);
  assert.equal(q.format(ts("2018-11-17 13:33:33.123Z"), LA), "4 04 4 04 Q4 4th quarter");
  const e = DateTimePattern.compile("E EE EEE EEEE", false);
  assert.equal(e.format(ts("2018-11-17 13:33:33.123Z"), LA), "Sat Sat Sat Saturday");
  const d = DateTimePattern.compile("D DD DDD", false);
  assert.equal(d.format(ts("1970-01-01 08:00:00Z"), LA), "1 01 001");
});

test("formats zones and offsets", () => {
  const t = ts("2018-11-17 13:33:33.123Z");
  const z = DateTimePattern.compile("z zz zzz zzzz X XX XXX  Z ZZ ZZZ ZZZZ ZZZZZ", false);
  assert.equal(
    z.format(t, LA),
    "PST PST PST Pacific Standard Time -08 -0800 -08:00  -0800 -0800 -0800 GMT-08:00 -08:00",
  );
  const v = DateTimePattern.compile("VV O OOOO XXXX XXXXX x xx xxx xxxx xxxx xxxxx", false);
  assert.equal(
    v.format(t, LA),
    "America/Los_Angeles GMT-8 GMT-08:00 -0800 -08:00 -08 -0800 -08:00 -0800 -0800 -08:00",
  );
  // Before 1883 Los Angeles used local mean time (-07:52:58); 1582 is out of tspark's range.
  const lmt = ts("1800-01-01 00:00:00Z");
  assert.equal(getPattern("yyyy-MM-dd HH:mm:ss", false).format(lmt, LA), "1799-12-31 16:07:02");
  assert.equal(
    v.format(lmt, LA),
    "America/Los_Angeles GMT-7:52:58 GMT-07:52:58 -075258 -07:52:58 -0752 -0752 -07:52 -075258 -075258 -07:52:58",
  );
  assert.equal(DateTimePattern.compile("X", false).format(t, UTC), "Z");
});

test("literals, quotes and optional sections", () => {
  const t = ts("2015-04-08 13:05:00Z");
  // PySpark docs: date_format('2015-04-08', 'MM/dd/yyy') = 04/08/2015.
  assert.equal(getPattern("MM/dd/yyy", false).format(t, UTC), "04/08/2015");
  assert.equal(getPattern("yyyy-MM-dd'T'HH:mm''ss", false).format(t, UTC), "2015-04-08T13:05'00");
  assert.equal(getPattern("yyyy[-MM]", false).format(t, UTC), "2015-04");
});

test("invalid patterns raise Spark's errors (datetime-formatting-invalid.sql.out)", () => {
  const cls = (p: string): string => {
    try {
      DateTimePattern.compile(p, false);
      return "ok";
    } catch (e) {
      return e instanceof TsparkError ? `${e.errorClass}:${e.messageParameters.message ?? ""}` : "other";
    }
  };
  const recog = "INCONSISTENT_BEHAVIOR_CROSS_VERSION.DATETIME_PATTERN_RECOGNITION:";
  for (const p of ["GGGGG", "yyyyyyy", "MMMMM", "LLLLL", "EEEEE", "FF", "ddd", "DDDD", "HHH", "hhh", "kkk"]) {
    assert.equal(cls(p), recog, p);
  }
  for (const p of ["KKK", "mmm", "sss", "SSSSSSSSSS", "aa", "zzzzz", "ZZZZZZ", "Y", "w", "W", "u"]) {
    assert.equal(cls(p), recog, p);
  }
  // Spark 4.0's datetime-formatting-invalid.sql.out error classes.
  assert.equal(cls("qqqqq"), "INVALID_DATETIME_PATTERN.LENGTH:");
  assert.equal(cls("V"), "ILLEGAL_ARGUMENT:Pattern letter count must be 2: V");
  assert.equal(cls("OO"), "ILLEGAL_ARGUMENT:Pattern letter count must be 1 or 4: O");
  assert.equal(cls("XXXXXX"), "ILLEGAL_ARGUMENT:Too many pattern letters: X");
  assert.equal(cls("A"), "INVALID_DATETIME_PATTERN.ILLEGAL_CHARACTER:");
  assert.equal(cls("p"), "INVALID_DATETIME_PATTERN.ILLEGAL_CHARACTER:");
  assert.equal(cls("e"), "INCONSISTENT_BEHAVIOR_CROSS_VERSION.DATETIME_WEEK_BASED_PATTERN:");
  assert.equal(cls("C"), "ILLEGAL_ARGUMENT:Unknown pattern letter: C");
});

test("parses with patterns (Spark docs and datetime-parsing-invalid.sql.out)", () => {
  const parse = (s: string, p: string, fail = false, policy = "CORRECTED"): number | null =>
    getPattern(p, true).parse(s, UTC, fail, policy);
  // to_timestamp('2016-12-31', 'yyyy-MM-dd') = 2016-12-31 00:00:00
  assert.equal(parse("2016-12-31", "yyyy-MM-dd"), ts("2016-12-31"));
  assert.equal(parse("2016-12-31 00:12:00", "yyyy-MM-dd HH:mm:ss"), ts("2016-12-31 00:12:00"));
  assert.equal(parse("2020-01-27 20:06:11.847", "yyyy-MM-dd HH:mm:ss.SSS"), ts("2020-01-27 20:06:11.847"));
  assert.equal(parse("2020-01-27 20:06:11.8", "yyyy-MM-dd HH:mm:ss.SSS"), ts("2020-01-27 20:06:11.8"));
  assert.equal(parse("20200127", "yyyyMMdd"), ts("2020-01-27"));
  assert.equal(parse("2019-10-06 10:11:12 PM", "yyyy-MM-dd hh:mm:ss a"), ts("2019-10-06 22:11:12"));
  assert.equal(parse("Oct 06 2019", "MMM dd yyyy"), ts("2019-10-06"));
  assert.equal(parse("2019-10-06T10:11:12+02:00", "yyyy-MM-dd'T'HH:mm:ssXXX"), ts("2019-10-06 08:11:12"));
  assert.equal(
    parse("2019-10-06 10:11:12 Europe/Madrid", "yyyy-MM-dd HH:mm:ss VV"),
    ts("2019-10-06 08:11:12"),
  );
  assert.equal(parse("2019-10", "yyyy-MM[-dd]"), ts("2019-10-01"));
  assert.equal(parse("2019-10-06", "yyyy-MM[-dd]"), ts("2019-10-06"));
  assert.equal(parse("2020-365", "yyyy-DDD"), ts("2020-12-30"));
  // Unparseable → null (ANSI off) or CANNOT_PARSE_TIMESTAMP (ANSI on).
  assert.equal(parse("2020-01-27T20:06:11.847", "yyyy-MM-dd HH:mm:ss.SSS"), null);
  assert.equal(parse("Unparseable", "yyyy-MM-dd HH:mm:ss.SSS"), null);
  assert.equal(parse("366", "D"), null);
  assert.equal(parse("2019-366", "yyyy-DDD"), null);
  assert.equal(parse("30-365", "dd-DDD"), null);
  assert.equal(parse("-12", "yy"), null);
  assert.throws(
    () => parse("Unparseable", "yyyy-MM-dd HH:mm:ss.SSS", true),
    (e: unknown) =>
      e instanceof TsparkError &&
      e.errorClass === "CANNOT_PARSE_TIMESTAMP" &&
      e.message.includes("Text 'Unparseable' could not be parsed at index 0"),
  );
  // Only the legacy parser accepts these: unparseable under Spark 4's default policy (CORRECTED),
  // an upgrade error under EXCEPTION (datetime-parsing-invalid.sql.out before Spark 4).
  assert.equal(parse("1", "yy"), null);
  assert.equal(parse("2020-1-1", "yyyy-MM-dd"), null);
  for (const [s, p] of [
    ["1", "yy"],
    ["123", "yy"],
    ["1", "yyy"],
    ["9", "DD"],
    ["99", "DDD"],
    ["2020-1-1", "yyyy-MM-dd"],
  ] as const) {
    assert.throws(
      () => parse(s, p, false, "EXCEPTION"),
      (e: unknown) =>
        e instanceof TsparkError &&
        e.errorClass === "INCONSISTENT_BEHAVIOR_CROSS_VERSION.PARSE_DATETIME_BY_NEW_PARSER",
      `${s} / ${p}`,
    );
  }
  assert.equal(getPattern("yyyy-MM-dd", true).parse("2020-1-1", UTC, false, "CORRECTED"), null);
  assert.equal(getPattern("yyyy-MM-dd", true).parse("2020-1-1", UTC, false, "LEGACY"), ts("2020-01-01"));
  assert.throws(() => getPattern("EEE yyyy", true), TsparkError);
});

test("zone names follow java.time's short and long names", () => {
  const p = getPattern("z zzzz", false);
  assert.equal(
    p.format(ts("2024-07-15 12:00:00"), getTimeZone("Europe/Madrid")),
    "CEST Central European Summer Time",
  );
  assert.equal(
    p.format(ts("2024-01-15 12:00:00"), getTimeZone("Europe/Madrid")),
    "CET Central European Standard Time",
  );
  assert.equal(p.format(ts("2024-07-15 12:00:00"), getTimeZone("PST")), "PDT Pacific Daylight Time");
  assert.equal(getPattern("VV", false).format(0, getTimeZone("PST")), "America/Los_Angeles");
});

test("to_timestamp parsing cases from ansi/timestamp.sql.out (session zone America/Los_Angeles)", () => {
  const la = (v: string): number => parseTimestamp(v, LA) as number;
  const ok = (text: string, pattern: string, expected: string) =>
    assert.equal(getPattern(pattern, true).parse(text, LA, true), la(expected), `${text} / ${pattern}`);
  const bad = (text: string, pattern: string, message: string) =>
    assert.throws(
      () => getPattern(pattern, true).parse(text, LA, true),
      (e: unknown) =>
        e instanceof TsparkError && e.errorClass === "CANNOT_PARSE_TIMESTAMP" && e.message.includes(message),
      `${text} / ${pattern}`,
    );
  const p = "yyyy-MM-dd HH:mm:ss.SSSSSS[zzz]";
  bad("2019-10-06 10:11:12.", p, "Text '2019-10-06 10:11:12.' could not be parsed at index 20");
  ok("2019-10-06 10:11:12.0", p, "2019-10-06 10:11:12");
  ok("2019-10-06 10:11:12.1", p, "2019-10-06 10:11:12.1");
  ok("2019-10-06 10:11:12.12", p, "2019-10-06 10:11:12.12");
  ok("2019-10-06 10:11:12.123UTC", p, "2019-10-06 03:11:12.123");
  ok("2019-10-06 10:11:12.1234", p, "2019-10-06 10:11:12.1234");
  ok("2019-10-06 10:11:12.12345CST", p, "2019-10-06 08:11:12.12345");
  ok("2019-10-06 10:11:12.123456PST", p, "2019-10-06 10:11:12.123456");
  bad("2019-10-06 10:11:12.1234567PST", p, "unparsed text found at index 26");
  const q = "SSSSSS yyyy-MM-dd HH:mm:ss.SSSSSS[zzz]";
  ok("123456 2019-10-06 10:11:12.123456PST", q, "2019-10-06 10:11:12.123456");
  bad("223456 2019-10-06 10:11:12.123456PST", q, "could not be parsed at index 27");
  ok("2019-10-06 10:11:12.1234", "yyyy-MM-dd HH:mm:ss.[SSSSSS]", "2019-10-06 10:11:12.1234");
  ok("2019-10-06 10:11:12.123", "yyyy-MM-dd HH:mm:ss[.SSSSSS]", "2019-10-06 10:11:12.123");
  ok("2019-10-06 10:11:12", "yyyy-MM-dd HH:mm:ss[.SSSSSS]", "2019-10-06 10:11:12");
  ok("2019-10-06 10:11:12.12", "yyyy-MM-dd HH:mm[:ss.SSSSSS]", "2019-10-06 10:11:12.12");
  ok("2019-10-06 10:11", "yyyy-MM-dd HH:mm[:ss.SSSSSS]", "2019-10-06 10:11:00");
  ok("2019-10-06S10:11:12.12345", "yyyy-MM-dd'S'HH:mm:ss.SSSSSS", "2019-10-06 10:11:12.12345");
  ok("12.12342019-10-06S10:11", "ss.SSSSyyyy-MM-dd'S'HH:mm", "2019-10-06 10:11:12.1234");
  bad("12.1232019-10-06S10:11", "ss.SSSSyyyy-MM-dd'S'HH:mm", "could not be parsed at index 7");
  bad("12.1232019-10-06S10:11", "ss.SSSSyy-MM-dd'S'HH:mm", "could not be parsed at index 9");
  ok("2019-10-06S", "yyyy-MM-dd'S'", "2019-10-06 00:00:00");
  ok("S2019-10-06", "'S'yyyy-MM-dd", "2019-10-06 00:00:00");
  ok("2019-10-06T10:11:12'12", "yyyy-MM-dd'T'HH:mm:ss''SSSS", "2019-10-06 10:11:12.12");
  ok("2019-10-06T10:11:12'", "yyyy-MM-dd'T'HH:mm:ss''", "2019-10-06 10:11:12");
  ok("'2019-10-06T10:11:12", "''yyyy-MM-dd'T'HH:mm:ss", "2019-10-06 10:11:12");
  ok("P2019-10-06T10:11:12", "'P'yyyy-MM-dd'T'HH:mm:ss", "2019-10-06 10:11:12");
  ok("16", "dd", "1970-01-16 00:00:00");
  bad("02-29", "MM-dd", "Invalid date 'February 29' as '1970' is not a leap year");
  ok("2019 40", "yyyy mm", "2019-01-01 00:40:00");
  ok("2019 10:10:10", "yyyy hh:mm:ss", "2019-01-01 10:10:10");
});

test("dates and wall-clock parsing for data sources", () => {
  const p = getPattern("yyyy-MM-dd", false);
  assert.equal(p.formatDate(-1), "1969-12-31");
  const q = getPattern("yyyy-MM-dd HH:mmXXX", true);
  // The date part is kept as written, whatever the offset says.
  assert.equal(q.parseDate("2024-01-31 23:30+05:00", false), 19753);
  assert.equal(q.parse("2024-01-31 23:30+05:00", UTC, false, "CORRECTED", true), ts("2024-01-31 23:30:00"));
  assert.equal(q.parse("2024-01-31 23:30+05:00", UTC, false), ts("2024-01-31 18:30:00"));
});
