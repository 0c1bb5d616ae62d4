/**
 * Map functions: `map` (alias `create_map`), `map_from_arrays`, `map_from_entries`, `map_keys`,
 * `map_values`, `map_entries`, `map_concat`, `map_contains_key`, `str_to_map`.
 */
import { TsparkError } from "../../common/errors.js";
import type { MapValue } from "../../data/values.js";
import { findWiderCommonType } from "../../types/coercion.js";
import {
  ArrayType,
  BOOLEAN,
  type DataType,
  MapType,
  NULL_TYPE,
  STRING,
  StructField,
  StructType,
} from "../../types/data-type.js";
import type { BindContext, ScalarFunctionDefinition } from "../function-definition.js";
import { typeMismatch } from "../errors.js";
import { constValue } from "../string/helpers.js";
import { utf8SplitLookup } from "../string/split.js";
import {
  callSql,
  dataDiffTypes,
  hashKeyFn,
  MapBuilder,
  mapKeyLastWin,
  renderKey,
  requireArray,
  requireElementType,
  requireMap,
  widerWithoutStringPromotion,
  wrongArgType,
} from "./helpers.js";

/** Map keys may not be (or contain) maps: they have no equality in Spark. */
function containsMap(t: DataType): boolean {
  switch (t.kind) {
    case "map":
      return true;
    case "array":
      return containsMap(t.elementType);
    case "struct":
      return t.fields.some((f) => containsMap(f.dataType));
    default:
      return false;
  }
}

function builderFor(keyType: DataType, ctx: BindContext): MapBuilder {
  return new MapBuilder(hashKeyFn(keyType), mapKeyLastWin(ctx.conf), renderKey);
}

/** `map(k1, v1, …)`: a map from key/value argument pairs (PySpark `create_map`). */
export const mapFunction: ScalarFunctionDefinition = {
  type: "scalar",
  name: "map",
  aliases: ["create_map"],
  args: { min: 0, max: Number.POSITIVE_INFINITY },
  docs: {
    usage: "map(key0, value0, key1, value1, ...) - Creates a map with the given key/value pairs.",
    examples: [{ sql: "map(1.0, '2', 3.0, '4')", result: "{1.0 -> 2, 3.0 -> 4}" }],
    since: "2.0.0",
  },
  sql: (args) => `map(${args.join(", ")})`,
  coerce: (types) => {
    const k = findWiderCommonType(types.filter((_, i) => i % 2 === 0));
    const v = findWiderCommonType(types.filter((_, i) => i % 2 === 1));
    return types.map((_, i) => (i % 2 === 0 ? k : v));
  },
  bind(args, ctx) {
    if (args.length % 2 !== 0) {
      throw new TsparkError("WRONG_NUM_ARGS.WITHOUT_SUGGESTION", {
        messageParameters: {
          functionName: "`map`",
          expectedNum: "2n (n > 0)",
          actualNum: String(args.length),
        },
      });
    }
    const keyTypes = args.filter((_, i) => i % 2 === 0).map((a) => a.dataType);
    const valueArgs = args.filter((_, i) => i % 2 === 1);
    const k = args.length === 0 ? NULL_TYPE : findWiderCommonType(keyTypes);
    if (!k) throw dataDiffTypes("map", args, keyTypes);
    if (containsMap(k)) {
      throw typeMismatch("INVALID_MAP_KEY_TYPE", callSql("map", args), { keyType: `"${k.sql()}"` });
    }
    const v = args.length === 0 ? NULL_TYPE : findWiderCommonType(valueArgs.map((a) => a.dataType));
    if (!v)
      throw dataDiffTypes(
        "map",
        args,
        valueArgs.map((a) => a.dataType),
      );
    const b = builderFor(k, ctx);
    return {
      dataType: new MapType(
        k,
        v,
        valueArgs.some((a) => a.nullable),
      ),
      nullable: false,
      nullIntolerant: false,
      eval: (...xs) => {
        for (let i = 0; i < xs.length; i += 2) b.put(xs[i], xs[i + 1]);
        return b.build();
      },
    };
  },
};

/** `map_from_arrays(keys, values)`: zips a key array and a value array into a map. */
export const mapFromArraysFunction: ScalarFunctionDefinition = {
  type: "scalar",
  name: "map_from_arrays",
  args: { min: 2, max: 2 },
  docs: {
    usage:
      "map_from_arrays(keys, values) - Creates a map from an array of keys and an array of values; keys must not be null.",
    examples: [{ sql: "map_from_arrays(array(1.0, 3.0), array('2', '4'))", result: "{1.0 -> 2, 3.0 -> 4}" }],
    since: "2.4.0",
  },
  bind(args, ctx) {
    const kt = requireArray("map_from_arrays", args, 0);
    const vt = requireArray("map_from_arrays", args, 1);
    const b = builderFor(kt.elementType, ctx);
    return {
      dataType: new MapType(kt.elementType, vt.elementType, vt.containsNull),
      nullable: args.some((a) => a.nullable),
      eval: (keys, values) => {
        const ks = keys as readonly unknown[];
        const vs = values as readonly unknown[];
        if (ks.length !== vs.length) {
          throw new TsparkError("ILLEGAL_ARGUMENT", {
            messageParameters: {
              message: "The key array and value array of MapData must have the same length.",
            },
          });
        }
        for (let i = 0; i < ks.length; i++) b.put(ks[i], vs[i]);
        return b.build();
      },
    };
  },
};

/** `map_from_entries(array<struct<k, v>>)`: a map from an array of key/value structs. */
export const mapFromEntriesFunction: ScalarFunctionDefinition = {
  type: "scalar",
  name: "map_from_entries",
  args: { min: 1, max: 1 },
  docs: {
    usage:
      "map_from_entries(arrayOfEntries) - Returns a map created from the given array of entries (null if an entry is null).",
    examples: [
      { sql: "map_from_entries(array(struct(1, 'a'), struct(2, 'b')))", result: "{1 -> a, 2 -> b}" },
    ],
    since: "2.4.0",
  },
  bind(args, ctx) {
    const at = requireArray("map_from_entries", args, 0);
    const st = at.elementType;
    if (st.kind !== "struct" || st.fields.length !== 2) {
      throw wrongArgType("map_from_entries", args, 0, '"ARRAY" of pair "STRUCT"');
    }
    const [kf, vf] = st.fields as [StructField, StructField];
    const b = builderFor(kf.dataType, ctx);
    return {
      dataType: new MapType(kf.dataType, vf.dataType, vf.nullable),
      nullable: args[0]?.nullable !== false || at.containsNull,
      eval: (arr) => {
        const entries = arr as readonly (readonly unknown[] | null)[];
        for (const e of entries) {
          if (e === null) {
            b.build();
            return null;
          }
          b.put(e[0] ?? null, e[1] ?? null);
        }
        return b.build();
      },
    };
  },
};

/** `map_keys(map)`: the keys of a map as an unordered array. */
export const mapKeysFunction: ScalarFunctionDefinition = {
  type: "scalar",
  name: "map_keys",
  args: { min: 1, max: 1 },
  docs: {
    usage: "map_keys(map) - Returns an unordered array containing the keys of the map.",
    examples: [{ sql: "map_keys(map(1, 'a', 2, 'b'))", result: "[1, 2]" }],
    since: "2.0.0",
  },
  bind(args) {
    const mt = requireMap("map_keys", args, 0);
    return {
      dataType: new ArrayType(mt.keyType, false),
      nullable: args[0]?.nullable ?? true,
      eval: (m) => (m as MapValue).keys.slice(),
    };
  },
};

/** `map_values(map)`: the values of a map as an unordered array. */
export const mapValuesFunction: ScalarFunctionDefinition = {
  type: "scalar",
  name: "map_values",
  args: { min: 1, max: 1 },
  docs: {
    usage: "map_values(map) - Returns an unordered array containing the values of the map.",
    examples: [{ sql: "map_values(map(1, 'a', 2, 'b'))", result: "[a, b]" }],
    since: "2.0.0",
  },
  bind(args) {
    const mt = requireMap("map_values", args, 0);
    return {
      dataType: new ArrayType(mt.valueType, mt.valueContainsNull),
      nullable: args[0]?.nullable ?? true,
      eval: (m) => (m as MapValue).values.slice(),
    };
  },
};

/** `map_entries(map)`: the entries of a map as an array of `struct<key, value>`. */
export const mapEntriesFunction: ScalarFunctionDefinition = {
  type: "scalar",
  name: "map_entries",
  args: { min: 1, max: 1 },
  docs: {
    usage: "map_entries(map) - Returns an unordered array of all entries in the given map.",
    examples: [{ sql: "map_entries(map(1, 'a', 2, 'b'))", result: "[{1, a}, {2, b}]" }],
    since: "3.0.0",
  },
  bind(args) {
    const mt = requireMap("map_entries", args, 0);
    const st = new StructType([
      new StructField("key", mt.keyType, false),
      new StructField("value", mt.valueType, mt.valueContainsNull),
    ]);
    return {
      dataType: new ArrayType(st, false),
      nullable: args[0]?.nullable ?? true,
      eval: (m) => {
        const mv = m as MapValue;
        const out = new Array<unknown>(mv.keys.length);
        for (let i = 0; i < out.length; i++) out[i] = [mv.keys[i], mv.values[i]];
        return out;
      },
    };
  },
};

/** `map_concat(map, …)`: the union of the given maps (duplicate keys follow mapKeyDedupPolicy). */
export const mapConcatFunction: ScalarFunctionDefinition = {
  type: "scalar",
  name: "map_concat",
  args: { min: 0, max: Number.POSITIVE_INFINITY },
  docs: {
    usage: "map_concat(map, ...) - Returns the union of all the given maps.",
    examples: [{ sql: "map_concat(map(1, 'a', 2, 'b'), map(3, 'c'))", result: "{1 -> a, 2 -> b, 3 -> c}" }],
    since: "2.4.0",
  },
  coerce: (types) => {
    const t = types.every((x) => x.kind === "map") ? findWiderCommonType(types) : undefined;
    return t ? types.map(() => t) : [];
  },
  bind(args, ctx) {
    args.forEach((_, i) => {
      requireMap("map_concat", args, i);
    });
    const types = args.map((a) => a.dataType);
    const t = args.length === 0 ? new MapType(STRING, STRING, false) : findWiderCommonType(types);
    if (t?.kind !== "map") throw dataDiffTypes("map_concat", args, types);
    const b = builderFor(t.keyType, ctx);
    return {
      dataType: t,
      nullable: args.some((a) => a.nullable),
      eval: (...maps) => {
        for (const m of maps as MapValue[]) {
          for (let i = 0; i < m.keys.length; i++) b.put(m.keys[i], m.values[i]);
        }
        return b.build();
      },
    };
  },
};

/** `map_contains_key(map, key)`: whether the map has the key. */
export const mapContainsKeyFunction: ScalarFunctionDefinition = {
  type: "scalar",
  name: "map_contains_key",
  args: { min: 2, max: 2 },
  docs: {
    usage: "map_contains_key(map, key) - Returns true if the map contains the key.",
    examples: [{ sql: "map_contains_key(map(1, 'a', 2, 'b'), 1)", result: "true" }],
    since: "3.3.0",
  },
  coerce: (types) => {
    const m = types[0];
    const k = types[1];
    if (m?.kind !== "map" || !k) return [];
    const w = widerWithoutStringPromotion(m.keyType, k);
    return w ? [new MapType(w, m.valueType, m.valueContainsNull), w] : [];
  },
  bind(args) {
    const mt = requireMap("map_contains_key", args, 0);
    requireElementType("map_contains_key", args, "MAP", mt.keyType, args[0]!.dataType, args[1]);
    const key = hashKeyFn(mt.keyType);
    return {
      dataType: BOOLEAN,
      nullable: args.some((a) => a.nullable),
      eval: (m, k) => {
        const mv = m as MapValue;
        const h = key(k);
        for (const x of mv.keys) if (key(x) === h) return true;
        return false;
      },
    };
  },
};

/** `str_to_map(text[, pairDelim[, keyValueDelim]])`: splits text into a map (delimiters are regexes). */
export const strToMapFunction: ScalarFunctionDefinition = {
  type: "scalar",
  name: "str_to_map",
  args: { min: 1, max: 3 },
  docs: {
    usage:
      "str_to_map(text[, pairDelim[, keyValueDelim]]) - Splits text into key/value pairs using the delimiters (regular expressions; default ',' and ':').",
    examples: [{ sql: "str_to_map('a:1,b:2,c:3', ',', ':')", result: "{a -> 1, b -> 2, c -> 3}" }],
    since: "2.0.1",
  },
  sql: (args) => `str_to_map(${[args[0], args[1] ?? ",", args[2] ?? ":"].join(", ")})`,
  coerce: (types) => types.map(() => STRING),
  bind(args, ctx) {
    // Spark: text.split(pairDelim, -1), then each entry.split(keyValueDelim, 2) (Java regexes,
    // UTF8String.split rules; literal delimiters split without a regex).
    const splitPairs = utf8SplitLookup("str_to_map", args[1] === undefined ? "," : constValue(args[1]));
    const splitKv = utf8SplitLookup("str_to_map", args[2] === undefined ? ":" : constValue(args[2]));
    const b = builderFor(STRING, ctx);
    return {
      dataType: new MapType(STRING, STRING, true),
      nullable: args.some((a) => a.nullable),
      eval: (text, pairDelim, kvDelim) => {
        for (const pair of splitPairs(text as string, (pairDelim as string | undefined) ?? ",", -1)) {
          const kv = splitKv(pair, (kvDelim as string | undefined) ?? ":", 2);
          b.put(kv[0]!, kv.length === 2 ? kv[1]! : null);
        }
        return b.build();
      },
    };
  },
};
