/**
 * SQL LIKE patterns: `like(str, pattern[, escape])` and `ilike` (case-insensitive, Spark's
 * `lower(str) LIKE lower(pattern)`). `_` matches one character, `%` any run; the escape character
 * (default `\`) may only precede `_`, `%` or itself.
 */
import { TsparkError } from "../../common/errors.js";
import { BOOLEAN } from "../../types/data-type.js";
import type { ScalarFunctionDefinition } from "../function-definition.js";
import { callSql, coerceTo, constValue } from "./helpers.js";

type Token =
  | { readonly kind: "lit"; readonly text: string }
  | { readonly kind: "one" }
  | { readonly kind: "any" };

function sqlValue(s: string): string {
  return `'${s.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

/** Splits a LIKE pattern into literal runs and wildcards, validating escapes as Spark does. */
export function parseLike(pattern: string, escapeChar: string): Token[] {
  const tokens: Token[] = [];
  let lit = "";
  const cps = Array.from(pattern);
  for (let i = 0; i < cps.length; i++) {
    const c = cps[i]!;
    if (c === escapeChar) {
      const n = cps[i + 1];
      if (n === undefined) {
        throw new TsparkError("INVALID_FORMAT.ESC_AT_THE_END", {
          messageParameters: {
            format: `${sqlValue(pattern)}: the escape character is not allowed to end with.`,
          },
        });
      }
      if (n === "_" || n === "%" || n === escapeChar) {
        lit += n;
        i++;
        continue;
      }
      throw new TsparkError("INVALID_FORMAT.ESC_IN_THE_MIDDLE", {
        messageParameters: {
          format: `${sqlValue(pattern)}: the escape character is not allowed to precede ${sqlValue(n)}.`,
        },
      });
    }
    if (c === "_" || c === "%") {
      if (lit) tokens.push({ kind: "lit", text: lit });
      lit = "";
      if (c === "%") {
        if (tokens[tokens.length - 1]?.kind !== "any") tokens.push({ kind: "any" });
      } else tokens.push({ kind: "one" });
      continue;
    }
    lit += c;
  }
  if (lit) tokens.push({ kind: "lit", text: lit });
  return tokens;
}

function escapeRegex(s: string): string {
  return s.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&");
}

/**
 * Compiles a LIKE pattern to a matcher. Patterns made only of literals and `%` use string
 * searches; patterns with `_` use an anchored regex over code points.
 */
export function compileLike(pattern: string, escapeChar = "\\"): (s: string) => boolean {
  const tokens = parseLike(pattern, escapeChar);
  if (tokens.every((t) => t.kind !== "one")) {
    const lits: string[] = [];
    let cur = "";
    for (const t of tokens) {
      if (t.kind === "lit") cur += t.text;
      else {
        lits.push(cur);
        cur = "";
      }
    }
    lits.push(cur);
    if (lits.length === 1) {
      const only = lits[0]!;
      return (s) => s === only;
    }
    const first = lits[0]!;
    const last = lits[lits.length - 1]!;
    const middle = lits.slice(1, -1).filter((x) => x.length > 0);
    if (middle.length === 0) {
      const min = first.length + last.length;
      return (s) => s.length >= min && s.startsWith(first) && s.endsWith(last);
    }
    return (s) => {
      if (s.length < first.length + last.length || !s.startsWith(first) || !s.endsWith(last)) return false;
      let from = first.length;
      const limit = s.length - last.length;
      for (const m of middle) {
        const i = s.indexOf(m, from);
        if (i < 0 || i + m.length > limit) return false;
        from = i + m.length;
      }
      return true;
    };
  }
  const source = tokens
    .map((t) => (t.kind === "lit" ? escapeRegex(t.text) : t.kind === "one" ? "." : ".*"))
    .join("");
  const re = new RegExp(`^(?:${source})$`, "su");
  return (s) => re.test(s);
}

function escapeOf(arg: unknown): string {
  if (typeof arg === "string" && Array.from(arg).length === 1) return arg;
  throw new TsparkError("INVALID_FORMAT.ESC_IN_THE_MIDDLE", {
    messageParameters: { format: `the escape character must be a single character, got ${String(arg)}.` },
  });
}

function makeLike(name: "like" | "ilike"): ScalarFunctionDefinition {
  const ci = name === "ilike";
  return {
    type: "scalar",
    name,
    args: { min: 2, max: 3 },
    docs: {
      usage: `str ${name.toUpperCase()} pattern[ ESCAPE escape] - Returns true if str matches \`pattern\` with \`escape\`${ci ? " case-insensitively" : ""}, null if any arguments are null, false otherwise.`,
      examples: ci
        ? [{ sql: "ilike('Spark', '_Park')", result: "true" }]
        : [
            { sql: "like('Spark', '_park')", result: "true" },
            { sql: "'%SystemDrive%/Users/John' like '/%SystemDrive/%//Users%' ESCAPE '/'", result: "true" },
          ],
      since: ci ? "3.3.0" : "1.0.0",
    },
    sql: (args) => {
      if (ci) return callSql("ilike", args.slice(0, 2));
      const esc = args.length === 3 && args[2] !== "\\" ? ` ESCAPE '${args[2]}'` : "";
      return `${args[0]} LIKE ${args[1]}${esc}`;
    },
    coerce: coerceTo("string"),
    bind: (args) => {
      const escapeChar = args.length === 3 ? escapeOf(constValue(args[2])) : "\\";
      const constPattern = constValue(args[1]);
      const nullable = args[0]!.nullable || args[1]!.nullable;
      if (typeof constPattern === "string") {
        const m = compileLike(ci ? constPattern.toLowerCase() : constPattern, escapeChar);
        return {
          dataType: BOOLEAN,
          nullable,
          eval: ci ? (s) => m((s as string).toLowerCase()) : (s) => m(s as string),
        };
      }
      let lastPattern: string | undefined;
      let last: ((s: string) => boolean) | undefined;
      return {
        dataType: BOOLEAN,
        nullable,
        eval: (s, p) => {
          const pattern = ci ? (p as string).toLowerCase() : (p as string);
          if (last === undefined || lastPattern !== pattern) {
            last = compileLike(pattern, escapeChar);
            lastPattern = pattern;
          }
          return last(ci ? (s as string).toLowerCase() : (s as string));
        },
      };
    },
  };
}

/** `like(str, pattern[, escapeChar])`; generated name `str LIKE pattern`. */
export const LIKE = makeLike("like");
/** `ilike(str, pattern[, escapeChar])`. */
export const ILIKE = makeLike("ilike");
