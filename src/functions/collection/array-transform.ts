/**
 * Array transformations: `array_distinct`, `array_remove`, `array_compact`, `array_append`,
 * `array_prepend`, `array_insert`, `flatten`, `slice`, `array_repeat`, `shuffle`, and the
 * `reverseArray` kernel (the `reverse` definition itself belongs to the string family, which
 * dispatches to it for arrays).
 */
import { TsparkError } from "../../common/errors.js";
import { ArrayType, INT } from "../../types/data-type.js";
import type { ScalarFunctionDefinition } from "../function-definition.js";
import {
  coerceArrayAndElement,
  equalsFn,
  hashKeyFn,
  requireArray,
  requireElementType,
  requireIntegral,
  toInt,
  widerWithoutStringPromotion,
  wrongArgType,
} from "./helpers.js";

/** Spark's cap on array length (`ByteArrayMethods.MAX_ROUNDED_ARRAY_LENGTH`). */
const MAX_ARRAY_LENGTH = 2147483632;

/** Reverses an internal array value into a new array (the array case of `reverse`). */
export function reverseArray(v: unknown): unknown[] {
  return (v as unknown[]).slice().reverse();
}

/** `array_distinct(array)`: the elements without duplicates, first occurrences kept in order. */
export const arrayDistinctFunction: ScalarFunctionDefinition = {
  type: "scalar",
  name: "array_distinct",
  args: { min: 1, max: 1 },
  docs: {
    usage: "array_distinct(array) - Removes duplicate values from the array.",
    examples: [{ sql: "array_distinct(array(1, 2, 3, null, 3))", result: "[1, 2, 3, NULL]" }],
    since: "2.4.0",
  },
  bind(args) {
    const at = requireArray("array_distinct", args, 0);
    const key = hashKeyFn(at.elementType);
    return {
      dataType: at,
      nullable: args[0]?.nullable ?? true,
      eval: (arr) => {
        const seen = new Set<unknown>();
        const out: unknown[] = [];
        let sawNull = false;
        for (const x of arr as readonly unknown[]) {
          if (x === null) {
            if (!sawNull) out.push(null);
            sawNull = true;
            continue;
          }
          const k = key(x);
          if (!seen.has(k)) {
            seen.add(k);
            out.push(x);
          }
        }
        return out;
      },
    };
  },
};

/** `array_remove(array, element)`: the array without the elements equal to `element`. */
export const arrayRemoveFunction: ScalarFunctionDefinition = {
  type: "scalar",
  name: "array_remove",
  args: { min: 2, max: 2 },
  docs: {
    usage: "array_remove(array, element) - Removes all elements that equal to element from array.",
    examples: [{ sql: "array_remove(array(1, 2, 3, null, 3), 3)", result: "[1, 2, NULL]" }],
    since: "2.4.0",
  },
  coerce: coerceArrayAndElement,
  bind(args) {
    const at = requireArray("array_remove", args, 0);
    const eq = equalsFn(at.elementType);
    return {
      dataType: at,
      nullable: args.some((a) => a.nullable),
      eval: (arr, v) => (arr as readonly unknown[]).filter((x) => x === null || !eq(x, v)),
    };
  },
};

/** `array_compact(array)`: the array without NULL elements. */
export const arrayCompactFunction: ScalarFunctionDefinition = {
  type: "scalar",
  name: "array_compact",
  args: { min: 1, max: 1 },
  docs: {
    usage: "array_compact(array) - Removes null values from the array.",
    examples: [{ sql: "array_compact(array(1, 2, 3, null))", result: "[1, 2, 3]" }],
    since: "3.4.0",
  },
  bind(args) {
    const at = requireArray("array_compact", args, 0);
    return {
      dataType: new ArrayType(at.elementType, false),
      nullable: args[0]?.nullable ?? true,
      eval: (arr) => (arr as readonly unknown[]).filter((x) => x !== null),
    };
  },
};

function appendLike(
  name: string,
  prepend: boolean,
  usage: string,
  example: { sql: string; result: string },
): ScalarFunctionDefinition {
  return {
    type: "scalar",
    name,
    args: { min: 2, max: 2 },
    docs: { usage, examples: [example], since: "3.4.0" },
    coerce: coerceArrayAndElement,
    bind(args) {
      const at = requireArray(name, args, 0);
      const elemNullable = args[1]?.nullable ?? true;
      return {
        dataType: new ArrayType(at.elementType, at.containsNull || elemNullable),
        nullable: args[0]?.nullable ?? true,
        nullIntolerant: false,
        eval: (arr, v) => {
          if (arr === null) return null;
          const a = arr as readonly unknown[];
          return prepend ? [v, ...a] : [...a, v];
        },
      };
    },
  };
}

/** `array_append(array, element)`: the array with `element` added at the end (NULL elements too). */
export const arrayAppendFunction = appendLike(
  "array_append",
  false,
  "array_append(array, element) - Add the element at the end of the array passed as first argument.",
  { sql: "array_append(array('b', 'd', 'c', 'a'), 'd')", result: "[b, d, c, a, d]" },
);

/** `array_prepend(array, element)`: the array with `element` added at the beginning. */
export const arrayPrependFunction = appendLike(
  "array_prepend",
  true,
  "array_prepend(array, element) - Add the element at the beginning of the array passed as first argument.",
  { sql: "array_prepend(array('b', 'd', 'c', 'a'), 'd')", result: "[d, b, d, c, a]" },
);

function zeroIndex(): TsparkError {
  return new TsparkError("INVALID_INDEX_OF_ZERO", {});
}

/**
 * `array_insert(array, pos, value)`: inserts at 1-based `pos`; beyond the end pads with NULLs;
 * negative positions count from the end (-1 appends after the last element).
 */
export const arrayInsertFunction: ScalarFunctionDefinition = {
  type: "scalar",
  name: "array_insert",
  args: { min: 3, max: 3 },
  docs: {
    usage:
      "array_insert(x, pos, val) - Places val into index pos of array x (1-based; negative positions count from the end, -1 meaning after the last element).",
    examples: [{ sql: "array_insert(array(1, 2, 3, 4), 5, 5)", result: "[1, 2, 3, 4, 5]" }],
    since: "3.4.0",
  },
  coerce: (types) => {
    const a = types[0];
    const e = types[2];
    const w = a?.kind === "array" && e ? widerWithoutStringPromotion(a.elementType, e) : undefined;
    return a?.kind === "array" && w ? [new ArrayType(w, a.containsNull), INT, w] : [undefined, INT];
  },
  bind(args) {
    const at = requireArray("array_insert", args, 0);
    requireIntegral("array_insert", args, 1);
    requireElementType("array_insert", args, "ARRAY", at.elementType, args[0]!.dataType, args[2]);
    return {
      dataType: new ArrayType(at.elementType, true),
      nullable: (args[0]?.nullable ?? true) || (args[1]?.nullable ?? true),
      nullIntolerant: false,
      eval: (arr, pos, v) => {
        if (arr === null || pos === null) return null;
        const a = arr as readonly unknown[];
        const p = toInt(pos);
        if (p === 0) throw zeroIndex();
        if (p > 0) {
          const at0 = p - 1;
          if (at0 <= a.length) return [...a.slice(0, at0), v, ...a.slice(at0)];
          const out = a.slice();
          while (out.length < at0) out.push(null);
          out.push(v);
          return out;
        }
        const at0 = a.length + p + 1;
        if (at0 >= 0) return [...a.slice(0, at0), v, ...a.slice(at0)];
        const out: unknown[] = [v];
        for (let i = 0; i < -at0; i++) out.push(null);
        return out.concat(a);
      },
    };
  },
};

/** `flatten(arrayOfArrays)`: concatenates the inner arrays; NULL if any inner array is NULL. */
export const flattenFunction: ScalarFunctionDefinition = {
  type: "scalar",
  name: "flatten",
  args: { min: 1, max: 1 },
  docs: {
    usage: "flatten(arrayOfArrays) - Transforms an array of arrays into a single array.",
    examples: [{ sql: "flatten(array(array(1, 2), array(3, 4)))", result: "[1, 2, 3, 4]" }],
    since: "2.4.0",
  },
  bind(args) {
    const at = requireArray("flatten", args, 0);
    const inner = at.elementType;
    if (inner.kind !== "array") throw wrongArgType("flatten", args, 0, '"ARRAY" of "ARRAY"');
    return {
      dataType: inner,
      nullable: (args[0]?.nullable ?? true) || at.containsNull,
      eval: (arr) => {
        const out: unknown[] = [];
        for (const x of arr as readonly (readonly unknown[] | null)[]) {
          if (x === null) return null;
          for (const y of x) out.push(y);
        }
        return out;
      },
    };
  },
};

/** `slice(x, start, length)`: `length` elements from 1-based `start` (negative counts from the end). */
export const sliceFunction: ScalarFunctionDefinition = {
  type: "scalar",
  name: "slice",
  args: { min: 3, max: 3 },
  docs: {
    usage:
      "slice(x, start, length) - Subsets array x starting from index start (array indices start at 1, or starting from the end if start is negative) with the specified length.",
    examples: [{ sql: "slice(array(1, 2, 3, 4), 2, 2)", result: "[2, 3]" }],
    since: "2.4.0",
  },
  coerce: () => [undefined, INT, INT],
  bind(args) {
    const at = requireArray("slice", args, 0);
    requireIntegral("slice", args, 1);
    requireIntegral("slice", args, 2);
    return {
      dataType: at,
      nullable: args.some((a) => a.nullable),
      eval: (arr, start, length) => {
        const a = arr as readonly unknown[];
        const s = toInt(start);
        const n = toInt(length);
        if (s === 0) {
          throw new TsparkError("INVALID_PARAMETER_VALUE.START", {
            messageParameters: {
              parameter: "`start`",
              functionName: "`slice`",
              message: "Expects a positive or a negative value for `start`, but got 0.",
            },
          });
        }
        if (n < 0) {
          throw new TsparkError("INVALID_PARAMETER_VALUE.LENGTH", {
            messageParameters: {
              parameter: "`length`",
              functionName: "`slice`",
              message: `Expects \`length\` greater than or equal to 0, but got ${n}.`,
              length: String(n),
            },
          });
        }
        const from = s > 0 ? s - 1 : a.length + s;
        if (from < 0 || from >= a.length) return [];
        return a.slice(from, from + n);
      },
    };
  },
};

/** `array_repeat(element, count)`: an array holding `element` `count` times. */
export const arrayRepeatFunction: ScalarFunctionDefinition = {
  type: "scalar",
  name: "array_repeat",
  args: { min: 2, max: 2 },
  docs: {
    usage: "array_repeat(element, count) - Returns the array containing element count times.",
    examples: [{ sql: "array_repeat('123', 2)", result: "[123, 123]" }],
    since: "2.4.0",
  },
  coerce: () => [undefined, INT],
  bind(args) {
    requireIntegral("array_repeat", args, 1);
    const elem = args[0];
    return {
      dataType: new ArrayType(elem?.dataType ?? INT, elem?.nullable ?? true),
      nullable: args[1]?.nullable ?? true,
      nullIntolerant: false,
      eval: (v, count) => {
        if (count === null) return null;
        const n = toInt(count);
        if (n > MAX_ARRAY_LENGTH) {
          throw new TsparkError("COLLECTION_SIZE_LIMIT_EXCEEDED.PARAMETER", {
            messageParameters: {
              numberOfElements: String(n),
              maxRoundedArrayLength: String(MAX_ARRAY_LENGTH),
              functionName: "`array_repeat`",
              parameter: "`count`",
            },
          });
        }
        return n > 0 ? new Array<unknown>(n).fill(v) : [];
      },
    };
  },
};

/** A small seeded PRNG (xorshift128+ folded to 32 bits) for `shuffle`. */
function makeRandom(seed: number): () => number {
  let s0 = (seed ^ 0x9e3779b9) >>> 0 || 1;
  let s1 = (seed * 0x85ebca6b) >>> 0 || 2;
  return () => {
    let x = s0;
    const y = s1;
    s0 = y;
    x ^= x << 23;
    x ^= x >>> 17;
    x ^= y ^ (y >>> 26);
    s1 = x >>> 0;
    return ((s0 + s1) >>> 0) / 4294967296;
  };
}

/** `shuffle(array[, seed])`: a random permutation of the array (non-deterministic). */
export const shuffleFunction: ScalarFunctionDefinition = {
  type: "scalar",
  name: "shuffle",
  args: { min: 1, max: 2 },
  docs: {
    usage: "shuffle(array) - Returns a random permutation of the given array.",
    since: "2.4.0",
  },
  bind(args, ctx) {
    const at = requireArray("shuffle", args, 0);
    const seedArg = args[1];
    const seed =
      seedArg?.foldable && seedArg.value !== null && seedArg.value !== undefined
        ? toInt(seedArg.value)
        : ctx.randomSeed();
    const shuffle =
      (rnd: () => number) =>
      (arr: unknown): unknown => {
        if (arr === null) return null;
        const out = (arr as unknown[]).slice();
        for (let i = out.length - 1; i > 0; i--) {
          const j = Math.floor(rnd() * (i + 1));
          const t = out[i];
          out[i] = out[j];
          out[j] = t;
        }
        return out;
      };
    return {
      dataType: at,
      nullable: args[0]?.nullable ?? true,
      deterministic: false,
      nullIntolerant: false,
      eval: shuffle(makeRandom(seed)),
      makeEval: (ectx) => shuffle(makeRandom(seed + ectx.partitionId)),
    };
  },
};
