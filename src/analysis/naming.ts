/**
 * Output names for select items, as Spark's ResolveAliases gives them: attributes keep their name,
 * struct fields their field name, anything else its pretty SQL text.
 */
import type { Alias, Expression } from "../expressions/expression.js";
import { prettySql } from "../expressions/display.js";
import { nextExprId } from "../expressions/expr-id.js";

/** A named form of a resolved select item. */
export function nameExpression(e: Expression): Expression {
  switch (e.kind) {
    case "attribute":
    case "alias":
    case "generator":
      return e;
    case "get_struct_field":
      return alias(e, e.name);
    default:
      return alias(e, prettySql(e), true);
  }
}

/** A new alias with a fresh id. */
export function alias(child: Expression, name: string, generated = false): Alias {
  return { kind: "alias", child, name, exprId: nextExprId(), ...(generated ? { generated } : {}) };
}
