/**
 * Did-you-mean lists for unresolved names, ordered by edit distance as Spark does.
 */

import { levenshtein } from "../functions/string/chars.js";
import { quoteIdentifier } from "../types/data-type.js";

/** Candidates sorted by similarity to `target` (stable), at most `limit` of them. */
export function orderBySimilarity(target: string, candidates: readonly string[], limit = 5): string[] {
  const t = target.toLowerCase();
  return candidates
    .map((c, i) => ({ c, i, d: levenshtein(t, c.toLowerCase()) }))
    .sort((x, y) => x.d - y.d || x.i - y.i)
    .slice(0, limit)
    .map((x) => x.c);
}

/** Spark's `toSQLId`: each name part in backquotes, joined by dots. */
export function toSqlId(parts: readonly string[]): string {
  return parts.map(quoteIdentifier).join(".");
}
