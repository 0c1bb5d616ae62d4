/**
 * `sequence(start, stop[, step])` for integral types and for dates with a day/month interval step.
 */
import { TsparkError } from "../../common/errors.js";
import { dateToDays, daysInMonth, daysToDate } from "../../data/datetime.js";
import type { CalendarInterval } from "../../data/values.js";
import { normLong } from "../../data/values.js";
import { findWiderCommonType } from "../../types/coercion.js";
import { ArrayType, type DataType, isIntegral } from "../../types/data-type.js";
import type { ScalarFunctionDefinition } from "../function-definition.js";
import { wrongArgType } from "./helpers.js";

/** Spark's cap on array length (`ByteArrayMethods.MAX_ROUNDED_ARRAY_LENGTH`). */
const MAX_ARRAY_LENGTH = 2147483632;

function illegal(start: unknown, stop: unknown, step: unknown): TsparkError {
  return new TsparkError("ILLEGAL_ARGUMENT", {
    messageParameters: {
      message: `requirement failed: Illegal sequence boundaries: ${start} to ${stop} by ${step}`,
    },
  });
}

function tooLong(length: bigint): TsparkError {
  return new TsparkError("COLLECTION_SIZE_LIMIT_EXCEEDED.PARAMETER", {
    messageParameters: {
      numberOfElements: String(length),
      maxRoundedArrayLength: String(MAX_ARRAY_LENGTH),
      functionName: "`sequence`",
      parameter: "`count`",
    },
  });
}

function integralSequence(start: unknown, stop: unknown, step: unknown): unknown[] {
  const a = BigInt(start as number | bigint);
  const b = BigInt(stop as number | bigint);
  const s = step === undefined ? (a <= b ? 1n : -1n) : BigInt(step as number | bigint);
  if ((s > 0n && a > b) || (s < 0n && a < b) || (s === 0n && a !== b)) throw illegal(start, stop, step);
  if (a === b) return [normLong(a)];
  const len = (b - a) / s + 1n;
  if (len > BigInt(MAX_ARRAY_LENGTH)) throw tooLong(len);
  const out = new Array<unknown>(Number(len));
  if (Number.isSafeInteger(Number(a)) && Number.isSafeInteger(Number(b))) {
    const x = Number(a);
    const d = Number(s);
    for (let i = 0; i < out.length; i++) out[i] = x + i * d;
  } else {
    for (let i = 0; i < out.length; i++) out[i] = normLong(a + BigInt(i) * s);
  }
  return out;
}

function addMonths(days: number, months: number): number {
  const { year, month, day } = daysToDate(days);
  const total = year * 12 + (month - 1) + months;
  const y = Math.floor(total / 12);
  const m = total - y * 12 + 1;
  return dateToDays(y, m, Math.min(day, daysInMonth(y, m)));
}

function dateSequence(start: number, stop: number, step: CalendarInterval | undefined): number[] {
  const months = step?.months ?? 0;
  const days = step ? step.days + Math.trunc(step.micros / 86_400_000_000) : start <= stop ? 1 : -1;
  const positive = months > 0 || (months === 0 && days > 0);
  const negative = months < 0 || (months === 0 && days < 0);
  if (
    (positive && start > stop) ||
    (negative && start < stop) ||
    (!positive && !negative && start !== stop)
  ) {
    throw illegal(start, stop, step ? `${months} months ${days} days` : days);
  }
  const out: number[] = [];
  for (let i = 0; ; i++) {
    const d = addMonths(start, months * i) + days * i;
    if (positive ? d > stop : d < stop) break;
    out.push(d);
    if (!positive && !negative) break;
    if (out.length > MAX_ARRAY_LENGTH) throw tooLong(BigInt(out.length));
  }
  return out;
}

/**
 * `sequence(start, stop[, step])`: integers from start to stop inclusive (step defaults to 1 or
 * -1), or dates stepping by an interval (default one day).
 */
export const sequenceFunction: ScalarFunctionDefinition = {
  type: "scalar",
  name: "sequence",
  args: { min: 2, max: 3 },
  docs: {
    usage:
      "sequence(start, stop[, step]) - Generates an array of elements from start to stop (inclusive), incrementing by step.",
    examples: [
      { sql: "sequence(1, 5)", result: "[1, 2, 3, 4, 5]" },
      { sql: "sequence(5, 1)", result: "[5, 4, 3, 2, 1]" },
    ],
    since: "2.4.0",
  },
  coerce: (types) => {
    const ends = types.slice(0, 2);
    if (ends.every((t) => isIntegral(t))) {
      const w = findWiderCommonType(types.every((t) => isIntegral(t)) ? types : ends);
      return w ? types.map((t) => (isIntegral(t) ? w : undefined)) : [];
    }
    return [];
  },
  bind(args) {
    const t: DataType | undefined = args[0]?.dataType;
    const nullable = args.some((a) => a.nullable);
    if (t && isIntegral(t)) {
      if (!isIntegral(args[1]?.dataType ?? t)) throw wrongArgType("sequence", args, 1, `"${t.sql()}"`);
      if (args[2] && !isIntegral(args[2].dataType)) throw wrongArgType("sequence", args, 2, `"${t.sql()}"`);
      return {
        dataType: new ArrayType(t, false),
        nullable,
        eval: (a, b, s) => integralSequence(a, b, s),
      };
    }
    if (t?.kind === "date" && args[1]?.dataType.kind === "date") {
      if (args[2] && args[2].dataType.kind !== "calendar_interval") {
        throw wrongArgType("sequence", args, 2, '"INTERVAL"');
      }
      return {
        dataType: new ArrayType(t, false),
        nullable,
        eval: (a, b, s) => dateSequence(a as number, b as number, s as CalendarInterval | undefined),
      };
    }
    throw wrongArgType("sequence", args, 0, '("INTEGRAL" or "DATE")');
  },
};
