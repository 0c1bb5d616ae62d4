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

function generate(steps: readonly PipelineStep[], inputWidth: number, ctx: ExecContext): CompiledPipeline {
  const b = new CodeBuilder();
  const width = outputWidth(steps, inputWidth);
  for (let c = 0; c < inputWidth; c++) b.line(`const in${c} = cols[${c}];`);
  for (let c = 0; c < width; c++) b.line(`const out${c} = [];`);
  b.line("let m = 0;");
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
  for (let c = 0; c < width; c++) b.line(`out${c}.push(${row[c]});`);
  b.line("m++;");
  b.close();
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
