/**
 * Layer `functions/`. Built-in functions: the `FunctionDefinition` contract, the `FunctionRegistry`, and one folder per family (core, string, math, datetime, collection, aggregate, window).
 *
 * Invariants: one definition per function; `bind` checks types and returns one kernel for both engines; every definition documents runnable examples.
 * May import: common/, types/, data/, expressions/.
 */
export type { FunctionDefinition } from "./function-definition.js";
export { FunctionRegistry } from "./function-registry.js";
export { BUILTIN_FUNCTIONS } from "./builtin.js";
