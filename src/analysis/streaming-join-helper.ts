/**
 * What a stream-stream join's condition says about its state (Spark's `StreamingJoinHelper` and
 * `ExtractEquiJoinKeys`, written anew): the equi-join keys, whether a watermarked event-time column
 * is among them (the "state key watermark"), and the "state value watermark" a time-range
 * condition implies for one side given the other side's event-time watermark.
 *
 * Used by the UnsupportedOperationChecker (can an outer/semi join ever drop state?) and by
 * StreamingSymmetricHashJoinExec (what to evict each batch). Pure functions of the plan; no I/O.
 */
import type { AttributeReference, Expression } from "../expressions/expression.js";
import { exprChildren } from "../expressions/tree.js";
import { WATERMARK_DELAY_KEY } from "../plans/event-time.js";
import type { Join } from "../plans/logical-plan.js";
import type { DataType } from "../types/data-type.js";
import { outputOf } from "../plans/output.js";

/** The equi-join keys of a join and the rest of its condition (Spark's ExtractEquiJoinKeys). */
export interface EquiJoinSplit {
  readonly leftKeys: readonly Expression[];
  readonly rightKeys: readonly Expression[];
  /** Per key: whether it came from `<=>` (NULL equals NULL). */
  readonly nullSafe: readonly boolean[];
  /** The conjuncts that are not equi-join keys, AND-ed back; undefined when none. */
  readonly otherCondition: Expression | undefined;
}

/** Splits `a AND b AND c` into its conjuncts. */
export function conjunctsOf(e: Expression | undefined): Expression[] {
  if (!e) return [];
  return e.kind === "and" ? [...conjunctsOf(e.left), ...conjunctsOf(e.right)] : [e];
}

/** `conjuncts` AND-ed left to right; undefined for none. */
export function andAll(conjuncts: readonly Expression[]): Expression | undefined {
  return conjuncts.reduce<Expression | undefined>(
    (acc, c) => (acc ? { kind: "and", left: acc, right: c } : c),
    undefined,
  );
}

/** Every attribute referenced by `e`. */
export function attributesOf(e: Expression): AttributeReference[] {
  const out: AttributeReference[] = [];
  const walk = (x: Expression): void => {
    if (x.kind === "attribute") out.push(x);
    for (const c of exprChildren(x)) walk(c);
  };
  walk(e);
  return out;
}

/** Which inputs `e` reads: only the left one, only the right one, both, or none. */
function sideOf(
  e: Expression,
  lids: ReadonlySet<number>,
  rids: ReadonlySet<number>,
): "left" | "right" | "both" | "none" {
  let l = false;
  let r = false;
  for (const a of attributesOf(e)) {
    if (lids.has(a.exprId)) l = true;
    else if (rids.has(a.exprId)) r = true;
  }
  return l && r ? "both" : l ? "left" : r ? "right" : "none";
}

/** The equi-join keys (`=`, `<=>` between a left-only and a right-only expression) of `join`. */
export function extractEquiJoinKeys(join: Join): EquiJoinSplit {
  const lids = new Set(outputOf(join.left).map((a) => a.exprId));
  const rids = new Set(outputOf(join.right).map((a) => a.exprId));
  const leftKeys: Expression[] = [];
  const rightKeys: Expression[] = [];
  const nullSafe: boolean[] = [];
  const other: Expression[] = [];
  for (const c of conjunctsOf(join.condition)) {
    if (c.kind === "call" && (c.name === "=" || c.name === "==" || c.name === "<=>") && c.args.length === 2) {
      const [a, b] = c.args as [Expression, Expression];
      const sa = sideOf(a, lids, rids);
      const sb = sideOf(b, lids, rids);
      if ((sa === "left" && sb === "right") || (sa === "right" && sb === "left")) {
        leftKeys.push(sa === "left" ? a : b);
        rightKeys.push(sa === "left" ? b : a);
        nullSafe.push(c.name === "<=>");
        continue;
      }
    }
    other.push(c);
  }
  return { leftKeys, rightKeys, nullSafe, otherCondition: andAll(other) };
}

/** Whether `e` is an attribute marked as a watermarked event-time column. */
export function isWatermarkedAttribute(e: Expression): e is AttributeReference {
  return e.kind === "attribute" && e.metadata?.[WATERMARK_DELAY_KEY] !== undefined;
}

/** Spark's `isWatermarkInJoinKeys`: an equi-join key (either side) is a watermarked attribute. */
export function isWatermarkInJoinKeys(join: Join): boolean {
  const { leftKeys, rightKeys } = extractEquiJoinKeys(join);
  return [...leftKeys, ...rightKeys].some(isWatermarkedAttribute);
}

/**
 * The ordinal of the first join key whose left or right expression is a watermarked attribute
 * (Spark's `findJoinKeyOrdinalForWatermark`): both sides' keys at that ordinal hold the same
 * event time (or window), so a watermark on either side bounds both sides' state by key.
 */
export function joinKeyOrdinalForWatermark(
  leftKeys: readonly Expression[],
  rightKeys: readonly Expression[],
): number | undefined {
  for (let i = 0; i < leftKeys.length; i++) {
    if (isWatermarkedAttribute(leftKeys[i]!) || isWatermarkedAttribute(rightKeys[i]!)) return i;
  }
  return undefined;
}

const MICROS_PER_SECOND = 1_000_000;
const MICROS_PER_DAY = 86_400 * MICROS_PER_SECOND;

/**
 * Spark's `getStateValueWatermark`: the watermark (ms) below which a buffered row of one side can
 * no longer satisfy the join condition, given the event-time watermark `eventWatermarkMs` of the
 * other side. State rows whose event time is ≤ it can be dropped. Undefined when the condition
 * has no usable time-range conjunct, or the other side has no watermarked column.
 *
 * How: each conjunct `l < r` (or `<=`, `>`, `>=`; `x BETWEEN a AND b` is `x >= a AND x <= b`) is
 * moved to one side, `l - r < 0`, and flattened into terms `±attr` and `±constant` (µs). When
 * exactly one term is an attribute of this side and it is negated (`… - thisTime < 0`, i.e.
 * `thisTime > …`), substituting the watermark for the other side's watermarked attribute gives
 * the bound: `thisTime > watermark + c`. Inclusive comparisons subtract 1 ms (the eviction
 * predicate `time <= stateWatermark` is inclusive). The smallest bound over the conjuncts wins.
 *
 * Example: `leftTime BETWEEN rightTime - INTERVAL 10 SECONDS AND rightTime + INTERVAL 5 SECONDS`
 * with the watermark W: left state watermark W − 10 s − 1 ms, right state watermark W − 5 s − 1 ms.
 */
export function getStateValueWatermark(
  attributesToFindStateWatermarkFor: readonly AttributeReference[],
  attributesWithEventWatermark: readonly AttributeReference[],
  joinCondition: Expression | undefined,
  eventWatermarkMs: number | undefined,
): number | undefined {
  if (joinCondition === undefined || eventWatermarkMs === undefined) return undefined;
  if (!attributesWithEventWatermark.some(isWatermarkedAttribute)) return undefined;
  const thisIds = new Set(attributesToFindStateWatermarkFor.map((a) => a.exprId));
  const otherIds = new Set(attributesWithEventWatermark.map((a) => a.exprId));
  const bounds: number[] = [];
  for (const predicate of conjunctsOf(joinCondition).flatMap(expandBetween)) {
    if (predicate.kind !== "call" || predicate.args.length !== 2) continue;
    const [a, b] = predicate.args as [Expression, Expression];
    let bound: number | undefined;
    switch (predicate.name) {
      case "<":
        bound = lessThanBound(a, b, thisIds, otherIds, eventWatermarkMs);
        break;
      case "<=":
        bound = lessThanBound(a, b, thisIds, otherIds, eventWatermarkMs);
        if (bound !== undefined) bound -= 1;
        break;
      case ">":
        bound = lessThanBound(b, a, thisIds, otherIds, eventWatermarkMs);
        break;
      case ">=":
        bound = lessThanBound(b, a, thisIds, otherIds, eventWatermarkMs);
        if (bound !== undefined) bound -= 1;
        break;
      default:
        break;
    }
    if (bound !== undefined) bounds.push(bound);
  }
  return bounds.length === 0 ? undefined : Math.min(...bounds);
}

/** `x BETWEEN lo AND hi` as `x >= lo` and `x <= hi` (what Spark's parser builds). */
function expandBetween(e: Expression): Expression[] {
  if (e.kind !== "call" || e.name !== "between" || e.args.length !== 3) return [e];
  const [x, lo, hi] = e.args as [Expression, Expression, Expression];
  const cmp = (name: string, l: Expression, r: Expression): Expression => ({ ...e, name, args: [l, r] });
  return [cmp(">=", x, lo), cmp("<=", x, hi)];
}

/** One flattened term: an attribute or a constant in µs, and its sign. */
type Term =
  | { readonly kind: "attr"; readonly attr: AttributeReference; readonly negated: boolean }
  | { readonly kind: "const"; readonly micros: number };

/** The bound `l < r` puts on this side's time (ms), or undefined when it cannot be solved. */
function lessThanBound(
  l: Expression,
  r: Expression,
  thisIds: ReadonlySet<number>,
  otherIds: ReadonlySet<number>,
  eventWatermarkMs: number,
): number | undefined {
  const refs = [...attributesOf(l), ...attributesOf(r)];
  const distinct = (ids: ReadonlySet<number>) =>
    new Set(refs.filter((a) => ids.has(a.exprId)).map((a) => a.exprId));
  // More than one attribute of one side: not solvable.
  if (distinct(thisIds).size > 1 || distinct(otherIds).size > 1) return undefined;
  const terms: Term[] = [];
  if (!collectTerms(l, false, terms) || !collectTerms(r, true, terms)) return undefined;
  const constraint = terms.filter((t) => t.kind === "attr" && thisIds.has(t.attr.exprId));
  if (constraint.length !== 1) return undefined;
  const c = constraint[0]!;
  // `thisTime` must appear negated (`… - thisTime < 0`, i.e. `thisTime > …`) to bound it from below.
  if (c.kind !== "attr" || !c.negated) return undefined;
  let sumMicros = 0;
  for (const t of terms) {
    if (t === c) continue;
    if (t.kind === "const") sumMicros += t.micros;
    else if (otherIds.has(t.attr.exprId) && isWatermarkedAttribute(t.attr)) {
      sumMicros += (t.negated ? -1 : 1) * eventWatermarkMs * 1000;
    } else return undefined; // an attribute whose value is unknown
  }
  return Math.trunc(sumMicros / 1000);
}

/**
 * Flattens `e` (negated when `negate`) into `terms`: `+`/`-` of timestamps, intervals and numbers,
 * unary minus and casts to numeric or timestamp types. Returns false for anything else.
 */
function collectTerms(e: Expression, negate: boolean, terms: Term[]): boolean {
  switch (e.kind) {
    case "attribute":
      terms.push({ kind: "attr", attr: e, negated: negate });
      return true;
    case "literal":
      return literalTerm(e.value, e.dataType, negate, terms);
    case "cast": {
      const k = e.dataType.kind;
      if (!["byte", "short", "int", "long", "float", "double", "decimal", "timestamp"].includes(k))
        return false;
      return collectTerms(e.child, negate, terms);
    }
    case "call":
      if ((e.name === "+" || e.name === "-") && e.args.length === 2) {
        const [a, b] = e.args as [Expression, Expression];
        return collectTerms(a, negate, terms) && collectTerms(b, e.name === "-" ? !negate : negate, terms);
      }
      if ((e.name === "negative" || e.name === "-") && e.args.length === 1)
        return collectTerms(e.args[0]!, !negate, terms);
      if (e.name === "positive" && e.args.length === 1) return collectTerms(e.args[0]!, negate, terms);
      return false;
    default:
      return false;
  }
}

/** A literal as µs: intervals by their length, numbers as seconds (Spark's ×1,000,000). */
function literalTerm(value: unknown, type: DataType, negate: boolean, terms: Term[]): boolean {
  let micros: number;
  if (value === null) return false;
  switch (type.kind) {
    case "decimal":
      // Unscaled digits: 0.5 is 5 at scale 1.
      micros = (Number(value) / 10 ** type.scale) * MICROS_PER_SECOND;
      break;
    case "day_time_interval":
      micros = Number(value);
      break;
    case "calendar_interval": {
      const iv = value as { months?: number; days?: number; micros?: number | bigint };
      // Months have no fixed length: Spark refuses to derive a watermark from them.
      if ((iv.months ?? 0) > 0) return false;
      micros = (iv.days ?? 0) * MICROS_PER_DAY + Number(iv.micros ?? 0);
      break;
    }
    case "timestamp":
    case "timestamp_ntz":
      micros = Number(value);
      break;
    case "byte":
    case "short":
    case "int":
    case "long":
    case "float":
    case "double":
      micros = Number(value) * MICROS_PER_SECOND;
      break;
    default:
      return false;
  }
  if (!Number.isFinite(micros)) return false;
  terms.push({ kind: "const", micros: negate ? -micros : micros });
  return true;
}
