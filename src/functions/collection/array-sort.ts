/**
 * Ordering over arrays: `array_sort`, `sort_array`, `array_max`, `array_min`, all using Spark's
 * total order from `compare.ts` (NaN largest).
 */
import type { ScalarFunctionDefinition } from "../function-definition.js";
import { type Comparator, compareNullable, compareValues, isOrderable } from "./compare.js";
import { callSql, requireArray, wrongArgType } from "./helpers.js";
import { typeMismatch } from "../errors.js";
import type { BindArg } from "../function-definition.js";
import type { ArrayType } from "../../types/data-type.js";
import { comparatorReturnsNull } from "./higher-order.js";

function orderableArray(name: string, args: readonly BindArg[]): ArrayType {
  const at = requireArray(name, args, 0);
  if (!isOrderable(at.elementType)) {
    throw typeMismatch("INVALID_ORDERING_TYPE", callSql(name, args), {
      functionName: `\`${name}\``,
      dataType: `"${at.sql()}"`,
    });
  }
  return at;
}

function sorter(cmp: Comparator): (arr: unknown) => unknown {
  return (arr) => (arr as unknown[]).slice().sort(cmp);
}

// Spark's one-argument array_sort is ArraySort with its default comparator lambda, which shows
// in the generated column name (nested IFs over IS NULL, <, >).
const V = "namedlambdavariable()";
const DEFAULT_COMPARATOR_SQL =
  `lambdafunction((IF(((${V} IS NULL) AND (${V} IS NULL)), 0, (IF((${V} IS NULL), 1, ` +
  `(IF((${V} IS NULL), -1, (IF((${V} < ${V}), -1, (IF((${V} > ${V}), 1, 0)))))))))), ${V}, ${V})`;

/**
 * `array_sort(array[, (left, right) -> int])`: without a comparator sorts ascending with NULL
 * elements last; with one, sorts by it (a negative, zero or positive INT; NULL fails with
 * `COMPARATOR_RETURNS_NULL`). The sort is stable, as Java's object sort is.
 */
export const arraySortFunction: ScalarFunctionDefinition = {
  type: "scalar",
  name: "array_sort",
  args: { min: 1, max: 2 },
  docs: {
    usage:
      "array_sort(expr, func) - Sorts the input array in ascending order, null elements last; with a comparator function (left, right) -> int, sorts by it.",
    examples: [
      { sql: "array_sort(array('b', 'd', null, 'c', 'a'))", result: "[a, b, c, d, NULL]" },
      {
        sql: "array_sort(array(5, 6, 1), (left, right) -> case when left < right then -1 when left > right then 1 else 0 end)",
        result: "[1, 5, 6]",
      },
    ],
    since: "2.4.0",
  },
  sql: (args, calledAs) =>
    args.length === 1
      ? `${calledAs}(${args[0]}, ${DEFAULT_COMPARATOR_SQL})`
      : `${calledAs}(${args.join(", ")})`,
  lambdaParams: (i, _arity, before) => {
    if (i !== 1) return undefined;
    const at = requireArray("array_sort", before, 0);
    const elem = { dataType: at.elementType, nullable: at.containsNull };
    return [elem, elem];
  },
  bind(args, ctx) {
    if (args.length === 1) {
      const at = orderableArray("array_sort", args);
      return {
        dataType: at,
        nullable: args[0]?.nullable ?? true,
        eval: sorter(compareNullable(compareValues(at.elementType), false)),
      };
    }
    const at = requireArray("array_sort", args, 0);
    const f = args[1]!;
    if (f.dataType.kind !== "int") {
      throw typeMismatch("UNEXPECTED_RETURN_TYPE", callSql("array_sort", args), {
        functionName: "`lambdafunction`",
        expectedType: '"INT"',
        actualType: `"${f.dataType.sql()}"`,
      });
    }
    const allowNull =
      (ctx.conf("spark.sql.legacy.allowNullComparisonResultInArraySort") ?? "false").toLowerCase() === "true";
    return {
      dataType: at,
      nullable: args[0]!.nullable,
      eval: (arr, fn) => {
        const g = fn as (a: unknown, b: unknown) => unknown;
        if (at.elementType.kind === "null") return (arr as unknown[]).slice();
        return (arr as unknown[]).slice().sort((a, b) => {
          const c = g(a, b);
          if (c === null) {
            if (allowNull) return 0;
            throw comparatorReturnsNull(a, b);
          }
          return c as number;
        });
      },
    };
  },
};

/**
 * `sort_array(array[, ascendingOrder])`: ascending puts NULLs first, descending puts them last.
 * The order flag must be a boolean constant.
 */
export const sortArrayFunction: ScalarFunctionDefinition = {
  type: "scalar",
  name: "sort_array",
  args: { min: 1, max: 2 },
  docs: {
    usage:
      "sort_array(array[, ascendingOrder]) - Sorts the input array in ascending or descending order according to the natural ordering of the array elements; nulls come first in ascending order and last in descending order.",
    examples: [{ sql: "sort_array(array('b', 'd', null, 'c', 'a'), true)", result: "[NULL, a, b, c, d]" }],
    since: "1.5.0",
  },
  sql: (args) => `sort_array(${args[0]}, ${args[1] ?? "true"})`,
  bind(args) {
    const at = orderableArray("sort_array", args);
    const flag = args[1];
    let asc = true;
    if (flag !== undefined) {
      if (flag.dataType.kind !== "boolean") throw wrongArgType("sort_array", args, 1, '"BOOLEAN"');
      if (!flag.foldable) {
        throw typeMismatch("NON_FOLDABLE_INPUT", callSql("sort_array", args), {
          inputName: "`ascendingOrder`",
          inputType: '"BOOLEAN"',
          inputExpr: `"${flag.sql}"`,
        });
      }
      asc = flag.value !== false;
    }
    const cmp = compareValues(at.elementType);
    const ordered = asc ? compareNullable(cmp, true) : compareNullable((a, b) => cmp(b, a), false);
    return {
      dataType: at,
      nullable: args[0]?.nullable ?? true,
      eval: sorter(ordered),
    };
  },
};

function extremum(
  name: string,
  sign: 1 | -1,
  usage: string,
  example: { sql: string; result: string },
): ScalarFunctionDefinition {
  return {
    type: "scalar",
    name,
    args: { min: 1, max: 1 },
    docs: { usage, examples: [example], since: "2.4.0" },
    bind(args) {
      const at = orderableArray(name, args);
      const cmp = compareValues(at.elementType);
      return {
        dataType: at.elementType,
        nullable: true,
        eval: (arr) => {
          let best: unknown = null;
          for (const x of arr as readonly unknown[]) {
            if (x !== null && (best === null || sign * cmp(x, best) > 0)) best = x;
          }
          return best;
        },
      };
    },
  };
}

/** `array_max(array)`: the largest non-null element (NaN counts as largest), NULL when none. */
export const arrayMaxFunction = extremum(
  "array_max",
  1,
  "array_max(array) - Returns the maximum value in the array. NaN is greater than any non-NaN elements for double/float type. NULL elements are skipped.",
  { sql: "array_max(array(1, 20, null, 3))", result: "20" },
);

/** `array_min(array)`: the smallest non-null element, NULL when none. */
export const arrayMinFunction = extremum(
  "array_min",
  -1,
  "array_min(array) - Returns the minimum value in the array. NaN is greater than any non-NaN elements for double/float type. NULL elements are skipped.",
  { sql: "array_min(array(1, 20, null, 3))", result: "1" },
);
