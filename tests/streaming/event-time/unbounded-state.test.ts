// tspark's start-time warning for stateful operators that can never evict state
// (src/analysis/unbounded-state.ts): which shapes warn, which do not, and that start() prints them.
import assert from "node:assert/strict";
import { test } from "node:test";
import * as F from "../../../src/api/functions/index.js";
import { unboundedStateWarnings } from "../../../src/analysis/unbounded-state.js";
import { MemoryStream } from "../../../src/testing/index.js";
import { testSession } from "../scenario.js";

const spark = testSession();
const col = F.col;

function events() {
  return new MemoryStream(spark, "user STRING, value INT")
    .toDF()
    .withColumn("ts", F.timestamp_seconds(col("value")))
    .withWatermark("ts", "10 seconds");
}

test("unbounded: aggregation and dedup without a watermarked key", () => {
  const byUser = unboundedStateWarnings(events().groupBy("user").count().plan, "update");
  assert.equal(byUser.length, 1);
  assert.match(
    byUser[0]!,
    /aggregation grouped by \[user\] keeps a state row for every distinct group forever/,
  );
  const dedup = unboundedStateWarnings(events().dropDuplicates(["user"]).plan, "append");
  assert.equal(dedup.length, 1);
  assert.match(dedup[0]!, /deduplication on \[user\] keeps every key it has seen forever/);
  const complete = unboundedStateWarnings(events().groupBy("ts").count().plan, "complete");
  assert.match(complete[0] ?? "", /Complete output mode, which keeps every group in state forever/);
});

test("bounded: watermarked keys, within-watermark dedup, global aggregates, stateless queries", () => {
  assert.deepEqual(unboundedStateWarnings(events().groupBy("ts", "user").count().plan, "update"), []);
  assert.deepEqual(unboundedStateWarnings(events().groupBy("ts").count().plan, "append"), []);
  assert.deepEqual(unboundedStateWarnings(events().dropDuplicates(["user", "ts"]).plan, "append"), []);
  assert.deepEqual(
    unboundedStateWarnings(events().dropDuplicatesWithinWatermark(["user"]).plan, "append"),
    [],
  );
  assert.deepEqual(unboundedStateWarnings(events().agg(F.count("*")).plan, "complete"), []);
  assert.deepEqual(unboundedStateWarnings(events().where(col("value").gt(1)).plan, "append"), []);
});

test("start() prints the warning only with tspark.sql.streaming.warnUnboundedState=true (opt-in)", async () => {
  const written: string[] = [];
  const original = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  }) as typeof process.stderr.write;
  try {
    spark.conf.set("tspark.sql.streaming.warnUnboundedState", "true");
    const q = await events()
      .groupBy("user")
      .count()
      .writeStream.format("memory")
      .queryName("ub1")
      .outputMode("update")
      .start();
    await q.stop();
    spark.conf.unset("tspark.sql.streaming.warnUnboundedState");
    const q2 = await events()
      .groupBy("user")
      .count()
      .writeStream.format("memory")
      .queryName("ub2")
      .outputMode("update")
      .start();
    await q2.stop();
  } finally {
    process.stderr.write = original;
    spark.conf.unset("tspark.sql.streaming.warnUnboundedState");
  }
  const warnings = written.filter((w) => w.startsWith("WARN UnboundedState:"));
  assert.equal(warnings.length, 1, written.join(""));
});
