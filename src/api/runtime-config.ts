/** `spark.conf`: get/set/unset session settings. */
import { TsparkError } from "../common/errors.js";
import type { SessionState } from "./session-state.js";

export class RuntimeConfig {
  constructor(private readonly state: SessionState) {}
  set(key: string, value: string | number | boolean): void {
    this.state.conf.set(key, String(value));
  }
  /** The value, the given default, or Spark's default; throws SQL_CONF_NOT_FOUND for unknown keys without one. */
  get(key: string, defaultValue?: string): string {
    const v = this.state.conf.get(key) ?? defaultValue ?? this.state.getConf(key);
    if (v === undefined)
      throw new TsparkError("SQL_CONF_NOT_FOUND", { messageParameters: { sqlConf: `"${key}"` } });
    return v;
  }
  unset(key: string): void {
    this.state.conf.delete(key);
  }
  isModifiable(_key: string): boolean {
    return true;
  }
  getAll(): Record<string, string> {
    return Object.fromEntries(this.state.conf);
  }
}
