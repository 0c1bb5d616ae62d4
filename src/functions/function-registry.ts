/**
 * FunctionRegistry: name → FunctionDefinition, case-insensitive. One per session (built from the
 * built-in families plus registered UDFs); lookups never mutate.
 */
import { BUILTIN_FUNCTIONS } from "./builtin.js";
import type { FunctionDefinition } from "./function-definition.js";

export class FunctionRegistry {
  private readonly byName = new Map<string, FunctionDefinition>();

  constructor(definitions: readonly FunctionDefinition[] = BUILTIN_FUNCTIONS) {
    for (const d of definitions) this.register(d);
  }

  /** Adds or replaces a definition under its name and aliases. */
  register(def: FunctionDefinition): void {
    this.byName.set(def.name.toLowerCase(), def);
    for (const a of def.aliases ?? []) this.byName.set(a.toLowerCase(), def);
  }

  lookup(name: string): FunctionDefinition | undefined {
    return this.byName.get(name.toLowerCase());
  }

  /** All registered names, sorted (for did-you-mean lists and docs). */
  names(): string[] {
    return [...this.byName.keys()].sort();
  }

  clone(): FunctionRegistry {
    const r = new FunctionRegistry([]);
    for (const [k, v] of this.byName) r.byName.set(k, v);
    return r;
  }
}
