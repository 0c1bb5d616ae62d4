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
  const names = candidates.map((a) => toSqlId([...a.qualifier.slice(-1), a.name]));
  const target = nameParts.join(".");
  if (names.length === 0) {
    return new TsparkError("UNRESOLVED_COLUMN.WITHOUT_SUGGESTION", {
      messageParameters: { objectName: toSqlId(nameParts) },
    });
  }
  const ordered = orderBySimilarity(
    target,
    candidates.map((a) => [...a.qualifier.slice(-1), a.name].join(".")),
  ).map((n) => names[candidates.findIndex((a) => [...a.qualifier.slice(-1), a.name].join(".") === n)]!);
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
