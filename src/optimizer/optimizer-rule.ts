/** An optimizer rule: a pure rewrite of a resolved logical plan that keeps its output and results. */
import type { LogicalPlan } from "../plans/logical-plan.js";

export interface OptimizerRule {
  /** Spark-style verb phrase (`PushDownPredicates`). */
  readonly name: string;
  apply(plan: LogicalPlan): LogicalPlan;
  /**
   * Whether the rule runs under the session's settings (read through `conf`); absent: always.
   * Spark's rules that a setting turns off (InferFiltersFromConstraints under
   * `spark.sql.constraintPropagation.enabled`) leave the plan as it is.
   */
  readonly enabled?: (conf: OptimizerConf) => boolean;
}

/** A session setting's value (set or Spark's default), or undefined. */
export type OptimizerConf = (key: string) => string | undefined;
