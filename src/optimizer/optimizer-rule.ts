/** An optimizer rule: a pure rewrite of a resolved logical plan that keeps its output and results. */
import type { LogicalPlan } from "../plans/logical-plan.js";

export interface OptimizerRule {
  /** Spark-style verb phrase (`PushDownPredicates`). */
  readonly name: string;
  apply(plan: LogicalPlan): LogicalPlan;
}
