/**
 * `collect_list(expr)` (alias `array_agg`) and `collect_set(expr)`: the non-null values of a group
 * as an array (ARRAY<T> without nulls; an empty array for no input). `collect_set` removes
 * duplicates with Spark's value equality (NaN equals NaN, structural for nested values); its element
 * order is unspecified in Spark, here it is first-seen order.
 */
import { ArrayType } from "../../types/data-type.js";
import { hashKeyFn } from "../collection/helpers.js";
import { typeMismatch } from "../errors.js";
import type { AggregateFunctionDefinition, BoundAggregate } from "../function-definition.js";
import { aggCallSql } from "./helpers.js";

/** `collect_list`: all non-null values in arrival order. */
export const collectList: AggregateFunctionDefinition = {
  type: "aggregate",
  name: "collect_list",
  aliases: ["array_agg"],
  args: { min: 1, max: 1 },
  // Spark's CollectList keeps its own name: array_agg(x) prints collect_list(x).
  sql: (args) => `collect_list(${args.join(", ")})`,
  docs: {
    usage: "collect_list(expr) collects and returns a list of non-unique elements.",
    examples: [{ sql: "collect_list(col) FROM VALUES (1), (2), (1) AS tab(col)", result: "[1, 2, 1]" }],
    since: "2.0.0",
  },
  bind: (args): BoundAggregate => ({
    dataType: new ArrayType(args[0]!.dataType, false),
    nullable: false,
    init: () => [],
    update: (buf, x) => {
      (buf as unknown[]).push(x);
      return buf;
    },
    merge: (a, b) => (a as unknown[]).concat(b as unknown[]),
    finish: (buf) => (buf as unknown[]).slice(),
  }),
};

/**
 * The set buffer is a plain array (serialisable); a key index is cached beside it in a WeakMap so
 * that updates are O(1). After a buffer is deserialised the index is rebuilt on first use.
 */
function setKernel(keyOf: (v: unknown) => unknown, elementType: ArrayType["elementType"]): BoundAggregate {
  const index = new WeakMap<unknown[], Set<unknown>>();
  const keysOf = (items: unknown[]): Set<unknown> => {
    let keys = index.get(items);
    if (keys === undefined) {
      keys = new Set(items.map(keyOf));
      index.set(items, keys);
    }
    return keys;
  };
  const add = (items: unknown[], x: unknown): void => {
    const keys = keysOf(items);
    const k = keyOf(x);
    if (!keys.has(k)) {
      keys.add(k);
      items.push(x);
    }
  };
  return {
    dataType: new ArrayType(elementType, false),
    nullable: false,
    init: () => [],
    update: (buf, x) => {
      add(buf as unknown[], x);
      return buf;
    },
    merge: (a, b) => {
      const items = a as unknown[];
      for (const x of b as unknown[]) add(items, x);
      return items;
    },
    finish: (buf) => (buf as unknown[]).slice(),
  };
}

/** `collect_set`: the distinct non-null values. */
export const collectSet: AggregateFunctionDefinition = {
  type: "aggregate",
  name: "collect_set",
  args: { min: 1, max: 1 },
  docs: {
    usage: "collect_set(expr) collects and returns a set of unique elements.",
    examples: [
      { sql: "sort_array(collect_set(col)) FROM VALUES (1), (2), (1) AS tab(col)", result: "[1, 2]" },
    ],
    since: "2.0.0",
  },
  bind: (args) => {
    const t = args[0]!.dataType;
    if (t.kind === "map") {
      throw typeMismatch("UNSUPPORTED_INPUT_TYPE", aggCallSql("collect_set", args), {
        functionName: "`collect_set`",
        dataType: `"${t.sql()}"`,
      });
    }
    return setKernel(hashKeyFn(t), t);
  },
};
