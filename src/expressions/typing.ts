/**
 * Types and nullability of resolved expressions, and the attribute a named expression produces.
 */
import { internalError } from "../common/errors.js";
import { BOOLEAN, type DataType } from "../types/data-type.js";
import type { Alias, AttributeReference, Expression } from "./expression.js";

/** The data type of a resolved expression. */
export function typeOf(e: Expression): DataType {
  switch (e.kind) {
    case "literal":
    case "attribute":
    case "bound":
    case "call":
    case "cast":
    case "udf":
      return e.dataType;
    case "alias":
    case "sort_order":
      return typeOf(e.child);
    case "and":
    case "or":
      return BOOLEAN;
    case "case_when": {
      const first = e.branches[0];
      return first ? typeOf(first[1]) : e.elseValue ? typeOf(e.elseValue) : BOOLEAN;
    }
    case "coalesce":
      return typeOf(e.children[0]!);
    case "aggregate":
    case "window_function":
      if (e.dataType) return e.dataType;
      break;
    case "lambda_variable":
      if (e.dataType) return e.dataType;
      break;
    case "lambda_function":
      return typeOf(e.body);
    case "window_expression":
      return typeOf(e.function);
    case "get_struct_field": {
      const t = typeOf(e.child);
      if (t.kind === "struct") return t.fields[e.ordinal]!.dataType;
      break;
    }
    case "scalar_subquery":
      if (e.dataType) return e.dataType;
      break;
    case "exists_subquery":
    case "in_subquery":
      return BOOLEAN;
    case "outer_reference":
      return e.attr.dataType;
    default:
      break;
  }
  throw internalError(`typeOf: expression of kind '${e.kind}' is not resolved`);
}

/** Whether a resolved expression may produce NULL. */
export function nullableOf(e: Expression): boolean {
  switch (e.kind) {
    case "literal":
      return e.value === null;
    case "attribute":
    case "bound":
    case "call":
      return e.nullable;
    case "cast":
      // try and legacy casts turn bad input into NULL; ANSI casts fail instead.
      return nullableOf(e.child) || e.mode !== "ansi";
    case "udf":
      return true;
    case "alias":
    case "sort_order":
      return nullableOf(e.child);
    case "and":
    case "or":
      return nullableOf(e.left) || nullableOf(e.right);
    case "case_when":
      return (
        e.elseValue === undefined || nullableOf(e.elseValue) || e.branches.some(([, v]) => nullableOf(v))
      );
    case "coalesce":
      return e.children.every(nullableOf);
    case "aggregate":
    case "window_function":
      return e.nullable ?? true;
    case "lambda_variable":
      return e.nullable ?? true;
    case "lambda_function":
      return nullableOf(e.body);
    case "window_expression":
      return nullableOf(e.function);
    case "get_struct_field": {
      const t = typeOf(e.child);
      return nullableOf(e.child) || (t.kind === "struct" && t.fields[e.ordinal]!.nullable);
    }
    case "exists_subquery":
      return false;
    case "outer_reference":
      return e.attr.nullable;
    default:
      return true;
  }
}

/** True when the expression is fully resolved (no unresolved node anywhere). */
export function isResolved(e: Expression): boolean {
  switch (e.kind) {
    case "unresolved_attribute":
    case "unresolved_function":
    case "unresolved_extract":
    case "star":
      return false;
    case "aggregate":
    case "window_function":
      return e.bound !== undefined && e.args.every(isResolved);
    case "lambda_variable":
      return e.dataType !== undefined;
    case "lambda_function":
      return e.params.every((p) => p.dataType !== undefined) && isResolved(e.body);
    case "generator":
      return e.bound !== undefined && e.args.every(isResolved);
    case "scalar_subquery":
      return e.dataType !== undefined;
    default:
      return childrenResolved(e);
  }
}

function childrenResolved(e: Expression): boolean {
  switch (e.kind) {
    case "alias":
    case "cast":
    case "sort_order":
    case "get_struct_field":
      return isResolved(e.child);
    case "call":
    case "udf":
      return e.args.every(isResolved);
    case "and":
    case "or":
      return isResolved(e.left) && isResolved(e.right);
    case "case_when":
      return (
        e.branches.every(([c, v]) => isResolved(c) && isResolved(v)) &&
        (!e.elseValue || isResolved(e.elseValue))
      );
    case "coalesce":
      return e.children.every(isResolved);
    case "window_expression":
      return (
        isResolved(e.function) && e.spec.partitionBy.every(isResolved) && e.spec.orderBy.every(isResolved)
      );
    default:
      return true;
  }
}

/** The output attribute of a named expression (attribute or alias). */
export function toAttribute(e: Expression): AttributeReference {
  if (e.kind === "attribute") return e;
  if (e.kind === "alias") {
    return {
      kind: "attribute",
      name: e.name,
      dataType: typeOf(e.child),
      nullable: nullableOf(e.child),
      exprId: e.exprId,
      qualifier: [],
      ...aliasMetadata(e),
    };
  }
  throw internalError(`toAttribute: expression of kind '${e.kind}' is not named`);
}

/**
 * Spark's Alias.metadata: the explicit metadata, else that of a named child (an attribute, or an
 * alias, as Column.as keeps a named column's metadata), else none.
 */
function aliasMetadata(e: Alias): { metadata?: AttributeReference["metadata"] } {
  let m = e.metadata;
  let c: Expression = e.child;
  while (m === undefined) {
    if (c.kind === "attribute") m = c.metadata;
    if (c.kind !== "alias") break;
    m = c.metadata;
    c = c.child;
  }
  return m === undefined ? {} : { metadata: m };
}
