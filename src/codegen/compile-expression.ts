/**
 * Expression → JavaScript through the CodeBuilder. `genExpr` emits statements that leave the
 * value of a bound expression in a fresh local and returns that local's name. Semantics match
 * expressions/evaluate.ts exactly (null propagation, three-valued logic, lazy CASE/COALESCE).
 */
import type { CodeBuilder } from "../common/code-builder.js";
import { internalError } from "../common/errors.js";
import type { Expression } from "../expressions/expression.js";
import type { ExecContext } from "../expressions/kernels.js";

/** Resolves a bound ordinal to the JS expression that reads it for the current row. */
export type RowAccess = (ordinal: number) => string;

/** Emits code for `e`; returns the identifier holding its value (null for SQL NULL). */
export function genExpr(e: Expression, b: CodeBuilder, row: RowAccess, ctx: ExecContext): string {
  const out = b.fresh("v");
  switch (e.kind) {
    case "literal":
      b.line(`const ${out} = ${b.constant(e.value)};`);
      return out;
    case "bound":
      b.line(`const ${out} = ${row(e.ordinal)};`);
      return out;
    case "alias":
    case "sort_order":
      return genExpr(e.child, b, row, ctx);
    case "cast": {
      if (!e.castFn) throw internalError("cast is not resolved");
      const v = genExpr(e.child, b, row, ctx);
      b.line(`const ${out} = ${v} === null ? null : ${b.ref(e.castFn)}(${v});`);
      return out;
    }
    case "call": {
      const kernel = e.bound.makeEval ? e.bound.makeEval(ctx) : e.bound.eval;
      const intolerant = e.bound.nullIntolerant !== false;
      const call = (args: readonly string[]): string =>
        e.bound.inline ? e.bound.inline(args) : `${b.ref(kernel)}(${args.join(", ")})`;
      if (!intolerant || e.args.length === 0) {
        const args = e.args.map((a) => genExpr(a, b, row, ctx));
        b.line(`const ${out} = ${call(args)};`);
        return out;
      }
      // As the interpreter does, stop at the first NULL argument: later arguments are not
      // evaluated, so an error they would raise (1/0 under ANSI) does not surface.
      b.line(`let ${out} = null;`);
      const label = b.fresh("L");
      b.open(`${label}: {`);
      const args: string[] = [];
      for (const a of e.args) {
        const v = genExpr(a, b, row, ctx);
        if (a.kind !== "literal" || a.value === null) b.line(`if (${v} === null) break ${label};`);
        args.push(v);
      }
      b.line(`${out} = ${call(args)};`);
      b.close();
      return out;
    }
    case "udf": {
      const args = e.args.map((a) => genExpr(a, b, row, ctx));
      if (!e.fn) throw internalError("udf is not resolved");
      const tmp = b.fresh("u");
      b.line(`const ${tmp} = ${b.ref(e.fn)}(${args.join(", ")});`);
      b.line(`const ${out} = ${tmp} === undefined ? null : ${tmp};`);
      return out;
    }
    case "and":
    case "or": {
      const stop = e.kind === "and" ? "false" : "true";
      b.line(`let ${out};`);
      const l = genExpr(e.left, b, row, ctx);
      b.open(`if (${l} === ${stop}) { ${out} = ${stop}; } else {`);
      const r = genExpr(e.right, b, row, ctx);
      b.line(
        `${out} = ${r} === ${stop} ? ${stop} : (${l} === null || ${r} === null) ? null : ${e.kind === "and" ? "true" : "false"};`,
      );
      b.close();
      return out;
    }
    case "case_when": {
      b.line(`let ${out} = null;`);
      const label = b.fresh("L");
      b.open(`${label}: {`);
      for (const [c, v] of e.branches) {
        const cv = genExpr(c, b, row, ctx);
        b.open(`if (${cv} === true) {`);
        const vv = genExpr(v, b, row, ctx);
        b.line(`${out} = ${vv};`);
        b.line(`break ${label};`);
        b.close();
      }
      if (e.elseValue) {
        const ev = genExpr(e.elseValue, b, row, ctx);
        b.line(`${out} = ${ev};`);
      }
      b.close();
      return out;
    }
    case "coalesce": {
      b.line(`let ${out} = null;`);
      const label = b.fresh("L");
      b.open(`${label}: {`);
      for (const c of e.children) {
        const cv = genExpr(c, b, row, ctx);
        b.line(`if (${cv} !== null) { ${out} = ${cv}; break ${label}; }`);
      }
      b.close();
      return out;
    }
    case "get_struct_field": {
      const s = genExpr(e.child, b, row, ctx);
      const ord = b.fresh("o");
      b.line(`const ${ord} = ${b.ref(e.ordinal)};`);
      b.line(`const ${out} = ${s} === null ? null : (${s}[${ord}] ?? null);`);
      return out;
    }
    case "lambda_function": {
      // A lambda becomes a JS arrow function whose parameters are the lambda variables, exactly
      // the function value the interpreter builds, so higher-order kernels are shared.
      const names = lambdaNamesOf(b);
      const params = e.params.map((p) => {
        const n = b.fresh("p");
        names.set(p.exprId, n);
        return n;
      });
      b.open(`const ${out} = (${params.join(", ")}) => {`);
      const body = genExpr(e.body, b, row, ctx);
      b.line(`return ${body};`);
      b.close("};");
      return out;
    }
    case "lambda_variable": {
      const n = lambdaNamesOf(b).get(e.exprId);
      if (n === undefined) throw internalError(`codegen: lambda variable ${e.name} outside its lambda`);
      b.line(`const ${out} = ${n} === undefined ? null : ${n};`);
      return out;
    }
    default:
      throw internalError(`codegen: cannot generate '${e.kind}' per row`);
  }
}

// The JS parameter name of each lambda variable, per builder (lambdas nest inside one function).
const lambdaNames = new WeakMap<CodeBuilder, Map<number, string>>();
function lambdaNamesOf(b: CodeBuilder): Map<number, string> {
  let m = lambdaNames.get(b);
  if (!m) {
    m = new Map();
    lambdaNames.set(b, m);
  }
  return m;
}
