/**
 * Structural keys for matching equal resolved sub-expressions (GROUP BY items, repeated aggregate
 * calls): every argument counts, attributes by id, literals by type and value. Unlike display
 * text, two calls Spark prints alike (`first(a)` and `first(a, true)`) get different keys.
 */
import type { Expression } from "./expression.js";
import { exprChildren } from "./tree.js";

const functionIds = new WeakMap<object, number>();
let nextFunctionId = 1;
/** A stable id per user function object (for UDF keys). */
function functionId(f: object): number {
  let id = functionIds.get(f);
  if (id === undefined) {
    id = nextFunctionId++;
    functionIds.set(f, id);
  }
  return id;
}

function literalKey(v: unknown): string {
  if (v === null) return "null";
  if (typeof v === "bigint") return `${v}n`;
  if (typeof v === "number") return Object.is(v, -0) ? "-0" : String(v);
  if (typeof v === "string") return JSON.stringify(v);
  if (v instanceof Uint8Array) return `x${Array.from(v).join(",")}`;
  if (Array.isArray(v)) return `[${v.map(literalKey).join(",")}]`;
  if (typeof v === "object") return JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? `${x}n` : x));
  return String(v);
}

function nodeKey(e: Expression): string {
  switch (e.kind) {
    case "literal":
      return `lit:${e.dataType.simpleString()}:${literalKey(e.value)}`;
    case "attribute":
      return `attr#${e.exprId}`;
    case "bound":
      return `bound#${e.ordinal}`;
    case "cast":
      return `cast:${e.dataType.simpleString()}:${e.mode}`;
    case "aggregate":
      return `agg:${e.name.toLowerCase()}:${e.isDistinct}:${e.ignoreNulls ?? ""}:${e.filter ? "f" : ""}`;
    case "call":
    case "generator":
    case "window_function":
    case "unresolved_function":
      return `${e.kind}:${e.name.toLowerCase()}`;
    case "udf":
      // two anonymous UDFs share a name; their functions tell them apart
      return `udf:${e.name}:${functionId(e.userFn)}:${e.dataType.simpleString()}:${e.deterministic}`;
    case "get_struct_field":
      return `field:${e.ordinal}`;
    case "sort_order":
      return `sort:${e.direction}:${e.nullOrdering}`;
    case "unresolved_attribute":
      return `ua:${e.nameParts.join(".")}`;
    case "alias":
      return `alias:${e.name}`;
    case "case_when":
      return `case:${e.branches.length}:${e.elseValue ? 1 : 0}`;
    case "window_expression":
      return `window:${e.spec.frame ? JSON.stringify(e.spec.frame) : ""}:${e.spec.partitionBy.length}`;
    default:
      return e.kind;
  }
}

/** Operators whose operands commute: `a + b` and `b + a` are the same expression (Spark's Canonicalize). */
const COMMUTATIVE = new Set(["+", "*", "=", "==", "<=>", "&", "|", "^", "greatest", "least"]);

/** The structural key of `e` (a top-level alias is ignored). */
export function canonicalKey(e: Expression): string {
  const x = e.kind === "alias" ? e.child : e;
  const cs = exprChildren(x);
  if (cs.length === 0) return nodeKey(x);
  const keys = cs.map(canonicalKey);
  const commutes =
    x.kind === "and" || x.kind === "or" || (x.kind === "call" && COMMUTATIVE.has(x.name.toLowerCase()));
  return `${nodeKey(x)}(${(commutes ? keys.sort() : keys).join(",")})`;
}
