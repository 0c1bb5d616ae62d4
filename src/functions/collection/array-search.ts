/**
 * Array search functions: `array_contains`, `array_position`, `arrays_overlap`.
 */
import { BOOLEAN, LONG } from "../../types/data-type.js";
import type { ScalarFunctionDefinition } from "../function-definition.js";
import { coerceArrayAndElement, coerceArrays, equalsFn, hashKeyFn, requireArray } from "./helpers.js";

/**
 * `array_contains(array, value)`: true when found; NULL when not found but the array holds a
 * NULL (the answer is unknown); else false.
 */
export const arrayContainsFunction: ScalarFunctionDefinition = {
  type: "scalar",
  name: "array_contains",
  args: { min: 2, max: 2 },
  docs: {
    usage: "array_contains(array, value) - Returns true if the array contains the value.",
    examples: [{ sql: "array_contains(array(1, 2, 3), 2)", result: "true" }],
    since: "1.5.0",
  },
  coerce: coerceArrayAndElement,
  bind(args) {
    const at = requireArray("array_contains", args, 0);
    const eq = equalsFn(at.elementType);
    return {
      dataType: BOOLEAN,
      nullable: true,
      eval: (arr, v) => {
        let sawNull = false;
        for (const x of arr as readonly unknown[]) {
          if (x === null) sawNull = true;
          else if (eq(x, v)) return true;
        }
        return sawNull ? null : false;
      },
    };
  },
};

/** `array_position(array, element)`: 1-based position of the first match as BIGINT, 0 when absent. */
export const arrayPositionFunction: ScalarFunctionDefinition = {
  type: "scalar",
  name: "array_position",
  args: { min: 2, max: 2 },
  docs: {
    usage:
      "array_position(array, element) - Returns the (1-based) index of the first matching element of the array as long, or 0 if no match is found.",
    examples: [{ sql: "array_position(array(312, 773, 708, 708), 708)", result: "3" }],
    since: "2.4.0",
  },
  coerce: coerceArrayAndElement,
  bind(args) {
    const at = requireArray("array_position", args, 0);
    const eq = equalsFn(at.elementType);
    return {
      dataType: LONG,
      nullable: args.some((a) => a.nullable),
      eval: (arr, v) => {
        const a = arr as readonly unknown[];
        for (let i = 0; i < a.length; i++) {
          const x = a[i];
          if (x !== null && eq(x, v)) return i + 1;
        }
        return 0;
      },
    };
  },
};

/**
 * `arrays_overlap(a1, a2)`: true when the arrays share a non-null element; NULL when they do not
 * but both are non-empty and one holds a NULL; else false.
 */
export const arraysOverlapFunction: ScalarFunctionDefinition = {
  type: "scalar",
  name: "arrays_overlap",
  args: { min: 2, max: 2 },
  docs: {
    usage:
      "arrays_overlap(a1, a2) - Returns true if a1 contains at least a non-null element present also in a2.",
    examples: [{ sql: "arrays_overlap(array(1, 2, 3), array(3, 4, 5))", result: "true" }],
    since: "2.4.0",
  },
  coerce: coerceArrays,
  bind(args) {
    const at = requireArray("arrays_overlap", args, 0);
    requireArray("arrays_overlap", args, 1);
    const key = hashKeyFn(at.elementType);
    return {
      dataType: BOOLEAN,
      nullable: true,
      eval: (x, y) => {
        const a = x as readonly unknown[];
        const b = y as readonly unknown[];
        let sawNull = false;
        const set = new Set<unknown>();
        for (const v of a) {
          if (v === null) sawNull = true;
          else set.add(key(v));
        }
        for (const v of b) {
          if (v === null) sawNull = true;
          else if (set.has(key(v))) return true;
        }
        return sawNull && a.length > 0 && b.length > 0 ? null : false;
      },
    };
  },
};
