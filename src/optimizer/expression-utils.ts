/** Helpers shared by optimizer rules: references, determinism, alias substitution. */
import type { Expression } from "../expressions/expression.js";
import { exists, transformUp } from "../expressions/tree.js";

/** Attribute ids an expression reads. */
export function references(e: Expression, out: Set<number> = new Set()): Set<number> {
  exists(e, (x) => {
    if (x.kind === "attribute") out.add(x.exprId);
    return false;
  });
  return out;
}

/** Whether `e` reads at least one attribute and only attributes of `ids`. */
export function readsOnly(e: Expression, ids: ReadonlySet<number>): boolean {
  const refs = references(e);
  if (refs.size === 0) return false;
  for (const id of refs) if (!ids.has(id)) return false;
  return true;
}

/** False when the expression contains a non-deterministic or stateful part. */
export function isDeterministic(e: Expression): boolean {
  return !exists(
    e,
    (x) =>
      (x.kind === "call" && (x.bound.deterministic === false || x.bound.makeEval !== undefined)) ||
      (x.kind === "udf" && !x.deterministic) ||
      x.kind === "aggregate" ||
      x.kind === "window_expression" ||
      x.kind === "generator",
  );
}

/** Replaces attributes defined by aliases in `projectList` with the aliased expressions. */
export function substituteAliases(e: Expression, projectList: readonly Expression[]): Expression {
  const byId = new Map<number, Expression>();
  for (const p of projectList) if (p.kind === "alias") byId.set(p.exprId, p.child);
  if (byId.size === 0) return e;
  return transformUp(e, (x) => (x.kind === "attribute" ? (byId.get(x.exprId) ?? x) : x));
}

/** `a AND b AND c` → [a, b, c]. */
export function conjuncts(e: Expression): Expression[] {
  return e.kind === "and" ? [...conjuncts(e.left), ...conjuncts(e.right)] : [e];
}

/** [a, b, c] → `a AND b AND c` (undefined for none). */
export function andAll(es: readonly Expression[]): Expression | undefined {
  return es.reduce<Expression | undefined>(
    (acc, c) => (acc ? { kind: "and", left: acc, right: c } : c),
    undefined,
  );
}
