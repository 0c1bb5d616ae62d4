/**
 * Layer `expressions/`. The immutable `Expression` union, tree walks and rewrites, display (generated column names, explain), typing, structural keys, and the interpreter, which is the oracle for generated code.
 *
 * Invariants: nodes are readonly data; resolved nodes carry their kernels; `evaluate` and generated code agree.
 * May import: common/, types/, data/.
 */
export type { Expression, ExpressionKind } from "./expression.js";
export { interpret } from "./evaluate.js";
export { prettySql, explainSql } from "./display.js";
