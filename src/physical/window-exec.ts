/**
 * Window: sorts its input by partition and order keys, then computes every window expression per
 * partition. Ranking/offset functions use their kernels; aggregates run over the frame (running
 * frames incrementally, whole-partition frames once, other frames per row).
 */
import { concatBatches, DEFAULT_BATCH_SIZE, type RecordBatch } from "../data/record-batch.js";
import type {
  AttributeReference,
  Expression,
  FrameBoundary,
  SortOrder,
  WindowExpression,
} from "../expressions/expression.js";
import { explainSql } from "../expressions/display.js";
import { internalError } from "../common/errors.js";
import { compileProjection } from "../codegen/compile-pipeline.js";
import { bindAll } from "./bind-references.js";
import { drain, type ExecNode, type TaskContext } from "./exec-node.js";
import { compositeKey } from "./group-key.js";
import { makeRowComparator } from "./sort-order-comparator.js";

export class WindowExec implements ExecNode {
  readonly nodeName = "Window";
  readonly children: readonly ExecNode[];
  readonly output: readonly AttributeReference[];
  constructor(
    private readonly child: ExecNode,
    private readonly windowExprs: readonly Expression[],
    private readonly partitionSpec: readonly Expression[],
    private readonly orderSpec: readonly SortOrder[],
    output: readonly AttributeReference[],
  ) {
    this.children = [child];
    this.output = output;
  }

  describe(): string {
    return `Window [${this.windowExprs.map(explainSql).join(", ")}], [${this.partitionSpec.map(explainSql).join(", ")}], [${this.orderSpec.map(explainSql).join(", ")}]`;
  }

  async *execute(ctx: TaskContext): AsyncIterable<RecordBatch> {
    const input = this.child.output;
    const w = input.length;
    const all = concatBatches(await drain(this.child, ctx), w);
    const n = all.numRows;
    if (n === 0) return;
    const ectx = { partitionId: ctx.partitionId };
    const np = this.partitionSpec.length;
    const keyExprs = [...this.partitionSpec, ...this.orderSpec.map((o) => o.child)];
    const keys = compileProjection(bindAll(keyExprs, input), w, ectx, ctx.codegen).run(all);
    const partCols = keys.columns.slice(0, np);
    const orderCols = keys.columns.slice(np);
    const fullOrder: SortOrder[] = [
      ...this.partitionSpec.map(
        (p): SortOrder => ({ kind: "sort_order", child: p, direction: "asc", nullOrdering: "nulls_first" }),
      ),
      ...this.orderSpec,
    ];
    const idx = Array.from({ length: n }, (_, i) => i);
    idx.sort(makeRowComparator(fullOrder, keys.columns));
    const orderCmp = makeRowComparator(this.orderSpec, orderCols);

    const wexprs = this.windowExprs.map((a) => {
      const we = a.kind === "alias" ? a.child : a;
      if (we.kind !== "window_expression") throw internalError("window expression expected");
      return we;
    });
    // Evaluate all function arguments once, over the input order.
    const argExprs: Expression[] = [];
    const argStart: number[] = [];
    for (const we of wexprs) {
      argStart.push(argExprs.length);
      const f = we.function;
      if (f.kind === "aggregate" || f.kind === "window_function") argExprs.push(...f.args);
      if (f.kind === "aggregate" && f.filter) argExprs.push(f.filter);
    }
    const argCols = compileProjection(bindAll(argExprs, input), w, ectx, ctx.codegen).run(all).columns;
    const results: unknown[][] = wexprs.map(() => new Array<unknown>(n));

    let start = 0;
    while (start < n) {
      let end = start + 1;
      const pk = compositeKey(partCols.map((c) => c[idx[start]!]));
      while (end < n && compositeKey(partCols.map((c) => c[idx[end]!])) === pk) end++;
      const rows = idx.slice(start, end);
      const m = rows.length;
      const peers = new Int32Array(m);
      for (let i = 1; i < m; i++) peers[i] = orderCmp(rows[i - 1]!, rows[i]!) === 0 ? peers[i - 1]! : i;
      wexprs.forEach((we, j) => {
        const vals = this.evaluate(we, rows, peers, argCols, argStart[j]!, orderCols[0] ?? []);
        for (let i = 0; i < m; i++) results[j]![start + i] = vals[i] === undefined ? null : vals[i];
      });
      start = end;
    }
    for (let s = 0; s < n; s += DEFAULT_BATCH_SIZE) {
      const part = idx.slice(s, s + DEFAULT_BATCH_SIZE);
      const cols = all.columns.map((c) => part.map((i) => c[i]));
      for (const r of results) cols.push(r.slice(s, s + part.length));
      yield { numRows: part.length, columns: cols };
    }
  }

  private evaluate(
    we: WindowExpression,
    rows: readonly number[],
    peers: Int32Array,
    argCols: readonly unknown[][],
    argStart: number,
    orderKey: readonly unknown[],
  ): unknown[] {
    const f = we.function;
    const m = rows.length;
    if (f.kind === "window_function") {
      const args = f.args.map((_, i) => rows.map((r) => argCols[argStart + i]![r]));
      return f.bound!.evaluatePartition(args, peers, m);
    }
    if (f.kind !== "aggregate") throw internalError("window function expected");
    const k = f.bound!;
    const nargs = f.args.length;
    const filterCol = f.filter ? argCols[argStart + nargs] : undefined;
    const argsAt = (i: number): unknown[] | undefined => {
      const r = rows[i]!;
      if (filterCol && filterCol[r] !== true) return undefined;
      const a = new Array<unknown>(nargs);
      for (let x = 0; x < nargs; x++) a[x] = argCols[argStart + x]![r];
      if (k.skipNulls !== false && a.some((v) => v === null)) return undefined;
      return a;
    };
    const frame = we.spec.frame!;
    const lowerUnbounded = frame.lower.type === "unbounded_preceding";
    const upperUnbounded = frame.upper.type === "unbounded_following";
    const out = new Array<unknown>(m);
    const fold = (lo: number, hi: number): unknown => {
      let buf = k.init();
      for (let i = lo; i <= hi; i++) {
        const a = argsAt(i);
        if (a) buf = k.update(buf, ...a);
      }
      return k.finish(buf);
    };
    if (lowerUnbounded && upperUnbounded) {
      const v = fold(0, m - 1);
      out.fill(v);
      return out;
    }
    if (lowerUnbounded && frame.upper.type === "current_row") {
      // running aggregate; RANGE includes all peers of the current row
      let buf = k.init();
      let i = 0;
      while (i < m) {
        let j = i;
        if (frame.frameType === "range") {
          while (j + 1 < m && peers[j + 1] === peers[i]) j++;
        }
        for (let x = i; x <= j; x++) {
          const a = argsAt(x);
          if (a) buf = k.update(buf, ...a);
          if (frame.frameType === "rows") out[x] = k.finish(buf);
        }
        if (frame.frameType === "range") {
          const v = k.finish(buf);
          for (let x = i; x <= j; x++) out[x] = v;
        }
        i = j + 1;
      }
      return out;
    }
    if (frame.frameType === "rows") {
      for (let i = 0; i < m; i++) {
        const lo = bound(frame.lower, i, m, true);
        const hi = bound(frame.upper, i, m, false);
        out[i] = lo > hi ? k.finish(k.init()) : fold(lo, hi);
      }
      return out;
    }
    // RANGE frames: bounds are order-key values (offsets from the current row's key), peers included.
    const keys = rows.map((r) => orderKey[r]);
    const asc = this.orderSpec[0]?.direction !== "desc";
    for (let i = 0; i < m; i++) {
      const [lo, hi] = rangeBounds(frame.lower, frame.upper, keys, peers, i, asc);
      out[i] = lo > hi ? k.finish(k.init()) : fold(lo, hi);
    }
    return out;
  }
}

/**
 * [lo, hi] row indexes of a RANGE frame for row `i` in a partition sorted by `keys` (one numeric
 * order key). A NULL key's frame is its NULL peers. With DESC order, PRECEDING means larger keys.
 */
function rangeBounds(
  lower: FrameBoundary,
  upper: FrameBoundary,
  keys: readonly unknown[],
  peers: Int32Array,
  i: number,
  asc: boolean,
): [number, number] {
  const m = keys.length;
  const peerEnd = (x: number): number => {
    let j = x;
    while (j + 1 < m && peers[j + 1] === peers[x]) j++;
    return j;
  };
  const v = keys[i];
  const lowerIdx = (): number => {
    switch (lower.type) {
      case "unbounded_preceding":
        return 0;
      case "current_row":
        return peers[i]!;
      case "unbounded_following":
        return m;
      case "offset": {
        if (v === null || v === undefined) return peers[i]!;
        const target = Number(v) + (asc ? lower.value : -lower.value);
        // first row whose key is on or after the target in sort order
        let j = 0;
        while (j < m && (keys[j] === null || (asc ? Number(keys[j]) < target : Number(keys[j]) > target)))
          j++;
        return j;
      }
    }
  };
  const upperIdx = (): number => {
    switch (upper.type) {
      case "unbounded_following":
        return m - 1;
      case "current_row":
        return peerEnd(i);
      case "unbounded_preceding":
        return -1;
      case "offset": {
        if (v === null || v === undefined) return peerEnd(i);
        const target = Number(v) + (asc ? upper.value : -upper.value);
        let j = m - 1;
        while (j >= 0 && (keys[j] === null || (asc ? Number(keys[j]) > target : Number(keys[j]) < target)))
          j--;
        return j;
      }
    }
  };
  return [lowerIdx(), upperIdx()];
}

function bound(b: FrameBoundary, i: number, m: number, lower: boolean): number {
  switch (b.type) {
    case "unbounded_preceding":
      return 0;
    case "unbounded_following":
      return m - 1;
    case "current_row":
      return i;
    case "offset": {
      const v = i + b.value;
      return lower ? Math.max(0, v) : Math.min(m - 1, v);
    }
  }
}
