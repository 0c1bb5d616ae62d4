/**
 * Fused pipelines: a chain of filter and project steps compiled into one loop over a batch
 * (codegen on) or run through the interpreter row by row (codegen off, the oracle). Both produce
 * identical batches.
 */
import { CodeBuilder } from "../common/code-builder.js";
import type { RecordBatch } from "../data/record-batch.js";
import { interpret } from "../expressions/evaluate.js";
import type { Expression } from "../expressions/expression.js";
import type { ExecContext } from "../expressions/kernels.js";
import { genExpr } from "./compile-expression.js";

/** One step of a pipeline; expressions are bound to the previous step's row. */
export type PipelineStep =
  | { readonly kind: "filter"; readonly condition: Expression }
  | { readonly kind: "project"; readonly exprs: readonly Expression[] };

/** Runs a pipeline over one input batch. */
export type BatchFunction = (batch: RecordBatch) => RecordBatch;

/** A compiled pipeline and, when generated, its source. */
export interface CompiledPipeline {
  readonly run: BatchFunction;
  readonly source?: string;
}

/** Builds the pipeline for one partition (kernels with per-partition state get fresh instances). */
export function compilePipeline(
  steps: readonly PipelineStep[],
  inputWidth: number,
  ctx: ExecContext,
  codegen: boolean,
): CompiledPipeline {
  return codegen ? generate(steps, inputWidth, ctx) : interpretPipeline(steps, inputWidth, ctx);
}

function outputWidth(steps: readonly PipelineStep[], inputWidth: number): number {
  let w = inputWidth;
  for (const s of steps) if (s.kind === "project") w = s.exprs.length;
  return w;
}

/**
 * For a pipeline without filters, the input column each output is an unchanged copy of (through
 * aliases and projections), or undefined.
 */
function passthroughColumns(steps: readonly PipelineStep[], inputWidth: number): (number | undefined)[] {
  let source: (number | undefined)[] = Array.from({ length: inputWidth }, (_, c) => c);
  for (const step of steps) {
    if (step.kind === "filter") return [];
    const prev = source;
    source = step.exprs.map((e) => {
      let x = e;
      while (x.kind === "alias") x = x.child;
      return x.kind === "bound" ? prev[x.ordinal] : undefined;
    });
  }
  return source;
}

function generate(steps: readonly PipelineStep[], inputWidth: number, ctx: ExecContext): CompiledPipeline {
  const b = new CodeBuilder();
  const width = outputWidth(steps, inputWidth);
  const filtered = steps.some((s) => s.kind === "filter");
  // Without a filter, an output that is an input column unchanged is that column itself (batches
  // are immutable once produced), and the others are filled by index into preallocated arrays.
  const passthrough = passthroughColumns(steps, inputWidth);
  const computed = Array.from({ length: width }, (_, c) => c).filter((c) => passthrough[c] === undefined);
  for (let c = 0; c < inputWidth; c++) b.line(`const in${c} = cols[${c}];`);
  for (let c = 0; c < width; c++) {
    const p = passthrough[c];
    b.line(`const out${c} = ${p !== undefined ? `in${p}` : filtered ? "[]" : "new Array(n)"};`);
  }
  b.line(filtered ? "let m = 0;" : "const m = n;");
  if (filtered || computed.length > 0) {
    b.open("for (let i = 0; i < n; i++) {");
    let row: string[] = Array.from({ length: inputWidth }, (_, c) => `in${c}[i]`);
    for (const step of steps) {
      const current = row;
      const access = (o: number): string => current[o] ?? "null";
      if (step.kind === "filter") {
        const v = genExpr(step.condition, b, access, ctx);
        b.line(`if (${v} !== true) continue;`);
      } else {
        row = step.exprs.map((e) => genExpr(e, b, access, ctx));
      }
    }
    if (filtered) {
      for (let c = 0; c < width; c++) b.line(`out${c}.push(${row[c]});`);
      b.line("m++;");
    } else {
      for (const c of computed) b.line(`out${c}[i] = ${row[c]};`);
    }
    b.close();
  }
  b.line(
    `return { numRows: m, columns: [${Array.from({ length: width }, (_, c) => `out${c}`).join(", ")}] };`,
  );
  const { fn, source } = b.build<(cols: readonly unknown[][], n: number) => RecordBatch>(["cols", "n"]);
  return { run: (batch) => fn(batch.columns, batch.numRows), source };
}

function interpretPipeline(
  steps: readonly PipelineStep[],
  inputWidth: number,
  ctx: ExecContext,
): CompiledPipeline {
  const compiled = steps.map((s) =>
    s.kind === "filter"
      ? { kind: "filter" as const, ev: interpret(s.condition, ctx) }
      : { kind: "project" as const, evs: s.exprs.map((e) => interpret(e, ctx)) },
  );
  const width = outputWidth(steps, inputWidth);
  return {
    run: (batch) => {
      const out: unknown[][] = Array.from({ length: width }, () => []);
      let m = 0;
      rows: for (let i = 0; i < batch.numRows; i++) {
        let row: unknown[] = batch.columns.map((c) => c[i]);
        for (const s of compiled) {
          if (s.kind === "filter") {
            if (s.ev(row) !== true) continue rows;
          } else {
            const r = row;
            row = s.evs.map((ev) => ev(r));
          }
        }
        for (let c = 0; c < width; c++) out[c]!.push(row[c]);
        m++;
      }
      return { numRows: m, columns: out };
    },
  };
}

/** Evaluates expressions (bound to the input batch) into new columns, codegen or interpreted. */
export function compileProjection(
  exprs: readonly Expression[],
  inputWidth: number,
  ctx: ExecContext,
  codegen: boolean,
): CompiledPipeline {
  return compilePipeline([{ kind: "project", exprs }], inputWidth, ctx, codegen);
}
