/**
 * Spark's higher-order functions over arrays and maps: `transform`, `filter`, `exists`, `forall`,
 * `aggregate`/`reduce`, `zip_with`, `map_filter`, `transform_keys`, `transform_values`,
 * `map_zip_with` (`array_sort` with a comparator lives in array-sort.ts).
 *
 * Each definition declares the lambda variables it offers through `lambdaParams`; its kernel gets
 * every lambda as a JS function on internal values and calls it per element.
 */
import { TsparkError } from "../../common/errors.js";
import { MapValue } from "../../data/values.js";
import { ArrayType, BOOLEAN, type DataType, INT, MapType } from "../../types/data-type.js";
import { typeMismatch } from "../errors.js";
import type { BindArg, LambdaParam, ScalarFunctionDefinition } from "../function-definition.js";
import { isOrderable } from "./compare.js";
import {
  callSql,
  hashKeyFn,
  MapBuilder,
  mapKeyLastWin,
  renderKey,
  requireArray,
  requireMap,
  wrongArgType,
} from "./helpers.js";

/** The run-time value of a lambda argument. */
type LambdaFn = (...args: unknown[]) => unknown;

function elementParams(name: string, before: readonly BindArg[], arity: number): LambdaParam[] {
  const at = requireArray(name, before, 0);
  const elem = { dataType: at.elementType, nullable: at.containsNull };
  return arity === 2 ? [elem, { dataType: INT, nullable: false }] : [elem];
}

function keyValueParams(name: string, before: readonly BindArg[]): LambdaParam[] {
  const mt = requireMap(name, before, 0);
  return [
    { dataType: mt.keyType, nullable: false },
    { dataType: mt.valueType, nullable: mt.valueContainsNull },
  ];
}

function requireBooleanLambda(name: string, args: readonly BindArg[], index: number): void {
  const t = args[index]!.dataType;
  if (t.kind !== "boolean" && t.kind !== "null") throw wrongArgType(name, args, index, '"BOOLEAN"');
}

/** `transform(array, x -> …)` / `transform(array, (x, i) -> …)`: maps each element (and index). */
export const transformFunction: ScalarFunctionDefinition = {
  type: "scalar",
  name: "transform",
  args: { min: 2, max: 2 },
  docs: {
    usage: "transform(expr, func) - Transforms elements in an array using the function.",
    examples: [
      { sql: "transform(array(1, 2, 3), x -> x + 1)", result: "[2, 3, 4]" },
      { sql: "transform(array(1, 2, 3), (x, i) -> x + i)", result: "[1, 3, 5]" },
    ],
    since: "2.4.0",
  },
  lambdaParams: (i, arity, before) => (i === 1 ? elementParams("transform", before, arity) : undefined),
  bind(args) {
    requireArray("transform", args, 0);
    const f = args[1]!;
    return {
      dataType: new ArrayType(f.dataType, f.nullable),
      nullable: args[0]!.nullable,
      eval: (arr, fn) => {
        const a = arr as readonly unknown[];
        const g = fn as LambdaFn;
        const out = new Array<unknown>(a.length);
        for (let i = 0; i < a.length; i++) out[i] = g(a[i], i);
        return out;
      },
    };
  },
};

/** `filter(array, x -> bool)` / `filter(array, (x, i) -> bool)`: keeps elements where it is true. */
export const filterFunction: ScalarFunctionDefinition = {
  type: "scalar",
  name: "filter",
  args: { min: 2, max: 2 },
  docs: {
    usage: "filter(expr, func) - Filters the input array using the given predicate.",
    examples: [
      { sql: "filter(array(1, 2, 3), x -> x % 2 == 1)", result: "[1, 3]" },
      { sql: "filter(array(0, 2, 3), (x, i) -> x > i)", result: "[2, 3]" },
      { sql: "filter(array(0, null, 2, 3, null), x -> x IS NOT NULL)", result: "[0, 2, 3]" },
    ],
    since: "2.4.0",
  },
  lambdaParams: (i, arity, before) => (i === 1 ? elementParams("filter", before, arity) : undefined),
  bind(args) {
    requireArray("filter", args, 0);
    requireBooleanLambda("filter", args, 1);
    return {
      dataType: args[0]!.dataType,
      nullable: args[0]!.nullable,
      eval: (arr, fn) => {
        const a = arr as readonly unknown[];
        const g = fn as LambdaFn;
        const out: unknown[] = [];
        for (let i = 0; i < a.length; i++) if (g(a[i], i) === true) out.push(a[i]);
        return out;
      },
    };
  },
};

/**
 * `exists(array, x -> bool)`: true when the predicate holds for some element; otherwise NULL when it
 * was NULL for some element (three-valued logic, Spark's default), else false.
 */
export const existsFunction: ScalarFunctionDefinition = {
  type: "scalar",
  name: "exists",
  args: { min: 2, max: 2 },
  docs: {
    usage: "exists(expr, pred) - Tests whether a predicate holds for one or more elements in the array.",
    examples: [
      { sql: "exists(array(1, 2, 3), x -> x % 2 == 0)", result: "true" },
      { sql: "exists(array(1, 2, 3), x -> x % 2 == 10)", result: "false" },
      { sql: "exists(array(1, null, 3), x -> x % 2 == 0)", result: "NULL" },
    ],
    since: "2.4.0",
  },
  lambdaParams: (i, _arity, before) => (i === 1 ? elementParams("exists", before, 1) : undefined),
  bind(args, ctx) {
    requireArray("exists", args, 0);
    requireBooleanLambda("exists", args, 1);
    const threeValued =
      (ctx.conf("spark.sql.legacy.followThreeValuedLogicInArrayExists") ?? "true").toLowerCase() !== "false";
    return {
      dataType: BOOLEAN,
      nullable: args[0]!.nullable || (threeValued && args[1]!.nullable),
      eval: (arr, fn) => {
        const a = arr as readonly unknown[];
        const g = fn as LambdaFn;
        let sawNull = false;
        for (let i = 0; i < a.length; i++) {
          const r = g(a[i]);
          if (r === true) return true;
          if (r === null) sawNull = true;
        }
        return threeValued && sawNull ? null : false;
      },
    };
  },
};

/** `forall(array, x -> bool)`: false when the predicate is false for some element, else NULL when
 * it was NULL for some element, else true. */
export const forallFunction: ScalarFunctionDefinition = {
  type: "scalar",
  name: "forall",
  args: { min: 2, max: 2 },
  docs: {
    usage: "forall(expr, pred) - Tests whether a predicate holds for all elements in the array.",
    examples: [
      { sql: "forall(array(1, 2, 3), x -> x % 2 == 0)", result: "false" },
      { sql: "forall(array(2, 4, 8), x -> x % 2 == 0)", result: "true" },
      { sql: "forall(array(1, null, 3), x -> x % 2 == 0)", result: "false" },
      { sql: "forall(array(2, null, 8), x -> x % 2 == 0)", result: "NULL" },
    ],
    since: "3.0.0",
  },
  lambdaParams: (i, _arity, before) => (i === 1 ? elementParams("forall", before, 1) : undefined),
  bind(args) {
    requireArray("forall", args, 0);
    requireBooleanLambda("forall", args, 1);
    return {
      dataType: BOOLEAN,
      nullable: args[0]!.nullable || args[1]!.nullable,
      eval: (arr, fn) => {
        const a = arr as readonly unknown[];
        const g = fn as LambdaFn;
        let sawNull = false;
        for (let i = 0; i < a.length; i++) {
          const r = g(a[i]);
          if (r === false) return false;
          if (r === null) sawNull = true;
        }
        return sawNull ? null : true;
      },
    };
  },
};

/** Spark's `DataType.equalsStructurally` ignoring nullability: field names do not matter. */
function equalsStructurally(a: DataType, b: DataType): boolean {
  if (a.kind === "array" && b.kind === "array") return equalsStructurally(a.elementType, b.elementType);
  if (a.kind === "map" && b.kind === "map")
    return equalsStructurally(a.keyType, b.keyType) && equalsStructurally(a.valueType, b.valueType);
  if (a.kind === "struct" && b.kind === "struct")
    return (
      a.fields.length === b.fields.length &&
      a.fields.every((f, i) => equalsStructurally(f.dataType, b.fields[i]!.dataType))
    );
  return a.kind === b.kind && a.sql() === b.sql();
}

const ORDINALS = ["first", "second", "third", "fourth"];

function aggregateDefinition(name: string): ScalarFunctionDefinition {
  return {
    type: "scalar",
    name,
    args: { min: 3, max: 4 },
    docs: {
      usage: `${name}(expr, start, merge, finish) - Applies a binary operator to an initial state and all elements in the array, and reduces this to a single state; the final state is converted into the result by the optional finish function.`,
      examples: [
        { sql: `${name}(array(1, 2, 3), 0, (acc, x) -> acc + x)`, result: "6" },
        { sql: `${name}(array(1, 2, 3), 0, (acc, x) -> acc + x, acc -> acc * 10)`, result: "60" },
      ],
      since: name === "reduce" ? "3.4.0" : "2.4.0",
    },
    // Without `finish` Spark uses the identity lambda, which shows in the generated column name.
    sql: (args, calledAs) =>
      args.length === 3
        ? `${calledAs}(${args.join(", ")}, lambdafunction(namedlambdavariable(), namedlambdavariable()))`
        : `${calledAs}(${args.join(", ")})`,
    lambdaParams: (i, _arity, before) => {
      if (i < 2) return undefined;
      const acc = { dataType: before[1]!.dataType, nullable: true };
      if (i === 3) return [acc];
      const at = requireArray(name, before, 0);
      return [acc, { dataType: at.elementType, nullable: at.containsNull }];
    },
    bind(args) {
      requireArray(name, args, 0);
      const zero = args[1]!;
      const merge = args[2]!;
      if (!equalsStructurally(zero.dataType, merge.dataType)) {
        throw typeMismatch("UNEXPECTED_INPUT_TYPE", callSql(name, args), {
          paramIndex: ORDINALS[2]!,
          requiredType: `"${zero.dataType.sql()}"`,
          inputSql: `"${merge.sql}"`,
          inputType: `"${merge.dataType.sql()}"`,
        });
      }
      const finish = args[3];
      return {
        dataType: finish ? finish.dataType : zero.dataType,
        nullable: true,
        nullIntolerant: false,
        eval: (arr, start, mergeFn, finishFn) => {
          if (arr === null) return null;
          const a = arr as readonly unknown[];
          const m = mergeFn as LambdaFn;
          let acc = start;
          for (let i = 0; i < a.length; i++) acc = m(acc, a[i]);
          return finishFn === undefined ? acc : (finishFn as LambdaFn)(acc);
        },
      };
    },
  };
}

/** `aggregate(array, start, (acc, x) -> …[, acc -> …])`: a left fold with an optional finish. */
export const aggregateFunction = aggregateDefinition("aggregate");
/** `reduce(array, start, merge[, finish])`: the same as `aggregate`. */
export const reduceFunction = aggregateDefinition("reduce");

/** `zip_with(left, right, (x, y) -> …)`: merges two arrays element-wise, padding the shorter with
 * NULLs. */
export const zipWithFunction: ScalarFunctionDefinition = {
  type: "scalar",
  name: "zip_with",
  args: { min: 3, max: 3 },
  docs: {
    usage:
      "zip_with(left, right, func) - Merges the two given arrays, element-wise, into a single array using function. If one array is shorter, nulls are appended at the end to match the length of the longer array, before applying function.",
    examples: [
      { sql: "zip_with(array(1, 2), array(3, 4), (x, y) -> x + y)", result: "[4, 6]" },
      {
        sql: "zip_with(array('a', 'b', 'c'), array('d', 'e', 'f'), (x, y) -> concat(x, y))",
        result: "[ad, be, cf]",
      },
    ],
    since: "2.4.0",
  },
  lambdaParams: (i, _arity, before) => {
    if (i !== 2) return undefined;
    const l = requireArray("zip_with", before, 0);
    const r = requireArray("zip_with", before, 1);
    return [
      { dataType: l.elementType, nullable: true },
      { dataType: r.elementType, nullable: true },
    ];
  },
  bind(args) {
    requireArray("zip_with", args, 0);
    requireArray("zip_with", args, 1);
    const f = args[2]!;
    return {
      dataType: new ArrayType(f.dataType, f.nullable),
      nullable: args[0]!.nullable || args[1]!.nullable,
      eval: (left, right, fn) => {
        const l = left as readonly unknown[];
        const r = right as readonly unknown[];
        const g = fn as LambdaFn;
        const n = Math.max(l.length, r.length);
        const out = new Array<unknown>(n);
        for (let i = 0; i < n; i++) out[i] = g(i < l.length ? l[i] : null, i < r.length ? r[i] : null);
        return out;
      },
    };
  },
};

/** `map_filter(map, (k, v) -> bool)`: keeps the entries where the predicate is true. */
export const mapFilterFunction: ScalarFunctionDefinition = {
  type: "scalar",
  name: "map_filter",
  args: { min: 2, max: 2 },
  docs: {
    usage: "map_filter(expr, func) - Filters entries in a map using the function.",
    examples: [{ sql: "map_filter(map(1, 0, 2, 2, 3, -1), (k, v) -> k > v)", result: "{1 -> 0, 3 -> -1}" }],
    since: "3.0.0",
  },
  lambdaParams: (i, _arity, before) => (i === 1 ? keyValueParams("map_filter", before) : undefined),
  bind(args) {
    requireMap("map_filter", args, 0);
    requireBooleanLambda("map_filter", args, 1);
    return {
      dataType: args[0]!.dataType,
      nullable: args[0]!.nullable,
      eval: (map, fn) => {
        const m = map as MapValue;
        const g = fn as LambdaFn;
        const keys: unknown[] = [];
        const values: unknown[] = [];
        for (let i = 0; i < m.keys.length; i++) {
          if (g(m.keys[i], m.values[i]) === true) {
            keys.push(m.keys[i]);
            values.push(m.values[i]);
          }
        }
        return new MapValue(keys, values);
      },
    };
  },
};

/** `transform_keys(map, (k, v) -> newKey)`: new keys, same values; NULL or duplicate keys fail as
 * in `map()` (`spark.sql.mapKeyDedupPolicy`). */
export const transformKeysFunction: ScalarFunctionDefinition = {
  type: "scalar",
  name: "transform_keys",
  args: { min: 2, max: 2 },
  docs: {
    usage: "transform_keys(expr, func) - Transforms elements in a map using the function.",
    examples: [
      {
        sql: "transform_keys(map_from_arrays(array(1, 2, 3), array(1, 2, 3)), (k, v) -> k + 1)",
        result: "{2 -> 1, 3 -> 2, 4 -> 3}",
      },
      {
        sql: "transform_keys(map_from_arrays(array(1, 2, 3), array(1, 2, 3)), (k, v) -> k + v)",
        result: "{2 -> 1, 4 -> 2, 6 -> 3}",
      },
    ],
    since: "3.0.0",
  },
  lambdaParams: (i, _arity, before) => (i === 1 ? keyValueParams("transform_keys", before) : undefined),
  bind(args, ctx) {
    const mt = requireMap("transform_keys", args, 0);
    const keyType = args[1]!.dataType;
    if (keyType.kind === "map") {
      throw typeMismatch("INVALID_MAP_KEY_TYPE", callSql("transform_keys", args), {
        keyType: `"${keyType.sql()}"`,
      });
    }
    const lastWin = mapKeyLastWin(ctx.conf);
    const keyOf = hashKeyFn(keyType);
    return {
      dataType: new MapType(keyType, mt.valueType, mt.valueContainsNull),
      nullable: args[0]!.nullable,
      eval: (map, fn) => {
        const m = map as MapValue;
        const g = fn as LambdaFn;
        const b = new MapBuilder(keyOf, lastWin, renderKey);
        for (let i = 0; i < m.keys.length; i++) b.put(g(m.keys[i], m.values[i]), m.values[i]);
        return b.build();
      },
    };
  },
};

/** `transform_values(map, (k, v) -> newValue)`: same keys, new values. */
export const transformValuesFunction: ScalarFunctionDefinition = {
  type: "scalar",
  name: "transform_values",
  args: { min: 2, max: 2 },
  docs: {
    usage: "transform_values(expr, func) - Transforms values in the map using the function.",
    examples: [
      {
        sql: "transform_values(map_from_arrays(array(1, 2, 3), array(1, 2, 3)), (k, v) -> v + 1)",
        result: "{1 -> 2, 2 -> 3, 3 -> 4}",
      },
      {
        sql: "transform_values(map_from_arrays(array(1, 2, 3), array(1, 2, 3)), (k, v) -> k + v)",
        result: "{1 -> 2, 2 -> 4, 3 -> 6}",
      },
    ],
    since: "3.0.0",
  },
  lambdaParams: (i, _arity, before) => (i === 1 ? keyValueParams("transform_values", before) : undefined),
  bind(args) {
    const mt = requireMap("transform_values", args, 0);
    const f = args[1]!;
    return {
      dataType: new MapType(mt.keyType, f.dataType, f.nullable),
      nullable: args[0]!.nullable,
      eval: (map, fn) => {
        const m = map as MapValue;
        const g = fn as LambdaFn;
        const values = new Array<unknown>(m.keys.length);
        for (let i = 0; i < m.keys.length; i++) values[i] = g(m.keys[i], m.values[i]);
        return new MapValue(m.keys.slice(), values);
      },
    };
  },
};

/**
 * `map_zip_with(map1, map2, (k, v1, v2) -> …)`: the union of the keys (map1's order, then map2's new
 * keys) with the function of both values (NULL where a map lacks the key; the first entry of a
 * duplicated key is used).
 */
export const mapZipWithFunction: ScalarFunctionDefinition = {
  type: "scalar",
  name: "map_zip_with",
  args: { min: 3, max: 3 },
  docs: {
    usage:
      "map_zip_with(map1, map2, function) - Merges two given maps into a single map by applying function to the pair of values with the same key. For keys only presented in one map, NULL will be passed as the value for the missing key.",
    examples: [
      {
        sql: "map_zip_with(map(1, 'a', 2, 'b'), map(1, 'x', 2, 'y'), (k, v1, v2) -> concat(v1, v2))",
        result: "{1 -> ax, 2 -> by}",
      },
      {
        sql: "map_zip_with(map('a', 1, 'b', 2), map('b', 3, 'c', 4), (k, v1, v2) -> coalesce(v1, 0) + coalesce(v2, 0))",
        result: "{a -> 1, b -> 5, c -> 4}",
      },
    ],
    since: "3.0.0",
  },
  lambdaParams: (i, _arity, before) => {
    if (i !== 2) return undefined;
    const l = requireMap("map_zip_with", before, 0);
    const r = requireMap("map_zip_with", before, 1);
    return [
      { dataType: l.keyType, nullable: false },
      { dataType: l.valueType, nullable: true },
      { dataType: r.valueType, nullable: true },
    ];
  },
  bind(args) {
    const l = requireMap("map_zip_with", args, 0);
    const r = requireMap("map_zip_with", args, 1);
    if (l.keyType.sql() !== r.keyType.sql()) {
      throw typeMismatch("MAP_ZIP_WITH_DIFF_TYPES", callSql("map_zip_with", args), {
        functionName: "`map_zip_with`",
        leftType: `"${l.keyType.sql()}"`,
        rightType: `"${r.keyType.sql()}"`,
      });
    }
    if (!isOrderable(l.keyType)) {
      throw typeMismatch("INVALID_ORDERING_TYPE", callSql("map_zip_with", args), {
        functionName: "`map_zip_with`",
        dataType: `"${l.keyType.sql()}"`,
      });
    }
    const f = args[2]!;
    const keyOf = hashKeyFn(l.keyType);
    return {
      dataType: new MapType(l.keyType, f.dataType, f.nullable),
      nullable: args[0]!.nullable || args[1]!.nullable,
      eval: (left, right, fn) => {
        const a = left as MapValue;
        const b = right as MapValue;
        const g = fn as LambdaFn;
        // key hash → [key, index in a, index in b], in first-seen order
        const slots = new Map<unknown, [unknown, number, number]>();
        for (let i = 0; i < a.keys.length; i++) {
          const h = keyOf(a.keys[i]);
          if (!slots.has(h)) slots.set(h, [a.keys[i], i, -1]);
        }
        for (let i = 0; i < b.keys.length; i++) {
          const h = keyOf(b.keys[i]);
          const s = slots.get(h);
          if (s === undefined) slots.set(h, [b.keys[i], -1, i]);
          else if (s[2] < 0) s[2] = i;
        }
        const keys: unknown[] = [];
        const values: unknown[] = [];
        for (const [k, ia, ib] of slots.values()) {
          keys.push(k);
          values.push(g(k, ia < 0 ? null : a.values[ia], ib < 0 ? null : b.values[ib]));
        }
        return new MapValue(keys, values);
      },
    };
  },
};

/** Throws `COMPARATOR_RETURNS_NULL` for an array_sort comparator that returned NULL. */
export function comparatorReturnsNull(a: unknown, b: unknown): TsparkError {
  return new TsparkError("COMPARATOR_RETURNS_NULL", {
    messageParameters: {
      firstValue: String(a),
      secondValue: String(b),
      configKey: '"spark.sql.legacy.allowNullComparisonResultInArraySort"',
    },
  });
}
