/**
 * Layer `physical/`. The PhysicalPlanner and the `*Exec` operators, which stream RecordBatches.
 *
 * Invariants: operators pull batches; only sort, aggregation, join build sides and windows hold their input.
 * May import: common/ … codegen/.
 */
export type { ExecNode, TaskContext } from "./exec-node.js";
export { PhysicalPlanner } from "./physical-planner.js";
