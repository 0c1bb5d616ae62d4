/**
 * Output names for select items, as Spark's ResolveAliases gives them: attributes keep their name,
 * struct fields their field name, anything else its pretty SQL text.
 */
import type { Alias, Expression } from "../expressions/expression.js";
import { prettySql } from "../expressions/display.js";
import { nextExprId } from "../expressions/expr-id.js";

/**
 * A named form of a resolved select item, as Spark's ResolveAliases names it: a nested column
 * path (`col("s.b")`) by its last part, a cast of a column (`col("a").cast("string")`) by the
 * column's name, an extraction (`getField("b")`, `arr[0]`) by its SQL text (`s.b`), anything else
 * by its pretty SQL. `original` is the item before resolution.
 */
export function nameExpression(e: Expression, original?: Expression): Expression {
  switch (e.kind) {
    case "attribute":
    case "alias":
    case "generator":
      return e;
    case "cast":
      // Spark's ResolveAliases names a cast of a named expression (a column or an alias) by its name.
      if (e.child.kind === "attribute" || e.child.kind === "alias") return alias(e, e.child.name);
      break;
    default:
      break;
  }
  if (original?.kind === "unresolved_attribute" && original.nameParts.length > 1) {
    return alias(e, original.nameParts[original.nameParts.length - 1]!);
  }
  return alias(e, prettySql(e), true);
}

/** A new alias with a fresh id. */
export function alias(child: Expression, name: string, generated = false): Alias {
  return { kind: "alias", child, name, exprId: nextExprId(), ...(generated ? { generated } : {}) };
}
