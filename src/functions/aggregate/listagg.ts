/**
 * `listagg(expr[, delimiter]) [WITHIN GROUP (ORDER BY key [DESC])]` (alias `string_agg`): the
 * non-null values of a group concatenated with the delimiter (none by default); NULL when there is
 * no non-null value. STRING or BINARY, as the input. The parser turns the WITHIN GROUP form into
 * `listagg(key, expr[, delimiter], descending)`, so three or more arguments mean "ordered by key"
 * (NULL keys first when ascending, as Spark's default null ordering). Without WITHIN GROUP the
 * order is arrival order.
 */
import { BINARY, STRING } from "../../types/data-type.js";
import { compareValues } from "../collection/compare.js";
import { typeMismatch, unexpectedInputType } from "../errors.js";
import type { AggregateFunctionDefinition, BindArg, BoundAggregate } from "../function-definition.js";
import { aggCallSql } from "./helpers.js";

function displayName(calledAs: string): string {
  return calledAs.toLowerCase() === "string_agg" ? "string_agg" : "listagg";
}

/** `listagg` / `string_agg`. */
export const listagg: AggregateFunctionDefinition = {
  type: "aggregate",
  name: "listagg",
  aliases: ["string_agg"],
  args: { min: 1, max: 4 },
  sql: (args, calledAs) => {
    const name = displayName(calledAs);
    if (args.length < 3) return `${name}(${args[0] ?? ""}, ${args[1] ?? "NULL"})`;
    const delim = args.length === 4 ? args[2] : "NULL";
    const desc = args[args.length - 1] === "true" ? " DESC" : "";
    return `${name}(${args[1] ?? ""}, ${delim}) WITHIN GROUP (ORDER BY ${args[0] ?? ""}${desc})`;
  },
  coerce: (types) => {
    const within = types.length >= 3;
    const valueIndex = within ? 1 : 0;
    const delimIndex = within ? (types.length === 4 ? 2 : -1) : types.length === 2 ? 1 : -1;
    const binary = types[valueIndex]?.kind === "binary";
    return types.map((t, i) => {
      if (i === valueIndex || i === delimIndex) {
        if (t.kind === "string" || t.kind === "binary") return undefined;
        return binary ? BINARY : STRING;
      }
      return undefined;
    });
  },
  docs: {
    usage:
      "listagg(expr[, delimiter])[ WITHIN GROUP (ORDER BY key [ASC | DESC])] - Returns the concatenation of non-NULL input values, separated by the delimiter and ordered by key; NULL when all values are NULL.",
    examples: [
      { sql: "listagg(col) FROM VALUES ('a'), ('b'), ('c') AS tab(col)", result: "abc" },
      {
        sql: "listagg(col) WITHIN GROUP (ORDER BY col DESC) FROM VALUES ('a'), ('b'), ('c') AS tab(col)",
        result: "cba",
      },
      { sql: "listagg(col) FROM VALUES ('a'), (NULL), ('b') AS tab(col)", result: "ab" },
      { sql: "listagg(col) FROM VALUES ('a'), ('a') AS tab(col)", result: "aa" },
      { sql: "listagg(DISTINCT col) FROM VALUES ('a'), ('a'), ('b') AS tab(col)", result: "ab" },
      { sql: "listagg(col, ', ') FROM VALUES ('a'), ('b'), ('c') AS tab(col)", result: "a, b, c" },
      { sql: "listagg(col) FROM VALUES (NULL), (NULL) AS tab(col)", result: "NULL" },
    ],
    since: "4.0.0",
  },
  bind: (args): BoundAggregate => {
    const within = args.length >= 3;
    const valueIndex = within ? 1 : 0;
    const delimIndex = within ? (args.length === 4 ? 2 : -1) : args.length === 2 ? 1 : -1;
    const value = args[valueIndex] as BindArg;
    const vt = value.dataType;
    if (vt.kind !== "string" && vt.kind !== "binary" && vt.kind !== "null") {
      throw unexpectedInputType(aggCallSql("listagg", args), valueIndex, '("STRING" or "BINARY")', value);
    }
    const binary = vt.kind === "binary";
    let delim: unknown = null;
    if (delimIndex >= 0) {
      const d = args[delimIndex] as BindArg;
      if (!d.foldable) {
        throw typeMismatch("NON_FOLDABLE_INPUT", aggCallSql("listagg", args), {
          inputName: "`delimiter`",
          inputType: `"${d.dataType.sql()}"`,
          inputExpr: `"${d.sql}"`,
        });
      }
      delim = d.value ?? null;
    }
    const descending = within && args[args.length - 1]!.value === true;
    const cmpKey = within ? compareValues(args[0]!.dataType) : undefined;
    // Buffer: [key, value] pairs (key undefined without WITHIN GROUP).
    return {
      dataType: binary ? BINARY : STRING,
      nullable: true,
      skipNulls: false,
      init: () => [],
      update: (buf, ...xs) => {
        const v = xs[valueIndex];
        if (v === null || v === undefined) return buf;
        (buf as [unknown, unknown][]).push([within ? xs[0] : undefined, v]);
        return buf;
      },
      merge: (a, b) => (a as [unknown, unknown][]).concat(b as [unknown, unknown][]),
      finish: (buf) => {
        const pairs = (buf as [unknown, unknown][]).slice();
        if (pairs.length === 0) return null;
        if (cmpKey !== undefined) {
          pairs.sort((p, q) => {
            const a = p[0];
            const b = q[0];
            // NULLS FIRST for ASC, NULLS LAST for DESC (Spark's defaults).
            if (a === null || b === null)
              return a === b ? 0 : a === null ? (descending ? 1 : -1) : descending ? -1 : 1;
            const c = cmpKey(a, b);
            return descending ? -c : c;
          });
        }
        const values = pairs.map((p) => p[1]);
        if (!binary) return values.join(delim === null ? "" : (delim as string));
        const sep = delim === null ? new Uint8Array(0) : (delim as Uint8Array);
        const parts: Uint8Array[] = [];
        values.forEach((v, i) => {
          if (i > 0) parts.push(sep);
          parts.push(v as Uint8Array);
        });
        const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
        let o = 0;
        for (const p of parts) {
          out.set(p, o);
          o += p.length;
        }
        return out;
      },
    };
  },
};
