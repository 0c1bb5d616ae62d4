/**
 * `max_by(x, ord)` / `min_by(x, ord)`: the value of `x` on the row with the largest / smallest
 * `ord`. Rows with a NULL `ord` are ignored; `x` itself may be NULL. On ties the later row wins,
 * as in Spark (it replaces the kept value unless the kept ordering is strictly better).
 */
import { compareValues } from "../collection/compare.js";
import type { AggregateFunctionDefinition, BoundAggregate } from "../function-definition.js";
import { requireOrderable } from "./min-max.js";

type ByBuffer = [unknown, unknown];

function byDefinition(name: string, sign: 1 | -1, example: [string, string]): AggregateFunctionDefinition {
  return {
    type: "aggregate",
    name,
    args: { min: 2, max: 2 },
    docs: {
      usage: `${name}(x, y) returns the value of x associated with the ${sign > 0 ? "maximum" : "minimum"} value of y.`,
      examples: [{ sql: example[0], result: example[1] }],
      since: "3.0.0",
    },
    bind: (args): BoundAggregate => {
      const ordType = requireOrderable(name, args, 1);
      const cmp = compareValues(ordType);
      // Keeps `old` only when its ordering is strictly better than the new one.
      const keepOld = (oldOrd: unknown, newOrd: unknown): boolean => sign * cmp(oldOrd, newOrd) > 0;
      return {
        dataType: args[0]!.dataType,
        nullable: true,
        skipNulls: false,
        init: () => [null, null],
        update: (buf, x, ord) => {
          if (ord === null) return buf;
          const b = buf as ByBuffer;
          if (b[1] === null || !keepOld(b[1], ord)) {
            b[0] = x;
            b[1] = ord;
          }
          return b;
        },
        merge: (a, b) => {
          const x = a as ByBuffer;
          const y = b as ByBuffer;
          if (y[1] === null) return x;
          if (x[1] === null || !keepOld(x[1], y[1])) return [y[0], y[1]];
          return x;
        },
        finish: (buf) => (buf as ByBuffer)[0],
      };
    },
  };
}

/** `max_by`: the `x` of the row with the maximum `y`. */
export const maxBy = byDefinition("max_by", 1, [
  "max_by(x, y) FROM VALUES ('a', 10), ('b', 50), ('c', 20) AS tab(x, y)",
  "b",
]);

/** `min_by`: the `x` of the row with the minimum `y`. */
export const minBy = byDefinition("min_by", -1, [
  "min_by(x, y) FROM VALUES ('a', 10), ('b', 50), ('c', 20) AS tab(x, y)",
  "a",
]);
