/** `spark.conf`: PySpark's RuntimeConfig over the session's settings. */
import { TsparkError } from "../common/errors.js";
import { timeStringAsMs } from "../connectors/stream-option.js";
import { tryGetTimeZone } from "../data/timezone.js";
import { parseStatePartitioner, STATE_PARTITIONER_CONF } from "../streaming/state/state-partitioner.js";
import type { SessionState } from "./session-state.js";

/** Spark's static SQL settings (StaticSQLConf) a program is likely to ask about. */
const STATIC_SQL_CONFS: ReadonlySet<string> = new Set([
  "spark.sql.warehouse.dir",
  "spark.sql.catalogImplementation",
  "spark.sql.extensions",
  "spark.sql.globalTempDatabase",
  "spark.sql.queryExecutionListeners",
  "spark.sql.streaming.streamingQueryListeners",
  "spark.sql.sources.schemaStringLengthThreshold",
  "spark.sql.ui.retainedExecutions",
]);

/**
 * Spark's checks of a setting's value when it is set (SQLConf's checkValue and typed conversions),
 * by `spark.conf.set` and for the settings a session is built with: throws Spark's error for a bad
 * value of a setting tspark checks; other settings pass.
 */
export function checkConfValue(key: string, value: string | number | boolean): void {
  // Spark checks the session time zone when it is set (timezone.sql.out: 'invalid/zone').
  if (key === "spark.sql.session.timeZone" && tryGetTimeZone(String(value)) === undefined) {
    throw new TsparkError("INVALID_CONF_VALUE.TIME_ZONE", {
      messageParameters: { confName: key, confValue: String(value) },
    });
  }
  // Spark's checkValue of the watermark policy (SQLConf.STREAMING_MULTIPLE_WATERMARK_POLICY).
  if (key === "spark.sql.streaming.multipleWatermarkPolicy" && !/^(min|max)$/i.test(String(value))) {
    throw new TsparkError("INVALID_CONF_VALUE.REQUIREMENT", {
      messageParameters: {
        confName: key,
        confValue: String(value),
        confRequirement: `Invalid value for '${key}'. Valid values are 'min' and 'max'`,
      },
    });
  }
  // Spark converts a time setting when it is set (SQLConf's timeConf): a bad one fails here.
  if (key === "spark.sql.streaming.stateStore.maintenanceInterval") timeStringAsMs(String(value));
  // tspark's pinned state partitioner (streaming/state/state-partitioner.ts): checked as Spark checks its own.
  if (key === STATE_PARTITIONER_CONF) parseStatePartitioner(String(value));
}

/** `spark.conf`: get/set/unset session settings. */
export class RuntimeConfig {
  constructor(private readonly state: SessionState) {}
  set(key: string, value: string | number | boolean): void {
    checkConfValue(key, value);
    this.state.conf.set(key, String(value));
  }
  /**
   * The value, the given default, or Spark's default; throws SQL_CONF_NOT_FOUND for unknown keys
   * without one. As in PySpark, an explicit default (even `null`) replaces Spark's own default.
   */
  get(key: string, defaultValue?: string): string;
  get(key: string, defaultValue: string | null): string | null;
  get(key: string, defaultValue?: string | null): string | null {
    const set = this.state.conf.get(key);
    if (set !== undefined) return set;
    if (defaultValue !== undefined) return defaultValue;
    const v = this.state.getConf(key);
    if (v === undefined)
      throw new TsparkError("SQL_CONF_NOT_FOUND", { messageParameters: { sqlConf: `"${key}"` } });
    return v;
  }
  unset(key: string): void {
    this.state.conf.delete(key);
  }
  /** False for Spark's static SQL settings (fixed when the session starts), true otherwise. */
  isModifiable(key: string): boolean {
    return !STATIC_SQL_CONFS.has(key);
  }
  getAll(): Record<string, string> {
    return Object.fromEntries(this.state.conf);
  }
}
