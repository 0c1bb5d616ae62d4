/**
 * Row-position functions whose value depends on where a row is evaluated: `spark_partition_id`
 * and `monotonically_increasing_id` (per-partition state through `BoundScalar.makeEval`).
 */
import { INT, LONG } from "../../types/data-type.js";
import type { ScalarFunctionDefinition } from "../function-definition.js";

/** `monotonically_increasing_id()`: `partitionId << 33` plus the row's index within the partition. */
export const MONOTONICALLY_INCREASING_ID: ScalarFunctionDefinition = {
  type: "scalar",
  name: "monotonically_increasing_id",
  args: { min: 0, max: 0 },
  docs: {
    usage:
      "monotonically_increasing_id() - Returns monotonically increasing 64-bit integers. The generated ID is guaranteed to be monotonically increasing and unique, but not consecutive. The current implementation puts the partition ID in the upper 31 bits, and the lower 33 bits represent the record number within each partition.",
    examples: [{ sql: "monotonically_increasing_id()", result: "0" }],
    since: "1.4.0",
  },
  bind: () => {
    const evalAt = (partitionId: number): (() => number | bigint) => {
      const base = partitionId * 2 ** 33;
      let count = 0;
      return () => {
        const v = base + count++;
        return Number.isSafeInteger(v) ? v : (BigInt(partitionId) << 33n) + BigInt(count - 1);
      };
    };
    return {
      dataType: LONG,
      nullable: false,
      nullIntolerant: false,
      deterministic: false,
      eval: evalAt(0),
      makeEval: (ec) => evalAt(ec.partitionId),
    };
  },
};

/** `spark_partition_id()`: the id of the partition evaluating the row. */
export const SPARK_PARTITION_ID: ScalarFunctionDefinition = {
  type: "scalar",
  name: "spark_partition_id",
  args: { min: 0, max: 0 },
  docs: {
    usage: "spark_partition_id() - Returns the current partition id.",
    examples: [{ sql: "spark_partition_id()", result: "0" }],
    since: "1.4.0",
  },
  bind: () => ({
    dataType: INT,
    nullable: false,
    nullIntolerant: false,
    deterministic: false,
    eval: () => 0,
    makeEval: (ec) => () => ec.partitionId,
  }),
};
