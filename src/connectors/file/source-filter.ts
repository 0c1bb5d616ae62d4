/**
 * SourceFilter: the predicates a data source may use to skip data (Spark's `sources.Filter`), with
 * column names instead of expressions and internal values (data/values.ts) as constants. The
 * engine translates what it can of a scan's filter into this union (`translateFilter`); the rest
 * stays engine-side. Filters are only hints: the engine evaluates every predicate again after the
 * scan, so a source may return rows that fail them but must never drop a row that passes.
 *
 * Explain shows them as Spark does: `PushedFilters: [IsNotNull(a), GreaterThan(a,1)]`.
 */
import type { Expression } from "../../expressions/expression.js";
import type { DataType } from "../../types/data-type.js";

export type SourceFilter =
  | {
      readonly kind:
        | "EqualTo"
        | "EqualNullSafe"
        | "GreaterThan"
        | "GreaterThanOrEqual"
        | "LessThan"
        | "LessThanOrEqual";
      readonly column: string;
      readonly value: unknown;
      readonly dataType: DataType;
    }
  | {
      readonly kind: "In";
      readonly column: string;
      readonly values: readonly unknown[];
      readonly dataType: DataType;
    }
  | { readonly kind: "IsNull" | "IsNotNull"; readonly column: string }
  | {
      readonly kind: "StringStartsWith" | "StringEndsWith" | "StringContains";
      readonly column: string;
      readonly value: string;
    }
  | { readonly kind: "And" | "Or"; readonly left: SourceFilter; readonly right: SourceFilter }
  | { readonly kind: "Not"; readonly child: SourceFilter };

const FLIP: Record<string, string> = {
  GreaterThan: "LessThan",
  GreaterThanOrEqual: "LessThanOrEqual",
  LessThan: "GreaterThan",
  LessThanOrEqual: "GreaterThanOrEqual",
  EqualTo: "EqualTo",
  EqualNullSafe: "EqualNullSafe",
};

const COMPARISONS: Record<string, SourceFilter["kind"]> = {
  "=": "EqualTo",
  "<=>": "EqualNullSafe",
  ">": "GreaterThan",
  ">=": "GreaterThanOrEqual",
  "<": "LessThan",
  "<=": "LessThanOrEqual",
};

function columnName(e: Expression, columns: ReadonlyMap<number, string>): string | undefined {
  return e.kind === "attribute" ? columns.get(e.exprId) : undefined;
}

/**
 * Translates one conjunct of a scan's filter, or returns undefined when it has no source form.
 * `columns` maps the scan's attribute ids to the source's column names; only attributes of the
 * scan and literals may appear.
 */
export function translateFilter(
  e: Expression,
  columns: ReadonlyMap<number, string>,
): SourceFilter | undefined {
  switch (e.kind) {
    case "and":
    case "or": {
      const l = translateFilter(e.left, columns);
      const r = translateFilter(e.right, columns);
      if (l && r) return { kind: e.kind === "and" ? "And" : "Or", left: l, right: r };
      // For AND one side alone is still a valid (weaker) hint; for OR it is not.
      return e.kind === "and" ? (l ?? r) : undefined;
    }
    case "call": {
      const args = e.args;
      const cmp = COMPARISONS[e.name];
      if (cmp && args.length === 2) {
        const [a, b] = [args[0]!, args[1]!];
        const ca = columnName(a, columns);
        const cb = columnName(b, columns);
        if (ca !== undefined && b.kind === "literal" && (b.value !== null || cmp === "EqualNullSafe"))
          return { kind: cmp, column: ca, value: b.value, dataType: b.dataType } as SourceFilter;
        if (cb !== undefined && a.kind === "literal" && (a.value !== null || cmp === "EqualNullSafe"))
          return { kind: FLIP[cmp], column: cb, value: a.value, dataType: a.dataType } as SourceFilter;
        return undefined;
      }
      if ((e.name === "isnull" || e.name === "isnotnull") && args.length === 1) {
        const c = columnName(args[0]!, columns);
        return c === undefined
          ? undefined
          : { kind: e.name === "isnull" ? "IsNull" : "IsNotNull", column: c };
      }
      if (e.name === "in" && args.length >= 2) {
        const c = columnName(args[0]!, columns);
        const rest = args.slice(1);
        const values: unknown[] = [];
        let dataType: DataType | undefined;
        for (const x of rest) {
          if (x.kind !== "literal") return undefined;
          values.push(x.value);
          dataType ??= x.dataType;
        }
        return c === undefined || dataType === undefined
          ? undefined
          : { kind: "In", column: c, values, dataType };
      }
      if (e.name === "not" && args.length === 1) {
        const c = translateFilter(args[0]!, columns);
        return c ? { kind: "Not", child: c } : undefined;
      }
      if ((e.name === "startswith" || e.name === "endswith" || e.name === "contains") && args.length === 2) {
        const c = columnName(args[0]!, columns);
        const v = args[1]!;
        if (c === undefined || v.kind !== "literal" || typeof v.value !== "string") return undefined;
        const kind =
          e.name === "startswith"
            ? "StringStartsWith"
            : e.name === "endswith"
              ? "StringEndsWith"
              : "StringContains";
        return { kind, column: c, value: v.value };
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/** Spark's text for a pushed filter: `GreaterThan(a,1)`, `In(a, [1,2])`, `IsNotNull(a)`. */
export function describeFilter(f: SourceFilter): string {
  switch (f.kind) {
    case "And":
    case "Or":
      return `${f.kind}(${describeFilter(f.left)},${describeFilter(f.right)})`;
    case "Not":
      return `Not(${describeFilter(f.child)})`;
    case "IsNull":
    case "IsNotNull":
      return `${f.kind}(${f.column})`;
    case "In":
      return `In(${f.column}, [${f.values.map(String).join(",")}])`;
    case "StringStartsWith":
    case "StringEndsWith":
    case "StringContains":
      return `${f.kind}(${f.column},${f.value})`;
    default:
      return `${f.kind}(${f.column},${String(f.value)})`;
  }
}
