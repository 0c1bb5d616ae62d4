/**
 * `size` (alias `cardinality`): the number of elements of an array or map.
 */
import { INT } from "../../types/data-type.js";
import type { ScalarFunctionDefinition } from "../function-definition.js";
import { wrongArgType } from "./helpers.js";

/**
 * `size(expr)`: element count of an array or map. For NULL input it returns -1 when
 * `spark.sql.legacy.sizeOfNull` is true (its default) and ANSI mode is off, else NULL (Spark 4's
 * default, since ANSI mode is on).
 */
export const sizeFunction: ScalarFunctionDefinition = {
  type: "scalar",
  name: "size",
  aliases: ["cardinality"],
  args: { min: 1, max: 1 },
  docs: {
    usage:
      "size(expr) - Returns the size of an array or a map; NULL for NULL input (or -1 when spark.sql.legacy.sizeOfNull is true and ANSI mode is off).",
    examples: [{ sql: "size(array('b', 'd', 'c', 'a'))", result: "4" }],
    since: "1.5.0",
  },
  bind(args, ctx) {
    const arg = args[0];
    const k = arg?.dataType.kind;
    if (k !== "array" && k !== "map" && k !== "null")
      throw wrongArgType("size", args, 0, '("ARRAY" or "MAP")');
    const legacy = (ctx.conf("spark.sql.legacy.sizeOfNull") ?? "true") === "true" && !ctx.ansi;
    return {
      dataType: INT,
      nullable: !legacy && arg?.nullable !== false,
      nullIntolerant: false,
      eval: (v) => {
        if (v === null) return legacy ? -1 : null;
        return Array.isArray(v) ? v.length : (v as { size: number }).size;
      },
    };
  },
};

/** `array_size(expr)`: the length of an array, NULL for NULL (never the legacy -1). */
export const arraySizeFunction: ScalarFunctionDefinition = {
  type: "scalar",
  name: "array_size",
  args: { min: 1, max: 1 },
  docs: {
    usage: "array_size(expr) - Returns the size of an array. The function returns null for null input.",
    examples: [{ sql: "array_size(array('b', 'd', 'c', 'a'))", result: "4" }],
    since: "3.3.0",
  },
  bind(args) {
    const k = args[0]?.dataType.kind;
    if (k !== "array" && k !== "null") throw wrongArgType("array_size", args, 0, '"ARRAY"');
    return {
      dataType: INT,
      nullable: args[0]?.nullable ?? true,
      eval: (v) => (v as unknown[]).length,
    };
  },
};
