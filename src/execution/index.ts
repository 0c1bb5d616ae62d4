/**
 * Layer `execution/`. QueryExecution (analyzed → optimized → physical, shown by explain) and batch actions.
 *
 * Invariants: each stage is computed once per QueryExecution.
 * May import: common/ … physical/.
 */
export { QueryExecution } from "./query-execution.js";
