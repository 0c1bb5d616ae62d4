/**
 * The immutable logical plan tree (Spark's LogicalPlan). Nodes have a `kind`; `children` gives the
 * inputs. Unresolved nodes (from the API and SQL parser) hold unresolved expressions; after the
 * Analyzer every expression is resolved and `outputOf(plan)` is defined.
 */
import type { AttributeReference, Expression, SortOrder } from "../expressions/expression.js";
import type { StructType } from "../types/data-type.js";
import type {
  GroupStateApi,
  GroupStateFunction,
  GroupStateInitialState,
  GroupStateTimeoutConf,
} from "./group-state.js";
import type { TransformWithStateSpec } from "./stateful-processor.js";

/** Join types with Spark's names. */
export type JoinType =
  | "inner"
  | "left_outer"
  | "right_outer"
  | "full_outer"
  | "left_semi"
  | "left_anti"
  | "cross";

/** In-memory rows (internal values) with their output attributes. */
export interface LocalRelation {
  readonly kind: "local_relation";
  readonly output: readonly AttributeReference[];
  readonly rows: readonly (readonly unknown[])[];
  readonly isStreaming?: boolean;
  /**
   * How the rows are split into partitions, as Spark would: `parallelize` (PySpark's
   * createDataFrame from a list: `defaultParallelism` slices, some possibly empty) or `local`
   * (SQL VALUES and other in-memory rows: one partition). Default `local`.
   */
  readonly slicing?: "parallelize" | "local";
}

/** `spark.range(start, end, step)`: one BIGINT column `id`. */
export interface Range {
  readonly kind: "range";
  readonly start: number | bigint;
  readonly end: number | bigint;
  readonly step: number | bigint;
  readonly output: readonly AttributeReference[];
  /** Number of partitions (`spark.range(..., numPartitions)`); default `defaultParallelism`. */
  readonly numPartitions?: number;
}

/** A table or view name before lookup (`spark.table("t")`, `FROM t`). */
export interface UnresolvedRelation {
  readonly kind: "unresolved_relation";
  readonly nameParts: readonly string[];
}

/** `VALUES (…), (…) AS t(a, b)` before resolution. */
export interface UnresolvedInlineTable {
  readonly kind: "unresolved_inline_table";
  readonly names: readonly string[];
  readonly rows: readonly (readonly Expression[])[];
}

/** Gives the child's output a qualifier (`df.alias("a")`, `FROM t AS a`, views). */
export interface SubqueryAlias {
  readonly kind: "subquery_alias";
  readonly alias: string;
  readonly child: LogicalPlan;
}

export interface Project {
  readonly kind: "project";
  readonly projectList: readonly Expression[];
  readonly child: LogicalPlan;
}

export interface Filter {
  readonly kind: "filter";
  readonly condition: Expression;
  readonly child: LogicalPlan;
  /** Set by the SQL parser for HAVING, which filters groups below any window functions. */
  readonly having?: boolean;
}

export interface Aggregate {
  readonly kind: "aggregate";
  readonly groupingExpressions: readonly Expression[];
  readonly aggregateExpressions: readonly Expression[];
  readonly child: LogicalPlan;
}

export interface Sort {
  readonly kind: "sort";
  readonly order: readonly SortOrder[];
  /** True for orderBy/sort (total order), false for sortWithinPartitions. */
  readonly global: boolean;
  readonly child: LogicalPlan;
}

export interface Limit {
  readonly kind: "limit";
  readonly limit: number;
  readonly child: LogicalPlan;
}

export interface Offset {
  readonly kind: "offset";
  readonly offset: number;
  readonly child: LogicalPlan;
}

export interface Join {
  readonly kind: "join";
  readonly left: LogicalPlan;
  readonly right: LogicalPlan;
  readonly joinType: JoinType;
  readonly condition?: Expression;
  /** `join(other, on: string[])`: USING columns, resolved by the analyzer into a condition + project. */
  readonly usingColumns?: readonly string[];
  /** `NATURAL JOIN`: USING over every column name both sides share (set by the parser). */
  readonly natural?: boolean;
}

/** UNION ALL of children by position (or by name before resolution). */
export interface Union {
  readonly kind: "union";
  readonly children: readonly LogicalPlan[];
  readonly byName: boolean;
  readonly allowMissingColumns: boolean;
}

export interface Intersect {
  readonly kind: "intersect";
  readonly left: LogicalPlan;
  readonly right: LogicalPlan;
  readonly isAll: boolean;
}

export interface Except {
  readonly kind: "except";
  readonly left: LogicalPlan;
  readonly right: LogicalPlan;
  readonly isAll: boolean;
}

/** SELECT DISTINCT / df.distinct(). */
export interface Distinct {
  readonly kind: "distinct";
  readonly child: LogicalPlan;
}

/**
 * dropDuplicates(keys): keeps the first row per key. `withinWatermark` is Spark's
 * DeduplicateWithinWatermark (`dropDuplicatesWithinWatermark`): streaming only, a key is
 * remembered until the watermark passes its first row's event time plus the delay.
 */
export interface Deduplicate {
  readonly kind: "deduplicate";
  readonly keys: readonly Expression[];
  readonly withinWatermark?: boolean;
  readonly child: LogicalPlan;
}

/**
 * `withWatermark(eventTime, delay)` (Spark's EventTimeWatermark): rows pass through; the output
 * is the child's with the event-time attribute marked with `spark.watermarkDelayMs` (see
 * plans/event-time.ts). `eventTime` is an unresolved column until the Analyzer binds it to one
 * of the child's attributes (of TIMESTAMP or TIMESTAMP_NTZ type). In a batch query it is a no-op.
 */
export interface EventTimeWatermark {
  readonly kind: "event_time_watermark";
  readonly eventTime: Expression;
  /** The delay threshold in milliseconds (months count as 31 days), ≥ 0. */
  readonly delayMs: number;
  /** The delay as the user wrote it, for plan strings (`interval 10 seconds`). */
  readonly delayText: string;
  /**
   * tspark's idle timeout (opt-in, `withWatermark(col, delay, { idleTimeout })`): after this long
   * without rows, the node's watermark advances with processing time (docs/event-time.md).
   */
  readonly idleTimeoutMs?: number;
  /**
   * tspark's late-rows view (opt-in, `withWatermark(col, delay, { lateRows })`): stateful
   * operators over this event time append the rows they drop as late to the temp view of this
   * name (docs/event-time.md "Late rows to a side output").
   */
  readonly lateRows?: string;
  readonly child: LogicalPlan;
}

/**
 * Arbitrary stateful processing (Spark's FlatMapGroupsWithState / FlatMapGroupsInPandasWithState):
 * the child's rows grouped by `groupingExpressions`, `func` called once per key with the key's
 * rows and its state (kept across micro-batches in a streaming query; empty in a batch one).
 * Before analysis the grouping expressions are unresolved; the Analyzer resolves them to
 * attributes of the child (projecting a non-attribute expression as an extra column in front of
 * the child's, as Spark's `applyInPandasWithState` does) and sets `dataAttributes` to the columns
 * the function sees. The output is `output` (from the output schema), never the child's.
 */
export interface FlatMapGroupsWithState {
  readonly kind: "flat_map_groups_with_state";
  readonly func: GroupStateFunction;
  readonly groupingExpressions: readonly Expression[];
  /** The child columns handed to `func` as rows (set by the Analyzer). */
  readonly dataAttributes?: readonly AttributeReference[];
  /** The output attributes, one per field of the output schema. */
  readonly output: readonly AttributeReference[];
  /** The user's state schema (one state row per key). */
  readonly stateSchema: StructType;
  /** The function's own output mode (Spark's `outputMode` argument): append or update. */
  readonly outputMode: "append" | "update";
  readonly timeout: GroupStateTimeoutConf;
  /** `mapGroupsWithState`: exactly one output row per call. */
  readonly isMapGroupsWithState: boolean;
  readonly api: GroupStateApi;
  /**
   * transformWithState (Spark 4's TransformWithState node; `api` names it): the processor, time
   * mode and initial state. `func` is then unused, `stateSchema` empty and `timeout` NoTimeout.
   */
  readonly transformWithState?: TransformWithStateSpec;
  /**
   * The initial state (Scala's `initialState` argument): applied in the first batch of a
   * streaming query, or to the whole of a batch one. Not a child: a separate batch plan.
   */
  readonly initialState?: GroupStateInitialState;
  readonly child: LogicalPlan;
}

/** A generator (explode, …) applied to each child row; output = child output (+) generator output. */
export interface Generate {
  readonly kind: "generate";
  /** The generator call (a `generator` node once resolved; unresolved_function from SQL). */
  readonly generator: Expression;
  readonly outer: boolean;
  /** Output attributes of the generator (named by aliases or defaults such as `col`). */
  readonly generatorOutput: readonly AttributeReference[];
  /** Names given by the user (`explode(x).alias("a")`, `AS (k, v)`); empty for defaults. */
  readonly aliasNames: readonly string[];
  /** LATERAL VIEW's table alias (`LATERAL VIEW explode(a) t AS c` → `t.c`). */
  readonly qualifier?: string;
  readonly child: LogicalPlan;
}

/** Window functions over one partition/order spec. */
export interface Window {
  readonly kind: "window";
  /** Alias(WindowExpression) list. */
  readonly windowExpressions: readonly Expression[];
  readonly partitionSpec: readonly Expression[];
  readonly orderSpec: readonly SortOrder[];
  readonly child: LogicalPlan;
}

export interface Sample {
  readonly kind: "sample";
  readonly fraction: number;
  readonly withReplacement: boolean;
  readonly seed: number;
  readonly child: LogicalPlan;
}

/**
 * One output row per input row and projection (Spark's Expand): GROUPING SETS / ROLLUP / CUBE
 * emit each row once per grouping set, with the columns outside the set nulled and a grouping id.
 */
export interface Expand {
  readonly kind: "expand";
  /** One expression list per grouping set, each as wide as `output`. */
  readonly projections: readonly (readonly Expression[])[];
  readonly output: readonly AttributeReference[];
  readonly child: LogicalPlan;
}

/** A relation produced by a connector or a streaming source (filled in by later layers). */
export interface DataSourceRelation {
  readonly kind: "data_source_relation";
  readonly sourceName: string;
  readonly output: readonly AttributeReference[];
  readonly isStreaming: boolean;
  /** Opaque handle the physical planner hands to the connector. */
  readonly handle: unknown;
  /**
   * A streaming relation that may drop columns the query does not read (a micro-batch's leaf:
   * the engine reads or selects only the kept columns). Streaming relations are otherwise left
   * whole by ColumnPruning.
   */
  readonly prunable?: boolean;
  /**
   * Predicates over `output` the optimizer pushed to the source (PushDownFiltersToScan): hints the
   * source may use to skip data; the Filter above the relation still evaluates them.
   */
  readonly pushedFilters?: readonly Expression[];
}

export type LogicalPlan =
  | LocalRelation
  | Range
  | UnresolvedRelation
  | UnresolvedInlineTable
  | SubqueryAlias
  | Project
  | Filter
  | Aggregate
  | Sort
  | Limit
  | Offset
  | Join
  | Union
  | Intersect
  | Except
  | Distinct
  | Deduplicate
  | EventTimeWatermark
  | FlatMapGroupsWithState
  | Generate
  | Window
  | Sample
  | Expand
  | DataSourceRelation;

export type LogicalPlanKind = LogicalPlan["kind"];

/** The direct inputs of a plan node. */
export function childrenOf(plan: LogicalPlan): readonly LogicalPlan[] {
  switch (plan.kind) {
    case "local_relation":
    case "range":
    case "unresolved_relation":
    case "unresolved_inline_table":
    case "data_source_relation":
      return [];
    case "join":
    case "intersect":
    case "except":
      return [plan.left, plan.right];
    case "union":
      return plan.children;
    default:
      return [plan.child];
  }
}
