/**
 * The datetime function family: one definition per file (small related ones share a file),
 * collected here in name order.
 * May import: common/, types/, data/, functions/ (the contract and helpers).
 */
import type { FunctionDefinition } from "../function-definition.js";
import { currentDate, currentTimestamp, currentTimezone, now } from "./current.js";
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
  dayofmonth,
  dayofweek,
  dayofyear,
  extract,
  hour,
  minute,
  month,
  quarter,
  second,
  weekday,
  weekofyear,
  year,
} from "./fields.js";
import { makeDate, makeTimestamp } from "./make.js";
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
import { dateTrunc, trunc } from "./trunc.js";
import { fromUtcTimestamp, toUtcTimestamp } from "./zone-conversion.js";

/** Every datetime function definition, by name. */
export const DATETIME_FUNCTIONS: readonly FunctionDefinition[] = [
  addMonths,
  currentDate,
  currentTimestamp,
  currentTimezone,
  dateAdd,
  dateFormat,
  dateFromUnixDate,
  datePart,
  dateSub,
  dateTrunc,
  datediff,
  dayofmonth,
  dayofweek,
  dayofyear,
  extract,
  fromUnixtime,
  fromUtcTimestamp,
  hour,
  lastDay,
  makeDate,
  makeTimestamp,
  minute,
  month,
  monthsBetween,
  nextDay,
  now,
  quarter,
  second,
  timestampMicros,
  timestampMillis,
  timestampSeconds,
  toDate,
  toTimestamp,
  toTimestampNtz,
  toUnixTimestamp,
  toUtcTimestamp,
  trunc,
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
