/**
 * Spark's UnsupportedOperationChecker: which analyzed plans may run as a streaming query in a given
 * output mode (checked by `writeStream.start()`), and the refusal of batch actions over streaming
 * sources. Pure functions over an analyzed LogicalPlan; they throw the first violation found, in
 * Spark's order, as a TsparkError with Spark 4's error class, Spark's key words and a fix hint.
 *
 * checkForStreaming(plan, mode):
 *   1. the plan must read a streaming source;
 *   2. output mode against the streaming aggregations (outermost first): Append needs a watermarked
 *      grouping attribute, Update rejects session windows, Complete needs an aggregation;
 *   3. every node bottom-up: distinct aggregates, joins (stream-static matrix, stream-stream mode and
 *      watermark rules), union/except/intersect, limit, offset, sort, sample, window functions,
 *      unsupported expressions;
 *   4. chained stateful operators (global watermark correctness check);
 *   5. stream-stream joins need an equality predicate (Spark finds this when planning).
 * (flat)MapGroupsWithState / applyInPandasWithState: their counts before step 2, their output-mode
 * and event-time-timeout rules in step 3, and chaining in step 4. Watermarks and session windows are
 * recognised by Spark's attribute metadata keys.
 */
import { collectPlans } from "../plans/plan-tree.js";
import { watermarkDelayOf, windowColumnKindOf } from "../plans/event-time.js";
import { TsparkError } from "../common/errors.js";
import { prettySql, windowSpecText } from "../expressions/display.js";
import type { AttributeReference, Expression } from "../expressions/expression.js";
import { exprChildren } from "../expressions/tree.js";
import { childrenOf, type Join, type LogicalPlan } from "../plans/logical-plan.js";
import { outputOf } from "../plans/output.js";
import { getStateValueWatermark, isWatermarkInJoinKeys } from "./streaming-join-helper.js";
import { JOIN_NAMES } from "../plans/plan-string.js";
import { toSqlId } from "./suggestions.js";

/** A streaming query's output mode, as `writeStream.outputMode(...)` names it (lower case). */
export type StreamingOutputMode = "append" | "update" | "complete";

/** The event-time mark of `withWatermark` (plans/event-time.ts), re-exported for the checks' callers. */
export { WATERMARK_DELAY_KEY } from "../plans/event-time.js";

export { SESSION_WINDOW_MARKER } from "../plans/event-time.js";

/** Options of `checkForStreaming`. */
export interface StreamingCheckOptions {
  /**
   * `spark.sql.streaming.statefulOperator.checkCorrectness.enabled` (default true): when false, a
   * chain of stateful operators that may drop late rows is reported to `onWarning` instead of
   * failing the query.
   */
  readonly checkCorrectness?: boolean;
  /** Receives the correctness message when `checkCorrectness` is false (Spark logs a warning). */
  readonly onWarning?: (message: string) => void;
}

/**
 * True when the plan reads a streaming source: a `local_relation` or `data_source_relation` leaf with
 * `isStreaming` (Spark's `LogicalPlan.isStreaming`: a node streams when any child does).
 */
export function isStreamingPlan(plan: LogicalPlan): boolean {
  return streamingOf(plan);
}

/**
 * Spark's `checkForBatch`: a batch action (`collect`, `count`, `show`, `df.write`…) over a plan that
 * reads a streaming source fails with `_LEGACY_ERROR_TEMP_3102` ("Queries with streaming sources
 * must be executed with writeStream.start()"). Deterministic; no effect when the plan is batch.
 */
export function checkForBatch(plan: LogicalPlan): void {
  if (
    collectPlans(plan).some((p) => p.kind === "deduplicate" && p.withinWatermark === true && !streamingOf(p))
  )
    throw unsupported(
      "dropDuplicatesWithinWatermark is not supported with batch DataFrames/DataSets",
      "Use dropDuplicates on a batch DataFrame.",
    );
  if (streamingOf(plan)) throw batchActionOnStreamError();
}

/** The error of a batch action on a streaming source (`_LEGACY_ERROR_TEMP_3102`, Spark's text + hint). */
export function batchActionOnStreamError(): TsparkError {
  return unsupported(
    "Queries with streaming sources must be executed with writeStream.start()",
    "Run the query with df.writeStream…start(), or use foreachBatch to run batch actions on each micro-batch.",
  );
}

/**
 * Spark's `checkForStreaming`: throws the first operation `plan` (analyzed) cannot run as a streaming
 * query in `outputMode`, in Spark's order (see the file header). Called once by
 * `writeStream.start()` before the query starts; deterministic and side-effect free except for
 * `options.onWarning`.
 */
export function checkForStreaming(
  plan: LogicalPlan,
  outputMode: StreamingOutputMode,
  options: StreamingCheckOptions = {},
): void {
  if (!streamingOf(plan)) {
    throw unsupported(
      "Queries without streaming sources cannot be executed with writeStream.start()",
      "Read the input with spark.readStream, or run this batch query with an action or df.write.",
    );
  }
  checkGroupsWithStateCounts(plan, outputMode);
  checkOutputMode(plan, outputMode);
  forEachUp(plan, (node) => {
    if (node.kind === "flat_map_groups_with_state") checkGroupsWithState(node, plan, outputMode);
    checkOperator(node, outputMode);
    checkUnsupportedExpressions(node);
  });
  checkStreamingQueryGlobalWatermarkLimit(plan, outputMode, options);
  // Spark finds this one when planning (StreamingJoinStrategy), after the checks above; tspark
  // checks it here so that start() fails before the query runs.
  // The check runs on the optimized plan in Spark, where a Filter's conditions over an inner join
  // are part of its condition (`FROM a, b WHERE a.k = b.k`): read them here too.
  const filtered = new Map<Join, Expression>();
  forEachUp(plan, (node) => {
    if (node.kind === "filter" && node.child.kind === "join") {
      const j = node.child;
      if (j.joinType === "inner" || j.joinType === "cross") filtered.set(j, node.condition);
    }
  });
  forEachUp(plan, (node) => {
    if (node.kind !== "join" || !streamingOf(node.left) || !streamingOf(node.right)) return;
    const above = filtered.get(node);
    const withFilter: Join =
      above === undefined
        ? node
        : {
            ...node,
            condition: node.condition ? { kind: "and", left: node.condition, right: above } : above,
          };
    if (!hasEquiKeys(withFilter)) throw new TsparkError("_LEGACY_ERROR_TEMP_1181");
  });
}

// ---- output mode ---------------------------------------------------------------------------------

/** A streaming aggregation: an Aggregate, or a Distinct (which Spark plans as one). */
interface StreamingAggregate {
  readonly groupingExpressions: readonly Expression[];
}

/** Streaming aggregations in pre-order (outermost first), as Spark's `collectStreamingAggregates`. */
function streamingAggregates(plan: LogicalPlan): StreamingAggregate[] {
  const out: StreamingAggregate[] = [];
  forEachDown(plan, (p) => {
    if (p.kind === "aggregate" && streamingOf(p)) out.push(p);
    else if (p.kind === "distinct" && streamingOf(p)) out.push({ groupingExpressions: outputOf(p.child) });
  });
  return out;
}

function checkOutputMode(plan: LogicalPlan, outputMode: StreamingOutputMode): void {
  const aggregates = streamingAggregates(plan);
  const outermost = aggregates[0];
  if (outputMode === "append" && outermost) {
    // A group can only be emitted once the watermark passes it; without one it is never final.
    if (!outermost.groupingExpressions.some((e) => e.kind === "attribute" && hasWatermark(e))) {
      throw outputModeUnsupported(outputMode, "streaming aggregations without watermark");
    }
  } else if (outputMode === "update" && outermost) {
    if (outermost.groupingExpressions.some((e) => e.kind === "attribute" && isSessionWindow(e))) {
      throw unsupported(
        "Update output mode not supported for session window on streaming DataFrames/DataSets",
        "Use Append or Complete output mode for session window aggregations.",
      );
    }
  } else if (outputMode === "complete" && !outermost) {
    throw outputModeUnsupported(outputMode, "no streaming aggregations");
  }
}

// ---- (flat)MapGroupsWithState / applyInPandasWithState ------------------------------------------

type GroupsWithState = LogicalPlan & { kind: "flat_map_groups_with_state" };

/** Spark's counts of the *GroupsWithState operators, checked before the output mode. */
function checkGroupsWithStateCounts(plan: LogicalPlan, outputMode: StreamingOutputMode): void {
  const all: GroupsWithState[] = [];
  forEachDown(plan, (p) => {
    if (p.kind === "flat_map_groups_with_state" && !p.transformWithState && streamingOf(p)) all.push(p);
  });
  const scala = all.filter((p) => p.api !== "applyInPandasWithState");
  const maps = scala.filter((p) => p.isMapGroupsWithState);
  const flatMaps = scala.filter((p) => !p.isMapGroupsWithState);
  if (maps.length >= 2) {
    throw unsupported(
      "Multiple mapGroupsWithStates are not supported on a streaming DataFrames/Datasets",
      "Keep one mapGroupsWithState per query.",
    );
  }
  if (maps.length > 0 && flatMaps.length > 0) {
    throw unsupported(
      "Mixing mapGroupsWithStates and flatMapGroupsWithStates are not supported on a streaming DataFrames/Datasets",
      "Use flatMapGroupsWithState for both.",
    );
  }
  if (flatMaps.length >= 2 && (outputMode !== "append" || flatMaps.some((p) => p.outputMode !== "append"))) {
    throw unsupported(
      "Multiple flatMapGroupsWithStates are not supported when they are not all in append mode or the output mode is not append on a streaming DataFrames/Datasets",
      "Use append for every flatMapGroupsWithState and for the query.",
    );
  }
  if (all.length - scala.length > 1) {
    throw unsupported(
      "Multiple applyInPandasWithStates are not supported on a streaming DataFrames/Datasets",
      "Keep one applyInPandasWithState per query.",
    );
  }
}

/**
 * Spark's per-operator rules for (flat)MapGroupsWithState and applyInPandasWithState: output mode
 * against the query's (and the aggregations in it), and EventTimeTimeout needing a watermark.
 */
function checkGroupsWithState(m: GroupsWithState, plan: LogicalPlan, outputMode: StreamingOutputMode): void {
  // transformWithState has none of these rules (Spark's checker lets it run in Append and Update).
  if (!streamingOf(m) || m.transformWithState) return;
  if (m.initialState?.isStreaming === true) {
    // Spark's text (which names the supported kind the wrong way round).
    throw unsupported(
      "Non-streaming DataFrame/Dataset is not supported as the initial state in [flatMap|map]GroupsWithState operation on a streaming DataFrame/Dataset",
      "The initial state must be a batch DataFrame.",
    );
  }
  const aggsInQuery = streamingAggregates(plan);
  const api = m.api === "applyInPandasWithState" ? "applyInPandasWithState" : "flatMapGroupsWithState";
  const fnMode = m.outputMode === "append" ? "append" : "update";
  if (m.isMapGroupsWithState) {
    if (outputMode !== "update") {
      throw unsupported(
        `mapGroupsWithState is not supported with ${modeName(outputMode)} output mode on a streaming DataFrame/Dataset`,
        "Use Update output mode.",
      );
    }
  } else if (aggsInQuery.length === 0) {
    if (m.outputMode !== outputMode) {
      throw unsupported(
        `${api} in ${fnMode} mode is not supported with ${modeName(outputMode)} output mode on a streaming DataFrame/Dataset`,
        `Run the query in ${modeName(m.outputMode)} output mode, or give ${api} the query's output mode.`,
      );
    }
  } else if (m.outputMode === "update") {
    throw unsupported(
      `${api} in update mode is not supported with aggregation on a streaming DataFrame/Dataset`,
      `Give ${api} the append output mode.`,
    );
  } else if (m.api === "applyInPandasWithState" && streamingAggregates(m).length > 0) {
    throw unsupported(
      "applyInPandasWithState in append mode is not supported after aggregation on a streaming DataFrame/Dataset",
      "Aggregate after applyInPandasWithState, not before.",
    );
  }
  if (m.timeout === "EventTimeTimeout" && !outputOf(m.child).some((a) => hasWatermark(a))) {
    const where =
      m.api === "applyInPandasWithState" ? "applyInPandasWithState" : "[map|flatMap]GroupsWithState";
    throw unsupported(
      `Watermark must be specified in the query using '[Dataset/DataFrame].withWatermark()' for using event-time timeout in a ${where}. Event-time timeout not supported without watermark.`,
    );
  }
}

// ---- per operator --------------------------------------------------------------------------------

function checkOperator(node: LogicalPlan, outputMode: StreamingOutputMode): void {
  switch (node.kind) {
    case "aggregate":
      if (streamingOf(node.child) && node.aggregateExpressions.some((e) => hasDistinctAggregate(e))) {
        throw unsupported(
          "Distinct aggregations are not supported on streaming DataFrames/Datasets. Consider using approx_count_distinct() instead.",
        );
      }
      // Spark's "Grouping Sets is not supported" rule matches only an unresolved GROUPING SETS
      // expression; analyzed cube/rollup are an Aggregate over Expand, a plain streaming aggregation.
      return;
    case "join":
      checkJoin(node, outputMode);
      return;
    case "union": {
      const streams = node.children.map(streamingOf);
      if (streams.includes(true) && streams.includes(false)) {
        throw unsupported(
          "Union between streaming and batch DataFrames/Datasets is not supported",
          "Union a stream only with other streams; combine it with a static DataFrame through a join.",
        );
      }
      return;
    }
    case "except":
      if (streamingOf(node.right)) {
        throw unsupported(
          "Except on a streaming DataFrame/Dataset on the right is not supported",
          "Only a static DataFrame can be subtracted from a stream.",
        );
      }
      return;
    case "intersect":
      if (streamingOf(node.left) || streamingOf(node.right)) {
        throw unsupported(
          "Intersect of streaming DataFrames/Datasets is not supported",
          "Use a left semi join on all the columns instead.",
        );
      }
      return;
    case "limit":
      if (streamingOf(node.child) && outputMode === "update") {
        throw unsupported(
          "Limits are not supported on streaming DataFrames/Datasets in Update output mode",
          "Use Append or Complete output mode, or drop the limit.",
        );
      }
      return;
    case "offset":
      // Spark rejects an offset anywhere in a streaming query, even over a static side.
      throw unsupported(
        "Offset is not supported on streaming DataFrames/Datasets",
        "Remove offset() from the streaming query.",
      );
    case "sort":
      if (!containsCompleteData(node, outputMode)) {
        throw unsupported(
          "Sorting is not supported on streaming DataFrames/Datasets, unless it is on aggregated DataFrame/Dataset in Complete output mode",
          "Sort an aggregated result in Complete output mode, or sort each micro-batch inside foreachBatch.",
        );
      }
      return;
    case "sample":
      if (streamingOf(node.child)) {
        throw unsupported(
          "Sampling is not supported on streaming DataFrames/Datasets",
          "Filter with rand() < fraction instead.",
        );
      }
      return;
    case "window":
      if (streamingOf(node.child)) throw nonTimeWindow(node.windowExpressions);
      return;
    case "deduplicate":
      if (node.withinWatermark && streamingOf(node.child) && !outputOf(node.child).some(hasWatermark)) {
        throw unsupported(
          "dropDuplicatesWithinWatermark is not supported on streaming DataFrames/DataSets without watermark",
          "Call withWatermark on the event-time column before dropDuplicatesWithinWatermark.",
        );
      }
      return;
    default:
      return;
  }
}

/**
 * Whether a subplan yields all of its data at every trigger (batch, or an aggregation in Complete
 * mode), so that operators like sort see the whole result.
 */
function containsCompleteData(subplan: LogicalPlan, outputMode: StreamingOutputMode): boolean {
  if (!streamingOf(subplan)) return true;
  if (outputMode !== "complete") return false;
  let found = false;
  forEachDown(subplan, (p) => {
    if (p.kind === "aggregate" && streamingOf(p)) found = true;
  });
  return found;
}

function checkJoin(join: Join, outputMode: StreamingOutputMode): void {
  const left = streamingOf(join.left);
  const right = streamingOf(join.right);
  const name = JOIN_NAMES[join.joinType] ?? join.joinType;
  if (left && right && outputMode !== "append") {
    throw unsupported(
      `Join between two streaming DataFrames/Datasets is not supported in ${modeName(outputMode)} output mode, only in Append output mode`,
      "Use Append output mode, or join the stream with a static DataFrame.",
    );
  }
  switch (join.joinType) {
    case "inner":
    case "cross":
      return;
    case "full_outer":
      if (left && !right) {
        throw unsupported(
          "FullOuter joins with streaming DataFrames/Datasets on the left and a static DataFrame/Dataset on the right is not supported",
          "Use a left outer join with the stream on the left.",
        );
      }
      if (!left && right) {
        throw unsupported(
          "FullOuter joins with streaming DataFrames/Datasets on the right and a static DataFrame/Dataset on the left is not supported",
          "Use a right outer join with the stream on the right.",
        );
      }
      if (left && right) checkStreamStreamJoinWatermark(join, name);
      return;
    case "left_anti":
      if (right) {
        throw unsupported(
          "LeftAnti joins with a streaming DataFrame/Dataset on the right are not supported",
          "Only a static DataFrame can be on the right of an anti join with a stream.",
        );
      }
      return;
    case "left_outer":
    case "left_semi":
      if (!left && right) {
        throw unsupported(
          `${name} join with a streaming DataFrame/Dataset on the right and a static DataFrame/Dataset on the left is not supported`,
          join.joinType === "left_outer"
            ? "Swap the sides so the stream is on the left, or use a right outer join."
            : "Swap the sides so the stream is on the left of the semi join.",
        );
      }
      if (left && right) checkStreamStreamJoinWatermark(join, name);
      return;
    case "right_outer":
      if (left && !right) {
        throw unsupported(
          "RightOuter join with a streaming DataFrame/Dataset on the left and a static DataFrame/DataSet on the right not supported",
          "Swap the sides and use a left outer join.",
        );
      }
      if (left && right) checkStreamStreamJoinWatermark(join, name);
      return;
  }
}

/**
 * Stream-stream outer and semi joins must be able to drop state: a watermarked event-time column
 * among the equi-join keys, or a watermark on the other side with a time-range condition that
 * bounds the preserved side's state (Spark's `StreamingJoinHelper.getStateValueWatermark`, probed
 * with a sample watermark as Spark does). Left outer and left semi need it for the left side's
 * state, right outer for the right side's, full outer for either.
 */
function checkStreamStreamJoinWatermark(join: Join, name: string): void {
  const left = outputOf(join.left);
  const right = outputOf(join.right);
  const bounds = (of: typeof left, by: typeof right): boolean =>
    getStateValueWatermark(of, by, join.condition, SAMPLE_WATERMARK_MS) !== undefined;
  const hasValidWatermarkRange =
    join.joinType === "right_outer"
      ? bounds(right, left)
      : join.joinType === "full_outer"
        ? bounds(left, right) || bounds(right, left)
        : bounds(left, right);
  if (!isWatermarkInJoinKeys(join) && !hasValidWatermarkRange) {
    throw unsupported(
      `Stream-stream ${name} join between two streaming DataFrame/Datasets is not supported without a watermark in the join keys, or a watermark on the nullable side and an appropriate range condition`,
      "Join on an event-time column that has withWatermark, or add a watermark on the nullable side and a time-range condition.",
    );
  }
}

/** The watermark Spark probes a join condition with (any value works: only "is there a bound" matters). */
const SAMPLE_WATERMARK_MS = 1_000_000;

/** `plan` rejects every expression Spark cannot run incrementally (monotonically_increasing_id). */
function checkUnsupportedExpressions(node: LogicalPlan): void {
  const found = new Set<string>();
  for (const e of nodeExpressions(node)) {
    walkExpression(e, (x) => {
      if (x.kind === "call" && x.name === "monotonically_increasing_id") found.add(`${x.name}()`);
    });
  }
  if (found.size > 0) {
    throw unsupported(
      `Expression(s): ${[...found].join(", ")} is not supported with streaming DataFrames/Datasets`,
      "Take row ids from a column of the source instead.",
    );
  }
}

// ---- chained stateful operators ------------------------------------------------------------------

/**
 * Spark's `checkStreamingQueryGlobalWatermarkLimit` (step 4 of `checkForStreaming`): a stateful
 * operator must not sit above an operator that can emit rows older than the global watermark (an
 * aggregation outside Append mode, (flat)MapGroupsWithState / applyInPandasWithState with
 * event-time timeout), since those rows would be late, and silently dropped, downstream. Throws
 * `_LEGACY_ERROR_TEMP_3102`, or reports it to `options.onWarning` when `checkCorrectness` is false.
 */
export function checkStreamingQueryGlobalWatermarkLimit(
  plan: LogicalPlan,
  outputMode: StreamingOutputMode,
  options: StreamingCheckOptions = {},
): void {
  let error: TsparkError | undefined;
  forEachDown(plan, (node) => {
    if (error || !isStatefulOperation(node)) return;
    let offending: LogicalPlan | undefined;
    forEachDown(node, (p) => {
      if (!offending && p !== node && cannotBeFollowedByStatefulOperation(p, outputMode)) offending = p;
    });
    if (!offending) return;
    const aggregatesChained = node.kind === "aggregate" || node.kind === "distinct";
    error = unsupported(
      "Detected pattern of possible 'correctness' issue due to global watermark. The query contains stateful operation which can emit rows older than the current watermark plus allowed late record delay, which are \"late rows\" in downstream stateful operations and these rows can be discarded. Please refer the programming guide doc for more details. If you understand the possible risk of correctness issue and still need to run the query, you can disable this check by setting the config `spark.sql.streaming.statefulOperator.checkCorrectness.enabled` to false.",
      offending.kind === "flat_map_groups_with_state"
        ? `A stateful operator after ${offending.api} with EventTimeTimeout is not supported: its timed-out rows can be late downstream; use another timeout, or move the stateful operator before it.`
        : aggregatesChained
          ? `Multiple streaming aggregations are not supported with streaming DataFrames/Datasets in ${modeName(outputMode)} output mode: aggregate once, or use Append output mode with a watermark.`
          : `A stateful operator after a streaming aggregation is not supported in ${modeName(outputMode)} output mode: use Append output mode with a watermark.`,
    );
  });
  if (!error) return;
  if (options.checkCorrectness === false) options.onWarning?.(error.message);
  else throw error;
}

function isStatefulOperation(p: LogicalPlan): boolean {
  switch (p.kind) {
    case "aggregate":
    case "distinct":
      return streamingOf(p);
    case "join":
      return streamingOf(p.left) && streamingOf(p.right);
    case "deduplicate":
      // Without the event-time column in its keys, a dedup never evicts by watermark, so late input
      // cannot make it lose rows.
      // Within the watermark, state always expires by the watermark.
      if (p.withinWatermark) return streamingOf(p);
      return streamingOf(p) && dedupKeys(p).some((k) => containsWatermarkedAttribute(k));
    case "flat_map_groups_with_state":
      // (flat)MapGroupsWithState, applyInPandasWithState and transformWithState.
      return streamingOf(p);
    default:
      return false;
  }
}

function cannotBeFollowedByStatefulOperation(p: LogicalPlan, outputMode: StreamingOutputMode): boolean {
  // Event-time timeouts emit rows for keys whose time the watermark has passed.
  if (p.kind === "flat_map_groups_with_state") return streamingOf(p) && p.timeout === "EventTimeTimeout";
  return (p.kind === "aggregate" || p.kind === "distinct") && streamingOf(p) && outputMode !== "append";
}

function dedupKeys(p: LogicalPlan & { kind: "deduplicate" }): readonly Expression[] {
  return p.keys.length > 0 ? p.keys : outputOf(p.child);
}

// ---- helpers -------------------------------------------------------------------------------------

const streamingMemo = new WeakMap<LogicalPlan, boolean>();

function streamingOf(plan: LogicalPlan): boolean {
  const known = streamingMemo.get(plan);
  if (known !== undefined) return known;
  const result =
    plan.kind === "local_relation" || plan.kind === "data_source_relation"
      ? plan.isStreaming === true
      : childrenOf(plan).some(streamingOf);
  streamingMemo.set(plan, result);
  return result;
}

/** Post-order walk (children first), as Spark's `foreachUp`. */
function forEachUp(plan: LogicalPlan, f: (p: LogicalPlan) => void): void {
  for (const c of childrenOf(plan)) forEachUp(c, f);
  f(plan);
}

/** Pre-order walk, as Spark's `foreach` / `collect`. */
function forEachDown(plan: LogicalPlan, f: (p: LogicalPlan) => void): void {
  f(plan);
  for (const c of childrenOf(plan)) forEachDown(c, f);
}

function walkExpression(e: Expression, f: (e: Expression) => void): void {
  f(e);
  for (const c of exprChildren(e)) walkExpression(c, f);
}

function nodeExpressions(p: LogicalPlan): readonly Expression[] {
  switch (p.kind) {
    case "project":
      return p.projectList;
    case "filter":
      return [p.condition];
    case "aggregate":
      return [...p.groupingExpressions, ...p.aggregateExpressions];
    case "sort":
      return p.order;
    case "join":
      return p.condition ? [p.condition] : [];
    case "deduplicate":
      return p.keys;
    case "generate":
      return [p.generator];
    case "window":
      return [...p.windowExpressions, ...p.partitionSpec, ...p.orderSpec];
    case "expand":
      return p.projections.flat();
    default:
      return [];
  }
}

function hasDistinctAggregate(e: Expression): boolean {
  let found = false;
  walkExpression(e, (x) => {
    if (x.kind === "aggregate" && x.isDistinct) found = true;
  });
  return found;
}

function hasWatermark(a: AttributeReference): boolean {
  return watermarkDelayOf(a) !== undefined;
}

function isSessionWindow(a: AttributeReference): boolean {
  return windowColumnKindOf(a) === "session";
}

function containsWatermarkedAttribute(e: Expression): boolean {
  let found = false;
  walkExpression(e, (x) => {
    if (x.kind === "attribute" && hasWatermark(x)) found = true;
  });
  return found;
}

/** Equality conjuncts (`=`, `<=>`) with one side over left columns only and the other over right. */
function equiJoinKeys(join: Join): [Expression, Expression][] {
  const lids = new Set(outputOf(join.left).map((a) => a.exprId));
  const rids = new Set(outputOf(join.right).map((a) => a.exprId));
  const sideOf = (e: Expression): "left" | "right" | "both" | "none" => {
    let l = false;
    let r = false;
    walkExpression(e, (x) => {
      if (x.kind === "attribute") {
        if (lids.has(x.exprId)) l = true;
        else if (rids.has(x.exprId)) r = true;
      }
    });
    return l && r ? "both" : l ? "left" : r ? "right" : "none";
  };
  const keys: [Expression, Expression][] = [];
  for (const c of conjuncts(join.condition)) {
    if (c.kind !== "call" || (c.name !== "=" && c.name !== "==" && c.name !== "<=>") || c.args.length !== 2)
      continue;
    const [a, b] = c.args as [Expression, Expression];
    const sa = sideOf(a);
    const sb = sideOf(b);
    if (sa === "left" && sb === "right") keys.push([a, b]);
    else if (sa === "right" && sb === "left") keys.push([b, a]);
  }
  return keys;
}

function hasEquiKeys(join: Join): boolean {
  return equiJoinKeys(join).length > 0;
}

function conjuncts(e: Expression | undefined): Expression[] {
  if (!e) return [];
  return e.kind === "and" ? [...conjuncts(e.left), ...conjuncts(e.right)] : [e];
}

function modeName(mode: StreamingOutputMode): string {
  return mode === "append" ? "Append" : mode === "update" ? "Update" : "Complete";
}

/** `_LEGACY_ERROR_TEMP_3102` with Spark's text, followed by tspark's fix hint. */
function unsupported(sparkText: string, hint?: string): TsparkError {
  const text = hint === undefined ? sparkText : `${sparkText}${/[.!?]$/.test(sparkText) ? "" : "."} ${hint}`;
  return new TsparkError("_LEGACY_ERROR_TEMP_3102", { messageParameters: { msg: text } });
}

function outputModeUnsupported(mode: StreamingOutputMode, operation: string): TsparkError {
  return new TsparkError("STREAMING_OUTPUT_MODE.UNSUPPORTED_OPERATION", {
    messageParameters: { outputMode: mode, operation },
  });
}

/** NON_TIME_WINDOW_NOT_SUPPORTED_IN_STREAMING, with Spark's upper-cased function and spec texts. */
function nonTimeWindow(windowExpressions: readonly Expression[]): TsparkError {
  const funcs: string[] = [];
  const columns: string[] = [];
  const specs: string[] = [];
  for (const e of windowExpressions) {
    walkExpression(e, (x) => {
      if (x.kind !== "window_expression") return;
      funcs.push(prettySql(x.function).toUpperCase());
      columns.push(toSqlId([e.kind === "alias" ? e.name : prettySql(e)]));
      specs.push(`(${windowSpecText(x.spec)})`.toUpperCase());
    });
  }
  return new TsparkError("NON_TIME_WINDOW_NOT_SUPPORTED_IN_STREAMING", {
    messageParameters: {
      windowFunc: funcs.join(","),
      columnName: columns.join(","),
      windowSpec: specs.join(","),
    },
  });
}
