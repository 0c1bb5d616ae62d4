// The state partition of a key. Spark's (`murmur3`): HashPartitioning's partitionIdExpression,
// `pmod(Murmur3Hash(keys, 42), numPartitions)` (StatefulOperatorPartitioning; the partition ids
// StateDataSourceReadSuite "partition_id column" expects). The expected values are Spark's
// `hash(1)` = -559580957 and otherwise tspark's own `hash()` (functions/core/hash.ts, checked
// against Spark's documented `hash('Spark', array(123), 2)` = -1321691492 in hash.test.ts).
import assert from "node:assert/strict";
import { test } from "node:test";
import { TsparkError } from "../../common/errors.js";
import { HASH } from "../../functions/core/hash.js";
import {
  doubleBits,
  murmur3Bytes,
  murmur3Double,
  murmur3Long,
  murmur3Utf8,
} from "../../functions/core/hashing.js";
import { argOf, evalScalar } from "../../functions/testing.js";
import {
  BOOLEAN,
  type DataType,
  DATE,
  DecimalType,
  DOUBLE,
  FLOAT,
  INT,
  LONG,
  STRING,
  StructField,
  StructType,
  TIMESTAMP,
} from "../../types/data-type.js";
import { resolvePinnedConf } from "../runtime/micro-batch-execution.js";
import { stateKeyAt, stateKeyOf, statePartitionOf } from "./state-key.js";
import { parseStatePartitioner, STATE_PARTITIONER_CONF, statePartitioner } from "./state-partitioner.js";

const WINDOW = new StructType([
  new StructField("start", TIMESTAMP, true),
  new StructField("end", TIMESTAMP, true),
]);

/** Spark's Pmod(hash(values…), n), through tspark's `hash()`. */
function sparkPartition(types: readonly DataType[], values: readonly unknown[], n: number): number {
  const h = evalScalar(
    HASH,
    types.map((t) => argOf(t)),
    [...values],
  ) as number;
  return ((h % n) + n) % n;
}

test("murmur3: Spark's hash(1) = -559580957, so the int key 1 is in partition 3 of 5 and 43 of 200", () => {
  assert.equal(evalScalar(HASH, [argOf(INT)], [1]), -559580957);
  assert.equal(statePartitioner("murmur3", [INT], 5).ofKey([1]), 3);
  assert.equal(statePartitioner("murmur3", [INT], 200).ofKey([1]), 43);
  // One partition (a global aggregate's): always 0.
  assert.equal(statePartitioner("murmur3", [INT], 1).ofKey([1]), 0);
});

test("murmur3: a null key leaves the seed, pmod(42, n)", () => {
  assert.equal(statePartitioner("murmur3", [INT], 5).ofKey([null]), 2);
  assert.equal(statePartitioner("murmur3", [STRING, INT], 200).ofKey([null, null]), 42);
  // A null among others is skipped: (null, 1) hashes as (1).
  assert.equal(
    statePartitioner("murmur3", [STRING, INT], 7).ofKey([null, 1]),
    statePartitioner("murmur3", [INT], 7).ofKey([1]),
  );
});

test("murmur3: keys of every common type, one or several columns, are Spark's pmod(hash(keys…))", () => {
  const cases: [readonly DataType[], readonly unknown[]][] = [
    [[INT], [-7]],
    [[LONG], [2 ** 40 + 3]],
    [[LONG], [-(2n ** 62n)]],
    [[STRING], ["a"]],
    [[STRING], ["héllo wörld, ünïcode"]],
    [[STRING], ["emoji 😀 and 中文"]],
    [[STRING], [""]],
    [[DOUBLE], [1.5]],
    [[DOUBLE], [-0]],
    [[DOUBLE], [Number.NaN]],
    [[FLOAT], [Math.fround(2.25)]],
    [[BOOLEAN], [true]],
    [[DATE], [19000]],
    [[TIMESTAMP], [1_700_000_000_000_000]],
    [[new DecimalType(10, 2)], [12345n]],
    [[WINDOW], [[10_000_000, 20_000_000]]],
    [
      [STRING, WINDOW],
      ["k", [0, 5_000_000]],
    ],
    [
      [INT, STRING, LONG],
      [3, "Apple", 9],
    ],
  ];
  for (const n of [5, 200]) {
    for (const [types, key] of cases) {
      const p = statePartitioner("murmur3", types, n);
      const expected = sparkPartition(types, key, n);
      assert.equal(
        p.ofKey(key),
        expected,
        `${JSON.stringify(key, (_k, v) => (typeof v === "bigint" ? `${v}n` : v))} over ${n}`,
      );
      const columns = key.map((v) => [0, v]);
      assert.equal(p.ofColumns(columns, 1), expected);
    }
  }
});

test("murmur3Utf8 equals murmur3Bytes of the UTF-8 bytes; murmur3Double equals murmur3Long of the bits", () => {
  const enc = new TextEncoder();
  const strings = [
    "",
    "a",
    "ab",
    "abc",
    "abcd",
    "abcde",
    "é",
    "aé",
    "€uro",
    "😀",
    "x😀yz",
    "\ud800",
    "a\udc00b",
    "中文字",
    "abcdé",
    "abcdefghü",
    "hello world",
    "abcdefgh\ud83d",
  ];
  for (let i = 0; i < 40; i++) strings.push("ü€😀a".repeat(i % 7).slice(0, i));
  for (const s of strings) {
    for (const seed of [42, 0, -1])
      assert.equal(murmur3Utf8(s, seed), murmur3Bytes(enc.encode(s), seed), JSON.stringify(s));
  }
  for (const d of [0, -0, 1, -1.5, 1e300, -1e-300, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60, 0.1]) {
    assert.equal(murmur3Double(d, 42), murmur3Long(doubleBits(d), 42), String(d));
  }
});

test("fnv1a (checkpoints from before the entry): tspark's old partition of the compact key, unchanged", () => {
  const p = statePartitioner("fnv1a", [INT], 5);
  // Pinned: these are where such checkpoints hold their keys.
  assert.deepEqual(
    [1, 2, 3].map((k) => p.ofKey([k])),
    [1, 4, 2],
  );
  const s = statePartitioner("fnv1a", [STRING], 5);
  assert.deepEqual(
    ["a", "b", "c"].map((k) => s.ofKey([k])),
    [0, 3, 3],
  );
  const two = statePartitioner("fnv1a", [STRING, INT], 5);
  assert.equal(two.ofKey(["a", 1]), 3);
  assert.equal(two.ofKey(["a", 1], stateKeyOf(["a", 1])), statePartitionOf(stateKeyOf(["a", 1]), 5));
  const cols = [["a"], [1]];
  assert.equal(two.ofColumns(cols, 0), 3);
  assert.equal(two.ofColumns(cols, 0, stateKeyAt(cols, 2, 0)), 3);
});

test("the conf: murmur3 or fnv1a, anything else is INVALID_CONF_VALUE.REQUIREMENT", () => {
  assert.equal(parseStatePartitioner(undefined), "murmur3");
  assert.equal(parseStatePartitioner(" FNV1A "), "fnv1a");
  assert.throws(
    () => parseStatePartitioner("xxhash"),
    (e: unknown) => e instanceof TsparkError && e.errorClass === "INVALID_CONF_VALUE.REQUIREMENT",
  );
});

test("pinned: a new checkpoint records murmur3, one logged without the entry keeps fnv1a", () => {
  const none = (): undefined => undefined;
  assert.equal(resolvePinnedConf(undefined, none)[STATE_PARTITIONER_CONF], "murmur3");
  // The session may choose for a new checkpoint only.
  const fnv = (k: string) => (k === STATE_PARTITIONER_CONF ? "fnv1a" : undefined);
  assert.equal(resolvePinnedConf(undefined, fnv)[STATE_PARTITIONER_CONF], "fnv1a");
  const legacy = { "spark.sql.shuffle.partitions": "5" };
  const pinned = resolvePinnedConf(legacy, none);
  assert.equal(pinned[STATE_PARTITIONER_CONF], "fnv1a");
  assert.equal(pinned["spark.sql.shuffle.partitions"], "5");
  // Other keys a checkpoint lacks still come from the session (or the default).
  assert.equal(pinned["spark.sql.streaming.multipleWatermarkPolicy"], "min");
  const recorded = { [STATE_PARTITIONER_CONF]: "murmur3" };
  assert.equal(resolvePinnedConf(recorded, fnv)[STATE_PARTITIONER_CONF], "murmur3");
});
