/**
 * Reading one transformWithState state variable (`stateVarName`) or the operator's timers
 * (`readRegisteredTimers`) through the state data source, in Spark's shapes
 * (StateDataSourceTransformWithStateSuite, SchemaUtil.generateSchemaForStateVar):
 *
 *     value:                    key struct<…>, value struct<…>, partition_id int
 *     list (flattened):         key, list_element struct<…> (one row per element), partition_id
 *     list (not flattened):     key, list_value array<struct<…>>, partition_id
 *     map (flattened):          key, user_map_key struct<…>, user_map_value struct<…>, partition_id
 *     map (not flattened):      key, map_value map<struct<…>, struct<…>>, partition_id
 *     timers:                   key struct<…>, expiration_timestamp_ms long, partition_id
 *
 * A value with TTL is `struct<value struct<…>, ttlExpirationMs long>`, as Spark stores it (a list
 * element is stored as its row, or `[row, expirationMs]` with TTL — the source's value as is). The
 * variable's kind comes from the operator's recorded properties (`stateVariableType`), or, in a
 * checkpoint without them, from its store's value schema (stateful-processor-handle-impl.ts's
 * layout: a list is `values array<…>`, a map `entries array<struct<userKey, value, …>>`); map
 * entries come in Spark's RocksDB order of their user keys.
 *
 * With `readChangeFeed` (StateDataSourceTransformWithStateSuite's "cdf integration" tests) a list
 * or map variable's changes are per element, as Spark's RocksDB changelog holds them (a list
 * element appended is a merge record, each map entry a key of its own):
 *
 *     list: batch_id, change_type, key, list_element struct<…>, partition_id
 *     map:  batch_id, change_type, key, user_map_key struct<…>, user_map_value struct<…>, partition_id
 *
 * tspark stores a key's list or map as one value, so the changes are found by comparing the key's
 * value before and after each batch. A list:
 *
 *     before a prefix of after                        append per element added
 *     gone                                            delete (null element)
 *     TTL: elements left in order, then new ones,     append per new element, then delete and an
 *       and every element gone had expired by the     update per element of the list (Spark's TTL
 *       batch's timestamp                             cleanup removes the key and puts the rest)
 *     otherwise (put)                                 update per element
 *
 * A map: an entry added or changed is an `update` row, an entry gone a `delete` row (null value).
 * A value written again unchanged in a batch does not show (Spark's changelog would hold it), nor
 * does a key written and removed within one batch.
 */
import { sortByUserKey, timerStoreName } from "../../physical/stateful-processor-handle-impl.js";
import {
  ArrayType,
  type DataType,
  INT,
  LONG,
  MapType,
  StructField,
  StructType,
} from "../../types/data-type.js";
import { MapValue } from "../../data/values.js";
import type { StateSchema } from "../checkpoint/state-schema.js";
import { STRING } from "../../types/data-type.js";
import { encodeStateValue } from "../state/state-codec.js";

/** How one variable's (or the timers') stored pairs become the source's rows. */
export interface TwsStateShape {
  readonly schema: StructType;
  /** The rows of one stored pair (`key`: the grouping key row). */
  readonly rows: (key: readonly unknown[], value: unknown, partitionId: number) => unknown[][];
}

/** How one list or map variable's change of a key in a batch becomes the change feed's rows. */
export interface TwsChangeShape {
  readonly schema: StructType;
  /**
   * The rows of the change of `key` in batch `batchId`: its stored value before and after the
   * batch (undefined: absent).
   */
  readonly rows: (
    batchId: number,
    key: readonly unknown[],
    before: unknown,
    after: unknown,
    partitionId: number,
    batchTimestampMs: number,
  ) => unknown[][];
}

/** The timers' store names, in the order they are looked for. */
export const TIMER_STORE_NAMES = [timerStoreName("ProcessingTime"), timerStoreName("EventTime")] as const;

/** What a list's or a map's store holds, read from its value schema (see the header). */
type Collection =
  | { readonly kind: "list"; readonly elementType: DataType; readonly ttl: boolean }
  | {
      readonly kind: "map";
      readonly userKey: StructType;
      readonly mapValue: DataType;
      /** A stored entry's value as the source shows it. */
      readonly entryValue: (e: readonly unknown[]) => unknown;
    };

function collectionOf(stored: StateSchema, recordedType: string | undefined): Collection | undefined {
  const value = stored.valueSchema;
  // A value variable whose own schema looks like a list's or a map's layout stays a value.
  const only = value.fields.length === 1 && recordedType !== "ValueState" ? value.fields[0] : undefined;
  const element = only?.dataType.kind === "array" ? only.dataType.elementType : undefined;
  if (only?.name === "values" && element?.kind === "struct") {
    const ttl = element.fields.some((f) => f.name === "ttlExpirationMs");
    return { kind: "list", elementType: ttl ? element : element.fields[0]!.dataType, ttl };
  }
  if (only?.name === "entries" && element?.kind === "struct" && element.fields[0]?.name === "userKey") {
    const userKey = element.fields[0].dataType as StructType;
    const valueType = element.fields[1]!.dataType;
    const ttl = element.fields.length > 2;
    const mapValue: DataType = ttl
      ? new StructType([
          new StructField("value", valueType, true),
          new StructField("ttlExpirationMs", LONG, true),
        ])
      : valueType;
    return { kind: "map", userKey, mapValue, entryValue: (e) => (ttl ? [e[1], e[2]] : e[1]) };
  }
  return undefined;
}

/** The shape of a variable's store (see the header). */
export function variableShape(stored: StateSchema, flatten: boolean, recordedType?: string): TwsStateShape {
  const key = stored.keySchema;
  const value = stored.valueSchema;
  const collection = collectionOf(stored, recordedType);
  if (collection?.kind === "list") {
    const elementType = collection.elementType;
    if (flatten) {
      return {
        schema: schemaOf(key, [new StructField("list_element", elementType)]),
        rows: (k, v, p) => (v as readonly unknown[]).map((e) => [[...k], e, p]),
      };
    }
    return {
      schema: schemaOf(key, [new StructField("list_value", new ArrayType(elementType, true))]),
      rows: (k, v, p) => [[[...k], [...(v as readonly unknown[])], p]],
    };
  }
  if (collection?.kind === "map") {
    const { userKey, mapValue, entryValue } = collection;
    const sorted = (v: unknown) => sortByUserKey(v as readonly (readonly unknown[])[], userKey);
    if (flatten) {
      return {
        schema: schemaOf(key, [
          new StructField("user_map_key", userKey),
          new StructField("user_map_value", mapValue),
        ]),
        rows: (k, v, p) => sorted(v).map((e) => [[...k], e[0], entryValue(e), p]),
      };
    }
    return {
      schema: schemaOf(key, [new StructField("map_value", new MapType(userKey, mapValue, true))]),
      rows: (k, v, p) => {
        const entries = sorted(v);
        return [
          [
            [...k],
            new MapValue(
              entries.map((e) => e[0]),
              entries.map(entryValue),
            ),
            p,
          ],
        ];
      },
    };
  }
  return {
    schema: schemaOf(key, [new StructField("value", value)]),
    rows: (k, v, p) => [[[...k], storedValue(v, value.fields.length), p]],
  };
}

/**
 * The change feed's shape of a list or map variable's store (see the header); undefined for a
 * value variable (its change feed is the store's, `value` as stored).
 */
export function variableChangeShape(stored: StateSchema, recordedType?: string): TwsChangeShape | undefined {
  const collection = collectionOf(stored, recordedType);
  if (collection === undefined) return undefined;
  const changeSchema = (middle: readonly StructField[]) =>
    new StructType([
      new StructField("batch_id", LONG),
      new StructField("change_type", STRING),
      new StructField("key", stored.keySchema),
      ...middle,
      new StructField("partition_id", INT),
    ]);
  if (collection.kind === "list") {
    const ttl = collection.ttl;
    return {
      schema: changeSchema([new StructField("list_element", collection.elementType)]),
      rows: (batchId, key, before, after, p, batchTimestampMs) => {
        const row = (type: string, element: unknown) => [batchId, type, [...key], element, p];
        const old = (before ?? []) as readonly unknown[];
        if (after === undefined) return old.length > 0 ? [row("delete", null)] : [];
        const now = after as readonly unknown[];
        const was = old.map(bytesOf);
        const is = now.map(bytesOf);
        if (was.length <= is.length && was.every((x, i) => x === is[i]))
          return now.slice(old.length).map((e) => row("append", e));
        if (ttl) {
          // The longest start of the new list that is the old one with elements taken out.
          const kept: boolean[] = new Array(was.length).fill(false);
          let k = 0;
          let j = 0;
          while (k < is.length) {
            let m = j;
            while (m < was.length && was[m] !== is[k]) m++;
            if (m === was.length) break;
            kept[m] = true;
            j = m + 1;
            k++;
          }
          const expired = old.every(
            (e, i) => kept[i] || Number((e as readonly unknown[])[1]) <= batchTimestampMs,
          );
          if (expired) {
            const out = now.slice(k).map((e) => row("append", e));
            out.push(row("delete", null));
            for (const e of now) out.push(row("update", e));
            return out;
          }
        }
        return now.map((e) => row("update", e));
      },
    };
  }
  const { userKey, mapValue, entryValue } = collection;
  return {
    schema: changeSchema([
      new StructField("user_map_key", userKey),
      new StructField("user_map_value", mapValue),
    ]),
    rows: (batchId, key, before, after, p) => {
      const entries = (v: unknown) => sortByUserKey((v ?? []) as readonly (readonly unknown[])[], userKey);
      const old = new Map(entries(before).map((e) => [bytesOf(e[0]), e] as const));
      const out: unknown[][] = [];
      for (const e of entries(after)) {
        const k = bytesOf(e[0]);
        const prev = old.get(k);
        old.delete(k);
        if (prev !== undefined && bytesOf(entryValue(prev)) === bytesOf(entryValue(e))) continue;
        out.push([batchId, "update", [...key], e[0], entryValue(e), p]);
      }
      for (const e of old.values()) out.push([batchId, "delete", [...key], e[0], null, p]);
      return out;
    },
  };
}

/** A stored value's exact encoding as text (equal exactly when the values are). */
function bytesOf(v: unknown): string {
  return Buffer.from(encodeStateValue(v)).toString("latin1");
}

/** The timers' shape: the stored key is the grouping key's columns then the expiry. */
export function timersShape(stored: StateSchema): TwsStateShape {
  const grouping = new StructType(stored.keySchema.fields.slice(0, -1));
  return {
    schema: schemaOf(grouping, [new StructField("expiration_timestamp_ms", LONG)]),
    rows: (k, _v, p) => [[k.slice(0, -1), k.at(-1) ?? null, p]],
  };
}

function schemaOf(key: StructType, middle: readonly StructField[]): StructType {
  return new StructType([new StructField("key", key), ...middle, new StructField("partition_id", INT)]);
}

/** A value variable's stored value as its struct (a bare row, or [row, expiration] with TTL). */
function storedValue(v: unknown, nFields: number): unknown {
  if (Array.isArray(v) && v.length === nFields) return [...v];
  return [v];
}
