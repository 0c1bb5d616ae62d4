/**
 * Constraint propagation (Spark's QueryPlanConstraints and ConstraintHelper): the predicates every
 * output row of a resolved plan satisfies, derived from filter and join conditions, aliases and
 * non-nullable columns. InferFiltersFromConstraints reads them to add filters Spark would add.
 *
 * A plan's constraints are
 *   valid = what its operator guarantees (a Filter: its child's constraints and its conjuncts;
 *           a Project or Aggregate: its child's, restated through its aliases, and `alias <=> expr`;
 *           a Join: per join type, the sides that keep their rows as they are, and its condition)
 *   all   = valid ∪ inferAdditionalConstraints(valid) ∪ constructIsNotNullConstraints(valid, output)
 * keeping the deterministic ones that read at least one column and only the plan's output.
 * Sets are keyed by `canonicalKey`, so `a = b` and `b = a` are one constraint; iteration follows
 * insertion order, as Spark's ExpressionSet does.
 *
 * Pure and memoized per plan object (plans are immutable).
 */
import type { AttributeReference, Call, Expression } from "../expressions/expression.js";
import { canonicalKey } from "../expressions/canonical.js";
import { exists, transformDown } from "../expressions/tree.js";
import { toAttribute, typeOf } from "../expressions/typing.js";
import type { BindArg, BindContext } from "../functions/function-definition.js";
import { EQUAL_NULL_SAFE } from "../functions/math/comparison.js";
import { IS_NOT_NULL } from "../functions/math/predicates.js";
import { windowColumnKindOf } from "../plans/event-time.js";
import { childrenOf, type LogicalPlan } from "../plans/logical-plan.js";
import { outputOf } from "../plans/output.js";
import { BOOLEAN } from "../types/data-type.js";
import { conjuncts, isDeterministic, readsOnly, references } from "./expression-utils.js";

/** An insertion-ordered set of predicates keyed by their canonical form (Spark's ExpressionSet). */
export type ConstraintSet = ReadonlyMap<string, Expression>;

const EMPTY: ConstraintSet = new Map();

/**
 * The binding context of the kernels the optimizer makes up (`isnotnull` and `<=>` here, `size`
 * and `>` in InferFiltersFromGenerate): they read no session setting that changes what they do.
 */
export const NO_SESSION: BindContext = {
  ansi: true,
  timeZone: "UTC",
  conf: () => undefined,
  randomSeed: () => 0,
  currentTimeMicros: 0,
};

/** `a ∪ b ∪ …`, keeping the first occurrence of each constraint. */
export function unionOf(...sets: readonly (ConstraintSet | Iterable<Expression>)[]): Map<string, Expression> {
  const out = new Map<string, Expression>();
  for (const s of sets) {
    const items = s instanceof Map ? (s as ConstraintSet).values() : (s as Iterable<Expression>);
    for (const e of items) {
      const k = keyOf(e);
      if (!out.has(k)) out.set(k, e);
    }
  }
  return out;
}

/** The constraints of `a` that are not in `b`. */
export function minus(a: ConstraintSet, b: ConstraintSet): Map<string, Expression> {
  const out = new Map<string, Expression>();
  for (const [k, e] of a) if (!b.has(k)) out.set(k, e);
  return out;
}

const notNulls = new WeakMap<Expression, Call>();

/** `isnotnull(e)`, resolved (one object per `e`, so that its set key is computed once). */
export function isNotNull(e: Expression): Call {
  let c = notNulls.get(e);
  if (c === undefined) {
    c = makeIsNotNull(e);
    notNulls.set(e, c);
  }
  return c;
}

function makeIsNotNull(e: Expression): Call {
  return {
    kind: "call",
    name: "isnotnull",
    args: [e],
    dataType: BOOLEAN,
    nullable: false,
    bound: IS_NOT_NULL.bind([], NO_SESSION),
  };
}

function isIsNotNull(e: Expression): boolean {
  return e.kind === "call" && e.name === "isnotnull" && e.args.length === 1;
}

/** Types whose `<=>` tspark binds without any doubt (atomic, orderable). */
const SIMPLE_EQ_TYPES = new Set([
  "boolean",
  "byte",
  "short",
  "int",
  "long",
  "float",
  "double",
  "decimal",
  "string",
  "binary",
  "date",
  "timestamp",
  "timestamp_ntz",
]);

/** `a <=> b` for two expressions of the same type, or undefined for types it is not built for. */
function equalNullSafe(a: Expression, b: Expression): Expression | undefined {
  const t = typeOf(a);
  if (!SIMPLE_EQ_TYPES.has(t.kind)) return undefined;
  const arg: BindArg = { dataType: t, nullable: true, foldable: false, sql: "" };
  return {
    kind: "call",
    name: "<=>",
    args: [a, b],
    dataType: BOOLEAN,
    nullable: false,
    bound: EQUAL_NULL_SAFE.bind([arg, arg], NO_SESSION),
  };
}

/** A correlated subquery (one reading outer columns): its condition says nothing on its own. */
function hasCorrelatedSubquery(e: Expression): boolean {
  return exists(
    e,
    (x) =>
      (x.kind === "scalar_subquery" || x.kind === "exists_subquery" || x.kind === "in_subquery") &&
      (x.outerAttrs?.length ?? 0) > 0,
  );
}

const keys = new WeakMap<Expression, string>();
const subqueryIds = new WeakMap<object, number>();
let nextSubqueryId = 1;

/**
 * The key a constraint set files `e` under (`ConstraintSet.has(keyOf(e))`): `canonicalKey`,
 * computed once per expression object (constraints are shared between plans).
 * `canonicalKey` does not look into subqueries nor tell lambda variables apart, so each subquery
 * plan and lambda variable also adds its id: `(x, y) -> x - y` is not `(x, y) -> y - x`, and two
 * different subqueries are never taken for one another.
 */
export function keyOf(e: Expression): string {
  let k = keys.get(e);
  if (k === undefined) {
    k = canonicalKey(e);
    const ids: (number | string)[] = [];
    exists(e, (x) => {
      if (x.kind === "lambda_variable") ids.push(`x${x.exprId}`);
      else if (x.kind === "scalar_subquery" || x.kind === "exists_subquery" || x.kind === "in_subquery") {
        const plan = x.plan as object;
        let id = subqueryIds.get(plan);
        if (id === undefined) {
          id = nextSubqueryId++;
          subqueryIds.set(plan, id);
        }
        ids.push(id);
      }
      return false;
    });
    if (ids.length > 0) k += `|${ids.join(",")}`;
    keys.set(e, k);
  }
  return k;
}

/** `e` with every sub-expression semantically equal to `source` replaced by `destination`. */
function replace(e: Expression, source: Expression, destination: Expression): Expression {
  let matches: (x: Expression) => boolean;
  if (source.kind === "attribute") {
    const id = source.exprId;
    matches = (x) => x.kind === "attribute" && x.exprId === id;
  } else {
    const key = keyOf(source);
    matches = (x) => x.kind === source.kind && keyOf(x) === key;
  }
  // The same object when nothing matches, so that its key stays cached.
  if (!exists(e, matches)) return e;
  return transformDown(e, (x) => (matches(x) ? destination : x));
}

/**
 * Spark's inferAdditionalConstraints: for each `l = r` between attributes (or an attribute and a
 * cast of one), the other predicates restated with one side in place of the other; only the new ones.
 */
export function inferAdditionalConstraints(constraints: ConstraintSet): Map<string, Expression> {
  const predicates = [...constraints.values()].filter((c) => !isIsNotNull(c));
  const inferred: Expression[] = [];
  const others = (eq: Expression, alsoDrop?: string) => {
    const k = keyOf(eq);
    return predicates.filter((p) => {
      const pk = keyOf(p);
      return pk !== k && pk !== alsoDrop;
    });
  };
  for (const eq of predicates) {
    if (eq.kind !== "call" || eq.name !== "=" || eq.args.length !== 2) continue;
    const [l, r] = eq.args as [Expression, Expression];
    const castOfAttr = (x: Expression) => x.kind === "cast" && x.child.kind === "attribute";
    if (l.kind === "attribute" && r.kind === "attribute") {
      // `l <=> r` goes too: from it `l = r` would infer the useless `l <=> l` and `r <=> r`.
      const nullSafe = equalNullSafe(l, r);
      const candidates = others(eq, nullSafe ? keyOf(nullSafe) : undefined);
      for (const c of candidates) inferred.push(replace(c, l, r));
      for (const c of candidates) inferred.push(replace(c, r, l));
    } else if (castOfAttr(l) && r.kind === "attribute") {
      for (const c of others(eq)) inferred.push(replace(c, r, l));
    } else if (l.kind === "attribute" && castOfAttr(r)) {
      for (const c of others(eq)) inferred.push(replace(c, l, r));
    }
  }
  return minus(unionOf(inferred), constraints);
}

const scanned = new WeakMap<Expression, readonly AttributeReference[]>();

/**
 * The attributes `e` reaches through null-intolerant expressions only (Spark's NullIntolerant: a
 * cast, or a call whose kernel yields null for any null argument). As in Spark, a non-deterministic
 * constraint still tells its columns are not null (`a + rand() > 0.5` needs a non-null `a`).
 */
function scanNullIntolerantAttributes(e: Expression): readonly AttributeReference[] {
  let found = scanned.get(e);
  if (found === undefined) {
    found = scanUncached(e);
    scanned.set(e, found);
  }
  return found;
}

function scanUncached(e: Expression): readonly AttributeReference[] {
  if (e.kind === "attribute") return [e];
  if (e.kind === "cast") return scanNullIntolerantAttributes(e.child);
  if (e.kind === "call" && e.bound.nullIntolerant !== false)
    return e.args.flatMap(scanNullIntolerantAttributes);
  return [];
}

/**
 * Spark's constructIsNotNullConstraints: `isnotnull(a)` for each attribute a constraint reaches
 * through null-intolerant expressions (a constraint holds, so it is not null, so neither are those
 * inputs), and for each non-nullable output attribute; only the new ones.
 */
export function constructIsNotNullConstraints(
  constraints: ConstraintSet,
  output: readonly AttributeReference[],
): Map<string, Expression> {
  const found: Expression[] = [];
  for (const c of constraints.values()) {
    const attrs =
      c.kind === "call" && isIsNotNull(c)
        ? scanNullIntolerantAttributes(c.args[0]!)
        : scanNullIntolerantAttributes(c);
    for (const a of attrs) found.push(isNotNull(a));
  }
  for (const a of output) if (!a.nullable) found.push(isNotNull(a));
  return minus(unionOf(found), constraints);
}

const memo = new WeakMap<LogicalPlan, ConstraintSet>();

/** The constraints of a resolved plan (Spark's `LogicalPlan.constraints`). */
export function constraintsOf(plan: LogicalPlan): ConstraintSet {
  const hit = memo.get(plan);
  if (hit) return hit;
  const output = outputOf(plan);
  const valid = validConstraints(plan);
  const all = unionOf(valid, inferAdditionalConstraints(valid), constructIsNotNullConstraints(valid, output));
  const ids = new Set(output.map((a) => a.exprId));
  const out = new Map<string, Expression>();
  for (const [k, c] of all) if (readsOnly(c, ids) && isDeterministic(c)) out.set(k, c);
  memo.set(plan, out);
  return out;
}

/**
 * Spark's getAllValidConstraints: the child's constraints, plus for each alias `e AS a` the
 * constraints restated with `a` in place of `e`, and `a <=> e` (or `a <=> literal`).
 */
function throughAliases(projectList: readonly Expression[], child: LogicalPlan): ConstraintSet {
  const all = unionOf(constraintsOf(child));
  for (const p of projectList) {
    if (p.kind !== "alias") continue;
    const attr = toAttribute(p);
    if (p.child.kind === "literal") {
      const eq = equalNullSafe(attr, p.child);
      if (eq) all.set(keyOf(eq), eq);
    } else if (isDeterministic(p.child)) {
      for (const c of [...all.values()]) {
        const r = replace(c, p.child, attr);
        const k = keyOf(r);
        if (!all.has(k)) all.set(k, r);
      }
      const eq = equalNullSafe(p.child, attr);
      if (eq && !all.has(keyOf(eq))) all.set(keyOf(eq), eq);
    }
  }
  return all;
}

/** Rewrites `constraints` over `from` (by position) to the attributes `to`. */
function rewriteTo(
  constraints: ConstraintSet,
  from: readonly AttributeReference[],
  to: readonly AttributeReference[],
): ConstraintSet {
  const byId = new Map<number, AttributeReference>();
  from.forEach((a, i) => {
    const t = to[i];
    if (t) byId.set(a.exprId, t);
  });
  return unionOf(
    [...constraints.values()].map((c) =>
      transformDown(c, (x) => (x.kind === "attribute" ? (byId.get(x.exprId) ?? x) : x)),
    ),
  );
}

function validConstraints(plan: LogicalPlan): ConstraintSet {
  switch (plan.kind) {
    case "filter":
      return unionOf(
        constraintsOf(plan.child),
        conjuncts(plan.condition).filter((c) => !hasCorrelatedSubquery(c)),
      );
    case "project":
      return throughAliases(plan.projectList, plan.child);
    case "aggregate": {
      // A session window is merged by the aggregate: what held for each row's own window need not
      // hold for the session, so constraints on it stop here.
      const sessions = new Set<number>();
      for (const g of plan.groupingExpressions)
        if (g.kind === "attribute" && windowColumnKindOf(g) === "session") sessions.add(g.exprId);
      const plain = plan.aggregateExpressions.filter(
        (e) => !exists(e, (x) => x.kind === "aggregate" || x.kind === "window_expression"),
      );
      const all = throughAliases(plain, plan.child);
      if (sessions.size === 0) return all;
      const out = new Map<string, Expression>();
      for (const [k, c] of all) {
        let touches = false;
        for (const id of references(c)) if (sessions.has(id)) touches = true;
        if (!touches) out.set(k, c);
      }
      return out;
    }
    case "join": {
      const cond = plan.condition ? conjuncts(plan.condition) : [];
      switch (plan.joinType) {
        case "inner":
        case "cross":
          return unionOf(constraintsOf(plan.left), constraintsOf(plan.right), cond);
        case "left_semi":
          return unionOf(constraintsOf(plan.left), cond);
        case "left_anti":
        case "left_outer":
          return constraintsOf(plan.left);
        case "right_outer":
          return constraintsOf(plan.right);
        default:
          return EMPTY;
      }
    }
    case "union": {
      // What every child guarantees, stated over the first child's columns.
      const first = plan.children[0];
      if (!first) return EMPTY;
      const firstOut = outputOf(first);
      let common: ConstraintSet | undefined;
      for (const c of plan.children) {
        const mine = rewriteTo(constraintsOf(c), outputOf(c), firstOut);
        common = common === undefined ? mine : new Map([...common].filter(([k]) => mine.has(k)));
      }
      return common ?? EMPTY;
    }
    case "intersect":
      return unionOf(
        constraintsOf(plan.left),
        rewriteTo(constraintsOf(plan.right), outputOf(plan.right), outputOf(plan.left)),
      );
    case "except":
      return constraintsOf(plan.left);
    // An Expand reuses its input's attributes with other values (nulls for a rolled-up column).
    case "expand":
    case "flat_map_groups_with_state":
      return EMPTY;
    default: {
      const cs = childrenOf(plan);
      return cs.length === 1 ? constraintsOf(cs[0]!) : EMPTY;
    }
  }
}
