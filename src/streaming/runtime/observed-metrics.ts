/**
 * Observed metrics of a streaming progress (`df.observe(name, …)` results): one row per name, held
 * in the internal value representation with its schema, and its JSON as Spark's `Row.jsonValue`
 * writes it — fields in schema order, nulls as `null`, doubles as Java prints them, decimals exact,
 * dates `yyyy-MM-dd`, timestamps in the session time zone like CAST to STRING, binary base64,
 * string-keyed maps as objects with sorted keys, other maps as `[{"key":…,"value":…}]`.
 *
 *     schema c1 long, c2 double; values [1, 3]  →  {"c1":1,"c2":3.0}
 */
import { internalError } from "../../common/errors.js";
import { formatDate, formatTimestamp } from "../../data/datetime.js";
import { calendarIntervalToString, decimalToJavaString } from "../../data/render.js";
import type { CalendarInterval, MapValue } from "../../data/values.js";
import type { DataType, StructType } from "../../types/data-type.js";
import { jsonArray, jsonBool, jsonDouble, jsonLong, jsonObject, jsonString } from "./progress-json.js";

/** One observed-metrics row: values by field position, in the internal representation. */
export interface ObservedMetricsRow {
  readonly schema: StructType;
  readonly values: readonly unknown[];
}

function unsupported(value: unknown, dataType: DataType): never {
  throw internalError(
    `Failed to convert value ${String(value)} with the type of ${dataType.simpleString()} to JSON.`,
  );
}

function valueJson(value: unknown, dataType: DataType, timeZone: string): string {
  if (value === null) return "null";
  switch (dataType.kind) {
    case "boolean":
      return jsonBool(value as boolean);
    case "byte":
    case "short":
    case "int":
    case "long":
      return jsonLong(value as number | bigint);
    case "float":
    case "double":
      return jsonDouble(value as number);
    case "decimal":
      return decimalToJavaString(value as bigint, dataType.scale);
    case "string":
      return jsonString(value as string);
    case "binary":
      return jsonString(Buffer.from(value as Uint8Array).toString("base64"));
    case "date":
      return jsonString(formatDate(value as number));
    case "timestamp":
      return jsonString(formatTimestamp(value as number, timeZone));
    case "calendar_interval":
      return jsonString(calendarIntervalToString(value as CalendarInterval));
    case "array":
      return jsonArray((value as unknown[]).map((v) => valueJson(v, dataType.elementType, timeZone)));
    case "map": {
      const m = value as MapValue;
      if (dataType.keyType.kind === "string") {
        const order = m.keys
          .map((_, i) => i)
          .sort((a, b) => {
            const ka = m.keys[a] as string;
            const kb = m.keys[b] as string;
            return ka < kb ? -1 : ka > kb ? 1 : 0;
          });
        return jsonObject(
          order.map((i) => [m.keys[i] as string, valueJson(m.values[i], dataType.valueType, timeZone)]),
        );
      }
      return jsonArray(
        m.keys.map((k, i) =>
          jsonObject([
            ["key", valueJson(k, dataType.keyType, timeZone)],
            ["value", valueJson(m.values[i], dataType.valueType, timeZone)],
          ]),
        ),
      );
    }
    case "struct":
      return structJson(value as readonly unknown[], dataType, timeZone);
    default:
      return unsupported(value, dataType);
  }
}

function structJson(values: readonly unknown[], schema: StructType, timeZone: string): string {
  return jsonObject(
    values.map((v, i) => {
      const field = schema.fields[i];
      if (field === undefined)
        throw internalError(`Observed metrics row has more values than its schema has fields.`);
      return [field.name, valueJson(v, field.dataType, timeZone)];
    }),
  );
}

/**
 * The compact JSON of an observed-metrics row (Spark's `Row.jsonValue`). `timeZone` is the session
 * time zone used for TIMESTAMP values. TIMESTAMP_NTZ, ANSI interval and void values are rejected
 * (INTERNAL_ERROR), as Spark's converter has no case for them either.
 */
export function observedMetricsRowJson(row: ObservedMetricsRow, timeZone = "UTC"): string {
  return structJson(row.values, row.schema, timeZone);
}
