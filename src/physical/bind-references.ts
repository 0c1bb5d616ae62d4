/**
 * Binds resolved attribute references to input ordinals (Spark's BindReferences): after this an
 * expression reads `row[ordinal]` and no longer depends on names or ids.
 */
import { internalError } from "../common/errors.js";
import type { AttributeReference, Expression } from "../expressions/expression.js";
import { explainSql } from "../expressions/display.js";
import { transformUp } from "../expressions/tree.js";

/** Replaces each attribute in `e` with a `bound` reference into `input`. */
export function bindReferences(e: Expression, input: readonly AttributeReference[]): Expression {
  const index = new Map<number, number>();
  input.forEach((a, i) => {
    if (!index.has(a.exprId)) index.set(a.exprId, i);
  });
  return transformUp(e, (x) => {
    if (x.kind !== "attribute") return x;
    const i = index.get(x.exprId);
    if (i === undefined) {
      throw internalError(`cannot bind ${explainSql(x)} in [${input.map((a) => explainSql(a)).join(", ")}]`);
    }
    return { kind: "bound", ordinal: i, dataType: x.dataType, nullable: x.nullable };
  });
}

export function bindAll(es: readonly Expression[], input: readonly AttributeReference[]): Expression[] {
  return es.map((e) => bindReferences(e, input));
}
