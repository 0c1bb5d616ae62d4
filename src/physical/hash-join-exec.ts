/**
 * Joins. With equi-join keys: build a hash table on the right side, stream the left side
 * (Spark's ShuffledHashJoin/BroadcastHashJoin shape). Without keys: a nested loop
 * (BroadcastNestedLoopJoin). A residual condition is evaluated on candidate pairs in batches.
 * NULL keys never match unless the key came from `<=>`.
 */
import { concatBatches, type RecordBatch } from "../data/record-batch.js";
import type { AttributeReference, Expression } from "../expressions/expression.js";
import { explainSql } from "../expressions/display.js";
import { compileProjection } from "../codegen/compile-pipeline.js";
import type { JoinType } from "../plans/logical-plan.js";
import { JOIN_NAMES } from "../plans/plan-string.js";
import { bindAll, bindReferences } from "./bind-references.js";
import { drain, type ExecNode, type TaskContext } from "./exec-node.js";
import { compositeKey, singleKey } from "./group-key.js";

/** One equi-join key pair; `nullSafe` for `<=>`. */
export interface JoinKey {
  readonly left: Expression;
  readonly right: Expression;
  readonly nullSafe: boolean;
}

export class HashJoinExec implements ExecNode {
  readonly nodeName: string;
  readonly children: readonly ExecNode[];
  readonly output: readonly AttributeReference[];
  constructor(
    private readonly left: ExecNode,
    private readonly right: ExecNode,
    private readonly joinType: JoinType,
    private readonly keys: readonly JoinKey[],
    private readonly condition: Expression | undefined,
    output: readonly AttributeReference[],
  ) {
    this.children = [left, right];
    this.output = output;
    this.nodeName = keys.length > 0 ? "ShuffledHashJoin" : "BroadcastNestedLoopJoin";
  }

  describe(): string {
    const type = JOIN_NAMES[this.joinType];
    const cond = this.condition ? `, ${explainSql(this.condition)}` : "";
    if (this.keys.length === 0) return `BroadcastNestedLoopJoin BuildRight, ${type}${cond}`;
    return `ShuffledHashJoin [${this.keys.map((k) => explainSql(k.left)).join(", ")}], [${this.keys.map((k) => explainSql(k.right)).join(", ")}], ${type}, BuildRight${cond}`;
  }

  async *execute(ctx: TaskContext): AsyncIterable<RecordBatch> {
    const lout = this.left.output;
    const rout = this.right.output;
    const lw = lout.length;
    const rw = rout.length;
    const ectx = { partitionId: ctx.partitionId };
    const build = concatBatches(await drain(this.right, ctx), rw);
    const rightKeys = compileProjection(
      bindAll(
        this.keys.map((k) => k.right),
        rout,
      ),
      rw,
      ectx,
      ctx.codegen,
    ).run(build);
    const table = new Map<unknown, number[]>();
    const nullSafe = this.keys.map((k) => k.nullSafe);
    const keyOf = (cols: readonly unknown[][], r: number): unknown => {
      if (cols.length === 1) {
        const v = cols[0]![r];
        return v === null && !nullSafe[0] ? undefined : singleKey(v);
      }
      const vals = cols.map((c) => c[r]);
      if (vals.some((v, i) => v === null && !nullSafe[i])) return undefined;
      return compositeKey(vals);
    };
    if (this.keys.length > 0) {
      for (let r = 0; r < build.numRows; r++) {
        const k = keyOf(rightKeys.columns, r);
        if (k === undefined) continue;
        let list = table.get(k);
        if (!list) table.set(k, (list = []));
        list.push(r);
      }
    }
    const allRight = Array.from({ length: build.numRows }, (_, i) => i);
    const cond = this.condition
      ? compileProjection([bindReferences(this.condition, [...lout, ...rout])], lw + rw, ectx, ctx.codegen)
      : undefined;
    const leftKeyProj = compileProjection(
      bindAll(
        this.keys.map((k) => k.left),
        lout,
      ),
      lw,
      ectx,
      ctx.codegen,
    );
    const rightMatched =
      this.joinType === "right_outer" || this.joinType === "full_outer"
        ? new Uint8Array(build.numRows)
        : undefined;
    const outW = this.output.length;

    for await (const lb of this.left.execute(ctx)) {
      const lk = this.keys.length > 0 ? leftKeyProj.run(lb) : undefined;
      // candidate pairs
      const pl: number[] = [];
      const pr: number[] = [];
      for (let r = 0; r < lb.numRows; r++) {
        let cands: readonly number[] | undefined;
        if (lk) {
          const k = keyOf(lk.columns, r);
          cands = k === undefined ? undefined : table.get(k);
        } else cands = allRight;
        if (!cands) continue;
        for (const c of cands) {
          pl.push(r);
          pr.push(c);
        }
      }
      let ok: unknown[] | undefined;
      if (cond && pl.length > 0) {
        const pairCols: unknown[][] = [
          ...lb.columns.map((c) => pl.map((i) => c[i])),
          ...build.columns.map((c) => pr.map((i) => c[i])),
        ];
        ok = cond.run({ numRows: pl.length, columns: pairCols }).columns[0];
      }
      const cols: unknown[][] = Array.from({ length: outW }, () => []);
      let n = 0;
      const emit = (li: number, ri: number): void => {
        if (this.joinType === "left_semi" || this.joinType === "left_anti") {
          for (let c = 0; c < lw; c++) cols[c]!.push(lb.columns[c]![li]);
        } else {
          for (let c = 0; c < lw; c++) cols[c]!.push(li < 0 ? null : lb.columns[c]![li]);
          for (let c = 0; c < rw; c++) cols[lw + c]!.push(ri < 0 ? null : build.columns[c]![ri]);
        }
        n++;
      };
      const matchedLeft = new Uint8Array(lb.numRows);
      for (let p = 0; p < pl.length; p++) {
        if (ok && ok[p] !== true) continue;
        const li = pl[p]!;
        const ri = pr[p]!;
        if (rightMatched) rightMatched[ri] = 1;
        if (this.joinType === "left_semi") {
          if (!matchedLeft[li]) emit(li, -1);
        } else if (this.joinType !== "left_anti") emit(li, ri);
        matchedLeft[li] = 1;
      }
      if (this.joinType === "left_outer" || this.joinType === "full_outer") {
        for (let r = 0; r < lb.numRows; r++) if (!matchedLeft[r]) emit(r, -1);
      }
      if (this.joinType === "left_anti") {
        for (let r = 0; r < lb.numRows; r++) if (!matchedLeft[r]) emit(r, -1);
      }
      if (n > 0) yield { numRows: n, columns: cols };
    }
    if (rightMatched) {
      const cols: unknown[][] = Array.from({ length: outW }, () => []);
      let n = 0;
      for (let r = 0; r < build.numRows; r++) {
        if (rightMatched[r]) continue;
        for (let c = 0; c < lw; c++) cols[c]!.push(null);
        for (let c = 0; c < rw; c++) cols[lw + c]!.push(build.columns[c]![r]);
        n++;
      }
      if (n > 0) yield { numRows: n, columns: cols };
    }
  }
}
