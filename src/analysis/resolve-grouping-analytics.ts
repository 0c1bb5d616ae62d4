/**
 * GROUPING SETS, ROLLUP and CUBE (Spark's ResolveGroupingAnalytics): the parser and the DataFrame
 * API encode them as `__grouping_sets` / `__rollup` / `__cube` / `__hive_grouping_sets` calls over
 * `__grouping_set(…)` elements. They become an Expand that emits every input row once per
 * grouping set (columns outside the set nulled, plus `spark_grouping_id`), under an Aggregate
 * grouped by the expanded columns and the grouping id. `grouping(c)` and `grouping_id(…)` read
 * bits of that id: bit (n - 1 - i) is set when the i-th GROUP BY column is not in the set.
 */
import { TsparkError } from "../common/errors.js";
import { prettySql } from "../expressions/display.js";
import { nextExprId } from "../expressions/expr-id.js";
import type { AttributeReference, Call, Expression } from "../expressions/expression.js";
import { literal } from "../expressions/literal.js";
import { exists, exprChildren, withChildren } from "../expressions/tree.js";
import { typeOf } from "../expressions/typing.js";
import type { LogicalPlan } from "../plans/logical-plan.js";
import { outputOf } from "../plans/output.js";
import { BYTE, INT, LONG } from "../types/data-type.js";
import type { Analyzer } from "./analyzer.js";
import { nameExpression } from "./naming.js";
import { canonicalKey as canonical } from "../expressions/canonical.js";

const ANALYTICS = new Set(["__rollup", "__cube", "__grouping_sets", "__hive_grouping_sets"]);

/** True for a GROUP BY item that is ROLLUP, CUBE or GROUPING SETS. */
export function isGroupingAnalytics(e: Expression): boolean {
  return e.kind === "unresolved_function" && ANALYTICS.has(e.name);
}

/** True for an unexpanded `grouping(c)` / `grouping_id(…)` call made by the resolver. */
export function isGroupingMarker(e: Expression): e is Call {
  return (
    e.kind === "call" &&
    (e.name === "grouping" || e.name === "grouping_id") &&
    e.bound.deterministic === false &&
    e.bound.display === undefined
  );
}

/** True when `e` contains an unexpanded grouping()/grouping_id() call. */
export function hasGroupingMarker(e: Expression): boolean {
  return exists(e, isGroupingMarker);
}

/**
 * The placeholder for `grouping(c)` / `grouping_id(…)` before the grouping sets are known; it is
 * replaced when the Aggregate is expanded and refused anywhere else.
 */
export function groupingMarker(name: "grouping" | "grouping_id", args: readonly Expression[]): Call {
  const dataType = name === "grouping" ? BYTE : LONG;
  return {
    kind: "call",
    name,
    args,
    dataType,
    nullable: false,
    bound: {
      dataType,
      nullable: false,
      nullIntolerant: false,
      deterministic: false,
      eval: () => {
        throw new TsparkError("UNSUPPORTED_GROUPING_EXPRESSION");
      },
    },
  };
}

/** Resolves an Aggregate whose GROUP BY has grouping analytics into Aggregate(Expand(child)). */
export function resolveGroupingAnalytics(
  analyzer: Analyzer,
  grouping: readonly Expression[],
  aggregateExprs: readonly Expression[],
  child: LogicalPlan,
  resolveOne: (g: Expression, aggList: readonly Expression[]) => Expression,
  checkGrouping: (groups: readonly Expression[], aggList: readonly Expression[]) => void,
): LogicalPlan {
  const input = outputOf(child);
  const aggList = analyzer.exprs
    .expandStars(aggregateExprs, input)
    .map((e) => nameExpression(analyzer.exprs.resolve(e, { input }), e));
  let hiveExprs: Expression[] | undefined;
  const setsOf = (g: Expression): Expression[][] => {
    if (g.kind === "unresolved_function") {
      switch (g.name) {
        case "__grouping_set":
          return [g.args.map((a) => resolveOne(a, aggList))];
        case "__rollup": {
          const items = g.args.map((a) => setsOf(a)[0]!);
          const out: Expression[][] = [];
          for (let i = items.length; i >= 0; i--) out.push(items.slice(0, i).flat());
          return out;
        }
        case "__cube": {
          const items = g.args.map((a) => setsOf(a)[0]!);
          // Spark's order: every set with the first item, then every set without it.
          const cube = (i: number): Expression[][] => {
            if (i === items.length) return [[]];
            const rest = cube(i + 1);
            return [...rest.map((r) => [...items[i]!, ...r]), ...rest];
          };
          return cube(0);
        }
        case "__grouping_sets":
          return g.args.flatMap(setsOf);
        case "__hive_grouping_sets":
          hiveExprs = setsOf(g.args[0]!)[0]!;
          return g.args.slice(1).flatMap(setsOf);
        default:
          break;
      }
    }
    return [[resolveOne(g, aggList)]];
  };
  let sets: Expression[][] = [[]];
  for (const g of grouping) {
    const el = setsOf(g);
    sets = sets.flatMap((r) => el.map((s) => [...r, ...s]));
  }
  const groupBy: Expression[] = [];
  const index = new Map<string, number>();
  for (const e of [...(hiveExprs ?? []), ...sets.flat()]) {
    const k = canonical(e);
    if (!index.has(k)) {
      index.set(k, groupBy.length);
      groupBy.push(e);
    }
  }
  const n = groupBy.length;
  if (n === 0 && sets.length === 1) {
    // GROUPING SETS (()) alone is a global aggregate: one row even over no input.
    const global = aggList.map(groupingRewriter([], [], literal(0, LONG)));
    checkGrouping([], global);
    return { kind: "aggregate", groupingExpressions: [], aggregateExpressions: global, child };
  }
  const groupAttrs: AttributeReference[] = groupBy.map((g) => ({
    kind: "attribute",
    name: g.kind === "attribute" ? g.name : prettySql(g),
    dataType: typeOf(g),
    nullable: true,
    exprId: nextExprId(),
    qualifier: g.kind === "attribute" ? g.qualifier : [],
  }));
  const gidAttr: AttributeReference = {
    kind: "attribute",
    name: "spark_grouping_id",
    dataType: LONG,
    nullable: false,
    exprId: nextExprId(),
    qualifier: [],
  };
  const projections = sets.map((set) => {
    const inSet = new Set(set.map(canonical));
    let gid = 0;
    const cols = groupBy.map((g, i) => {
      if (inSet.has(canonical(g))) return g;
      gid += 2 ** (n - 1 - i);
      return literal(null, typeOf(g));
    });
    return [...input, ...cols, literal(gid, LONG)];
  });
  // Repeated grouping sets share a grouping id; as in Spark, a position column keeps their
  // groups apart so that each repetition yields its own rows.
  const gids = projections.map((p) => p[p.length - 1]!);
  const repeated = new Set(gids.map((g) => (g.kind === "literal" ? g.value : null))).size < gids.length;
  const posAttr: AttributeReference = {
    kind: "attribute",
    name: "_gen_grouping_pos",
    dataType: INT,
    nullable: false,
    exprId: nextExprId(),
    qualifier: [],
  };
  const expand: LogicalPlan = {
    kind: "expand",
    projections: repeated ? projections.map((p, i) => [...p, literal(i, INT)]) : projections,
    output: [...input, ...groupAttrs, gidAttr, ...(repeated ? [posAttr] : [])],
    child,
  };
  const rewrite = groupingRewriter(groupBy, groupAttrs, gidAttr);
  const rewritten = aggList.map(rewrite);
  const groups = [...groupAttrs, gidAttr];
  checkGrouping(groups, rewritten);
  if (repeated) groups.push(posAttr);
  return { kind: "aggregate", groupingExpressions: groups, aggregateExpressions: rewritten, child: expand };
}

/**
 * Rewrites select-list (or HAVING / ORDER BY) expressions over an expanded Aggregate: GROUP BY
 * expressions outside aggregate calls read the expanded (nullable) columns, and grouping()
 * / grouping_id() read the grouping id.
 */
export function groupingRewriter(
  groupBy: readonly Expression[],
  groupAttrs: readonly AttributeReference[],
  gidAttr: Expression,
): (e: Expression) => Expression {
  const index = new Map<string, number>();
  groupBy.forEach((g, i) => {
    index.set(canonical(g), i);
  });
  // grouping(c) may name c by the Aggregate's output column (HAVING / ORDER BY).
  const argIndex = new Map(index);
  groupAttrs.forEach((a, i) => {
    argIndex.set(canonical(a), i);
  });
  const n = groupBy.length;
  const rewrite = (x: Expression): Expression => {
    if (x.kind === "aggregate") return x;
    if (x.kind === "window_expression") {
      // A window over the grouped rows reads the grouping columns and grouping ids like the select
      // list does, also in a windowed aggregate's arguments (only aggregates under it stay as they are).
      const fn = x.function;
      const f = fn.kind === "aggregate" ? withChildren(fn, exprChildren(fn).map(rewrite)) : rewrite(fn);
      return withChildren(
        x,
        exprChildren(x).map((c) => (c === fn ? f : rewrite(c))),
      );
    }
    if (isGroupingMarker(x)) return groupingCall(x, argIndex, n, groupBy, gidAttr);
    if (x.kind !== "alias") {
      const i = index.get(canonical(x));
      if (i !== undefined) return groupAttrs[i]!;
    }
    const cs = exprChildren(x);
    return cs.length === 0 ? x : withChildren(x, cs.map(rewrite));
  };
  return rewrite;
}

function groupingCall(
  x: Call,
  index: ReadonlyMap<string, number>,
  n: number,
  groupBy: readonly Expression[],
  gidAttr: Expression,
): Expression {
  const argsSql = x.args.map((a) => prettySql(a)).join(", ");
  const display = () => `${x.name}(${argsSql})`;
  if (x.name === "grouping") {
    const i = index.get(canonical(x.args[0]!));
    if (i === undefined) {
      throw new TsparkError("GROUPING_COLUMN_MISMATCH", {
        messageParameters: { grouping: argsSql, groupingColumns: groupBy.map((g) => prettySql(g)).join(",") },
      });
    }
    const scale = 2 ** (n - 1 - i);
    return {
      kind: "call",
      name: "grouping",
      args: [gidAttr],
      dataType: BYTE,
      nullable: false,
      bound: { dataType: BYTE, nullable: false, eval: (g) => Math.floor(Number(g) / scale) % 2, display },
    };
  }
  const same =
    x.args.length === 0 ||
    (x.args.length === groupBy.length && x.args.every((a, i) => index.get(canonical(a)) === i));
  if (!same) {
    throw new TsparkError("GROUPING_ID_COLUMN_MISMATCH", {
      messageParameters: {
        groupingIdColumn: argsSql,
        groupByColumns: groupBy.map((g) => prettySql(g)).join(","),
      },
    });
  }
  return {
    kind: "call",
    name: "grouping_id",
    args: [gidAttr],
    dataType: LONG,
    nullable: false,
    bound: { dataType: LONG, nullable: false, eval: (g) => g, display },
  };
}

/**
 * For an Aggregate made by `resolveGroupingAnalytics`, what HAVING / ORDER BY need to rewrite
 * their expressions: the GROUP BY expressions (read back from the Expand's projections), the
 * expanded columns, the grouping id and the Expand's input.
 */
export function groupingInfoOf(agg: LogicalPlan & { kind: "aggregate" }):
  | {
      groupBy: Expression[];
      groupAttrs: AttributeReference[];
      gidAttr: AttributeReference;
      input: readonly AttributeReference[];
    }
  | undefined {
  const expand = agg.child;
  if (expand.kind !== "expand") return undefined;
  const input = outputOf(expand.child);
  const gidAt = expand.output.findIndex((a) => a.name === "spark_grouping_id");
  if (gidAt < 0) return undefined;
  const groupAttrs = expand.output.slice(input.length, gidAt);
  const groupBy = groupAttrs.map((a, i) => {
    const col = input.length + i;
    const found = expand.projections.find((p) => {
      const e = p[col]!;
      return !(e.kind === "literal" && e.value === null);
    });
    return found ? found[col]! : literal(null, a.dataType);
  });
  return { groupBy, groupAttrs, gidAttr: expand.output[gidAt]!, input };
}
