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

/** How one variable's (or the timers') stored pairs become the source's rows. */
export interface TwsStateShape {
  readonly schema: StructType;
  /** The rows of one stored pair (`key`: the grouping key row). */
  readonly rows: (key: readonly unknown[], value: unknown, partitionId: number) => unknown[][];
}

/** The timers' store names, in the order they are looked for. */
export const TIMER_STORE_NAMES = [timerStoreName("ProcessingTime"), timerStoreName("EventTime")] as const;

/** The shape of a variable's store (see the header). */
export function variableShape(stored: StateSchema, flatten: boolean, recordedType?: string): TwsStateShape {
  const key = stored.keySchema;
  const value = stored.valueSchema;
  // A value variable whose own schema looks like a list's or a map's layout stays a value.
  const only = value.fields.length === 1 && recordedType !== "ValueState" ? value.fields[0] : undefined;
  const element = only?.dataType.kind === "array" ? only.dataType.elementType : undefined;
  if (only?.name === "values" && element?.kind === "struct") {
    const ttl = element.fields.some((f) => f.name === "ttlExpirationMs");
    const elementType: DataType = ttl ? element : element.fields[0]!.dataType;
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
    const entryValue = (e: readonly unknown[]) => (ttl ? [e[1], e[2]] : e[1]);
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
