/**
 * DataSourceOptions: a reader's or writer's options as Spark keeps them (CaseInsensitiveMap):
 * keys compare case-insensitively, values are strings, the last `option()` call for a key wins.
 * Formats read typed values through the helpers, which raise a clear error naming the option.
 */
import { TsparkError } from "../../common/errors.js";

export class DataSourceOptions {
  private readonly byLower: ReadonlyMap<string, string>;

  constructor(readonly original: Readonly<Record<string, string>> = {}) {
    const m = new Map<string, string>();
    for (const [k, v] of Object.entries(original)) m.set(k.toLowerCase(), v);
    this.byLower = m;
  }

  /** The raw value of `key` (case-insensitive), or undefined. */
  get(key: string): string | undefined {
    return this.byLower.get(key.toLowerCase());
  }

  has(key: string): boolean {
    return this.byLower.has(key.toLowerCase());
  }

  /** The first of `keys` that is set (Spark's aliases, e.g. `sep` / `delimiter`). */
  first(...keys: string[]): string | undefined {
    for (const k of keys) {
      const v = this.get(k);
      if (v !== undefined) return v;
    }
    return undefined;
  }

  /** A boolean option: `true`/`false` in any case; anything else is an error naming the option. */
  bool(key: string, fallback: boolean): boolean {
    const v = this.get(key);
    if (v === undefined) return fallback;
    const t = v.trim().toLowerCase();
    if (t === "true") return true;
    if (t === "false") return false;
    throw new TsparkError("INVALID_OPTION_VALUE", {
      messageParameters: { option: key, value: v, expected: "a boolean ('true' or 'false')" },
    });
  }

  /** An integer option; anything else is an error naming the option. */
  int(key: string, fallback: number): number {
    const v = this.get(key);
    if (v === undefined) return fallback;
    const t = v.trim();
    if (!/^[+-]?\d+$/.test(t) || !Number.isSafeInteger(Number(t)))
      throw new TsparkError("INVALID_OPTION_VALUE", {
        messageParameters: { option: key, value: v, expected: "an integer" },
      });
    return Number(t);
  }

  /** A copy with `key` set to `value` (Spark's options are immutable once a read starts). */
  with(key: string, value: string): DataSourceOptions {
    const next: Record<string, string> = {};
    for (const [k, v] of Object.entries(this.original))
      if (k.toLowerCase() !== key.toLowerCase()) next[k] = v;
    next[key] = value;
    return new DataSourceOptions(next);
  }

  /** All options with lower-cased keys. */
  entries(): [string, string][] {
    return [...this.byLower.entries()];
  }
}
