/**
 * Did-you-mean lists for unresolved names, ordered by edit distance as Spark does.
 */

/** Levenshtein distance between two strings. */
export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  let prev = new Array<number>(n + 1);
  let cur = new Array<number>(n + 1);
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    for (let j = 1; j <= n; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[n]!;
}

/** Candidates sorted by similarity to `target` (stable), at most `limit` of them. */
export function orderBySimilarity(target: string, candidates: readonly string[], limit = 5): string[] {
  const t = target.toLowerCase();
  return candidates
    .map((c, i) => ({ c, i, d: editDistance(t, c.toLowerCase()) }))
    .sort((x, y) => x.d - y.d || x.i - y.i)
    .slice(0, limit)
    .map((x) => x.c);
}

/** Spark's `toSQLId`: each name part in backquotes, joined by dots. */
export function toSqlId(parts: readonly string[]): string {
  return parts.map((p) => `\`${p.replace(/`/g, "``")}\``).join(".");
}
