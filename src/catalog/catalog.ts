/**
 * The session catalog: temporary views by case-insensitive name (resolved plans). Global temp
 * views live in a process-wide catalog shared by sessions, as in Spark.
 */
import type { LogicalPlan } from "../plans/logical-plan.js";

/** A view entry. */
export interface ViewEntry {
  readonly name: string;
  readonly plan: LogicalPlan;
  readonly isTemporary: boolean;
  /** Created as a GLOBAL TEMPORARY view (listed under `global_temp`). */
  readonly isGlobal?: boolean;
}

export class SessionCatalog {
  private readonly views = new Map<string, ViewEntry>();

  createTempView(name: string, plan: LogicalPlan, replace: boolean, global = false): boolean {
    const key = name.toLowerCase();
    if (!replace && this.views.has(key)) return false;
    this.views.set(key, { name, plan, isTemporary: true, ...(global ? { isGlobal: true } : {}) });
    return true;
  }

  dropTempView(name: string): boolean {
    return this.views.delete(name.toLowerCase());
  }

  lookup(nameParts: readonly string[]): LogicalPlan | undefined {
    const name = nameParts[nameParts.length - 1];
    return name === undefined ? undefined : this.views.get(name.toLowerCase())?.plan;
  }

  list(): ViewEntry[] {
    return [...this.views.values()].sort((a, b) => a.name.localeCompare(b.name));
  }
}
