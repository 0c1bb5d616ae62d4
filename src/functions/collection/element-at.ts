/**
 * Element access: `element_at`, `try_element_at` (1-based, arrays and maps) and `get` (0-based,
 * arrays).
 */
import { TsparkError } from "../../common/errors.js";
import type { MapValue } from "../../data/values.js";
import { findWiderCommonType } from "../../types/coercion.js";
import { type DataType, INT, MapType } from "../../types/data-type.js";
import type { BindArg, ScalarFunctionDefinition } from "../function-definition.js";
import { equalsFn, requireIntegral, toInt, wrongArgType } from "./helpers.js";

function coerceElementAt(types: readonly DataType[]): readonly (DataType | undefined)[] {
  const c = types[0];
  if (c?.kind === "array") return [undefined, INT];
  if (c?.kind === "map" && types[1]) {
    const w = findWiderCommonType([c.keyType, types[1]]);
    return w ? [new MapType(w, c.valueType, c.valueContainsNull), w] : [];
  }
  return [];
}

function mapLookup(mt: MapType): (m: unknown, k: unknown) => unknown {
  const eq = equalsFn(mt.keyType);
  return (m, k) => {
    const mv = m as MapValue;
    for (let i = 0; i < mv.keys.length; i++) if (eq(mv.keys[i], k)) return mv.values[i] ?? null;
    return null;
  };
}

function bindElementAt(name: string, args: readonly BindArg[], failOnError: boolean) {
  const c = args[0] as BindArg;
  if (c.dataType.kind === "map") {
    return {
      dataType: c.dataType.valueType,
      nullable: true,
      eval: mapLookup(c.dataType),
    };
  }
  if (c.dataType.kind !== "array") throw wrongArgType(name, args, 0, '("ARRAY" or "MAP")');
  requireIntegral(name, args, 1);
  return {
    dataType: c.dataType.elementType,
    nullable: true,
    eval: (arr: unknown, index: unknown) => {
      const a = arr as readonly unknown[];
      const i = toInt(index);
      if (i === 0) throw new TsparkError("INVALID_INDEX_OF_ZERO", {});
      const at = i > 0 ? i - 1 : a.length + i;
      if (at < 0 || at >= a.length) {
        if (failOnError) {
          throw new TsparkError("INVALID_ARRAY_INDEX_IN_ELEMENT_AT", {
            messageParameters: {
              indexValue: String(i),
              arraySize: String(a.length),
              ansiConfig: '"spark.sql.ansi.enabled"',
            },
          });
        }
        return null;
      }
      return a[at] ?? null;
    },
  };
}

/**
 * `element_at(array, index)` / `element_at(map, key)`: the 1-based element (negative indices count
 * from the end) or the map value. Index 0 is an error; an out-of-range index is an error in ANSI
 * mode (`INVALID_ARRAY_INDEX_IN_ELEMENT_AT`) and NULL otherwise; a missing map key gives NULL.
 */
export const elementAtFunction: ScalarFunctionDefinition = {
  type: "scalar",
  name: "element_at",
  args: { min: 2, max: 2 },
  docs: {
    usage:
      "element_at(array, index) - Returns element of array at given (1-based) index; element_at(map, key) - Returns value for given key.",
    examples: [
      { sql: "element_at(array(1, 2, 3), 2)", result: "2" },
      { sql: "element_at(map(1, 'a', 2, 'b'), 2)", result: "b" },
    ],
    since: "2.4.0",
  },
  coerce: coerceElementAt,
  bind: (args, ctx) => bindElementAt("element_at", args, ctx.ansi),
};

/** `try_element_at(array, index)` / `try_element_at(map, key)`: as element_at, NULL when out of range. */
export const tryElementAtFunction: ScalarFunctionDefinition = {
  type: "scalar",
  name: "try_element_at",
  args: { min: 2, max: 2 },
  docs: {
    usage:
      "try_element_at(array, index) - Returns element of array at given (1-based) index, or NULL if the index is out of bounds; try_element_at(map, key) - Returns value for given key.",
    examples: [{ sql: "try_element_at(array(1, 2, 3), 5)", result: "NULL" }],
    since: "3.3.0",
  },
  coerce: coerceElementAt,
  bind: (args) => bindElementAt("try_element_at", args, false),
};

/** `get(array, index)`: the element at 0-based `index`, NULL when out of bounds. */
export const getFunction: ScalarFunctionDefinition = {
  type: "scalar",
  name: "get",
  args: { min: 2, max: 2 },
  docs: {
    usage:
      "get(array, index) - Returns element of array at given (0-based) index; NULL if the index points outside the array.",
    examples: [{ sql: "get(array(1, 2, 3), 0)", result: "1" }],
    since: "3.4.0",
  },
  coerce: () => [undefined, INT],
  bind(args) {
    const c = args[0] as BindArg;
    if (c.dataType.kind !== "array") throw wrongArgType("get", args, 0, '"ARRAY"');
    requireIntegral("get", args, 1);
    return {
      dataType: c.dataType.elementType,
      nullable: true,
      eval: (arr, index) => {
        const a = arr as readonly unknown[];
        const i = toInt(index);
        return i >= 0 && i < a.length ? (a[i] ?? null) : null;
      },
    };
  },
};
