/**
 * InferFiltersFromGenerate (Spark's rule of the same name): `explode`, `posexplode` and `inline`
 * (not their `_outer` forms) produce no row for a NULL or empty input, so the rows whose input
 * column is NULL or empty can be dropped before the generator:
 *
 *     Generate(explode(arr), outer = false, child)
 *       → Generate(explode(arr), outer = false, Filter((size(arr) > 0) AND isnotnull(arr), child))
 *
 * As Spark, only for an input that is a column (an expression could be costly to evaluate twice,
 * or fail in ANSI mode before the generator would have run), and only the predicates the child's
 * constraints do not already guarantee (so that the rule can run again without adding them twice).
 * Runs once, in the "Infer Filters" batch before InferFiltersFromConstraints.
 */
import type { Call, Expression } from "../expressions/expression.js";
import { literal } from "../expressions/literal.js";
import { typeOf } from "../expressions/typing.js";
import type { BindArg } from "../functions/function-definition.js";
import { sizeFunction } from "../functions/collection/size.js";
import { GREATER_THAN } from "../functions/math/comparison.js";
import { transformPlanUp } from "../plans/plan-tree.js";
import { BOOLEAN, INT } from "../types/data-type.js";
import { constraintsOf, isNotNull, keyOf, NO_SESSION } from "./constraints.js";
import { andAll } from "./expression-utils.js";
import type { OptimizerRule } from "./optimizer-rule.js";

/** The generators that give no row for a NULL or empty input (Spark's ExplodeBase and Inline). */
const DROPS_EMPTY_INPUT: ReadonlySet<string> = new Set(["explode", "posexplode", "inline"]);

/**
 * `size(e) > 0`, resolved without the session: in ANSI mode (tspark's and Spark 4's default)
 * `size(NULL)` is NULL, with the legacy setting -1, and `> 0` drops the row either way.
 */
function sizeAboveZero(e: Expression): Expression {
  const arg: BindArg = { dataType: typeOf(e), nullable: true, foldable: false, sql: "" };
  const sizeBound = sizeFunction.bind([arg], NO_SESSION);
  const size: Call = {
    kind: "call",
    name: "size",
    args: [e],
    dataType: INT,
    nullable: true,
    bound: sizeBound,
  };
  const intArg: BindArg = { dataType: INT, nullable: true, foldable: false, sql: "" };
  const zero: BindArg = { dataType: INT, nullable: false, foldable: true, value: 0, sql: "0" };
  return {
    kind: "call",
    name: ">",
    args: [size, literal(0, INT)],
    dataType: BOOLEAN,
    nullable: true,
    bound: GREATER_THAN.bind([intArg, zero], NO_SESSION),
  };
}

export const InferFiltersFromGenerate: OptimizerRule = {
  name: "InferFiltersFromGenerate",
  apply: (plan) =>
    transformPlanUp(plan, (p) => {
      if (p.kind !== "generate" || p.outer) return p;
      const g = p.generator;
      if (g.kind !== "generator" || g.outer || !DROPS_EMPTY_INPUT.has(g.name) || g.args.length !== 1)
        return p;
      const input = g.args[0]!;
      if (input.kind !== "attribute") return p;
      const implied = constraintsOf(p.child);
      const fresh = [sizeAboveZero(input), isNotNull(input)].filter((c) => !implied.has(keyOf(c)));
      const condition = andAll(fresh);
      return condition === undefined ? p : { ...p, child: { kind: "filter", condition, child: p.child } };
    }),
};
