/**
 * Hash aggregation with Spark's partial/final split:
 *   partial:  input rows  → [grouping values…, buffer per aggregate]
 *   final:    partial rows → merge buffers per group → result expressions
 *   complete: input rows  → result expressions (both at once)
 * DISTINCT aggregates de-duplicate their argument tuples per group; FILTER clauses skip rows.
 * A global aggregate (no grouping) over no rows yields one row, as in Spark.
 */
import type { RecordBatch } from "../data/record-batch.js";
import type { AggregateCall, AttributeReference, Expression } from "../expressions/expression.js";
import { explainSql } from "../expressions/display.js";
import type { BoundAggregate } from "../expressions/kernels.js";
import { compileProjection } from "../codegen/compile-pipeline.js";
import { bindAll } from "./bind-references.js";
import type { ExecNode, TaskContext } from "./exec-node.js";
import { GroupIndex } from "./group-index.js";
import { compositeKey, singleKey } from "./group-key.js";

export type AggregateMode = "partial" | "final" | "complete";

interface Group {
  readonly keys: unknown[];
  readonly buffers: unknown[];
  readonly distinct?: (Set<unknown> | undefined)[];
}

export class HashAggregateExec implements ExecNode {
  readonly nodeName = "HashAggregate";
  readonly children: readonly ExecNode[];
  readonly output: readonly AttributeReference[];

  /**
   * @param grouping grouping expressions over the child output (partial/complete) or the grouping
   *   attributes of the partial output (final)
   * @param aggregates the aggregate calls (their args over the child output in partial/complete)
   * @param resultExprs final output expressions over [grouping attrs…, aggregate result attrs…]
   * @param resultInput the attributes resultExprs refer to (grouping attrs then one per aggregate)
   */
  constructor(
    readonly mode: AggregateMode,
    private readonly child: ExecNode,
    private readonly grouping: readonly Expression[],
    private readonly aggregates: readonly AggregateCall[],
    private readonly resultExprs: readonly Expression[],
    private readonly resultInput: readonly AttributeReference[],
    output: readonly AttributeReference[],
  ) {
    this.children = [child];
    this.output = output;
  }

  describe(): string {
    const keys = this.grouping.map(explainSql).join(", ");
    // Spark shows partial_sum(x) for the partial stage and sum(x) for the final one.
    const fns = this.aggregates
      .map((a) => `${this.mode === "partial" ? "partial_" : ""}${explainSql(a)}`)
      .join(", ");
    return `HashAggregate(keys=[${keys}], functions=[${fns}])`;
  }

  async *execute(ctx: TaskContext): AsyncIterable<RecordBatch> {
    const nGroup = this.grouping.length;
    if (this.mode === "partial") {
      // One set of buffers per input partition, emitted in partition order, so the final stage
      // merges partial results in the same order as Spark's (floating-point results depend on it).
      const perPartition = await this.updateInput(ctx, true);
      if (perPartition.size === 0 && nGroup === 0) perPartition.set(0, new GroupIndex());
      for (const [partitionId, groups] of perPartition) {
        if (groups.size === 0 && nGroup === 0) {
          groups.find([], 0, 0);
          groups.add({ keys: [], buffers: this.aggregates.map((a) => a.bound!.init()) });
        }
        const cols: unknown[][] = Array.from({ length: nGroup + this.aggregates.length }, () => []);
        for (const g of groups.values) {
          for (let i = 0; i < nGroup; i++) cols[i]!.push(g.keys[i]);
          for (let j = 0; j < this.aggregates.length; j++) cols[nGroup + j]!.push(g.buffers[j]);
        }
        yield { numRows: groups.size, columns: cols, partitionId };
      }
      return;
    }
    if (this.mode === "final" && nGroup > 0 && this.child.uniqueKeyColumns === nGroup) {
      yield* this.finalOverUniqueKeys(ctx);
      return;
    }
    const groups =
      this.mode === "final"
        ? await this.mergeInput(ctx)
        : ((await this.updateInput(ctx, false)).get(0) ?? new GroupIndex<Group>());
    if (groups.size === 0 && nGroup === 0) {
      groups.find([], 0, 0);
      groups.add({ keys: [], buffers: this.aggregates.map((a) => a.bound!.init()) });
    }
    const kernels = this.aggregates.map((a) => a.bound!);
    const cols: unknown[][] = Array.from({ length: nGroup + kernels.length }, () => []);
    for (const g of groups.values) {
      for (let i = 0; i < nGroup; i++) cols[i]!.push(g.keys[i]);
      for (let j = 0; j < kernels.length; j++) {
        const r = kernels[j]!.finish(g.buffers[j]);
        cols[nGroup + j]!.push(r === undefined ? null : r);
      }
    }
    const proj = compileProjection(
      bindAll(this.resultExprs, this.resultInput),
      cols.length,
      { partitionId: ctx.partitionId },
      ctx.codegen,
    );
    yield proj.run({ numRows: groups.size, columns: cols });
  }

  /** Folds the input into group buffers: one map per input partition, or one map for all (key 0). */
  private async updateInput(
    ctx: TaskContext,
    perPartition: boolean,
  ): Promise<Map<number, GroupIndex<Group>>> {
    const input = this.child.output;
    const kernels: BoundAggregate[] = this.aggregates.map((a) => a.bound!);
    // One projection computes grouping values, every aggregate's args and its filter.
    const exprs: Expression[] = [...this.grouping];
    const argStart: number[] = [];
    const filterAt: number[] = [];
    for (const a of this.aggregates) {
      argStart.push(exprs.length);
      exprs.push(...a.args);
      if (a.filter) {
        filterAt.push(exprs.length);
        exprs.push(a.filter);
      } else filterAt.push(-1);
    }
    const proj = compileProjection(
      bindAll(exprs, input),
      input.length,
      { partitionId: ctx.partitionId },
      ctx.codegen,
    );
    const nGroup = this.grouping.length;
    const maps = new Map<number, GroupIndex<Group>>();
    const anyDistinct = this.aggregates.some((a) => a.isDistinct);
    for await (const batch of this.child.execute(ctx)) {
      const partitionId = perPartition ? (batch.partitionId ?? 0) : 0;
      let groups = maps.get(partitionId);
      if (!groups) {
        groups = new GroupIndex<Group>();
        maps.set(partitionId, groups);
      }
      const { columns, numRows } = proj.run(batch);
      // Per aggregate: its argument columns and filter column, resolved once per batch.
      const argCols = this.aggregates.map((a, j) =>
        Array.from({ length: a.args.length }, (_, i) => columns[argStart[j]! + i]!),
      );
      const filterCols = filterAt.map((f) => (f >= 0 ? columns[f]! : undefined));
      const nAgg = kernels.length;
      for (let r = 0; r < numRows; r++) {
        let g = groups.find(columns, nGroup, r);
        if (!g) {
          const keys = new Array<unknown>(nGroup);
          for (let i = 0; i < nGroup; i++) keys[i] = columns[i]![r];
          g = {
            keys,
            buffers: kernels.map((k) => k.init()),
            ...(anyDistinct
              ? { distinct: this.aggregates.map((a) => (a.isDistinct ? new Set<unknown>() : undefined)) }
              : {}),
          };
          groups.add(g);
        }
        for (let j = 0; j < nAgg; j++) {
          const k = kernels[j]!;
          const filter = filterCols[j];
          if (filter !== undefined && filter[r] !== true) continue;
          const cols = argCols[j]!;
          const skipNulls = k.skipNulls !== false;
          const seen = g.distinct?.[j];
          if (cols.length === 1 && !seen) {
            // The common case without an argument array per row.
            const v = cols[0]![r];
            if (skipNulls && v === null) continue;
            g.buffers[j] = k.update(g.buffers[j], v);
            continue;
          }
          const n = cols.length;
          const args = new Array<unknown>(n);
          let hasNull = false;
          for (let i = 0; i < n; i++) {
            const v = cols[i]![r];
            args[i] = v;
            if (v === null) hasNull = true;
          }
          if (skipNulls && hasNull) continue;
          if (seen) {
            const dk = n === 1 ? singleKey(args[0]) : compositeKey(args);
            if (seen.has(dk)) continue;
            seen.add(dk);
          }
          g.buffers[j] = k.update(g.buffers[j], ...args);
        }
      }
    }
    return maps;
  }

  private async mergeInput(ctx: TaskContext): Promise<GroupIndex<Group>> {
    const kernels = this.aggregates.map((a) => a.bound!);
    const nGroup = this.grouping.length;
    const groups = new GroupIndex<Group>();
    for await (const batch of this.child.execute(ctx)) {
      const cols = batch.columns;
      for (let r = 0; r < batch.numRows; r++) {
        let g = groups.find(cols, nGroup, r);
        if (!g) {
          const keys = new Array<unknown>(nGroup);
          for (let i = 0; i < nGroup; i++) keys[i] = cols[i]![r];
          // Like Spark's final stage: start from fresh buffers and merge every partial result into
          // them (merging into an initial buffer can change the last bits of floating results).
          g = { keys, buffers: kernels.map((k) => k.init()) };
          groups.add(g);
        }
        for (let j = 0; j < kernels.length; j++)
          g.buffers[j] = kernels[j]!.merge(g.buffers[j], cols[nGroup + j]![r]);
      }
    }
    return groups;
  }

  /**
   * The final stage over input with one row per key (the child's `uniqueKeyColumns`), batch by
   * batch and without a hash table: each row's buffers are merged into fresh ones (as
   * `mergeInput` does) and finished; the key columns pass through.
   */
  private async *finalOverUniqueKeys(ctx: TaskContext): AsyncIterable<RecordBatch> {
    const kernels = this.aggregates.map((a) => a.bound!);
    const nGroup = this.grouping.length;
    const proj = compileProjection(
      bindAll(this.resultExprs, this.resultInput),
      nGroup + kernels.length,
      { partitionId: ctx.partitionId },
      ctx.codegen,
    );
    for await (const batch of this.child.execute(ctx)) {
      const n = batch.numRows;
      if (n === 0) continue;
      const cols: unknown[][] = batch.columns.slice(0, nGroup);
      for (let j = 0; j < kernels.length; j++) {
        const k = kernels[j]!;
        const input = batch.columns[nGroup + j]!;
        const out = new Array<unknown>(n);
        for (let r = 0; r < n; r++) {
          const v = k.finish(k.merge(k.init(), input[r]));
          out[r] = v === undefined ? null : v;
        }
        cols.push(out);
      }
      yield proj.run({ numRows: n, columns: cols });
    }
  }
}
