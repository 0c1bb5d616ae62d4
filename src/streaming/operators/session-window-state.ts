/**
 * The state of a streaming session-window aggregation (Spark's StreamingSessionWindowStateManager,
 * state format 1), shared by SessionWindowStateStoreRestoreExec and SessionWindowStateStoreSaveExec.
 *
 * One state row per session: key = the grouping keys without the session, then the session's
 * start (`sessionStartTime`, TIMESTAMP, µs); value = the whole aggregation row (the grouping keys
 * with the `session_window` struct, then the aggregation buffers). A group key's sessions are the
 * rows whose key starts with it (Spark scans them by prefix); a key and its sessions live in the
 * state partition of the group key, so restore and save find them in the same store.
 *
 *     key   ["spark", 25000000]
 *     value [{start: 25000000, end: 50000000} as [25000000, 50000000], "spark", <count buffer>]
 *
 * (the value's column order is the aggregation's: here `groupBy(session_window(...), sessionId)`).
 *
 * tspark's stores have no ordered prefix index, so a batch finds a key's sessions by scanning its
 * partitions' stores once (`sessionsByGroupKey`); Append's eviction scans them anyway, as Spark's
 * does. Known limit (issue #7's closing note): in Update and Complete modes restore and save cost
 * the state's size per batch, where a prefix scan in the state store API would make them cost the
 * keys the batch touches.
 */
import type { AttributeReference } from "../../expressions/expression.js";
import { internalError } from "../../common/errors.js";
import { windowColumnKindOf } from "../../plans/event-time.js";
import { StructField, StructType, TIMESTAMP } from "../../types/data-type.js";
import type { ReadStateStore } from "../state/state-store.js";
import { stateKeyOf } from "../state/state-key.js";
import type { StatePartitioner } from "../state/state-partitioner.js";
import { type StateInfo, statePartitionerOf } from "./stateful-operator.js";
import { attributesSchema } from "./aggregation-state-schema.js";

/** Where the group key and the session are in an aggregation row `[grouping…, buffers…]`. */
export interface SessionLayout {
  /** The grouping attributes other than the session, in grouping order. */
  readonly keys: readonly AttributeReference[];
  /** Their ordinals in the row. */
  readonly keyOrdinals: readonly number[];
  /** The `session_window` attribute and its ordinal. */
  readonly session: AttributeReference;
  readonly sessionOrdinal: number;
  /** How many grouping columns lead the row (keys and session). */
  readonly numGrouping: number;
}

/** The layout of rows grouped by `grouping` (one of which is the session window). */
export function sessionLayout(grouping: readonly AttributeReference[]): SessionLayout {
  const sessionOrdinal = grouping.findIndex((g) => windowColumnKindOf(g) === "session");
  if (sessionOrdinal < 0) throw internalError("a session-window aggregation has no session_window key");
  const keyOrdinals = grouping.map((_, i) => i).filter((i) => i !== sessionOrdinal);
  return {
    keys: keyOrdinals.map((i) => grouping[i]!),
    keyOrdinals,
    session: grouping[sessionOrdinal]!,
    sessionOrdinal,
    numGrouping: grouping.length,
  };
}

/** Spark's state key schema: the keys without the session, then `sessionStartTime`. */
export function sessionStateKeySchema(layout: SessionLayout): StructType {
  return new StructType([
    ...attributesSchema(layout.keys).fields,
    new StructField("sessionStartTime", TIMESTAMP, false),
  ]);
}

/** A session's `[start, end)` in µs, or undefined for a null session. */
export function sessionBounds(value: unknown): readonly [number, number] | undefined {
  if (!Array.isArray(value)) return undefined;
  const [s, e] = value as [unknown, unknown];
  return typeof s === "number" && typeof e === "number" ? [s, e] : undefined;
}

/** The group key (without the session) of row `r` of `columns`. */
export function groupKeyValues(
  columns: readonly (readonly unknown[])[],
  layout: SessionLayout,
  r: number,
): unknown[] {
  return layout.keyOrdinals.map((o) => columns[o]![r]);
}

/** The compact group key and its state partition. */
export function groupKeyPlacement(
  values: readonly unknown[],
  partitioner: StatePartitioner,
): [unknown, number] {
  const k = stateKeyOf(values);
  return [k, partitioner.ofKey(values, k)];
}

/**
 * The partitioner of a session-window state over `numPartitions` stores: Spark hashes the grouping
 * keys without the session (`keyWithoutSessionExpressions`).
 */
export function sessionPartitioner(
  layout: SessionLayout,
  info: StateInfo,
  numPartitions: number,
): StatePartitioner {
  return statePartitionerOf(
    info,
    layout.keys.map((k) => k.dataType),
    numPartitions,
  );
}

/** One stored session: its state key and value (the aggregation row). */
export interface StoredSession {
  readonly key: readonly unknown[];
  readonly value: readonly unknown[];
}

/**
 * The sessions of a store by compact group key, each list sorted by session start (Spark's prefix
 * scan, done once per store and batch: tspark's stores have no ordered prefix index).
 */
export function sessionsByGroupKey(store: ReadStateStore, numKeys: number): Map<unknown, StoredSession[]> {
  const out = new Map<unknown, StoredSession[]>();
  store.forEachEntry((key, value) => {
    const k = stateKeyOf(key.slice(0, numKeys));
    const list = out.get(k);
    const s = { key, value: value as readonly unknown[] };
    if (list) list.push(s);
    else out.set(k, [s]);
  });
  for (const list of out.values()) list.sort((a, b) => Number(a.key[numKeys]) - Number(b.key[numKeys]));
  return out;
}
