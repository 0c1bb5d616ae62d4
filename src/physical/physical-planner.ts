/**
 * PhysicalPlanner: optimized logical plan → ExecNode tree. Adjacent Project/Filter nodes fuse into
 * one PipelineExec; aggregates split into partial and final HashAggregateExec (or one complete
 * stage when a DISTINCT aggregate needs all rows of a group together); equi-join keys are pulled
 * out of join conditions for the hash join.
 *
 * Extension points (the streaming IncrementalPlanner subclasses this planner): `planNode` is the
 * per-kind dispatch (override it to intercept some node kinds and call `super.planNode` for the
 * rest; children are planned through `plan`, so overrides apply at every depth), and
 * `planAggregateState` sits between the partial and final aggregation stages (the batch planner
 * passes the partial stage through unchanged).
 */
import { type Clock, SystemClock } from "../common/clock.js";
import { TsparkError } from "../common/errors.js";
import type { AggregateCall, AttributeReference, Expression, SortOrder } from "../expressions/expression.js";
import { prettySql } from "../expressions/display.js";
import { nextExprId } from "../expressions/expr-id.js";
import { transformDown } from "../expressions/tree.js";
import { toAttribute, typeOf } from "../expressions/typing.js";
import type { Aggregate, LogicalPlan } from "../plans/logical-plan.js";
import { windowColumnKindOf } from "../plans/event-time.js";
import { outputOf } from "../plans/output.js";
import { isNumeric } from "../types/data-type.js";
import { canonicalKey } from "../expressions/canonical.js";
import { DeduplicateExec } from "./deduplicate-exec.js";
import type { ExecNode } from "./exec-node.js";
import { GenerateExec } from "./generate-exec.js";
import { HashAggregateExec } from "./hash-aggregate-exec.js";
import { HashJoinExec, type JoinKey } from "./hash-join-exec.js";
import { LimitExec } from "./limit-exec.js";
import { LocalTableScanExec } from "./local-table-scan-exec.js";
import { TransformWithStateBatchExec } from "./transform-with-state-batch-exec.js";
import { MapGroupsExec } from "./map-groups-exec.js";
import { PipelineExec, type UnboundStep } from "./pipeline-exec.js";
import { RangeExec } from "./range-exec.js";
import { SampleExec } from "./sample-exec.js";
import { SetOperationExec } from "./set-operation-exec.js";
import { SortExec } from "./sort-exec.js";
import { TakeOrderedExec } from "./take-ordered-exec.js";
import { UnionExec } from "./union-exec.js";
import { UpdatingSessionsExec } from "./updating-sessions-exec.js";
import { WindowExec } from "./window-exec.js";

/** Plans leaves the core planner does not know (streaming and connector relations). */
export type LeafPlanner = (plan: LogicalPlan) => ExecNode | undefined;

/**
 * One aggregate's split into partial and final stages, as `planAggregateState` sees it: the
 * partial stage outputs `[...groupingAttributes, ...bufferAttributes]` (one aggregation buffer per
 * call of `aggregates`), and the final stage reads the same layout from whatever the hook returns.
 */
export interface AggregateSplit {
  /** The logical aggregate being planned. */
  readonly aggregate: Aggregate;
  readonly groupingAttributes: readonly AttributeReference[];
  readonly bufferAttributes: readonly AttributeReference[];
  /** The aggregate calls, bound (their `bound` kernels merge the buffers). */
  readonly aggregates: readonly AggregateCall[];
}

export class PhysicalPlanner {
  /**
   * @param leafPlanners plan the leaves the core planner does not know
   * @param clock the session's clock (the processing time of batch (flat)MapGroupsWithState calls)
   */
  constructor(
    protected readonly leafPlanners: readonly LeafPlanner[] = [],
    protected readonly clock: Clock = new SystemClock(),
  ) {}

  /** Plans `p`: leaf planners first, then the per-kind dispatch `planNode`. */
  plan(p: LogicalPlan): ExecNode {
    for (const lp of this.leafPlanners) {
      const e = lp(p);
      if (e) return e;
    }
    return this.planNode(p);
  }

  /** The built-in planning of each node kind (children go back through `plan`). */
  protected planNode(p: LogicalPlan): ExecNode {
    switch (p.kind) {
      case "local_relation":
        return new LocalTableScanExec(p.output, p.rows, p.slicing);
      case "range":
        return new RangeExec(p.output, BigInt(p.start), BigInt(p.end), BigInt(p.step), p.numPartitions);
      case "subquery_alias":
        return this.plan(p.child);
      case "project":
      case "filter":
        return this.planPipeline(p);
      case "aggregate":
        return this.planAggregate(p);
      case "sort":
        return new SortExec(this.plan(p.child), p.order, p.global);
      case "limit":
        if (p.child.kind === "sort" && p.child.global) {
          return new TakeOrderedExec(this.plan(p.child.child), p.child.order, p.limit);
        }
        if (p.child.kind === "offset")
          return new LimitExec(this.plan(p.child.child), p.limit, p.child.offset);
        return new LimitExec(this.plan(p.child), p.limit);
      case "offset":
        return new LimitExec(this.plan(p.child), Number.POSITIVE_INFINITY, p.offset);
      case "join":
        return this.planJoin(p);
      case "union":
        return new UnionExec(
          p.children.map((c) => this.plan(c)),
          outputOf(p),
        );
      case "intersect":
      case "except":
        return new SetOperationExec(p.kind, p.isAll, this.plan(p.left), this.plan(p.right));
      case "distinct": {
        const child = this.plan(p.child);
        return new DeduplicateExec(child, child.output);
      }
      case "deduplicate":
        return new DeduplicateExec(this.plan(p.child), p.keys);
      case "event_time_watermark":
        // A batch query ignores the watermark (Spark's EliminateEventTimeWatermark); a streaming
        // one is planned by the incremental planner (EventTimeWatermarkExec).
        return this.plan(p.child);
      case "flat_map_groups_with_state":
        // Spark plans applyInPandasWithState only in streaming queries (SPARK-40443).
        if (p.api === "applyInPandasWithState") throw new TsparkError("_LEGACY_ERROR_TEMP_3176");
        if (p.transformWithState) return new TransformWithStateBatchExec(this.plan(p.child), p, this.clock);
        return new MapGroupsExec(this.plan(p.child), p, this.clock);
      case "generate": {
        if (p.generator.kind !== "generator")
          throw new TsparkError("INTERNAL_ERROR", { messageParameters: { message: "unresolved generator" } });
        return new GenerateExec(this.plan(p.child), p.generator, p.outer, p.generatorOutput);
      }
      case "window": {
        for (const w of p.windowExpressions) {
          const we = w.kind === "alias" ? w.child : w;
          if (we.kind === "window_expression" && we.spec.frame?.frameType === "range") {
            const f = we.spec.frame;
            if (f.lower.type === "offset" || f.upper.type === "offset")
              checkRangeOffsetFrame(we.spec.orderBy, prettySql(we));
          }
        }
        return new WindowExec(
          this.plan(p.child),
          p.windowExpressions,
          p.partitionSpec,
          p.orderSpec,
          outputOf(p),
        );
      }
      case "sample":
        return new SampleExec(this.plan(p.child), p.fraction, p.withReplacement, p.seed);
      case "expand":
        return this.planPipeline(p);
      case "data_source_relation":
        throw new TsparkError("UNSUPPORTED_FEATURE.DESC", {
          messageParameters: { desc: `no physical planner for source '${p.sourceName}'` },
        });
      case "unresolved_relation":
      case "unresolved_inline_table":
        throw new TsparkError("INTERNAL_ERROR", {
          messageParameters: { message: `unresolved plan '${p.kind}'` },
        });
    }
  }

  /**
   * One PipelineExec for a chain of Project, Filter and (at most one) Expand nodes: the Expand's
   * rows go through the steps above it one by one instead of as a batch of all of them.
   */
  private planPipeline(p: LogicalPlan): ExecNode {
    const steps: UnboundStep[] = [];
    let cur = p;
    let expanded = false;
    for (;;) {
      if (cur.kind === "project")
        steps.push({ kind: "project", exprs: cur.projectList, output: outputOf(cur) });
      else if (cur.kind === "filter") steps.push({ kind: "filter", condition: cur.condition });
      else if (cur.kind === "expand" && !expanded) {
        steps.push({ kind: "expand", projections: cur.projections, output: cur.output });
        expanded = true;
      } else break;
      cur = cur.child;
    }
    steps.reverse();
    return new PipelineExec(this.plan(cur), steps);
  }

  /** Splits an aggregate into partial and final stages (one complete stage for DISTINCT calls). */
  protected planAggregate(p: Aggregate): ExecNode {
    const child = this.planSessionMerge(this.plan(p.child), p);
    const groupAttrs: AttributeReference[] = p.groupingExpressions.map((g) =>
      g.kind === "attribute"
        ? g
        : {
            kind: "attribute",
            name: prettySql(g),
            dataType: typeOf(g),
            nullable: true,
            exprId: nextExprId(),
            qualifier: [],
          },
    );
    const groupKeys = new Map<string, AttributeReference>();
    p.groupingExpressions.forEach((g, i) => {
      groupKeys.set(canonicalKey(g), groupAttrs[i]!);
    });
    const aggs: AggregateCall[] = [];
    const aggAttrs: AttributeReference[] = [];
    const aggKeys = new Map<string, AttributeReference>();
    const resultExprs: Expression[] = p.aggregateExpressions.map((e) =>
      transformDown(e, (x) => {
        if (x.kind === "alias" || x.kind === "window_expression") return x;
        const gk = groupKeys.get(canonicalKey(x));
        if (gk) return gk;
        if (x.kind === "aggregate") {
          const key = canonicalKey(x);
          let a = aggKeys.get(key);
          if (!a) {
            a = {
              kind: "attribute",
              name: prettySql(x),
              dataType: x.dataType!,
              nullable: x.nullable ?? true,
              exprId: nextExprId(),
              qualifier: [],
            };
            aggKeys.set(key, a);
            aggs.push(x);
            aggAttrs.push(a);
          }
          return a;
        }
        return x;
      }),
    );
    const output = p.aggregateExpressions.map(toAttribute);
    const resultInput = [...groupAttrs, ...aggAttrs];
    if (aggs.some((a) => a.isDistinct)) {
      return new HashAggregateExec(
        "complete",
        child,
        p.groupingExpressions,
        aggs,
        resultExprs,
        resultInput,
        output,
      );
    }
    const bufferAttrs: AttributeReference[] = aggAttrs.map((a) => ({
      ...a,
      name: `buf:${a.name}`,
      exprId: nextExprId(),
    }));
    const partial = new HashAggregateExec(
      "partial",
      child,
      p.groupingExpressions,
      aggs,
      [],
      [],
      [...groupAttrs, ...bufferAttrs],
    );
    const between = this.planAggregateState(partial, {
      aggregate: p,
      groupingAttributes: groupAttrs,
      bufferAttributes: bufferAttrs,
      aggregates: aggs,
    });
    return new HashAggregateExec("final", between, groupAttrs, aggs, resultExprs, resultInput, output);
  }

  /**
   * What runs below an aggregation grouped by a `session_window` column (a grouping attribute
   * with the session marker): UpdatingSessionsExec, which gives each row its merged session per
   * other grouping key. Other aggregations get `child` unchanged. The streaming planner may
   * override this with its session state operators.
   */
  protected planSessionMerge(child: ExecNode, p: Aggregate): ExecNode {
    const session = p.groupingExpressions.find(
      (g): g is AttributeReference => g.kind === "attribute" && windowColumnKindOf(g) === "session",
    );
    if (!session) return child;
    const keys = p.groupingExpressions.filter((g) => g !== session);
    return new UpdatingSessionsExec(child, keys, session);
  }

  /**
   * What runs between the partial and the final stage of a split aggregate; the input and the
   * result both have the partial stage's layout. Batch queries need nothing there (streaming puts
   * its state store operators there).
   */
  protected planAggregateState(partial: ExecNode, _split: AggregateSplit): ExecNode {
    return partial;
  }

  private planJoin(p: LogicalPlan & { kind: "join" }): ExecNode {
    const left = this.plan(p.left);
    const right = this.plan(p.right);
    const lids = new Set(outputOf(p.left).map((a) => a.exprId));
    const rids = new Set(outputOf(p.right).map((a) => a.exprId));
    const keys: JoinKey[] = [];
    const residual: Expression[] = [];
    for (const c of splitConjuncts(p.condition)) {
      if (
        c.kind === "call" &&
        (c.name === "=" || c.name === "==" || c.name === "<=>") &&
        c.args.length === 2
      ) {
        const [a, b] = c.args as [Expression, Expression];
        const sa = sideOf(a, lids, rids);
        const sb = sideOf(b, lids, rids);
        if (sa === "left" && sb === "right") {
          keys.push({ left: a, right: b, nullSafe: c.name === "<=>" });
          continue;
        }
        if (sa === "right" && sb === "left") {
          keys.push({ left: b, right: a, nullSafe: c.name === "<=>" });
          continue;
        }
      }
      residual.push(c);
    }
    const cond = residual.reduce<Expression | undefined>(
      (acc, c) => (acc ? { kind: "and", left: acc, right: c } : c),
      undefined,
    );
    return new HashJoinExec(left, right, p.joinType, keys, cond, outputOf(p));
  }
}

/** A RANGE frame with value offsets needs exactly one numeric (or date) ORDER BY key. */
function checkRangeOffsetFrame(orderBy: readonly SortOrder[], sqlExpr: string): void {
  if (orderBy.length !== 1) {
    throw new TsparkError("DATATYPE_MISMATCH.RANGE_FRAME_MULTI_ORDER", {
      messageParameters: { sqlExpr: `"${sqlExpr}"`, orderSpec: `${orderBy.length}` },
    });
  }
  const t = typeOf(orderBy[0]!.child);
  if (!isNumeric(t) && t.kind !== "date") {
    throw new TsparkError("DATATYPE_MISMATCH.SPECIFIED_WINDOW_FRAME_UNACCEPTED_TYPE", {
      messageParameters: {
        sqlExpr: `"${sqlExpr}"`,
        location: "lower",
        exprType: `"${t.sql()}"`,
        expectedType: '"NUMERIC"',
      },
    });
  }
}

/** Splits `a AND b AND c` into its conjuncts. */
export function splitConjuncts(e: Expression | undefined): Expression[] {
  if (!e) return [];
  if (e.kind === "and") return [...splitConjuncts(e.left), ...splitConjuncts(e.right)];
  return [e];
}

function sideOf(e: Expression, lids: Set<number>, rids: Set<number>): "left" | "right" | "both" | "none" {
  let l = false;
  let r = false;
  transformDown(e, (x) => {
    if (x.kind === "attribute") {
      if (lids.has(x.exprId)) l = true;
      else if (rids.has(x.exprId)) r = true;
    }
    return x;
  });
  return l && r ? "both" : l ? "left" : r ? "right" : "none";
}
