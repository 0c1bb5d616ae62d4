/**
 * The expression interpreter: evaluates a resolved, bound expression (attributes replaced by
 * `bound` ordinals) on one row of internal values. It is the oracle the code generator is tested
 * against (`tspark.codegen.enabled=false` runs everything through it).
 */
import { internalError } from "../common/errors.js";
import type { Expression } from "./expression.js";
import type { ExecContext } from "./kernels.js";

/** A compiled-by-interpretation evaluator for one expression, with per-partition kernel state. */
export type RowEvaluator = (row: readonly unknown[]) => unknown;

/** Builds an interpreted evaluator; kernels with `makeEval` get one instance per call. */
export function interpret(e: Expression, ctx: ExecContext): RowEvaluator {
  const instances = new Map<Expression, (...args: unknown[]) => unknown>();
  const ev = (x: Expression, row: readonly unknown[]): unknown => evalNode(x, row);
  function kernelOf(x: Expression & { kind: "call" }): (...args: unknown[]) => unknown {
    let k = instances.get(x);
    if (!k) {
      k = x.bound.makeEval ? x.bound.makeEval(ctx) : x.bound.eval;
      instances.set(x, k);
    }
    return k;
  }
  // One mutable slot per lambda variable, shared by the lambda that sets it and the body that reads it.
  const lambdaCells = new Map<number, { value: unknown }>();
  function cellOf(id: number): { value: unknown } {
    let c = lambdaCells.get(id);
    if (!c) {
      c = { value: null };
      lambdaCells.set(id, c);
    }
    return c;
  }
  function evalNode(x: Expression, row: readonly unknown[]): unknown {
    switch (x.kind) {
      case "literal":
        return x.value;
      case "bound": {
        const v = row[x.ordinal];
        return v === undefined ? null : v;
      }
      case "alias":
        return ev(x.child, row);
      case "cast": {
        const v = ev(x.child, row);
        if (v === null) return null;
        if (!x.castFn) throw internalError("cast is not resolved");
        return x.castFn(v);
      }
      case "call": {
        const k = kernelOf(x);
        const n = x.args.length;
        const args = new Array<unknown>(n);
        const intolerant = x.bound.nullIntolerant !== false;
        for (let i = 0; i < n; i++) {
          const v = ev(x.args[i]!, row);
          if (v === null && intolerant) return null;
          args[i] = v;
        }
        return k(...args);
      }
      case "udf": {
        const args = x.args.map((a) => ev(a, row));
        if (!x.fn) throw internalError("udf is not resolved");
        const r = x.fn(...args);
        return r === undefined ? null : r;
      }
      case "and": {
        const l = ev(x.left, row);
        if (l === false) return false;
        const r = ev(x.right, row);
        if (r === false) return false;
        return l === null || r === null ? null : true;
      }
      case "or": {
        const l = ev(x.left, row);
        if (l === true) return true;
        const r = ev(x.right, row);
        if (r === true) return true;
        return l === null || r === null ? null : false;
      }
      case "case_when": {
        for (const [c, v] of x.branches) if (ev(c, row) === true) return ev(v, row);
        return x.elseValue ? ev(x.elseValue, row) : null;
      }
      case "coalesce": {
        for (const c of x.children) {
          const v = ev(c, row);
          if (v !== null) return v;
        }
        return null;
      }
      case "get_struct_field": {
        const s = ev(x.child, row);
        return s === null ? null : ((s as unknown[])[x.ordinal] ?? null);
      }
      case "sort_order":
        return ev(x.child, row);
      case "lambda_variable":
        return cellOf(x.exprId).value;
      case "lambda_function": {
        // The value of a lambda is a JS function over internal values, closed over this row; the
        // higher-order kernel calls it once per element (see LambdaFunction in expression.ts).
        const cells = x.params.map((p) => cellOf(p.exprId));
        const body = x.body;
        return (...vals: unknown[]): unknown => {
          for (let i = 0; i < cells.length; i++) cells[i]!.value = vals[i] ?? null;
          return ev(body, row);
        };
      }
      default:
        throw internalError(`interpret: cannot evaluate '${x.kind}' per row`);
    }
  }
  return (row) => evalNode(e, row);
}

/** Evaluates a constant expression (no references) once. */
export function evaluateConstant(e: Expression): unknown {
  return interpret(e, { partitionId: 0 })([]);
}
