/**
 * Fused pipelines: a chain of filter, project and expand steps compiled into one loop over a batch
 * (codegen on) or run through the interpreter row by row (codegen off, the oracle). Both produce
 * identical batches. An expand step (Spark's ExpandExec, which takes part in whole-stage codegen)
 * runs the steps after it once per projection, so a row is expanded, filtered and projected
 * without materialising the expanded rows in between: a sliding window's candidate windows that
 * the filter drops are never copied.
 */
import { CodeBuilder } from "../common/code-builder.js";
import type { RecordBatch } from "../data/record-batch.js";
import { interpret } from "../expressions/evaluate.js";
import type { Expression } from "../expressions/expression.js";
import type { ExecContext } from "../expressions/kernels.js";
import { genExpr } from "./compile-expression.js";

/**
 * One step of a pipeline; expressions are bound to the previous step's row. An expand step emits
 * each row once per projection, in projection order (each projection as wide as the step's output).
 */
export type PipelineStep =
  | { readonly kind: "filter"; readonly condition: Expression }
  | { readonly kind: "project"; readonly exprs: readonly Expression[] }
  | { readonly kind: "expand"; readonly projections: readonly (readonly Expression[])[] };

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
  for (const s of steps) {
    if (s.kind === "project") w = s.exprs.length;
    else if (s.kind === "expand") w = s.projections[0]?.length ?? 0;
  }
  return w;
}

/**
 * For a pipeline without filters, the input column each output is an unchanged copy of (through
 * aliases and projections), or undefined.
 */
function passthroughColumns(steps: readonly PipelineStep[], inputWidth: number): (number | undefined)[] {
  let source: (number | undefined)[] = Array.from({ length: inputWidth }, (_, c) => c);
  for (const step of steps) {
    if (step.kind !== "project") return [];
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
  // Filters and expands give an output row count known only once the loop has run.
  const filtered = steps.some((s) => s.kind !== "project");
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
    // The steps from `from` on over the row `row`; a dropped row leaves through `skip` (the next
    // input row, or the next projection of the innermost expand).
    const emitSteps = (row: readonly string[], from: number, skip: string): void => {
      let current = row;
      for (let s = from; s < steps.length; s++) {
        const step = steps[s]!;
        const r = current;
        const access = (o: number): string => r[o] ?? "null";
        if (step.kind === "filter") {
          const v = genExpr(step.condition, b, access, ctx);
          b.line(`if (${v} !== true) ${skip};`);
        } else if (step.kind === "project") {
          current = step.exprs.map((e) => genExpr(e, b, access, ctx));
        } else {
          for (const projection of step.projections) {
            const label = b.fresh("X");
            b.open(`${label}: {`);
            emitSteps(
              projection.map((e) => genExpr(e, b, access, ctx)),
              s + 1,
              `break ${label}`,
            );
            b.close();
          }
          return;
        }
      }
      if (filtered) {
        for (let c = 0; c < width; c++) b.line(`out${c}.push(${current[c]});`);
        b.line("m++;");
      } else {
        for (const c of computed) b.line(`out${c}[i] = ${current[c]};`);
      }
    };
    emitSteps(
      Array.from({ length: inputWidth }, (_, c) => `in${c}[i]`),
      0,
      "continue",
    );
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
  type Evaluator = ReturnType<typeof interpret>;
  type Compiled =
    | { readonly kind: "filter"; readonly ev: Evaluator }
    | { readonly kind: "project"; readonly evs: readonly Evaluator[] }
    | { readonly kind: "expand"; readonly projections: readonly (readonly Evaluator[])[] };
  const compiled = steps.map((s): Compiled => {
    if (s.kind === "filter") return { kind: "filter", ev: interpret(s.condition, ctx) };
    if (s.kind === "project") return { kind: "project", evs: s.exprs.map((e) => interpret(e, ctx)) };
    return { kind: "expand", projections: s.projections.map((p) => p.map((e) => interpret(e, ctx))) };
  });
  const width = outputWidth(steps, inputWidth);
  return {
    run: (batch) => {
      const out: unknown[][] = Array.from({ length: width }, () => []);
      let m = 0;
      const runFrom = (input: unknown[], from: number): void => {
        let row = input;
        for (let s = from; s < compiled.length; s++) {
          const step = compiled[s]!;
          const r = row;
          if (step.kind === "filter") {
            if (step.ev(r) !== true) return;
          } else if (step.kind === "project") {
            row = step.evs.map((ev) => ev(r));
          } else {
            for (const p of step.projections)
              runFrom(
                p.map((ev) => ev(r)),
                s + 1,
              );
            return;
          }
        }
        for (let c = 0; c < width; c++) out[c]!.push(row[c]);
        m++;
      };
      for (let i = 0; i < batch.numRows; i++)
        runFrom(
          batch.columns.map((c) => c[i]),
          0,
        );
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
