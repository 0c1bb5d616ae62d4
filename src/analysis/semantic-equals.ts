/**
 * Semantic equality of resolved expressions: same tree, attributes compared by id, a top-level
 * alias ignored.
 */
import { canonicalSql } from "../expressions/display.js";
import type { Expression } from "../expressions/expression.js";

export const canonical = canonicalSql;

export function semanticEquals(a: Expression, b: Expression): boolean {
  return canonicalSql(a) === canonicalSql(b);
}
