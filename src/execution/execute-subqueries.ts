/**
 * Uncorrelated subquery expressions are run once before the main query, as Spark's
 * SubqueryExec / InSubqueryExec do, and replaced by their result: a scalar subquery by a literal
 * (more than one row is SCALAR_SUBQUERY_TOO_MANY_ROWS), EXISTS by TRUE/FALSE, and `x IN (SELECT …)`
 * by a membership test over the collected rows with SQL's null-aware semantics. Correlated
 * subqueries were already rewritten into joins by the optimizer.
 */
import { TsparkError } from "../common/errors.js";
import { MapValue } from "../data/values.js";
import type { Expression, InSubquery } from "../expressions/expression.js";
import { literal } from "../expressions/literal.js";
import { exists, transformDown } from "../expressions/tree.js";
import type { LogicalPlan } from "../plans/logical-plan.js";
import { collectPlans, mapPlanExpressions, transformPlanUp } from "../plans/plan-tree.js";
import { BOOLEAN } from "../types/data-type.js";

/** Runs an (analyzed) subquery plan and returns its rows of internal values. */
export type SubqueryRunner = (plan: LogicalPlan) => Promise<unknown[][]>;

function isSubquery(e: Expression): boolean {
  return e.kind === "scalar_subquery" || e.kind === "exists_subquery" || e.kind === "in_subquery";
}

/** True when some expression of the plan holds a subquery expression. */
export function hasSubqueries(plan: LogicalPlan): boolean {
  for (const node of collectPlans(plan)) {
    let found = false;
    mapPlanExpressions(node, (e) => {
      if (!found && exists(e, isSubquery)) found = true;
      return e;
    });
    if (found) return true;
  }
  return false;
}

/** Executes every subquery expression of `plan` once and substitutes its result. */
export async function substituteSubqueries(plan: LogicalPlan, run: SubqueryRunner): Promise<LogicalPlan> {
  const found: Expression[] = [];
  for (const node of collectPlans(plan)) {
    mapPlanExpressions(node, (e) => {
      exists(e, (x) => {
        if (isSubquery(x)) found.push(x);
        return false;
      });
      return e;
    });
  }
  const results = new Map<Expression, Expression>();
  for (const e of found) {
    if (results.has(e)) continue;
    switch (e.kind) {
      case "scalar_subquery": {
        const rows = await run(e.plan as LogicalPlan);
        if (rows.length > 1) throw new TsparkError("SCALAR_SUBQUERY_TOO_MANY_ROWS");
        if (!e.dataType)
          throw new TsparkError("INTERNAL_ERROR", {
            messageParameters: { message: "unresolved scalar subquery" },
          });
        results.set(e, literal(rows[0]?.[0] ?? null, e.dataType));
        break;
      }
      case "exists_subquery": {
        const rows = await run({ kind: "limit", limit: 1, child: e.plan as LogicalPlan });
        results.set(e, literal(rows.length > 0, BOOLEAN));
        break;
      }
      case "in_subquery":
        results.set(e, inListCall(e, await run(e.plan as LogicalPlan)));
        break;
      default:
        break;
    }
  }
  const replace = (e: Expression): Expression =>
    transformDown(e, (x) => {
      const r = results.get(x);
      if (r === undefined) return x;
      // The IN test keeps its left-hand values as arguments; they may hold subqueries too.
      return r.kind === "call" ? { ...r, args: r.args.map(replace) } : r;
    });
  return transformPlanUp(plan, (p) => mapPlanExpressions(p, replace));
}

/** A key under which equal internal values collide (a long may be a number or a bigint). */
function valueKey(v: unknown): string {
  switch (typeof v) {
    case "number":
    case "bigint":
      return `n${String(v)}`;
    case "string":
      return `s${v}`;
    case "boolean":
      return v ? "t" : "f";
    default:
      break;
  }
  if (v === null || v === undefined) return "N";
  if (v instanceof Uint8Array) return `x${Array.from(v).join(".")}`;
  if (Array.isArray(v)) return `[${v.map(valueKey).join(",")}]`;
  if (v instanceof MapValue) return `{${v.keys.map(valueKey).join(",")}|${v.values.map(valueKey).join(",")}}`;
  return `o${String(v)}`;
}

/**
 * `values IN (rows)`: TRUE when some row equals the values, else NULL when a comparison was
 * unknown (a NULL on either side), else FALSE; an empty subquery gives FALSE even for NULL input.
 */
function inListCall(e: InSubquery, rows: readonly unknown[][]): Expression {
  const width = e.values.length;
  const exact = new Set<string>();
  const partial: unknown[][] = [];
  for (const r of rows) {
    if (r.slice(0, width).some((v) => v === null || v === undefined)) partial.push(r);
    else exact.add(r.slice(0, width).map(valueKey).join("\u0000"));
  }
  const empty = rows.length === 0;
  const evalIn = (...vals: unknown[]): unknown => {
    if (empty) return false;
    const anyNull = vals.some((v) => v === null);
    if (!anyNull && exact.has(vals.map(valueKey).join("\u0000"))) return true;
    if (width === 1) return anyNull || partial.length > 0 ? null : false;
    // Several columns: a row with no definite mismatch makes the answer unknown.
    const unknownMatch = (r: readonly unknown[]): boolean =>
      vals.every(
        (v, i) => v === null || r[i] === null || r[i] === undefined || valueKey(v) === valueKey(r[i]),
      );
    if (anyNull && rows.some(unknownMatch)) return null;
    if (partial.some(unknownMatch)) return null;
    return false;
  };
  return {
    kind: "call",
    name: "in",
    args: e.values,
    dataType: BOOLEAN,
    nullable: true,
    bound: {
      dataType: BOOLEAN,
      nullable: true,
      nullIntolerant: false,
      eval: evalIn,
      display: (args) =>
        `(${args.length === 1 ? args[0]! : `named_struct(${args.join(", ")})`} IN (listquery()))`,
    },
  };
}
