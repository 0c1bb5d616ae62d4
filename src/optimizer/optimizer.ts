/**
 * The Optimizer: named batches of rules, each run to a fixed point (bounded), as Spark's
 * RuleExecutor does. Rules are pure; the result has the same output attributes as the input.
 */
import type { LogicalPlan } from "../plans/logical-plan.js";
import { BooleanSimplification } from "./boolean-simplification.js";
import { CollapseProject } from "./collapse-project.js";
import { ColumnPruning } from "./column-pruning.js";
import { CombineFilters } from "./combine-filters.js";
import { ConstantFolding } from "./constant-folding.js";
import { EliminateSubqueryAliases } from "./eliminate-subquery-aliases.js";
import { InferFiltersFromConstraints } from "./infer-filters-from-constraints.js";
import { InferFiltersFromGenerate } from "./infer-filters-from-generate.js";
import type { OptimizerConf, OptimizerRule } from "./optimizer-rule.js";
import { PruneFilters } from "./prune-filters.js";
import { PushDownFiltersToScan } from "./push-down-filters-to-scan.js";
import { PushDownPredicates } from "./push-down-predicates.js";
import { RemoveNoopProject } from "./remove-noop-project.js";

export interface RuleBatch {
  readonly name: string;
  readonly maxIterations: number;
  readonly rules: readonly OptimizerRule[];
}

/** Spark's operatorOptimizationRuleSet (the part tspark has), run before and after inferring filters. */
const OPERATOR_OPTIMIZATION: readonly OptimizerRule[] = [
  PushDownPredicates,
  CombineFilters,
  ConstantFolding,
  BooleanSimplification,
  PruneFilters,
  CollapseProject,
  RemoveNoopProject,
];

export const DEFAULT_BATCHES: readonly RuleBatch[] = [
  { name: "Finish Analysis", maxIterations: 1, rules: [EliminateSubqueryAliases] },
  {
    name: "Operator Optimization before Inferring Filters",
    maxIterations: 100,
    rules: OPERATOR_OPTIMIZATION,
  },
  { name: "Infer Filters", maxIterations: 1, rules: [InferFiltersFromGenerate, InferFiltersFromConstraints] },
  { name: "Operator Optimization after Inferring Filters", maxIterations: 100, rules: OPERATOR_OPTIMIZATION },
  { name: "Early Filter and Projection Push-Down", maxIterations: 1, rules: [PushDownFiltersToScan] },
  { name: "Column Pruning", maxIterations: 1, rules: [ColumnPruning, CollapseProject, RemoveNoopProject] },
];

export class Optimizer {
  /**
   * @param batches the rule batches, run in order
   * @param conf the session's settings, which decide the rules that can be turned off (none
   *   turned off without it)
   */
  constructor(
    private readonly batches: readonly RuleBatch[] = DEFAULT_BATCHES,
    private readonly conf?: OptimizerConf,
  ) {}

  /** Runs every batch; `trace` receives each rule's effect (explain verbose). */
  execute(
    plan: LogicalPlan,
    trace?: (rule: string, before: LogicalPlan, after: LogicalPlan) => void,
  ): LogicalPlan {
    let cur = plan;
    for (const batch of this.batches) {
      for (let i = 0; i < batch.maxIterations; i++) {
        const start = cur;
        for (const rule of batch.rules) {
          if (rule.enabled !== undefined && this.conf !== undefined && !rule.enabled(this.conf)) continue;
          const next = rule.apply(cur);
          trace?.(rule.name, cur, next);
          cur = next;
        }
        if (cur === start) break;
      }
    }
    return cur;
  }
}
