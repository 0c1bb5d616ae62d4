/**
 * The state partition of a key: which of an operator's `numPartitions` stores holds it, and so the
 * state data source's `partition_id`. Two schemes, chosen per checkpoint (pinned in the offset
 * log under `tspark.sql.streaming.stateStore.partitioner`, see micro-batch-execution.ts):
 *
 * - `murmur3` (new checkpoints): Spark's. A stateful operator's input is hash-partitioned by its
 *   key expressions (StatefulOperatorPartitioning → HashPartitioning), whose partition id is
 *   `pmod(murmur3hash(key…, seed 42), numPartitions)` — the same hash as SQL `hash(key…)`, over
 *   the values by their data type (functions/core/hashing.ts). A key lands in the same partition
 *   as in Spark 4.
 * - `fnv1a` (checkpoints written before tspark recorded the entry): FNV-1a of tspark's compact
 *   key (state-key.ts). Kept so that old checkpoints find their keys where they were stored.
 *
 * A partitioner is built once per operator and batch, with the key's data types; the per-row
 * calls allocate nothing.
 */
import { TsparkError } from "../../common/errors.js";
import { HASH_SEED } from "../../functions/core/hash.js";
import { MURMUR3, makeHasher } from "../../functions/core/hashing.js";
import type { DataType } from "../../types/data-type.js";
import { stateKeyAt, stateKeyOf, statePartitionOf } from "./state-key.js";

/** The pinned conf naming the state partitioning scheme of a checkpoint. */
export const STATE_PARTITIONER_CONF = "tspark.sql.streaming.stateStore.partitioner";

/** The state partitioning schemes (the values of `STATE_PARTITIONER_CONF`). */
export type StatePartitionerKind = "murmur3" | "fnv1a";

/** The scheme of new checkpoints: Spark's. */
export const DEFAULT_STATE_PARTITIONER: StatePartitionerKind = "murmur3";

/** The scheme of a checkpoint whose offset log has no `STATE_PARTITIONER_CONF` entry. */
export const LEGACY_STATE_PARTITIONER: StatePartitionerKind = "fnv1a";

/** Parses the conf value (case-insensitive); anything else is INVALID_CONF_VALUE.REQUIREMENT. */
export function parseStatePartitioner(value: string | undefined): StatePartitionerKind {
  const v = (value ?? DEFAULT_STATE_PARTITIONER).trim().toLowerCase();
  if (v === "murmur3" || v === "fnv1a") return v;
  throw new TsparkError("INVALID_CONF_VALUE.REQUIREMENT", {
    messageParameters: {
      confValue: String(value),
      confName: STATE_PARTITIONER_CONF,
      confRequirement: "The state partitioner must be 'murmur3' (Spark's) or 'fnv1a' (tspark before it).",
    },
  });
}

/**
 * Maps a key to its state partition. Each call gets the key as values and, when the caller has
 * it, as tspark's compact key (what the stores are looked up by); a scheme reads the one it hashes.
 */
export interface StatePartitioner {
  readonly kind: StatePartitionerKind;
  readonly numPartitions: number;
  /**
   * The partition of key row `key`; `compact` is `stateKeyOf(key)` when the caller has it (the
   * legacy scheme hashes it; without it, it is computed).
   */
  ofKey(key: readonly unknown[], compact?: unknown): number;
  /**
   * The partition of the key held in the first key columns of `columns` at row `row`; `compact`
   * is `stateKeyAt(columns, numKeys, row)` when the caller has it.
   */
  ofColumns(columns: readonly (readonly unknown[])[], row: number, compact?: unknown): number;
}

/** Spark's `Pmod(hash, n)`: the non-negative remainder (an int: never `-0`). */
function pmod(h: number, n: number): number {
  const r = h % n;
  return r < 0 ? r + n : r | 0;
}

class Murmur3StatePartitioner implements StatePartitioner {
  readonly kind = "murmur3";
  private readonly hashers: readonly ((v: unknown, seed: number) => number)[];

  constructor(
    keyTypes: readonly DataType[],
    readonly numPartitions: number,
  ) {
    this.hashers = keyTypes.map((t) => makeHasher(t, MURMUR3));
  }

  ofKey(key: readonly unknown[]): number {
    const n = this.numPartitions;
    if (n <= 1) return 0;
    const hs = this.hashers;
    let h = HASH_SEED;
    for (let i = 0; i < hs.length; i++) {
      const v = key[i];
      if (v !== null && v !== undefined) h = hs[i]!(v, h);
    }
    return pmod(h, n);
  }

  ofColumns(columns: readonly (readonly unknown[])[], row: number): number {
    const n = this.numPartitions;
    if (n <= 1) return 0;
    const hs = this.hashers;
    let h = HASH_SEED;
    for (let i = 0; i < hs.length; i++) {
      const v = columns[i]![row];
      if (v !== null && v !== undefined) h = hs[i]!(v, h);
    }
    return pmod(h, n);
  }
}

class Fnv1aStatePartitioner implements StatePartitioner {
  readonly kind = "fnv1a";
  constructor(
    private readonly numKeys: number,
    readonly numPartitions: number,
  ) {}

  ofKey(key: readonly unknown[], compact?: unknown): number {
    return statePartitionOf(compact === undefined ? stateKeyOf(key) : compact, this.numPartitions);
  }

  ofColumns(columns: readonly (readonly unknown[])[], row: number, compact?: unknown): number {
    return statePartitionOf(
      compact === undefined ? stateKeyAt(columns, this.numKeys, row) : compact,
      this.numPartitions,
    );
  }
}

/**
 * The partitioner of an operator whose state key has `keyTypes` (in key order), over
 * `numPartitions` stores. Deterministic: the same key gets the same partition in every batch,
 * run and process.
 */
export function statePartitioner(
  kind: StatePartitionerKind,
  keyTypes: readonly DataType[],
  numPartitions: number,
): StatePartitioner {
  return kind === "murmur3"
    ? new Murmur3StatePartitioner(keyTypes, numPartitions)
    : new Fnv1aStatePartitioner(keyTypes.length, numPartitions);
}
