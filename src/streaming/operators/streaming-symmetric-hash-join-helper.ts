/**
 * Pure pieces of StreamingSymmetricHashJoinExec (Spark's StreamingSymmetricHashJoinHelper): how the
 * non-key join condition splits into per-side and joined-row predicates, and which rows each
 * side's state may drop under a watermark.
 *
 * - Condition split (`splitJoinCondition`): deterministic conjuncts that read only left columns
 *   (or no column) are the left side's, only right columns the right side's; the rest, and every
 *   nondeterministic conjunct (it must run once per joined row), apply to joined rows. A row that
 *   fails its own side's predicate can never match: it is not buffered, and an outer join's
 *   preserved side emits it with NULLs at once.
 * - State watermarks (`getStateWatermarkPredicates`), given the batch's eviction watermark W:
 *   1. a watermarked event-time column (or window) among the equi-join keys, at ordinal i: both
 *      sides drop keys whose i-th value (a window's `end`) is ≤ W ("state key watermark");
 *   2. otherwise a side with a watermarked input column drops rows whose event time is ≤ the
 *      bound the time-range condition gives with the other side's watermark
 *      (`getStateValueWatermark`, "state value watermark");
 *   3. otherwise the side's state is never cleaned.
 */
import {
  conjunctsOf,
  andAll,
  attributesOf,
  getStateValueWatermark,
  isWatermarkedAttribute,
  joinKeyOrdinalForWatermark,
} from "../../analysis/streaming-join-helper.js";
import type { AttributeReference, Expression } from "../../expressions/expression.js";
import { explainSql } from "../../expressions/display.js";
import { isDeterministic } from "../../optimizer/expression-utils.js";
import { typeOf } from "../../expressions/typing.js";
import { atOrBelowWatermark, eventTimeMicros } from "./watermark-support.js";

/** The join condition (without the equi-join keys) split Spark's way. */
export interface JoinConditionSplitPredicates {
  readonly leftSideOnly: Expression | undefined;
  readonly rightSideOnly: Expression | undefined;
  readonly bothSides: Expression | undefined;
  readonly full: Expression | undefined;
}

/** Splits `condition` over the two inputs (see the file header). */
export function splitJoinCondition(
  condition: Expression | undefined,
  left: readonly AttributeReference[],
  right: readonly AttributeReference[],
): JoinConditionSplitPredicates {
  const lids = new Set(left.map((a) => a.exprId));
  const rids = new Set(right.map((a) => a.exprId));
  const leftOnly: Expression[] = [];
  const rightOnly: Expression[] = [];
  const both: Expression[] = [];
  const nondeterministic: Expression[] = [];
  for (const c of conjunctsOf(condition)) {
    if (!isDeterministic(c)) {
      nondeterministic.push(c);
      continue;
    }
    const refs = attributesOf(c);
    if (refs.every((a) => lids.has(a.exprId))) leftOnly.push(c);
    else if (refs.every((a) => rids.has(a.exprId))) rightOnly.push(c);
    else both.push(c);
  }
  return {
    leftSideOnly: andAll(leftOnly),
    rightSideOnly: andAll(rightOnly),
    bothSides: andAll([...both, ...nondeterministic]),
    full: condition,
  };
}

/** Spark's explain text of the split: `[ leftOnly = …, rightOnly = …, both = …, full = … ]`. */
export function describeSplit(s: JoinConditionSplitPredicates): string {
  const show = (e: Expression | undefined) => (e === undefined ? "null" : explainSql(e));
  return `[ leftOnly = ${show(s.leftSideOnly)}, rightOnly = ${show(s.rightSideOnly)}, both = ${show(s.bothSides)}, full = ${show(s.full)} ]`;
}

/** Which state rows of one side a watermark lets go (see the file header). */
export type JoinStateWatermarkPredicate =
  | {
      /** Drop keys whose `ordinal`-th value (a window's end when `isWindow`) is ≤ `watermarkMs`. */
      readonly kind: "key";
      readonly ordinal: number;
      readonly isWindow: boolean;
      readonly watermarkMs: number;
    }
  | {
      /** Drop rows whose column `index` (a window's end when `isWindow`) is ≤ `watermarkMs`. */
      readonly kind: "value";
      readonly index: number;
      readonly isWindow: boolean;
      readonly watermarkMs: number;
    };

/** Both sides' predicates; undefined where a side's state is never cleaned. */
export interface JoinStateWatermarkPredicates {
  readonly left: JoinStateWatermarkPredicate | undefined;
  readonly right: JoinStateWatermarkPredicate | undefined;
}

/**
 * Spark's `getStateWatermarkPredicates` for the eviction watermark `eventWatermarkMs` (undefined:
 * the query has no watermark, nothing is ever dropped).
 */
export function getStateWatermarkPredicates(
  leftAttributes: readonly AttributeReference[],
  rightAttributes: readonly AttributeReference[],
  leftKeys: readonly Expression[],
  rightKeys: readonly Expression[],
  condition: Expression | undefined,
  eventWatermarkMs: number | undefined,
): JoinStateWatermarkPredicates {
  const ordinal = joinKeyOrdinalForWatermark(leftKeys, rightKeys);
  const oneSide = (
    input: readonly AttributeReference[],
    keys: readonly Expression[],
    other: readonly AttributeReference[],
  ): JoinStateWatermarkPredicate | undefined => {
    if (eventWatermarkMs === undefined) return undefined;
    if (ordinal !== undefined) {
      return {
        kind: "key",
        ordinal,
        isWindow: typeOf(keys[ordinal]!).kind === "struct",
        watermarkMs: eventWatermarkMs,
      };
    }
    const index = input.findIndex(isWatermarkedAttribute);
    if (index < 0) return undefined;
    const bound = getStateValueWatermark(input, other, condition, eventWatermarkMs);
    if (bound === undefined) return undefined;
    return { kind: "value", index, isWindow: input[index]!.dataType.kind === "struct", watermarkMs: bound };
  };
  return {
    left: oneSide(leftAttributes, leftKeys, rightAttributes),
    right: oneSide(rightAttributes, rightKeys, leftAttributes),
  };
}

/**
 * Whether an event-time value (a timestamp, or a window struct compared by its end) is at or below
 * the watermark (`value <= watermarkMs`, NULL never): the stateful operators' predicate
 * (watermark-support.ts).
 */
export function valueAtOrBelowWatermark(v: unknown, isWindow: boolean, watermarkMs: number): boolean {
  return atOrBelowWatermark(eventTimeMicros(v, isWindow), watermarkMs);
}

/** Whether `predicate` drops the state row `row` buffered under `key`. */
export function evictsStateRow(
  predicate: JoinStateWatermarkPredicate | undefined,
  key: readonly unknown[],
  row: readonly unknown[],
): boolean {
  if (predicate === undefined) return false;
  const v = predicate.kind === "key" ? key[predicate.ordinal] : row[predicate.index];
  return valueAtOrBelowWatermark(v, predicate.isWindow, predicate.watermarkMs);
}

/** Spark's explain text of a predicate (`null` when none). */
export function describeWatermarkPredicate(p: JoinStateWatermarkPredicate | undefined): string {
  if (p === undefined) return "null";
  const what = p.kind === "key" ? `key[${p.ordinal}]` : `value[${p.index}]`;
  const name = p.kind === "key" ? "JoinStateKeyWatermarkPredicate" : "JoinStateValueWatermarkPredicate";
  return `${name}(${what}${p.isWindow ? ".end" : ""} <= ${p.watermarkMs * 1000})`;
}
