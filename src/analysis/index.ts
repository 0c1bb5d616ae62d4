/**
 * Layer `analysis/`. The Analyzer: resolves names, functions and types bottom-up, one step per node kind (aggregates, generators, windows, joins, set operations, grouping sets, subqueries, lambdas in their own files), then CheckAnalysis.
 *
 * Invariants: analysis is deterministic and raises Spark's error classes at the user's call.
 * May import: common/ … sql/.
 */
export { Analyzer } from "./analyzer.js";
export type { AnalyzerContext } from "./analyzer-context.js";
