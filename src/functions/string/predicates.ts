/**
 * Substring predicates: `contains`, `startswith`, `endswith`. Both arguments binary compares bytes;
 * otherwise both are cast to STRING (`contains(12, '1')` is true).
 */
import { BINARY, BOOLEAN, type DataType, STRING } from "../../types/data-type.js";
import type { ScalarFunctionDefinition } from "../function-definition.js";

function coerceBoth(types: readonly DataType[]): (DataType | undefined)[] {
  const binary =
    types.every((t) => t.kind === "binary" || t.kind === "null") && types.some((t) => t.kind === "binary");
  return types.map((t) =>
    binary ? (t.kind === "binary" ? undefined : BINARY) : t.kind === "string" ? undefined : STRING,
  );
}

function bytesAt(hay: Uint8Array, needle: Uint8Array, at: number): boolean {
  if (at < 0 || at + needle.length > hay.length) return false;
  for (let i = 0; i < needle.length; i++) if (hay[at + i] !== needle[i]) return false;
  return true;
}

function bytesContain(hay: Uint8Array, needle: Uint8Array): boolean {
  if (needle.length === 0) return true;
  for (let i = 0; i + needle.length <= hay.length; i++) if (bytesAt(hay, needle, i)) return true;
  return false;
}

type Op = "contains" | "startswith" | "endswith";

const STRING_OPS: Readonly<Record<Op, (a: string, b: string) => boolean>> = {
  contains: (a, b) => a.includes(b),
  startswith: (a, b) => a.startsWith(b),
  endswith: (a, b) => a.endsWith(b),
};

const BINARY_OPS: Readonly<Record<Op, (a: Uint8Array, b: Uint8Array) => boolean>> = {
  contains: bytesContain,
  startswith: (a, b) => bytesAt(a, b, 0),
  endswith: (a, b) => bytesAt(a, b, a.length - b.length),
};

function makePredicate(
  name: Op,
  usage: string,
  examples: { sql: string; result: string }[],
): ScalarFunctionDefinition {
  const s = STRING_OPS[name];
  const b = BINARY_OPS[name];
  return {
    type: "scalar",
    name,
    args: { min: 2, max: 2 },
    docs: { usage, examples, since: "3.3.0" },
    coerce: coerceBoth,
    bind: (args) => {
      const binary = args[0]!.dataType.kind === "binary";
      return {
        dataType: BOOLEAN,
        nullable: args[0]!.nullable || args[1]!.nullable,
        eval: binary ? (x, y) => b(x as Uint8Array, y as Uint8Array) : (x, y) => s(x as string, y as string),
      };
    },
  };
}

/** `contains(left, right)`. */
export const CONTAINS = makePredicate(
  "contains",
  "contains(left, right) - Returns a boolean. The value is True if right is found inside left. Returns NULL if either input expression is NULL. Both left or right must be of STRING or BINARY type.",
  [
    { sql: "contains('Spark SQL', 'Spark')", result: "true" },
    { sql: "contains('Spark SQL', 'SPARK')", result: "false" },
    { sql: "contains('Spark SQL', null)", result: "NULL" },
    { sql: "contains(x'537061726b2053514c', x'537061726b')", result: "true" },
  ],
);

/** `startswith(left, right)`. */
export const STARTSWITH = makePredicate(
  "startswith",
  "startswith(left, right) - Returns a boolean. The value is True if left starts with right. Returns NULL if either input expression is NULL.",
  [
    { sql: "startswith('Spark SQL', 'Spark')", result: "true" },
    { sql: "startswith('Spark SQL', 'SQL')", result: "false" },
    { sql: "startswith('Spark SQL', null)", result: "NULL" },
  ],
);

/** `endswith(left, right)`. */
export const ENDSWITH = makePredicate(
  "endswith",
  "endswith(left, right) - Returns a boolean. The value is True if left ends with right. Returns NULL if either input expression is NULL.",
  [
    { sql: "endswith('Spark SQL', 'SQL')", result: "true" },
    { sql: "endswith('Spark SQL', 'Spark')", result: "false" },
    { sql: "endswith('Spark SQL', null)", result: "NULL" },
  ],
);
