/**
 * The session catalog: temporary views by case-insensitive name (resolved plans). Global temp
 * views live in a process-wide catalog shared by sessions, as in Spark, and are named through
 * the `global_temp` database (`global_temp.v`); a one-part name sees only the session's views.
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

/** Spark's `spark.sql.globalTempDatabase` default: the database that holds global temp views. */
export const GLOBAL_TEMP_DATABASE = "global_temp";

/** Global temporary views, shared by every session of the process. */
const GLOBAL_VIEWS = new Map<string, ViewEntry>();

export class SessionCatalog {
  private readonly views = new Map<string, ViewEntry>();

  /** Adds a view (`global`: to the process-wide catalog); false when it exists and `!replace`. */
  createTempView(name: string, plan: LogicalPlan, replace: boolean, global = false): boolean {
    const key = name.toLowerCase();
    const target = global ? GLOBAL_VIEWS : this.views;
    if (!replace && target.has(key)) return false;
    target.set(key, { name, plan, isTemporary: true, ...(global ? { isGlobal: true } : {}) });
    return true;
  }

  /** Drops a session view, or a global one when named `global_temp.name`; true when it existed. */
  dropTempView(name: string, nameParts?: readonly string[]): boolean {
    return isGlobalName(nameParts)
      ? GLOBAL_VIEWS.delete(name.toLowerCase())
      : this.views.delete(name.toLowerCase());
  }

  lookup(nameParts: readonly string[]): LogicalPlan | undefined {
    const name = nameParts[nameParts.length - 1];
    if (name === undefined) return undefined;
    return (isGlobalName(nameParts) ? GLOBAL_VIEWS : this.views).get(name.toLowerCase())?.plan;
  }

  /** The session's views, sorted by name. */
  list(): ViewEntry[] {
    return [...this.views.values()].sort(byName);
  }

  /** The global temporary views, sorted by name. */
  listGlobal(): ViewEntry[] {
    return [...GLOBAL_VIEWS.values()].sort(byName);
  }
}

function byName(a: ViewEntry, b: ViewEntry): number {
  return a.name.localeCompare(b.name);
}

function isGlobalName(nameParts: readonly string[] | undefined): boolean {
  return (
    nameParts !== undefined &&
    nameParts.length >= 2 &&
    nameParts[nameParts.length - 2]!.toLowerCase() === GLOBAL_TEMP_DATABASE
  );
}
