/**
 * Spark's ResolveTimeWindows (TimeWindowing, SessionWindowing, ResolveWindowTime): rewrites the
 * time-window functions of one Project, Filter, Aggregate or Sort into ordinary plan nodes below it, so
 * grouping, aggregation and every later pass see plain attributes.
 *
 * - `window(ts, windowDuration[, slideDuration[, startTime]])` becomes the attribute `window`
 *   (struct<start, end> of ts's type) computed below the node: tumbling windows as
 *   `Project(window, child.* ← Filter(isnotnull(ts)))`, sliding ones as
 *   `Filter(Expand(one projection per overlapping window))`. Windows are aligned to the epoch
 *   plus startTime: `lastStart = ts − ((ts − startTime) mod slide)` (mod made non-negative), and
 *   the i-th candidate is `[lastStart − i·slide, … + windowDuration)`.
 * - `session_window(ts, gap)` becomes the attribute `session_window` = `[ts, ts + gap)` computed
 *   by a Project under a Filter that drops null times and, unless the gap is a positive constant,
 *   sessions with `end <= start`. Merging sessions is the aggregation's job (sessions.ts).
 * - `window_time(w)` becomes an attribute `w.end − 1µs` computed by a Project below the node.
 *
 * The window attribute carries the time column's metadata (so a watermarked event time stays
 * the event-time key, plans/event-time.ts) plus the window marker. Only one distinct
 * window/session_window per node (Spark's _LEGACY_ERROR_TEMP_1039).
 */
import { TsparkError } from "../common/errors.js";
import type { CalendarInterval } from "../data/values.js";
import { prettySql } from "../expressions/display.js";
import type {
  Alias,
  AttributeReference,
  Call,
  Expression,
  GetStructField,
  SortOrder,
  UnresolvedFunction,
} from "../expressions/expression.js";
import { canonicalKey } from "../expressions/canonical.js";
import { evaluateConstant } from "../expressions/evaluate.js";
import { nextExprId } from "../expressions/expr-id.js";
import { literal } from "../expressions/literal.js";
import { collect, exists, transformDown } from "../expressions/tree.js";
import { typeOf } from "../expressions/typing.js";
import { typeMismatch } from "../functions/errors.js";
import {
  SESSION_WINDOW_MARKER,
  TIME_WINDOW_MARKER,
  windowColumnKindOf,
  withoutWindowMarkers,
} from "../plans/event-time.js";
import type { LogicalPlan } from "../plans/logical-plan.js";
import { outputOf } from "../plans/output.js";
import { fromIntervalString } from "../sql/interval-string.js";
import { parseIntervalString } from "../sql/literals.js";
import {
  CALENDAR_INTERVAL,
  type DataType,
  type JsonValue,
  INT,
  LONG,
  pythonRepr,
  STRING,
  StructField,
  StructType,
  TIMESTAMP,
} from "../types/data-type.js";
import type { Analyzer } from "./analyzer.js";
import { wrongNumArgs } from "./errors.js";

const MICROS_PER_DAY = 86_400_000_000;
const LONG_MAX = "9223372036854775807";

/** The nodes whose expressions may hold window functions. */
type WindowHost = LogicalPlan & { kind: "project" | "filter" | "aggregate" | "sort" };

/** The expressions of a host node. */
function hostExpressions(p: WindowHost): readonly Expression[] {
  switch (p.kind) {
    case "project":
      return p.projectList;
    case "filter":
      return [p.condition];
    case "aggregate":
      return [...p.groupingExpressions, ...p.aggregateExpressions];
    case "sort":
      return p.order;
  }
}

/** `p` with every expression rewritten by `f`. */
function mapHost(p: WindowHost, f: (e: Expression) => Expression): WindowHost {
  switch (p.kind) {
    case "project":
      return { ...p, projectList: p.projectList.map(f) };
    case "filter":
      return { ...p, condition: f(p.condition) };
    case "aggregate":
      return {
        ...p,
        groupingExpressions: p.groupingExpressions.map(f),
        aggregateExpressions: p.aggregateExpressions.map(f),
      };
    case "sort":
      return { ...p, order: p.order.map((o) => f(o) as SortOrder) };
  }
}

const isCallOf =
  (...names: string[]) =>
  (e: Expression): e is UnresolvedFunction =>
    e.kind === "unresolved_function" && names.includes(e.name.toLowerCase());

const isWindowCall = isCallOf("window", "session_window");

/** `*`, `t.*` or `* EXCEPT (...)` as an item of a select list. */
const isTopLevelStar = (e: Expression): boolean =>
  e.kind === "star" || (e.kind === "unresolved_function" && e.name === "__star_except");
const isWindowTimeCall = isCallOf("window_time");

/** True when a host node calls window, session_window or window_time (cheap pre-check). */
export function hasTimeWindowFunctions(p: LogicalPlan): p is WindowHost {
  if (p.kind !== "project" && p.kind !== "filter" && p.kind !== "aggregate" && p.kind !== "sort")
    return false;
  return hostExpressions(p).some(
    (e) => collect(e, (x): x is UnresolvedFunction => isWindowCall(x) || isWindowTimeCall(x)).length > 0,
  );
}

/** A resolved `window(...)` call. */
interface TimeWindowSpec {
  readonly kind: "time";
  readonly timeColumn: Expression;
  readonly windowMicros: number;
  readonly slideMicros: number;
  readonly startMicros: number;
}

/** A resolved `session_window(...)` call; `gap` is a calendar-interval expression. */
interface SessionWindowSpec {
  readonly kind: "session";
  readonly timeColumn: Expression;
  readonly gap: Expression;
}

type WindowSpecOf = TimeWindowSpec | SessionWindowSpec;

/**
 * Rewrites the window functions of `plan` (see the file comment): returns the node with its
 * child replaced by the resolved rewrite (registered with `markResolved`) and each window call
 * replaced by the window attribute, still to be resolved as usual by the caller.
 */
export function resolveTimeWindows(
  analyzer: Analyzer,
  plan: WindowHost,
  markResolved: (p: LogicalPlan) => LogicalPlan,
): WindowHost {
  let child = analyzer.resolve(plan.child);
  let host = plan;
  // `SELECT *, window(...)`: the star means the child's columns, not the window column the
  // rewrite adds below (Spark expands stars before TimeWindowing).
  if (host.kind === "project" && host.projectList.some(isTopLevelStar))
    host = { ...host, projectList: analyzer.exprs.expandStars(host.projectList, outputOf(child)) };
  // window_time calls resolve in the order Spark's fixed point reaches them: one whose window is
  // already a column of the child first (its result may be the time column of a window call of
  // the same node: `window(window_time(w), …)`, chained windows), the others once the window call
  // is rewritten (`window_time(window(t, …))`, or `window_time(window)` of `GROUP BY window(…)`).
  const resolveWindowTimes = (first: boolean) => {
    const timeCalls = hostExpressions(host)
      .flatMap((e) => collect(e, isWindowTimeCall))
      .filter((call) => !first || !call.args.some((arg) => exists(arg, isWindowCall)));
    if (timeCalls.length === 0) return;
    const input = outputOf(child);
    const byKey = new Map<string, { alias: Alias; attr: AttributeReference }>();
    const forCall = new Map<UnresolvedFunction, AttributeReference>();
    for (const call of timeCalls) {
      if (call.args.length !== 1) throw wrongNumArgs(call.name, 1, 1, call.args.length);
      let w: Expression;
      try {
        w = analyzer.exprs.resolve(call.args[0]!, { input });
      } catch (e) {
        // Not a column of the child yet: the window call's rewrite may add it.
        if (first && e instanceof TsparkError && e.errorClass?.startsWith("UNRESOLVED_COLUMN")) continue;
        throw e;
      }
      const key = canonicalKey(w);
      let entry = byKey.get(key);
      if (!entry) {
        const alias = windowTimeAlias(w, call);
        entry = {
          alias,
          attr: {
            kind: "attribute",
            name: alias.name,
            dataType: typeOf(alias.child),
            nullable: true,
            exprId: alias.exprId,
            qualifier: [],
            ...(alias.metadata ? { metadata: alias.metadata } : {}),
          },
        };
        byKey.set(key, entry);
      }
      forCall.set(call, entry.attr);
    }
    if (byKey.size === 0) return;
    child = markResolved({
      kind: "project",
      projectList: [...[...byKey.values()].map((e) => e.alias), ...input],
      child,
    });
    host = mapHost(host, (e) =>
      transformDown(e, (x) => (x.kind === "unresolved_function" && forCall.get(x)) || x),
    );
  };
  resolveWindowTimes(true);
  const calls = hostExpressions(host).flatMap((e) => collect(e, isWindowCall));
  if (calls.length > 0) {
    const input = outputOf(child);
    const specs = new Map<string, { spec: WindowSpecOf; call: UnresolvedFunction }>();
    for (const call of calls) {
      const spec = resolveWindowCall(analyzer, call, input);
      specs.set(specKey(spec), { spec, call });
    }
    if (specs.size > 1) throw new TsparkError("_LEGACY_ERROR_TEMP_1039", { messageParameters: {} });
    const { spec } = [...specs.values()][0]!;
    const built =
      spec.kind === "time" ? buildTimeWindow(analyzer, spec, child) : buildSession(analyzer, spec, child);
    child = markResolved(built.child);
    const attr = built.attr;
    host = mapHost(host, (e) => transformDown(e, (x) => (isWindowCall(x) ? attr : x)));
  }
  resolveWindowTimes(false);
  return { ...host, child };
}

function specKey(s: WindowSpecOf): string {
  return s.kind === "time"
    ? `time|${canonicalKey(s.timeColumn)}|${s.windowMicros}|${s.slideMicros}|${s.startMicros}`
    : `session|${canonicalKey(s.timeColumn)}|${canonicalKey(s.gap)}`;
}

/** Resolves the arguments of a window/session_window call and checks them as Spark does. */
function resolveWindowCall(
  analyzer: Analyzer,
  call: UnresolvedFunction,
  input: readonly AttributeReference[],
): WindowSpecOf {
  const name = call.name.toLowerCase();
  const [min, max] = name === "window" ? [2, 4] : [2, 2];
  if (call.args.length < min || call.args.length > max)
    throw wrongNumArgs(call.name, min, max, call.args.length);
  const args = call.args.map((a) => analyzer.exprs.resolve(a, { input }));
  if (name === "session_window") {
    const timeColumn = timeColumnOf(
      analyzer,
      args[0]!,
      () => `session_window(${args.map(sqlOf).join(", ")})`,
    );
    return { kind: "session", timeColumn, gap: gapExpression(analyzer, args[1]!, input) };
  }
  const windowMicros = durationOf(args[1]!);
  const slideMicros = args[2] ? durationOf(args[2]) : windowMicros;
  const startMicros = args[3] ? durationOf(args[3]) : 0;
  const sql = () => `window(${sqlOf(args[0]!)}, ${windowMicros}, ${slideMicros}, ${startMicros})`;
  const timeColumn = timeColumnOf(analyzer, args[0]!, sql);
  checkDurations(windowMicros, slideMicros, startMicros, sql());
  return { kind: "time", timeColumn, windowMicros, slideMicros, startMicros };
}

function sqlOf(e: Expression): string {
  return prettySql(e);
}

/** Spark's TimeWindow.checkInputDataTypes on the durations. */
function checkDurations(window: number, slide: number, start: number, sql: string): void {
  const value = (v: number) => `${v}L`;
  if (window <= 0) {
    throw typeMismatch("VALUE_OUT_OF_RANGE", sql, {
      exprName: "`window_duration`",
      valueRange: `(0, ${LONG_MAX}]`,
      currentValue: value(window),
    });
  }
  if (slide <= 0) {
    throw typeMismatch("VALUE_OUT_OF_RANGE", sql, {
      exprName: "`slide_duration`",
      valueRange: `(0, ${LONG_MAX}]`,
      currentValue: value(slide),
    });
  }
  if (slide > window) {
    throw typeMismatch("PARAMETER_CONSTRAINT_VIOLATION", sql, {
      leftExprName: "`slide_duration`",
      leftExprValue: value(slide),
      constraint: "<=",
      rightExprName: "`window_duration`",
      rightExprValue: value(window),
    });
  }
  if (Math.abs(start) >= slide) {
    throw typeMismatch("PARAMETER_CONSTRAINT_VIOLATION", sql, {
      leftExprName: "`abs(start_time)`",
      leftExprValue: value(Math.abs(start)),
      constraint: "<",
      rightExprName: "`slide_duration`",
      rightExprValue: value(slide),
    });
  }
}

/**
 * Spark's TimeWindow.parseExpression: a string literal is an interval string (no months), an
 * integer or long literal is microseconds; anything else is _LEGACY_ERROR_TEMP_1207.
 */
function durationOf(e: Expression): number {
  const lit = e.kind === "literal" ? e : undefined;
  if (lit && lit.value !== null) {
    if (lit.dataType.kind === "string") return intervalMicros(String(lit.value));
    if (lit.dataType.kind === "int" || lit.dataType.kind === "long") return Number(lit.value);
  }
  throw new TsparkError("_LEGACY_ERROR_TEMP_1207", { messageParameters: {} });
}

/** An interval string's length in microseconds; month intervals are rejected. */
function intervalMicros(text: string): number {
  const iv = fromIntervalString(text);
  if (iv.months !== 0) {
    throw new TsparkError("_LEGACY_ERROR_TEMP_3231", { messageParameters: { interval: text } });
  }
  return iv.days * MICROS_PER_DAY + iv.micros;
}

/** The struct<start, end> of timestamps a window/session window column has. */
function isWindowStructType(t: DataType): t is StructType {
  return (
    t.kind === "struct" &&
    t.fields.length === 2 &&
    t.fields[0]!.name === "start" &&
    t.fields[1]!.name === "end" &&
    t.fields.every((f) => f.dataType.kind === "timestamp" || f.dataType.kind === "timestamp_ntz") &&
    t.fields[0]!.dataType.kind === t.fields[1]!.dataType.kind
  );
}

/**
 * The time column of a window function: a TIMESTAMP/TIMESTAMP_NTZ expression (a STRING or DATE
 * is cast to TIMESTAMP, as Spark's implicit cast does), or a window struct, which stands for its
 * window_time (chained windows).
 */
function timeColumnOf(analyzer: Analyzer, e: Expression, sql: () => string): Expression {
  const t = typeOf(e);
  if (t.kind === "timestamp" || t.kind === "timestamp_ntz") return e;
  if (isWindowStructType(t)) return windowTimeExpression(e, t);
  if (t.kind === "string" || t.kind === "date" || t.kind === "null") {
    const cast = analyzer.exprs.coerceTo(e, TIMESTAMP);
    if (typeOf(cast).kind === "timestamp") return cast;
  }
  throw typeMismatch("UNEXPECTED_INPUT_TYPE", sql(), {
    paramIndex: "first",
    requiredType:
      '("TIMESTAMP" or "TIMESTAMP_NTZ" or "STRUCT<start: TIMESTAMP, end: TIMESTAMP>" or "STRUCT<start: TIMESTAMP_NTZ, end: TIMESTAMP_NTZ>")',
    inputSql: `"${prettySql(e)}"`,
    inputType: `"${t.sql()}"`,
  });
}

/** `w.end − 1µs` for a window struct `w` (Spark's WindowTime). */
function windowTimeExpression(w: Expression, t: StructType): Expression {
  const dataType = t.fields[1]!.dataType;
  const end: GetStructField = { kind: "get_struct_field", child: w, ordinal: 1, name: "end" };
  return {
    kind: "call",
    name: "window_time",
    args: [end],
    dataType,
    nullable: true,
    bound: {
      dataType,
      nullable: true,
      eval: (v) => (v as number) - 1,
      display: () => `window_time(${prettySql(w)})`,
    },
  };
}

/** The Project item computing `window_time(w)` with w's metadata minus the window markers. */
function windowTimeAlias(w: Expression, call: UnresolvedFunction): Alias {
  const t = typeOf(w);
  if (t.kind !== "struct") {
    throw typeMismatch("UNEXPECTED_INPUT_TYPE", `window_time(${prettySql(w)})`, {
      paramIndex: "first",
      requiredType: '"STRUCT"',
      inputSql: `"${prettySql(w)}"`,
      inputType: `"${t.sql()}"`,
    });
  }
  if (w.kind !== "attribute" || windowColumnKindOf(w) === undefined || !isWindowStructType(t)) {
    throw new TsparkError("_LEGACY_ERROR_TEMP_3101", {
      messageParameters: { windowTime: `${call.name}(${prettySql(w)})` },
    });
  }
  const metadata = withoutWindowMarkers(w.metadata);
  return {
    kind: "alias",
    child: windowTimeExpression(w, t),
    name: `window_time(${prettySql(w)})`,
    exprId: nextExprId(),
    ...(metadata ? { metadata } : {}),
  };
}

/** The window struct type of a time column: both fields nullable (SPARK-38227). */
function windowType(time: Expression): StructType {
  const t = typeOf(time);
  return new StructType([new StructField("start", t, true), new StructField("end", t, true)]);
}

/**
 * The metadata a window inherits from its time column: an attribute's, or for a window struct
 * used as the time (chained windows: its window_time) that window's minus its marker, so a
 * watermarked window stays watermarked through `window(col("window"), …)` (Spark).
 */
function timeColumnMetadata(time: Expression): Readonly<Record<string, JsonValue>> | undefined {
  if (time.kind === "attribute") return time.metadata;
  if (time.kind === "call" && time.name === "window_time") {
    const end = time.args[0];
    if (end?.kind === "get_struct_field" && end.child.kind === "attribute")
      return withoutWindowMarkers(end.child.metadata);
  }
  return undefined;
}

/**
 * The window attribute: the time column's metadata (see timeColumnMetadata) plus the marker.
 * `nullable` as Spark's output: a tumbling window or a session window is a struct built per row
 * after the NULL times are filtered out (never NULL), a sliding window an Expand output (nullable).
 */
function windowAttribute(
  name: string,
  time: Expression,
  marker: string,
  nullable: boolean,
): AttributeReference {
  const base = timeColumnMetadata(time);
  return {
    kind: "attribute",
    name,
    dataType: windowType(time),
    nullable,
    exprId: nextExprId(),
    qualifier: [],
    metadata: { ...(base ?? {}), [marker]: true },
  };
}

function aliasFor(attr: AttributeReference, child: Expression): Alias {
  return {
    kind: "alias",
    child,
    name: attr.name,
    exprId: attr.exprId,
    ...(attr.metadata ? { metadata: attr.metadata } : {}),
  };
}

function fnCall(analyzer: Analyzer, name: string, args: Expression[], input: readonly AttributeReference[]) {
  return analyzer.exprs.resolve({ kind: "unresolved_function", name, args, isDistinct: false }, { input });
}

const field = (w: AttributeReference, ordinal: 0 | 1): GetStructField => ({
  kind: "get_struct_field",
  child: w,
  ordinal,
  name: ordinal === 0 ? "start" : "end",
});

/**
 * The i-th candidate window of each row: `window(ts, windowDuration, slideDuration, startTime, i)`
 * (durations as literals, so that two windows never compare equal) returning struct<start, end>.
 */
function windowStruct(spec: TimeWindowSpec, i: number, nullable: boolean): Call {
  const dataType = windowType(spec.timeColumn);
  // The last window built: rows that follow one another mostly fall in the same window, and
  // share its struct (values are never changed in place) instead of each keeping its own.
  let last: readonly [number, number] = [Number.NaN, Number.NaN];
  const args = [
    spec.timeColumn,
    literal(spec.windowMicros, LONG),
    literal(spec.slideMicros, LONG),
    literal(spec.startMicros, LONG),
    literal(i, INT),
  ];
  return {
    kind: "call",
    name: "window",
    args,
    dataType,
    nullable,
    bound: {
      dataType,
      nullable,
      eval: (v, size, slide, start, k) => {
        const ts = v as number;
        const rem = (ts - (start as number)) % (slide as number);
        const s = ts - (rem < 0 ? rem + (slide as number) : rem) - (k as number) * (slide as number);
        const e = s + (size as number);
        if (last[0] !== s || last[1] !== e) last = [s, e];
        return last;
      },
    },
  };
}

/** Spark's TimeWindowing rewrite of one window spec over `child`. */
function buildTimeWindow(
  analyzer: Analyzer,
  spec: TimeWindowSpec,
  child: LogicalPlan,
): { attr: AttributeReference; child: LogicalPlan } {
  const tumbling = spec.windowMicros === spec.slideMicros;
  const attr = windowAttribute("window", spec.timeColumn, TIME_WINDOW_MARKER, !tumbling);
  const input = outputOf(child);
  const notNull = fnCall(analyzer, "isnotnull", [spec.timeColumn], input);
  if (tumbling) {
    return {
      attr,
      child: {
        kind: "project",
        projectList: [aliasFor(attr, windowStruct(spec, 0, false)), ...input],
        child: { kind: "filter", condition: notNull, child },
      },
    };
  }
  const count = Math.ceil(spec.windowMicros / spec.slideMicros);
  const projections = Array.from({ length: count }, (_, i) => [windowStruct(spec, i, true), ...input]);
  const output = [attr, ...input];
  // When the slide divides the window, every candidate window holds the row.
  const condition =
    spec.windowMicros % spec.slideMicros === 0
      ? notNull
      : {
          kind: "and" as const,
          left: fnCall(analyzer, ">=", [spec.timeColumn, field(attr, 0)], output),
          right: fnCall(analyzer, "<", [spec.timeColumn, field(attr, 1)], output),
        };
  return {
    attr,
    child: { kind: "filter", condition, child: { kind: "expand", projections, output, child } },
  };
}

/**
 * The gap of a session window as a calendar-interval expression: a string literal is parsed now
 * (null when invalid: those rows are dropped), other strings are cast per row; any other type
 * but CALENDAR_INTERVAL is _LEGACY_ERROR_TEMP_1040.
 */
function gapExpression(
  analyzer: Analyzer,
  gap: Expression,
  input: readonly AttributeReference[],
): Expression {
  const t = typeOf(gap);
  if (t.kind === "calendar_interval") return gap;
  if (gap.kind === "literal" && (t.kind === "string" || t.kind === "null")) {
    return literal(gap.value === null ? null : safeInterval(String(gap.value)), CALENDAR_INTERVAL);
  }
  if (t.kind === "string" || t.kind === "null") {
    return analyzer.exprs.resolve(
      { kind: "cast", child: gap, dataType: CALENDAR_INTERVAL, mode: "legacy", implicit: true },
      { input },
    );
  }
  throw new TsparkError("_LEGACY_ERROR_TEMP_1040", { messageParameters: { dt: scalaTypeString(t) } });
}

/** Scala's DataType.toString (`DecimalType(2,1)`, `IntegerType`), which the message shows. */
function scalaTypeString(t: DataType): string {
  if (t.kind === "decimal") return `DecimalType(${t.precision},${t.scale})`;
  if (t.kind === "day_time_interval" || t.kind === "year_month_interval")
    return pythonRepr(t).replace(", ", ",");
  return pythonRepr(t).replace(/\(\)$/, "");
}

/** Spark's safeStringToInterval: the interval of a string, or null when it is not one. */
function safeInterval(text: string): CalendarInterval | null {
  try {
    return parseIntervalString(text);
  } catch {
    return null;
  }
}

/**
 * Spark's sessionFilterByTimeRange: empty sessions (end <= start) must be filtered unless the gap
 * is a constant positive interval.
 */
function mustFilterEmptySessions(gap: Expression): boolean {
  if (gap.kind !== "literal") {
    const v = isFoldable(gap) ? evaluateConstant(gap) : undefined;
    if (v === undefined) return true;
    return nullOrNotPositive(v);
  }
  return nullOrNotPositive(gap.value);
}

function nullOrNotPositive(v: unknown): boolean {
  if (v === null || v === undefined) return true;
  const iv = v as CalendarInterval;
  return iv.months + iv.days + iv.micros <= 0;
}

function isFoldable(e: Expression): boolean {
  return (
    collect(e, (x): x is Expression => x.kind === "attribute" || x.kind === "udf").length === 0 &&
    !(e.kind === "call" && e.bound.deterministic === false)
  );
}

/** Spark's SessionWindowing rewrite over `child`. */
function buildSession(
  analyzer: Analyzer,
  spec: SessionWindowSpec,
  child: LogicalPlan,
): { attr: AttributeReference; child: LogicalPlan } {
  const attr = windowAttribute("session_window", spec.timeColumn, SESSION_WINDOW_MARKER, false);
  const input = outputOf(child);
  const end = fnCall(analyzer, "+", [spec.timeColumn, spec.gap], input);
  const struct = fnCall(
    analyzer,
    "named_struct",
    [literal("start", STRING), spec.timeColumn, literal("end", STRING), end],
    input,
  );
  const typed: Expression =
    struct.kind === "call" ? { ...struct, dataType: attr.dataType, nullable: false } : struct;
  const output = [attr, ...input];
  const notNull = fnCall(analyzer, "isnotnull", [spec.timeColumn], input);
  const condition: Expression = mustFilterEmptySessions(spec.gap)
    ? { kind: "and", left: notNull, right: fnCall(analyzer, ">", [field(attr, 1), field(attr, 0)], output) }
    : notNull;
  return {
    attr,
    child: {
      kind: "filter",
      condition,
      child: { kind: "project", projectList: [aliasFor(attr, typed), ...input], child },
    },
  };
}
