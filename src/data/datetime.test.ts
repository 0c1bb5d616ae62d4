import assert from "node:assert/strict";
import { test } from "node:test";
import { TsparkError } from "../common/errors.js";
import {
  checkMicros,
  dateToDays,
  daysToDate,
  formatDate,
  formatTimestamp,
  formatTimestampNtz,
  getTimeZone,
  isoWeekOfYear,
  isValidDate,
  microsToFields,
  parseDate,
  parseTimestamp,
  parseTimestampNtz,
  tryGetTimeZone,
} from "./datetime.js";

const S = 1_000_000;

test("days <-> civil dates round trip, including negative days and leap years", () => {
  assert.equal(dateToDays(1970, 1, 1), 0);
  assert.equal(dateToDays(2024, 1, 31), 19753);
  assert.equal(dateToDays(1969, 12, 31), -1);
  assert.equal(dateToDays(1, 1, 1), -719162);
  assert.deepEqual(daysToDate(-719162), { year: 1, month: 1, day: 1 });
  assert.deepEqual(daysToDate(dateToDays(2000, 2, 29)), { year: 2000, month: 2, day: 29 });
  assert.equal(isValidDate(2000, 2, 29), true);
  assert.equal(isValidDate(1900, 2, 29), false);
  assert.equal(isValidDate(2024, 2, 29), true);
  for (let d = -800000; d < 800000; d += 997) {
    const f = daysToDate(d);
    assert.equal(dateToDays(f.year, f.month, f.day), d);
  }
  assert.equal(formatDate(-1), "1969-12-31");
  assert.equal(formatDate(dateToDays(0, 1, 1)), "0000-01-01");
  assert.equal(formatDate(dateToDays(-1, 1, 1)), "-0001-01-01");
  assert.equal(formatDate(dateToDays(10000, 1, 1)), "+10000-01-01");
});

test("ISO week of year", () => {
  // Spark docs: weekofyear('2008-02-20') = 8.
  assert.equal(isoWeekOfYear(dateToDays(2008, 2, 20)), 8);
  assert.equal(isoWeekOfYear(dateToDays(2021, 1, 1)), 53);
  assert.equal(isoWeekOfYear(dateToDays(2024, 12, 30)), 1);
});

test("timestamp formatting trims fractional zeros", () => {
  const t = Date.UTC(2024, 0, 31, 12, 34, 56) * 1000;
  assert.equal(formatTimestamp(t, "UTC"), "2024-01-31 12:34:56");
  assert.equal(formatTimestamp(t + 123000, "UTC"), "2024-01-31 12:34:56.123");
  assert.equal(formatTimestamp(t + 123456, "UTC"), "2024-01-31 12:34:56.123456");
  assert.equal(formatTimestamp(t + 100, "UTC"), "2024-01-31 12:34:56.0001");
  assert.equal(formatTimestamp(t, "+02:00"), "2024-01-31 14:34:56");
  assert.equal(formatTimestamp(t, "America/Los_Angeles"), "2024-01-31 04:34:56");
  assert.equal(formatTimestampNtz(-1), "1969-12-31 23:59:59.999999");
});

test("time zone ids: offsets, prefixes, short ids, invalid", () => {
  assert.equal(getTimeZone("Z").offsetAtUtc(0), 0);
  assert.equal(getTimeZone("+02:00").offsetAtUtc(0), 7200);
  assert.equal(getTimeZone("GMT+8").offsetAtUtc(0), 8 * 3600);
  assert.equal(getTimeZone("UTC-08:30").offsetAtUtc(0), -(8 * 3600 + 1800));
  assert.equal(getTimeZone("+1:00").offsetAtUtc(0), 3600);
  assert.equal(getTimeZone("-0530").offsetAtUtc(0), -(5 * 3600 + 1800));
  assert.equal(getTimeZone("EST").offsetAtUtc(0), -5 * 3600);
  assert.equal(getTimeZone("Asia/Tokyo").offsetAtUtc(0), 9 * 3600);
  assert.equal(tryGetTimeZone("+19:00"), undefined);
  assert.equal(tryGetTimeZone("Mars/Olympus"), undefined);
  assert.throws(
    () => getTimeZone("Invalid/Zone"),
    (e: unknown) => e instanceof TsparkError && e.errorClass === "INVALID_TIMEZONE",
  );
});

test("DST: Los Angeles gap and overlap follow Java's rules", () => {
  const la = getTimeZone("America/Los_Angeles");
  // 2024-03-10 02:30 does not exist; Java moves it to 03:30 PDT = 10:30Z.
  assert.equal(parseTimestamp("2024-03-10 02:30:00", la), Date.UTC(2024, 2, 10, 10, 30) * 1000);
  // 2024-11-03 01:30 happens twice; Java takes the earlier offset (PDT, -7) = 08:30Z.
  assert.equal(parseTimestamp("2024-11-03 01:30:00", la), Date.UTC(2024, 10, 3, 8, 30) * 1000);
  assert.equal(formatTimestamp(Date.UTC(2024, 10, 3, 9, 30) * 1000, la), "2024-11-03 01:30:00");
  assert.equal(formatTimestamp(Date.UTC(2024, 6, 1, 12) * 1000, la), "2024-07-01 05:00:00");
});

test("DST: Madrid gap and overlap", () => {
  const md = getTimeZone("Europe/Madrid");
  assert.equal(parseTimestamp("2024-03-31 02:30:00", md), Date.UTC(2024, 2, 31, 1, 30) * 1000);
  assert.equal(parseTimestamp("2024-10-27 02:30:00", md), Date.UTC(2024, 9, 27, 0, 30) * 1000);
  const f = microsToFields(Date.UTC(2024, 9, 27, 1, 30) * 1000, md);
  assert.deepEqual([f.hour, f.minute], [2, 30]);
  // Before 1900 Madrid used local mean time (-00:14:44).
  assert.equal(formatTimestamp(Date.UTC(1890, 0, 1) * 1000, md), "1889-12-31 23:45:16");
});

test("parseDate accepts Spark's CAST forms", () => {
  const d = dateToDays(2015, 3, 18);
  assert.equal(parseDate("2015-03-18"), d);
  assert.equal(parseDate(" 2015-03-18 "), d);
  assert.equal(parseDate("2015-3-18"), d);
  assert.equal(parseDate("2015-03-18 123142"), d);
  assert.equal(parseDate("2015-03-18T123123"), d);
  assert.equal(parseDate("2015-03-18T"), d);
  assert.equal(parseDate("2015-03"), dateToDays(2015, 3, 1));
  assert.equal(parseDate("2015"), dateToDays(2015, 1, 1));
  assert.equal(parseDate("0001"), dateToDays(1, 1, 1));
  assert.equal(parseDate("-1-1-28"), null);
  assert.equal(parseDate("015-03-18"), null);
  assert.equal(parseDate("2015-03-18X"), null);
  assert.equal(parseDate("2015/03/18"), null);
  assert.equal(parseDate("2015-02-29"), null);
  assert.equal(parseDate("2015-03 x"), null);
  assert.equal(parseDate(""), null);
  assert.equal(parseDate("1999 08"), null);
});

test("parseTimestamp accepts Spark's CAST forms", () => {
  const base = Date.UTC(2015, 2, 18, 12, 3, 17) * 1000;
  assert.equal(parseTimestamp("2015-03-18 12:03:17", "UTC"), base);
  assert.equal(parseTimestamp("2015-03-18T12:03:17", "UTC"), base);
  assert.equal(parseTimestamp("2015-03-18T12:03:17Z", "+05:00"), base);
  assert.equal(parseTimestamp("2015-03-18 12:03:17Z", "UTC"), base);
  assert.equal(parseTimestamp("2015-03-18T12:03:17-1:0", "UTC"), base + 3600 * S);
  assert.equal(parseTimestamp("2015-03-18T12:03:17-01:00", "UTC"), base + 3600 * S);
  assert.equal(parseTimestamp("2015-03-18T12:03:17+07:30", "UTC"), base - 7.5 * 3600 * S);
  assert.equal(parseTimestamp("2015-03-18T12:03:17.123", "UTC"), base + 123000);
  assert.equal(parseTimestamp("2015-03-18T12:03:17.123456789", "UTC"), base + 123456);
  assert.equal(parseTimestamp("2015-03-18 12:03:17 UTC", "+01:00"), base);
  assert.equal(parseTimestamp("2015-03-18T12:03:17.456Europe/Moscow", "UTC"), base + 456000 - 3 * 3600 * S);
  assert.equal(parseTimestamp("2015-03-18 12:03:17GMT+8", "UTC"), base - 8 * 3600 * S);
  assert.equal(parseTimestamp("2015-03-18", "UTC"), Date.UTC(2015, 2, 18) * 1000);
  assert.equal(parseTimestamp("2015-03", "UTC"), Date.UTC(2015, 2, 1) * 1000);
  assert.equal(parseTimestamp("2015", "UTC"), Date.UTC(2015, 0, 1) * 1000);
  assert.equal(parseTimestamp("2015-03-18 12:03", "UTC"), base - 17 * S);
  assert.equal(parseTimestamp("2015-03-18 12", "UTC"), Date.UTC(2015, 2, 18, 12) * 1000);
  assert.equal(parseTimestamp("2015-03-18T", "UTC"), null);
  assert.equal(parseTimestamp("2015-03-18 12:03:17.123 Foo/Bar", "UTC"), null);
  assert.equal(parseTimestamp("2015-03-18 25:00:00", "UTC"), null);
  assert.equal(parseTimestamp("2015-02-30 00:00:00", "UTC"), null);
  assert.equal(parseTimestamp("abc", "UTC"), null);
  assert.equal(parseTimestamp("1999 08 01", "UTC"), null);
  // A time alone takes today's date from the query's current time.
  const now = Date.UTC(2020, 4, 5, 6, 7, 8) * 1000;
  assert.equal(parseTimestamp("12:03:17", "UTC", now), Date.UTC(2020, 4, 5, 12, 3, 17) * 1000);
  assert.equal(parseTimestamp("T12:03:17", "UTC", now), Date.UTC(2020, 4, 5, 12, 3, 17) * 1000);
  assert.equal(parseTimestamp("12:03:17", "UTC"), null);
});

test("a timestamp parse keeps nothing of the previous one (fields, zone, time alone)", () => {
  const now = Date.UTC(2020, 4, 5, 6, 7, 8) * 1000;
  const day = Date.UTC(2015, 2, 18) * 1000;
  assert.equal(
    parseTimestamp("2015-03-18T12:03:17.5+07:30", "UTC"),
    day + (12 * 3600 + 197.5 - 7.5 * 3600) * S,
  );
  assert.equal(parseTimestamp("2015-03-18", "UTC"), day);
  assert.equal(
    parseTimestamp("2015-03-18T01:02:03.999999 Europe/Moscow", "UTC"),
    day + (3723 - 3 * 3600) * S + 999999,
  );
  assert.equal(parseTimestamp("2015-03-18 01:02:03", "UTC"), day + 3723 * S);
  assert.equal(parseTimestamp("12:03:17", "UTC", now), Date.UTC(2020, 4, 5, 12, 3, 17) * 1000);
  assert.equal(parseTimestamp("2015-03", "UTC", now), Date.UTC(2015, 2, 1) * 1000);
  assert.equal(parseTimestamp("2015-13-01 12:00:00", "UTC"), null);
  assert.equal(parseTimestamp("2015-03-18 12:03:17.123 Foo/Bar", "UTC"), null);
  assert.equal(parseTimestamp("2016", "UTC"), Date.UTC(2016, 0, 1) * 1000);
  assert.equal(parseTimestampNtz("2015-03-18 01:02:03+08:00"), day + 3723 * S);
  assert.equal(parseTimestampNtz("2015-03-18 01:02:03", false), day + 3723 * S);
});

test("parseTimestampNtz ignores or rejects zones", () => {
  const t = Date.UTC(2015, 2, 18, 12, 3, 17) * 1000;
  assert.equal(parseTimestampNtz("2015-03-18 12:03:17+08:00"), t);
  assert.equal(parseTimestampNtz("2015-03-18 12:03:17+08:00", false), null);
  assert.equal(parseTimestampNtz("12:03:17"), null);
});

test("timestamps must stay safe integers", () => {
  assert.throws(
    () => checkMicros(2 ** 53),
    (e: unknown) => e instanceof TsparkError && e.errorClass === "DATETIME_OVERFLOW",
  );
  assert.throws(() => parseTimestamp("290000-01-01", "UTC"), TsparkError);
});
