/**
 * The handles of transformWithState (Spark's StatefulProcessorHandleImpl and
 * DriverStatefulProcessorHandleImpl) and its state variables (ValueStateImpl, ListStateImpl,
 * MapStateImpl, each with its TTL variant, and TimerStateImpl).
 *
 * Two handles, as in Spark:
 * - `SchemaCollectingHandle` (PRE_INIT): the planner calls the processor's `init` with it to learn
 *   the state variables (and their schemas) before anything runs: they name the operator's stores
 *   and are recorded in the checkpoint. The variables it returns fail on use (handle state PRE_INIT).
 * - `ExecutionHandle` (CREATED → INITIALIZED → DATA_PROCESSED → TIMER_PROCESSED → CLOSED): one per
 *   state partition of a batch (Spark's task); its variables read and write that partition's
 *   stores for the current grouping key (the "implicit key" the operator sets around each call).
 *
 * Store layout (one named store per variable — Spark's column families — each with the operator's
 * partitions; keys are the grouping key row):
 *
 *     <name>            value:  row                         (TTL: [row, expirationMs])
 *                       list:   [row, …]                    (TTL: [[row, expirationMs], …])
 *                       map:    [[userKeyRow, row], …]      (TTL: [[userKeyRow, row, expirationMs], …])
 *     $procTimers_keyToTimestamp / $eventTimers_keyToTimestamp:
 *                       key row + expiryTimestampMs → []    (one entry per timer)
 *
 * A stored value is never mutated in place (every write puts a new array). TTL (processing time):
 * a write sets the value's expiration to batchTimestampMs + ttl; a value is expired once
 * batchTimestampMs ≥ its expiration — reads skip it, and the end of the batch removes it.
 *
 * Expiry indexes (Spark's timers' `tsToKeyCF` and TTL index by expiration): firing timers and
 * removing expired values visit only the due entries, through an ExpiryIndex per store
 * (expiry-index.ts) that the handle opens on first use in a batch from the run's keeper (kept
 * from the last batch, or built by one scan of the store):
 *
 *     timers:     one entry per timer registered      (its expiry, the grouping key)
 *     TTL values: one entry per key written per batch  (the expiration it wrote, the grouping key)
 *                 and, when built by a scan or after a cleanup, one per key at its earliest one
 *
 * An entry taken out is checked against the store (a timer deleted, a value written again since);
 * a TTL cleanup of a key adds an entry at the key's earliest remaining expiration.
 */
import { internalError, TsparkError } from "../common/errors.js";
import { fromExternal, toExternal } from "../data/external.js";
import type {
  ListState,
  MapState,
  StatefulProcessorHandle,
  StateRowInput,
  StateSchemaInput,
  TimeModeName,
  ValueState,
} from "../plans/stateful-processor.js";
import { parseSchema } from "../types/ddl.js";
import { ArrayType, LONG, StructField, StructType } from "../types/data-type.js";
import { compositeKey, singleKey } from "./group-key.js";
import { BUILD_EVERY_TIME, type ExpiryIndex, type ExpiryIndexKeeper } from "./expiry-index.js";
import {
  compareBytes,
  encodedKeyComparator,
  hasUnsafeRowEncoding,
  keyRowComparator,
  wrappedKeyBytes,
} from "./state-key-order.js";

/**
 * What a state variable needs of a store (a subset of the streaming StateStore, which satisfies
 * it): keyed by the grouping key row, values owned by the store.
 */
export interface KeyValueStore {
  get(key: readonly unknown[]): unknown;
  put(key: readonly unknown[], value: unknown): void;
  remove(key: readonly unknown[]): void;
  forEachEntry(fn: (key: readonly unknown[], value: unknown) => void): void;
}

/** The compact key of a key row (streaming/state/state-key.ts's `stateKeyOf`, same equality). */
export function compactKeyOf(row: readonly unknown[]): unknown {
  if (row.length === 0) return "";
  if (row.length === 1) return singleKey(row[0]);
  return compositeKey(row);
}

/** Spark's StatefulProcessorHandleState, in lifecycle order. */
export const HANDLE_STATES = [
  "CREATED",
  "PRE_INIT",
  "INITIALIZED",
  "DATA_PROCESSED",
  "TIMER_PROCESSED",
  "CLOSED",
] as const;
export type HandleState = (typeof HANDLE_STATES)[number];

export type StateVariableKind = "value" | "list" | "map";

/** One declared state variable. */
export interface StateVariableInfo {
  readonly name: string;
  readonly kind: StateVariableKind;
  /** The value schema (a map's value). */
  readonly schema: StructType;
  /** A map's user key schema. */
  readonly userKeySchema?: StructType;
  /** Time to live in ms (processing time); undefined without TTL. */
  readonly ttlMs?: number;
}

/** The timers' store of a time mode (Spark's `$procTimers` / `$eventTimers` key-to-timestamp family). */
export function timerStoreName(timeMode: TimeModeName): string {
  return timeMode === "EventTime" ? "$eventTimers_keyToTimestamp" : "$procTimers_keyToTimestamp";
}

/** The schemas recorded for a variable's store (see the layout above). */
export function variableStoreSchema(
  v: StateVariableInfo,
  keySchema: StructType,
): { keySchema: StructType; valueSchema: StructType } {
  const ttl = v.ttlMs !== undefined ? [new StructField("ttlExpirationMs", LONG, true)] : [];
  switch (v.kind) {
    case "value":
      return {
        keySchema,
        valueSchema:
          ttl.length === 0 ? v.schema : new StructType([new StructField("value", v.schema, true), ...ttl]),
      };
    case "list": {
      const element = new StructType([new StructField("value", v.schema, true), ...ttl]);
      return {
        keySchema,
        valueSchema: new StructType([new StructField("values", new ArrayType(element, false), false)]),
      };
    }
    case "map": {
      const entry = new StructType([
        new StructField("userKey", v.userKeySchema ?? new StructType([]), false),
        new StructField("value", v.schema, true),
        ...ttl,
      ]);
      return {
        keySchema,
        valueSchema: new StructType([new StructField("entries", new ArrayType(entry, false), false)]),
      };
    }
  }
}

/** The timer store's schemas: the grouping key plus the expiry, and an empty value. */
export function timerStoreSchema(keySchema: StructType): { keySchema: StructType; valueSchema: StructType } {
  return {
    keySchema: new StructType([...keySchema.fields, new StructField("expiryTimestampMs", LONG, false)]),
    valueSchema: new StructType([]),
  };
}

function invalidHandleState(operationType: string, state: HandleState): TsparkError {
  return new TsparkError("STATEFUL_PROCESSOR_CANNOT_PERFORM_OPERATION_WITH_INVALID_HANDLE_STATE", {
    messageParameters: { operationType, handleState: state },
  });
}

function schemaOf(schema: StateSchemaInput): StructType {
  return typeof schema === "string" ? parseSchema(schema) : schema;
}

/** The checks every handle makes when a variable is declared (name, TTL), Spark's errors. */
function checkDeclaration(stateName: string, timeMode: TimeModeName, ttlMs: number | undefined): void {
  if (typeof stateName !== "string" || stateName === "" || stateName === "default") {
    throw new TsparkError("STATE_STORE_CANNOT_USE_COLUMN_FAMILY_WITH_INVALID_NAME", {
      messageParameters: { operationName: "create_col_family", colFamilyName: String(stateName) },
    });
  }
  if (stateName.startsWith("$")) {
    throw new TsparkError("STATE_STORE_CANNOT_CREATE_COLUMN_FAMILY_WITH_RESERVED_CHARS", {
      messageParameters: { colFamilyName: stateName },
    });
  }
  if (ttlMs === undefined || ttlMs === null) return;
  if (timeMode !== "ProcessingTime") {
    throw new TsparkError("STATEFUL_PROCESSOR_INCORRECT_TIME_MODE_TO_ASSIGN_TTL", {
      messageParameters: { stateName, timeMode },
    });
  }
  if (typeof ttlMs !== "number" || !(ttlMs > 0)) {
    throw new TsparkError("STATEFUL_PROCESSOR_TTL_DURATION_MUST_BE_POSITIVE", {
      messageParameters: { operationType: "update", stateName },
    });
  }
}

/** What both handles share: the lifecycle state and the timer checks. */
abstract class HandleBase implements StatefulProcessorHandle {
  protected state: HandleState;

  constructor(
    protected readonly timeMode: TimeModeName,
    initial: HandleState,
  ) {
    this.state = initial;
  }

  get handleState(): HandleState {
    return this.state;
  }

  setHandleState(s: HandleState): void {
    this.state = s;
  }

  /** Spark's verifyTimerOperations: a time mode, and between INITIALIZED and TIMER_PROCESSED. */
  protected verifyTimerOperations(operationType: string): void {
    if (this.timeMode === "None") {
      throw new TsparkError("STATEFUL_PROCESSOR_CANNOT_PERFORM_OPERATION_WITH_INVALID_TIME_MODE", {
        messageParameters: { operationType, timeMode: "NoTime" },
      });
    }
    const i = HANDLE_STATES.indexOf(this.state);
    if (i < HANDLE_STATES.indexOf("INITIALIZED") || i >= HANDLE_STATES.indexOf("TIMER_PROCESSED")) {
      throw invalidHandleState(operationType, this.state);
    }
  }

  protected verifyStateVarOperations(operationType: string, required: HandleState): void {
    if (this.state !== required) throw invalidHandleState(operationType, this.state);
  }

  abstract getValueState(stateName: string, schema: StateSchemaInput, ttlDurationMs?: number): ValueState;
  abstract getListState(stateName: string, schema: StateSchemaInput, ttlDurationMs?: number): ListState;
  abstract getMapState(
    stateName: string,
    userKeySchema: StateSchemaInput,
    valueSchema: StateSchemaInput,
    ttlDurationMs?: number,
  ): MapState;
  abstract registerTimer(expiryTimestampMs: number): void;
  abstract deleteTimer(expiryTimestampMs: number): void;
  abstract listTimers(): number[];
  abstract deleteIfExists(stateName: string): void;
}

/**
 * The planner's handle (Spark's DriverStatefulProcessorHandleImpl, state PRE_INIT): records the
 * variables `init` declares; their methods, and timers, fail with the PRE_INIT handle state.
 */
export class SchemaCollectingHandle extends HandleBase {
  readonly variables: StateVariableInfo[] = [];
  /** Names passed to deleteIfExists. */
  readonly deleted: string[] = [];

  constructor(timeMode: TimeModeName) {
    super(timeMode, "PRE_INIT");
  }

  private declare(info: StateVariableInfo, op: string): void {
    this.verifyStateVarOperations(op, "PRE_INIT");
    checkDeclaration(info.name, this.timeMode, info.ttlMs);
    if (this.variables.some((v) => v.name === info.name)) {
      throw new TsparkError("STATEFUL_PROCESSOR_DUPLICATE_STATE_VARIABLE_DEFINED", {
        messageParameters: { stateVarName: info.name },
      });
    }
    this.variables.push(info);
  }

  /** A variable whose every method fails (`<kind>State.<method>` in PRE_INIT). */
  private unusable<T extends object>(kind: string, methods: readonly string[]): T {
    const o: Record<string, () => never> = {};
    for (const m of methods) {
      o[m] = () => {
        throw invalidHandleState(`${kind}State.${m}`, this.state);
      };
    }
    return o as unknown as T;
  }

  getValueState(stateName: string, schema: StateSchemaInput, ttlDurationMs?: number): ValueState {
    this.declare(
      withTtl({ name: stateName, kind: "value", schema: schemaOf(schema) }, ttlDurationMs),
      "get_value_state",
    );
    return this.unusable<ValueState>("value", ["exists", "get", "update", "clear"]);
  }

  getListState(stateName: string, schema: StateSchemaInput, ttlDurationMs?: number): ListState {
    this.declare(
      withTtl({ name: stateName, kind: "list", schema: schemaOf(schema) }, ttlDurationMs),
      "get_list_state",
    );
    return this.unusable<ListState>("list", ["exists", "get", "put", "appendValue", "appendList", "clear"]);
  }

  getMapState(
    stateName: string,
    userKeySchema: StateSchemaInput,
    valueSchema: StateSchemaInput,
    ttlDurationMs?: number,
  ): MapState {
    this.declare(
      withTtl(
        {
          name: stateName,
          kind: "map",
          schema: schemaOf(valueSchema),
          userKeySchema: schemaOf(userKeySchema),
        },
        ttlDurationMs,
      ),
      "get_map_state",
    );
    return this.unusable<MapState>("map", [
      "exists",
      "getValue",
      "containsKey",
      "updateValue",
      "iterator",
      "keys",
      "values",
      "removeKey",
      "clear",
    ]);
  }

  registerTimer(_expiryTimestampMs: number): void {
    this.verifyTimerOperations("register_timer");
  }

  deleteTimer(_expiryTimestampMs: number): void {
    this.verifyTimerOperations("delete_timer");
  }

  listTimers(): number[] {
    this.verifyTimerOperations("list_timers");
    return [];
  }

  deleteIfExists(stateName: string): void {
    this.verifyStateVarOperations("delete_if_exists", "PRE_INIT");
    if (!this.deleted.includes(stateName)) this.deleted.push(stateName);
  }
}

function withTtl(info: StateVariableInfo, ttlMs: number | undefined): StateVariableInfo {
  return ttlMs === undefined || ttlMs === null ? info : { ...info, ttlMs };
}

/** The counters an execution reports (Spark's TransformWithStateExec custom metrics). */
export const TWS_CUSTOM_METRICS = [
  "initialStateProcessingTimeMs",
  "numDeletedStateVars",
  "numDeletedTimers",
  "numExpiredTimers",
  "numListStateVars",
  "numListStateWithTTLVars",
  "numMapStateVars",
  "numMapStateWithTTLVars",
  "numRegisteredTimers",
  "numValueStateVars",
  "numValueStateWithTTLVars",
  "numValuesRemovedDueToTTLExpiry",
  "timerProcessingTimeMs",
] as const;
export type TwsMetric = (typeof TWS_CUSTOM_METRICS)[number];

/** The current grouping key of an execution (Spark's implicit key). */
interface ImplicitKey {
  readonly key: readonly unknown[];
  readonly partition: number;
}

/** What an execution handle works on. */
export interface ExecutionContext {
  /** The stores of every declared (and deleted) variable and of the timers, by name, per partition. */
  readonly stores: ReadonlyMap<string, readonly KeyValueStore[]>;
  /** The partition (Spark's task) this handle serves: deleteIfExists, timers and TTL act on it. */
  readonly partition: number;
  /** The grouping key schema (the order of timers that expire together). */
  readonly keySchema: StructType;
  /**
   * DDL schemas parsed so far in this run, shared by its handles: `init` runs once per partition
   * and would otherwise parse the same strings that many times.
   */
  readonly parsedSchemas?: Map<string, StructType>;
  readonly batchTimestampMs: number;
  readonly timeMode: TimeModeName;
  /** Adds to a custom metric. */
  readonly count: (metric: TwsMetric, n?: number) => void;
  /** Counts state rows written and removed (numRowsUpdated / numRowsRemoved). */
  readonly rows: { updated: number; removed: number };
  /** Where the timers' and TTL variables' expiry indexes come from (none kept: built by a scan). */
  readonly indexes?: ExpiryIndexKeeper;
}

/**
 * The handle of one execution (Spark's StatefulProcessorHandleImpl). The operator sets the
 * implicit key around each call (`withKey`) and moves the lifecycle state on.
 */
export class ExecutionHandle extends HandleBase {
  private implicit: ImplicitKey | undefined;
  /** The TTL variables declared, cleaned at the end of the batch. */
  readonly ttlVariables: TtlCleanable[] = [];
  private readonly declared = new Set<string>();
  private readonly dropped = new Set<string>();
  /** Per partition: the timers of each key (compact key → expiry ms), see `timersOf`. */
  private readonly timerIndex = new Map<number, Map<unknown, Set<number>>>();
  /** The expiry indexes opened in this batch, by store. */
  private readonly expiryIndexes = new Map<KeyValueStore, ExpiryIndex>();

  constructor(private readonly ctx: ExecutionContext) {
    super(ctx.timeMode, "CREATED");
  }

  /** Runs `fn` with `key` (internal values; its partition `partition`) as the implicit key. */
  withKey<T>(key: readonly unknown[], partition: number, fn: () => T): T {
    this.implicit = { key, partition };
    try {
      return fn();
    } finally {
      this.implicit = undefined;
    }
  }

  /** The implicit key (Spark's implicitKeyNotFound otherwise). */
  currentKey(stateName: string): ImplicitKey {
    if (!this.implicit)
      throw internalError(`Implicit key not found in state store for stateName=${stateName}`);
    return this.implicit;
  }

  private storeOf(name: string): readonly KeyValueStore[] {
    const s = this.ctx.stores.get(name);
    if (!s)
      throw internalError(
        `transformWithState: the state variable ${name} was not declared when the query was planned`,
      );
    return s;
  }

  /** `schema` as a StructType, a DDL string parsed once per run. */
  private schema(schema: StateSchemaInput): StructType {
    const cache = this.ctx.parsedSchemas;
    if (typeof schema !== "string" || cache === undefined) return schemaOf(schema);
    let parsed = cache.get(schema);
    if (parsed === undefined) {
      parsed = schemaOf(schema);
      cache.set(schema, parsed);
    }
    return parsed;
  }

  private begin(stateName: string, op: string, ttlMs: number | undefined): readonly KeyValueStore[] {
    this.verifyStateVarOperations(op, "CREATED");
    checkDeclaration(stateName, this.timeMode, ttlMs);
    if (this.declared.has(stateName)) {
      throw new TsparkError("STATEFUL_PROCESSOR_DUPLICATE_STATE_VARIABLE_DEFINED", {
        messageParameters: { stateVarName: stateName },
      });
    }
    this.declared.add(stateName);
    return this.storeOf(stateName);
  }

  /**
   * Counts a new variable in Spark's metric (`<metric>Vars`, or `<metric>WithTTLVars` for a TTL
   * variable, which is also cleaned at the end of the batch).
   */
  private counted<V extends StateVariable & TtlCleanable>(
    v: V,
    metric: "numValueState" | "numListState" | "numMapState",
  ): V {
    this.ctx.count(v.ttlMs === undefined ? `${metric}Vars` : `${metric}WithTTLVars`);
    if (v.ttlMs !== undefined) this.ttlVariables.push(v);
    return v;
  }

  getValueState(stateName: string, schema: StateSchemaInput, ttlDurationMs?: number): ValueState {
    const stores = this.begin(stateName, "get_value_state", ttlDurationMs);
    const v = new ValueStateImpl(
      this,
      stores,
      stateName,
      this.schema(schema),
      ttlOf(ttlDurationMs),
      this.ctx,
    );
    return this.counted(v, "numValueState");
  }

  getListState(stateName: string, schema: StateSchemaInput, ttlDurationMs?: number): ListState {
    const stores = this.begin(stateName, "get_list_state", ttlDurationMs);
    const v = new ListStateImpl(this, stores, stateName, this.schema(schema), ttlOf(ttlDurationMs), this.ctx);
    return this.counted(v, "numListState");
  }

  getMapState(
    stateName: string,
    userKeySchema: StateSchemaInput,
    valueSchema: StateSchemaInput,
    ttlDurationMs?: number,
  ): MapState {
    const stores = this.begin(stateName, "get_map_state", ttlDurationMs);
    const v = new MapStateImpl(
      this,
      stores,
      stateName,
      this.schema(userKeySchema),
      this.schema(valueSchema),
      ttlOf(ttlDurationMs),
      this.ctx,
    );
    return this.counted(v, "numMapState");
  }

  /**
   * The expiry index of `store` (timers or a TTL variable's values) for this batch: opened from
   * the run's keeper on first use (`build` fills a new one from the store), then kept up to date
   * by this handle's writes.
   */
  expiryIndex(store: KeyValueStore, spec: string, build: (index: ExpiryIndex) => void): ExpiryIndex {
    let index = this.expiryIndexes.get(store);
    if (index === undefined) {
      index = (this.ctx.indexes ?? BUILD_EVERY_TIME).open([store], spec, build);
      this.expiryIndexes.set(store, index);
    }
    return index;
  }

  /** The timers' expiry index: one entry per timer (its expiry, its grouping key). */
  private timerExpiries(store: KeyValueStore): ExpiryIndex {
    const width = this.ctx.keySchema.fields.length;
    return this.expiryIndex(store, `timers:${width}`, (index) =>
      store.forEachEntry((k) => {
        const key = k.slice(0, width);
        index.add(Number(k[width]), key, compactKeyOf(key));
      }),
    );
  }

  private timerStore(): { store: KeyValueStore; key: readonly unknown[]; partition: number } {
    const { key, partition } = this.currentKey(timerStoreName(this.timeMode));
    return { store: this.storeOf(timerStoreName(this.timeMode))[partition]!, key, partition };
  }

  registerTimer(expiryTimestampMs: number): void {
    this.verifyTimerOperations("register_timer");
    const ts = timestampArg(expiryTimestampMs);
    const { store, key, partition } = this.timerStore();
    const timer = [...key, ts];
    // A timer already registered has its index entry (the index holds one for every timer).
    const registered = store.get(timer) !== undefined;
    store.put(timer, []);
    if (!registered) this.timerExpiries(store).add(ts, key, compactKeyOf(key));
    this.timersOf(partition, key)?.add(ts);
    this.ctx.count("numRegisteredTimers");
  }

  deleteTimer(expiryTimestampMs: number): void {
    this.verifyTimerOperations("delete_timer");
    const ts = timestampArg(expiryTimestampMs);
    const { store, key, partition } = this.timerStore();
    store.remove([...key, ts]);
    this.timersOf(partition, key)?.delete(ts);
    this.ctx.count("numDeletedTimers");
  }

  listTimers(): number[] {
    this.verifyTimerOperations("list_timers");
    const { partition, key } = this.timerStore();
    return [...(this.timersOf(partition, key, true) ?? [])].sort((a, b) => a - b);
  }

  /**
   * The timers of this handle's partition with an expiry below `thresholdMs`, in Spark's order:
   * ascending by expiry, then by the grouping key's encoded bytes (RocksDB's order of its
   * expiry-to-key index). Collected before any fires: the calls register and delete timers.
   * Taken out of the timers' expiry index: the due entries still in the store, once each.
   */
  expiredTimers(thresholdMs: number): { key: readonly unknown[]; ts: number }[] {
    const expired: { key: readonly unknown[]; ts: number }[] = [];
    const store = this.storeOf(timerStoreName(this.timeMode))[this.ctx.partition];
    if (store === undefined) return expired;
    const seen = new Map<number, Set<unknown>>();
    this.timerExpiries(store).takeWhile(
      (ts) => ts < thresholdMs,
      (key, compact, ts) => {
        let keys = seen.get(ts);
        if (keys === undefined) {
          keys = new Set();
          seen.set(ts, keys);
        }
        if (keys.has(compact)) return;
        keys.add(compact);
        if (store.get([...key, ts]) !== undefined) expired.push({ key, ts });
      },
    );
    const byKey = encodedKeyComparator(this.ctx.keySchema);
    return expired.sort((a, b) => a.ts - b.ts || byKey(a.key, b.key));
  }

  /**
   * The timers of `key` in `partition` from this execution's index of the timer store (Spark
   * prefix-scans its key-to-timestamp family; tspark's stores have no prefix scan): built from
   * one scan of the partition's store the first time `listTimers` needs it, then kept up to date
   * by register/delete. Undefined while the partition is not indexed (and `build` is false).
   */
  private timersOf(partition: number, key: readonly unknown[], build = false): Set<number> | undefined {
    let index = this.timerIndex.get(partition);
    if (!index) {
      if (!build) return undefined;
      index = new Map();
      const n = key.length;
      const idx = index;
      this.storeOf(timerStoreName(this.timeMode))[partition]!.forEachEntry((k) => {
        const compact = compactKeyOf(k.slice(0, n));
        let set = idx.get(compact);
        if (!set) {
          set = new Set();
          idx.set(compact, set);
        }
        set.add(Number(k[n]));
      });
      this.timerIndex.set(partition, index);
    }
    const compact = compactKeyOf(key);
    let set = index.get(compact);
    if (!set) {
      set = new Set();
      index.set(compact, set);
    }
    return set;
  }

  /**
   * Spark's removeColFamilyIfExists, on this handle's partition (each task drops its own store's
   * column family): empties the variable's store there; a variable declared before in this
   * `init` is gone from then on (its methods fail). Counted when the variable was declared in
   * this `init` or held values in the partition.
   */
  deleteIfExists(stateName: string): void {
    this.verifyStateVarOperations("delete_if_exists", "CREATED");
    const store = this.ctx.stores.get(stateName)?.[this.ctx.partition];
    if (!store) return;
    let existed = this.declared.has(stateName);
    const keys: (readonly unknown[])[] = [];
    store.forEachEntry((k) => keys.push(k));
    for (const k of keys) store.remove(k);
    if (keys.length > 0) existed = true;
    if (this.declared.has(stateName)) this.dropped.add(stateName);
    if (existed) this.ctx.count("numDeletedStateVars");
  }

  /** Fails when `stateName` was removed by deleteIfExists after it was declared. */
  checkNotDropped(stateName: string, operationType: string): void {
    if (this.dropped.has(stateName)) {
      throw new TsparkError("STATE_STORE_UNSUPPORTED_OPERATION_ON_MISSING_COLUMN_FAMILY", {
        messageParameters: { operationType, colFamilyName: stateName },
      });
    }
  }
}

function ttlOf(ttlMs: number | undefined): number | undefined {
  return ttlMs === undefined || ttlMs === null ? undefined : ttlMs;
}

function timestampArg(ms: number): number {
  const n = typeof ms === "bigint" ? Number(ms) : ms;
  if (typeof n !== "number" || !Number.isFinite(n)) {
    throw new TsparkError("ILLEGAL_ARGUMENT", {
      messageParameters: {
        message: `A timer's expiry must be a timestamp in milliseconds, got ${String(ms)}.`,
      },
    });
  }
  return Math.trunc(n);
}

/** A TTL variable: removes its expired values at the end of the batch. */
export interface TtlCleanable {
  /** Removes every expired value of every key of `partition`; returns how many were removed. */
  clearExpired(partition: number): number;
}

/** What the three variables share: the stores, the key, value conversion and TTL. */
abstract class StateVariable {
  constructor(
    protected readonly handle: ExecutionHandle,
    protected readonly stores: readonly KeyValueStore[],
    protected readonly name: string,
    readonly ttlMs: number | undefined,
    protected readonly ctx: ExecutionContext,
  ) {}

  protected at(): { store: KeyValueStore; key: readonly unknown[] } {
    this.handle.checkNotDropped(this.name, "access");
    const { key, partition } = this.handle.currentKey(this.name);
    return { store: this.stores[partition]!, key };
  }

  protected get expiration(): number {
    return this.ctx.batchTimestampMs + (this.ttlMs ?? 0);
  }

  /** Spark's StateTTL.isExpired: the batch's processing time reached the expiration. */
  protected expired(expirationMs: unknown): boolean {
    return this.ttlMs !== undefined && this.ctx.batchTimestampMs >= Number(expirationMs);
  }

  /** Removes the current key's value (Spark's `clear`); counted as a removed row when it existed. */
  clear(): void {
    const { store, key } = this.at();
    if (store.get(key) === undefined) return;
    store.remove(key);
    this.ctx.rows.removed++;
  }

  /**
   * Where a stored value keeps its expiration: `element` undefined for a value (`[row,
   * expiration]`), else a list's or map's elements (`[…, expiration at element]`).
   */
  protected abstract readonly expirationAt: { readonly element: number | undefined };

  /** The earliest expiration of a stored value (undefined: none, an empty list or map). */
  private earliestExpiration(value: unknown): number | undefined {
    const element = this.expirationAt.element;
    if (element === undefined) return Number((value as readonly unknown[])[1]);
    let min: number | undefined;
    for (const e of value as readonly (readonly unknown[])[]) {
      const t = Number(e[element]);
      if (min === undefined || t < min) min = t;
    }
    return min;
  }

  /** The keys written with this batch's expiration (one index entry each). */
  private readonly written = new Set<unknown>();

  /** This variable's expiry index in `store` (one of its partitions' stores), see the header. */
  private ttlIndex(store: KeyValueStore): ExpiryIndex {
    const spec = `ttl:${this.expirationAt.element ?? "value"}`;
    return this.handle.expiryIndex(store, spec, (index) =>
      store.forEachEntry((k, v) => {
        const t = this.earliestExpiration(v);
        if (t === undefined) return;
        const key = [...k];
        index.add(t, key, compactKeyOf(key));
      }),
    );
  }

  /** Records that the current key (in `store`) was written with this batch's expiration. */
  protected wroteWithTtl(store: KeyValueStore, key: readonly unknown[]): void {
    if (this.ttlMs === undefined) return;
    const compact = compactKeyOf(key);
    if (this.written.has(compact)) return;
    this.written.add(compact);
    this.ttlIndex(store).add(this.expiration, [...key], compact);
  }

  /**
   * Removes the expired values of `partition` (a list's or map's expired elements, and a key left
   * with none); returns how many went. Visits the keys with an expiration due in the variable's
   * expiry index, not the whole store; a key that keeps values gets an entry at its earliest.
   */
  clearExpired(partition: number): number {
    const store = this.stores[partition];
    if (store === undefined) return 0;
    const index = this.ttlIndex(store);
    const now = this.ctx.batchTimestampMs;
    const due = new Map<unknown, readonly unknown[]>();
    index.takeWhile(
      (t) => t <= now,
      (key, compact) => {
        if (!due.has(compact)) due.set(compact, key);
      },
    );
    const element = this.expirationAt.element;
    let n = 0;
    for (const [compact, key] of due) {
      const value = store.get(key);
      if (value === undefined) continue;
      let kept: unknown;
      if (element === undefined) {
        if (this.expired((value as readonly unknown[])[1])) {
          store.remove(key);
          n++;
          continue;
        }
        kept = value;
      } else {
        const all = value as readonly (readonly unknown[])[];
        const live = all.filter((e) => !this.expired(e[element]));
        n += all.length - live.length;
        if (live.length === 0) {
          store.remove(key);
          continue;
        }
        if (live.length !== all.length) store.put(key, live);
        kept = live;
      }
      index.add(this.earliestExpiration(kept)!, key, compact);
    }
    return n;
  }
}

function toInternalRow(v: unknown, schema: StructType, what: string, stateName: string): unknown[] {
  if (v === null || v === undefined) {
    throw new TsparkError("ILLEGAL_STATE_STORE_VALUE.NULL_VALUE", { messageParameters: { stateName } });
  }
  return fromExternal(v, schema, what, false) as unknown[];
}

function toUserRow(internal: readonly unknown[], schema: StructType): unknown[] {
  return schema.fields.map((f, i) => toExternal(internal[i] ?? null, f.dataType));
}

class ValueStateImpl extends StateVariable implements ValueState, TtlCleanable {
  constructor(
    handle: ExecutionHandle,
    stores: readonly KeyValueStore[],
    name: string,
    private readonly schema: StructType,
    ttlMs: number | undefined,
    ctx: ExecutionContext,
  ) {
    super(handle, stores, name, ttlMs, ctx);
  }

  /** The stored row (unexpired), or undefined. */
  private read(): readonly unknown[] | undefined {
    const { store, key } = this.at();
    const v = store.get(key) as readonly unknown[] | undefined;
    if (v === undefined) return undefined;
    if (this.ttlMs === undefined) return v;
    return this.expired(v[1]) ? undefined : (v[0] as readonly unknown[]);
  }

  exists(): boolean {
    return this.read() !== undefined;
  }

  get(): unknown[] | undefined {
    const v = this.read();
    return v === undefined ? undefined : toUserRow(v, this.schema);
  }

  update(newValue: StateRowInput): void {
    const row = toInternalRow(newValue, this.schema, "value", this.name);
    const { store, key } = this.at();
    store.put(key, this.ttlMs === undefined ? row : [row, this.expiration]);
    this.wroteWithTtl(store, key);
    this.ctx.rows.updated++;
  }

  protected readonly expirationAt = { element: undefined };
}

class ListStateImpl extends StateVariable implements ListState, TtlCleanable {
  constructor(
    handle: ExecutionHandle,
    stores: readonly KeyValueStore[],
    name: string,
    private readonly schema: StructType,
    ttlMs: number | undefined,
    ctx: ExecutionContext,
  ) {
    super(handle, stores, name, ttlMs, ctx);
  }

  /** The stored elements as stored (rows, or [row, expiration] with TTL). */
  private stored(): readonly unknown[] {
    const { store, key } = this.at();
    return (store.get(key) as readonly unknown[] | undefined) ?? [];
  }

  private live(): (readonly unknown[])[] {
    const all = this.stored() as readonly (readonly unknown[])[];
    if (this.ttlMs === undefined) return [...all];
    return all.filter((e) => !this.expired(e[1])).map((e) => e[0] as readonly unknown[]);
  }

  exists(): boolean {
    return this.live().length > 0;
  }

  get(): unknown[][] {
    return this.live().map((r) => toUserRow(r, this.schema));
  }

  private elements(values: readonly StateRowInput[], op: string): unknown[] {
    if (values === null || values === undefined) {
      throw new TsparkError("ILLEGAL_STATE_STORE_VALUE.NULL_VALUE", {
        messageParameters: { stateName: this.name },
      });
    }
    if (!Array.isArray(values)) {
      throw new TsparkError("ILLEGAL_ARGUMENT", {
        messageParameters: { message: `ListState.${op} takes an array of values.` },
      });
    }
    if (values.length === 0) {
      throw new TsparkError("ILLEGAL_STATE_STORE_VALUE.EMPTY_LIST_VALUE", {
        messageParameters: { stateName: this.name },
      });
    }
    return values.map((v) => {
      const row = toInternalRow(v, this.schema, "value", this.name);
      return this.ttlMs === undefined ? row : [row, this.expiration];
    });
  }

  private write(elements: readonly unknown[]): void {
    const { store, key } = this.at();
    store.put(key, elements);
    this.wroteWithTtl(store, key);
  }

  put(newState: readonly StateRowInput[]): void {
    const els = this.elements(newState, "put");
    this.write(els);
    this.ctx.rows.updated += els.length;
  }

  appendValue(newState: StateRowInput): void {
    const els = this.elements([newState], "appendValue");
    this.write([...this.stored(), ...els]);
    this.ctx.rows.updated++;
  }

  appendList(newState: readonly StateRowInput[]): void {
    const els = this.elements(newState, "appendList");
    this.write([...this.stored(), ...els]);
    this.ctx.rows.updated += els.length;
  }

  protected readonly expirationAt = { element: 1 };
}

class MapStateImpl extends StateVariable implements MapState, TtlCleanable {
  constructor(
    handle: ExecutionHandle,
    stores: readonly KeyValueStore[],
    name: string,
    private readonly userKeySchema: StructType,
    private readonly valueSchema: StructType,
    ttlMs: number | undefined,
    ctx: ExecutionContext,
  ) {
    super(handle, stores, name, ttlMs, ctx);
  }

  /** The stored entries `[userKey, value(, expiration)]`. */
  private stored(): readonly (readonly unknown[])[] {
    const { store, key } = this.at();
    return (store.get(key) as readonly (readonly unknown[])[] | undefined) ?? [];
  }

  private live(): (readonly unknown[])[] {
    return this.stored().filter((e) => !this.expired(e[2]));
  }

  private userKey(key: StateRowInput): unknown[] {
    if (key === null || key === undefined) {
      throw new TsparkError("ILLEGAL_STATE_STORE_VALUE.NULL_VALUE", {
        messageParameters: { stateName: this.name },
      });
    }
    return fromExternal(key, this.userKeySchema, "key", false) as unknown[];
  }

  private find(entries: readonly (readonly unknown[])[], userKey: readonly unknown[]): number {
    const want = compactKeyOf(userKey);
    return entries.findIndex((e) => compactKeyOf(e[0] as readonly unknown[]) === want);
  }

  exists(): boolean {
    return this.live().length > 0;
  }

  getValue(key: StateRowInput): unknown[] | undefined {
    const entries = this.live();
    const i = this.find(entries, this.userKey(key));
    return i < 0 ? undefined : toUserRow(entries[i]![1] as readonly unknown[], this.valueSchema);
  }

  containsKey(key: StateRowInput): boolean {
    return this.find(this.live(), this.userKey(key)) >= 0;
  }

  updateValue(key: StateRowInput, value: StateRowInput): void {
    const uk = this.userKey(key);
    const row = toInternalRow(value, this.valueSchema, "value", this.name);
    const entry = this.ttlMs === undefined ? [uk, row] : [uk, row, this.expiration];
    const entries = [...this.stored()];
    const i = this.find(entries, uk);
    if (i < 0) entries.push(entry);
    else entries[i] = entry;
    const { store, key: k } = this.at();
    store.put(k, entries);
    this.wroteWithTtl(store, k);
    this.ctx.rows.updated++;
  }

  /**
   * Spark's RocksDB order: the user keys' encoded bytes within the grouping key's prefix (see
   * state-key-order.ts), not the order the keys were added in.
   */
  *iterator(): IterableIterator<[unknown[], unknown[]]> {
    for (const e of sortByUserKey(this.live(), this.userKeySchema)) {
      yield [
        toUserRow(e[0] as readonly unknown[], this.userKeySchema),
        toUserRow(e[1] as readonly unknown[], this.valueSchema),
      ];
    }
  }

  *keys(): IterableIterator<unknown[]> {
    for (const [k] of this.iterator()) yield k;
  }

  *values(): IterableIterator<unknown[]> {
    for (const [, v] of this.iterator()) yield v;
  }

  removeKey(key: StateRowInput): void {
    const uk = this.userKey(key);
    const entries = [...this.stored()];
    const i = this.find(entries, uk);
    if (i < 0) return;
    entries.splice(i, 1);
    const { store, key: k } = this.at();
    if (entries.length === 0) store.remove(k);
    else store.put(k, entries);
    this.ctx.rows.removed++;
  }

  protected readonly expirationAt = { element: 2 };
}

/**
 * A map's entries (`[userKey, …]`) in Spark's RocksDB order of their user keys (each key
 * encoded once); by value when the user key schema has no encoding here.
 */
export function sortByUserKey<E extends readonly unknown[]>(
  entries: readonly E[],
  userKeySchema: StructType,
): E[] {
  if (entries.length < 2) return [...entries];
  if (!hasUnsafeRowEncoding(userKeySchema)) {
    const cmp = keyRowComparator(userKeySchema);
    return [...entries].sort((a, b) => cmp(a[0] as readonly unknown[], b[0] as readonly unknown[]));
  }
  const keyed = entries.map((e) => ({
    e,
    bytes: wrappedKeyBytes(e[0] as readonly unknown[], userKeySchema),
  }));
  keyed.sort((a, b) => compareBytes(a.bytes, b.bytes));
  return keyed.map((k) => k.e);
}
