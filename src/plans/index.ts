/**
 * Layer `plans/`. The immutable `LogicalPlan` union, output attributes, plan walks and the Spark-style tree printer.
 *
 * Invariants: plans are readonly data; `outputOf` is defined once a plan is resolved.
 * May import: common/, types/, data/, expressions/, functions/.
 */
export type { LogicalPlan, LogicalPlanKind } from "./logical-plan.js";
export { outputOf } from "./output.js";
export { treeString } from "./plan-string.js";
