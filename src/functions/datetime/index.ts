/**
 * The datetime function family: one definition per file (small related ones share a file),
 * collected here in name order.
 * May import: common/, types/, data/, functions/ (the contract and helpers).
 */
import type { FunctionDefinition } from "../function-definition.js";
import { curdate, currentDate, currentTimestamp, currentTimezone, localtimestamp, now } from "./current.js";
import { addMonths, dateAdd, datediff, dateSub, lastDay, monthsBetween, nextDay } from "./date-arithmetic.js";
import {
  dateFromUnixDate,
  timestampMicros,
  timestampMillis,
  timestampSeconds,
  unixDate,
  unixMicros,
  unixMillis,
  unixSeconds,
} from "./epoch.js";
import {
  datePart,
  dayname,
  dayofmonth,
  dayofweek,
  dayofyear,
  extract,
  hour,
  minute,
  month,
  monthname,
  quarter,
  second,
  weekday,
  weekofyear,
  year,
} from "./fields.js";
import { makeDtInterval, makeInterval, makeYmInterval } from "./interval-functions.js";
import { makeDate, makeTimestamp, makeTimestampLtz, makeTimestampNtz, tryMakeTimestamp } from "./make.js";
import {
  dateFormat,
  fromUnixtime,
  toDate,
  toTimestamp,
  toTimestampNtz,
  toUnixTimestamp,
  tryToTimestamp,
  unixTimestamp,
} from "./parse-format.js";
import { timestampadd, timestampdiff } from "./timestamp-add-diff.js";
import { dateTrunc, trunc } from "./trunc.js";
import { convertTimezone, fromUtcTimestamp, toUtcTimestamp } from "./zone-conversion.js";

/** Every datetime function definition, by name. */
export const DATETIME_FUNCTIONS: readonly FunctionDefinition[] = [
  addMonths,
  convertTimezone,
  curdate,
  currentDate,
  currentTimestamp,
  currentTimezone,
  dateAdd,
  datediff,
  dateFormat,
  dateFromUnixDate,
  datePart,
  dateSub,
  dateTrunc,
  dayname,
  dayofmonth,
  dayofweek,
  dayofyear,
  extract,
  fromUnixtime,
  fromUtcTimestamp,
  hour,
  lastDay,
  localtimestamp,
  makeDate,
  makeDtInterval,
  makeInterval,
  makeTimestamp,
  makeTimestampLtz,
  makeTimestampNtz,
  makeYmInterval,
  minute,
  month,
  monthname,
  monthsBetween,
  nextDay,
  now,
  quarter,
  second,
  timestampadd,
  timestampdiff,
  timestampMicros,
  timestampMillis,
  timestampSeconds,
  toDate,
  toTimestamp,
  toTimestampNtz,
  toUnixTimestamp,
  toUtcTimestamp,
  trunc,
  tryMakeTimestamp,
  tryToTimestamp,
  unixDate,
  unixMicros,
  unixMillis,
  unixSeconds,
  unixTimestamp,
  weekday,
  weekofyear,
  year,
];
