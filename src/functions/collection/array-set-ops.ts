/**
 * Set operations on arrays: `array_union`, `array_intersect`, `array_except`. Results hold no
 * duplicates and keep the order of first appearance; NULL is treated as a value.
 */
import { ArrayType } from "../../types/data-type.js";
import type { ScalarFunctionDefinition } from "../function-definition.js";
import { coerceArrays, hashKeyFn, requireArray } from "./helpers.js";

type SetOp = (a: readonly unknown[], b: readonly unknown[], key: (v: unknown) => unknown) => unknown[];

const NULL_KEY = Symbol("null");

function k(key: (v: unknown) => unknown, v: unknown): unknown {
  return v === null ? NULL_KEY : key(v);
}

const union: SetOp = (a, b, key) => {
  const seen = new Set<unknown>();
  const out: unknown[] = [];
  for (const src of [a, b]) {
    for (const v of src) {
      const h = k(key, v);
      if (!seen.has(h)) {
        seen.add(h);
        out.push(v);
      }
    }
  }
  return out;
};

const intersect: SetOp = (a, b, key) => {
  const inB = new Set<unknown>();
  for (const v of b) inB.add(k(key, v));
  const seen = new Set<unknown>();
  const out: unknown[] = [];
  for (const v of a) {
    const h = k(key, v);
    if (inB.has(h) && !seen.has(h)) {
      seen.add(h);
      out.push(v);
    }
  }
  return out;
};

const except: SetOp = (a, b, key) => {
  const seen = new Set<unknown>();
  for (const v of b) seen.add(k(key, v));
  const out: unknown[] = [];
  for (const v of a) {
    const h = k(key, v);
    if (!seen.has(h)) {
      seen.add(h);
      out.push(v);
    }
  }
  return out;
};

function setOp(
  name: string,
  op: SetOp,
  nullableElems: (a: boolean, b: boolean) => boolean,
  usage: string,
  example: { sql: string; result: string },
): ScalarFunctionDefinition {
  return {
    type: "scalar",
    name,
    args: { min: 2, max: 2 },
    docs: { usage, examples: [example], since: "2.4.0" },
    coerce: coerceArrays,
    bind(args) {
      const at = requireArray(name, args, 0);
      const bt = requireArray(name, args, 1);
      const key = hashKeyFn(at.elementType);
      return {
        dataType: new ArrayType(at.elementType, nullableElems(at.containsNull, bt.containsNull)),
        nullable: args.some((a) => a.nullable),
        eval: (a, b) => op(a as readonly unknown[], b as readonly unknown[], key),
      };
    },
  };
}

/** `array_union(a1, a2)`: elements of either array, without duplicates. */
export const arrayUnionFunction = setOp(
  "array_union",
  union,
  (a, b) => a || b,
  "array_union(array1, array2) - Returns an array of the elements in the union of array1 and array2, without duplicates.",
  { sql: "array_union(array(1, 2, 3), array(1, 3, 5))", result: "[1, 2, 3, 5]" },
);

/** `array_intersect(a1, a2)`: elements in both arrays, without duplicates. */
export const arrayIntersectFunction = setOp(
  "array_intersect",
  intersect,
  (a, b) => a && b,
  "array_intersect(array1, array2) - Returns an array of the elements in the intersection of array1 and array2, without duplicates.",
  { sql: "array_intersect(array(1, 2, 3), array(1, 3, 5))", result: "[1, 3]" },
);

/** `array_except(a1, a2)`: elements of the first array not in the second, without duplicates. */
export const arrayExceptFunction = setOp(
  "array_except",
  except,
  (a) => a,
  "array_except(array1, array2) - Returns an array of the elements in array1 but not in array2, without duplicates.",
  { sql: "array_except(array(1, 2, 3), array(1, 3, 5))", result: "[2]" },
);
