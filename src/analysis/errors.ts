/**
 * Error factories for analysis: unresolved names, ambiguity, misuse of aggregates/generators.
 */
import { TsparkError } from "../common/errors.js";
import type { AttributeReference } from "../expressions/expression.js";
import { orderBySimilarity, toSqlId } from "./suggestions.js";

/** `UNRESOLVED_COLUMN.WITH_SUGGESTION` (or WITHOUT when there is no candidate). */
export function unresolvedColumn(
  nameParts: readonly string[],
  candidates: readonly AttributeReference[],
): TsparkError {
  if (candidates.length === 0) {
    return new TsparkError("UNRESOLVED_COLUMN.WITHOUT_SUGGESTION", {
      messageParameters: { objectName: toSqlId(nameParts) },
    });
  }
  // plain `t.a` text (compared for similarity) → its quoted form `` `t`.`a` `` (first one wins)
  const quoted = new Map<string, string>();
  const plains = candidates.map((a) => {
    const parts = [...a.qualifier.slice(-1), a.name];
    const plain = parts.join(".");
    if (!quoted.has(plain)) quoted.set(plain, toSqlId(parts));
    return plain;
  });
  const ordered = orderBySimilarity(nameParts.join("."), plains).map((n) => quoted.get(n)!);
  return new TsparkError("UNRESOLVED_COLUMN.WITH_SUGGESTION", {
    messageParameters: { objectName: toSqlId(nameParts), proposal: ordered.join(", ") },
  });
}

/** `AMBIGUOUS_REFERENCE`. */
export function ambiguousReference(
  nameParts: readonly string[],
  matches: readonly AttributeReference[],
): TsparkError {
  const refs = matches.map((a) => toSqlId([...a.qualifier.slice(-1), a.name]));
  return new TsparkError("AMBIGUOUS_REFERENCE", {
    messageParameters: { name: toSqlId(nameParts), referenceNames: `[${refs.join(", ")}]` },
  });
}

/** `UNRESOLVED_ROUTINE`. */
export function unresolvedRoutine(name: string): TsparkError {
  return new TsparkError("UNRESOLVED_ROUTINE", {
    messageParameters: {
      routineName: toSqlId([name]),
      searchPath: "[`system`.`builtin`, `system`.`session`, `spark_catalog`.`default`]",
    },
  });
}

/** `WRONG_NUM_ARGS.WITHOUT_SUGGESTION`. */
export function wrongNumArgs(name: string, min: number, max: number, actual: number): TsparkError {
  const expected =
    min === max ? `${min}` : max === Number.POSITIVE_INFINITY ? `> ${min - 1}` : `[${min}, ${max}]`;
  return new TsparkError("WRONG_NUM_ARGS.WITHOUT_SUGGESTION", {
    messageParameters: { functionName: toSqlId([name]), expectedNum: expected, actualNum: `${actual}` },
  });
}
