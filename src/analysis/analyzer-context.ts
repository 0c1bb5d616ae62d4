/**
 * What the Analyzer needs from the session: functions, relations, conf.
 */
import type { BindContext } from "../functions/function-definition.js";
import type { FunctionRegistry } from "../functions/function-registry.js";
import type { LogicalPlan } from "../plans/logical-plan.js";

export interface AnalyzerContext {
  readonly registry: FunctionRegistry;
  /** A temp view or table by (case-insensitive) name: its resolved plan, or undefined. */
  readonly lookupRelation: (nameParts: readonly string[]) => LogicalPlan | undefined;
  readonly bind: BindContext;
  /** `spark.sql.caseSensitive` (default false). */
  readonly caseSensitive: boolean;
}
