/**
 * Layer `optimizer/`. Optimizer rules (one per file) run in named batches to a fixed point.
 *
 * Invariants: rules are pure and keep a plan's output attributes and results.
 * May import: common/ … analysis/.
 */
export { Optimizer } from "./optimizer.js";
export type { OptimizerRule } from "./optimizer-rule.js";
