/**
 * Generic walks over the expression tree: children, rebuild with new children, bottom-up and
 * top-down rewrites, collection. Every expression kind is handled here once.
 */
import type { Expression } from "./expression.js";

/** The direct sub-expressions of a node, in a fixed order matching `withChildren`. */
export function exprChildren(e: Expression): readonly Expression[] {
  switch (e.kind) {
    case "literal":
    case "unresolved_attribute":
    case "star":
    case "attribute":
    case "bound":
    case "scalar_subquery":
    case "exists_subquery":
    case "outer_reference":
      return [];
    case "in_subquery":
      return e.values;
    case "lambda_variable":
      return [];
    case "lambda_function":
      // Parameters are declarations, not sub-expressions: rewrites see only the body.
      return [e.body];
    case "unresolved_function":
    case "aggregate":
      return e.filter ? [...e.args, e.filter] : e.args;
    case "call":
    case "generator":
    case "window_function":
    case "udf":
      return e.args;
    case "unresolved_extract":
      return [e.child, e.extraction];
    case "alias":
    case "cast":
    case "sort_order":
    case "get_struct_field":
      return [e.child];
    case "and":
    case "or":
      return [e.left, e.right];
    case "case_when": {
      const out: Expression[] = [];
      for (const [c, v] of e.branches) out.push(c, v);
      if (e.elseValue) out.push(e.elseValue);
      return out;
    }
    case "coalesce":
      return e.children;
    case "window_expression":
      return [e.function, ...e.spec.partitionBy, ...e.spec.orderBy];
  }
}

/** Rebuilds `e` with new children (same order as `exprChildren`); returns `e` when unchanged. */
export function withChildren(e: Expression, cs: readonly Expression[]): Expression {
  const old = exprChildren(e);
  if (old.length === cs.length && old.every((c, i) => c === cs[i])) return e;
  switch (e.kind) {
    case "literal":
    case "unresolved_attribute":
    case "star":
    case "attribute":
    case "bound":
    case "scalar_subquery":
    case "exists_subquery":
    case "outer_reference":
      return e;
    case "in_subquery":
      return { ...e, values: cs };
    case "lambda_variable":
      return e;
    case "lambda_function":
      return { ...e, body: cs[0]! };
    case "unresolved_function":
    case "aggregate": {
      const n = e.args.length;
      return e.filter ? { ...e, args: cs.slice(0, n), filter: cs[n]! } : { ...e, args: cs };
    }
    case "call":
    case "generator":
    case "window_function":
    case "udf":
      return { ...e, args: cs };
    case "unresolved_extract":
      return { ...e, child: cs[0]!, extraction: cs[1]! };
    case "alias":
    case "cast":
    case "get_struct_field":
      return { ...e, child: cs[0]! };
    case "sort_order":
      return { ...e, child: cs[0]! };
    case "and":
    case "or":
      return { ...e, left: cs[0]!, right: cs[1]! };
    case "case_when": {
      const branches: [Expression, Expression][] = [];
      for (let i = 0; i < e.branches.length; i++) branches.push([cs[2 * i]!, cs[2 * i + 1]!]);
      const elseValue = e.elseValue ? cs[2 * e.branches.length] : undefined;
      return elseValue ? { ...e, branches, elseValue } : { ...e, branches };
    }
    case "coalesce":
      return { ...e, children: cs };
    case "window_expression": {
      const np = e.spec.partitionBy.length;
      const orderBy = cs.slice(1 + np).map((c) => {
        if (c.kind !== "sort_order") throw new TypeError("window order must be sort_order");
        return c;
      });
      return { ...e, function: cs[0]!, spec: { ...e.spec, partitionBy: cs.slice(1, 1 + np), orderBy } };
    }
  }
}

/** Bottom-up rewrite: children first, then `f` on the rebuilt node. */
export function transformUp(e: Expression, f: (e: Expression) => Expression): Expression {
  const cs = exprChildren(e);
  const rebuilt =
    cs.length === 0
      ? e
      : withChildren(
          e,
          cs.map((c) => transformUp(c, f)),
        );
  return f(rebuilt);
}

/** Top-down rewrite: `f` first; if it returns a different node, its children are not revisited
 * unless `f` returns the same node. */
export function transformDown(e: Expression, f: (e: Expression) => Expression): Expression {
  const r = f(e);
  if (r !== e) return r;
  const cs = exprChildren(e);
  if (cs.length === 0) return e;
  return withChildren(
    e,
    cs.map((c) => transformDown(c, f)),
  );
}

/** True when `pred` holds for `e` or any descendant. */
export function exists(e: Expression, pred: (e: Expression) => boolean): boolean {
  if (pred(e)) return true;
  for (const c of exprChildren(e)) if (exists(c, pred)) return true;
  return false;
}

/** Every node (pre-order) satisfying `pred`. */
export function collect<T extends Expression>(
  e: Expression,
  pred: (e: Expression) => e is T,
  out: T[] = [],
): T[] {
  if (pred(e)) out.push(e);
  for (const c of exprChildren(e)) collect(c, pred, out);
  return out;
}

/** Strips a top-level alias. */
export function stripAlias(e: Expression): Expression {
  return e.kind === "alias" ? e.child : e;
}
