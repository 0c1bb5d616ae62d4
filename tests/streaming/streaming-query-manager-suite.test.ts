// spark.streams, from Spark's StreamingQueryManagerSuite (sql/core/src/test/scala/org/apache/
// spark/sql/streaming/StreamingQueryManagerSuite.scala): the active queries, get by id, and
// awaitAnyTermination with resetTerminated. Spark's datasets `MemoryStream[Int].map(6 / _)` are
// `6 div value`; adding 0 makes a query fail.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import type { DataFrame } from "../../src/api/data-frame.js";
import type { StreamingQuery } from "../../src/api/streaming-query.js";
import { sleep } from "../../src/common/clock.js";
import { MemoryStream } from "../../src/testing/index.js";
import { testSession } from "./scenario.js";

const spark = testSession();
/** Spark's AwaitTerminationTester: a wait that has not settled after 1 s is "blocked". */
const TEST_TIMEOUT_MS = 1000;

function makeDataset(): [MemoryStream, DataFrame] {
  const inputData = new MemoryStream(spark, "value INT");
  return [inputData, inputData.toDF().selectExpr("6 div value AS value")];
}

/** Spark's withQueriesOn: one memory-sink query per dataset, all stopped afterwards. */
async function withQueriesOn(
  datasets: readonly DataFrame[],
  body: (queries: StreamingQuery[]) => Promise<void>,
) {
  const root = mkdtempSync(join(tmpdir(), "tspark-manager-"));
  const queries: StreamingQuery[] = [];
  try {
    for (const [i, ds] of datasets.entries()) {
      queries.push(
        await ds.writeStream
          .format("memory")
          .queryName(`query${i}_${randomUUID().slice(0, 8)}`)
          .option("checkpointLocation", join(root, String(i)))
          .start(),
      );
    }
    await body(queries);
  } finally {
    await Promise.all(queries.map((q) => q.stop()));
    rmSync(root, { recursive: true, force: true });
  }
}

async function eventually(condition: () => boolean, message: string): Promise<void> {
  const deadline = performance.now() + 20_000;
  while (!condition()) {
    if (performance.now() > deadline) assert.fail(`timed out: ${message}`);
    await sleep(5);
  }
}

type Outcome = "blocked" | "returned" | "threw";

async function outcomeOf(
  p: Promise<unknown>,
): Promise<{ outcome: Outcome; value?: unknown; error?: unknown }> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const blocked = new Promise<{ outcome: Outcome }>((resolve) => {
    timer = setTimeout(() => resolve({ outcome: "blocked" }), TEST_TIMEOUT_MS);
  });
  try {
    return await Promise.race([
      p.then(
        (value) => ({ outcome: "returned" as const, value }),
        (error: unknown) => ({ outcome: "threw" as const, error }),
      ),
      blocked,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

// StreamingQueryManagerSuite "listing"
test("listing", async () => {
  const [, ds1] = makeDataset();
  const [m2, ds2] = makeDataset();
  const [, ds3] = makeDataset();
  await withQueriesOn([ds1, ds2, ds3], async (queries) => {
    const [q1, q2, q3] = queries as [StreamingQuery, StreamingQuery, StreamingQuery];
    assert.deepEqual(new Set(spark.streams.active), new Set(queries));
    assert.equal(spark.streams.get(q1.id), q1);
    assert.equal(spark.streams.get(q2.id), q2);
    assert.equal(spark.streams.get(q3.id), q3);
    assert.equal(spark.streams.get(randomUUID()), null); // non-existent id
    await q1.stop();
    assert.deepEqual(new Set(spark.streams.active), new Set([q2, q3]));
    assert.equal(spark.streams.get(q1.id), null);
    assert.equal(spark.streams.get(q2.id), q2);
    m2.addData(0); // q2 should terminate with error
    await eventually(() => !q2.isActive && q2.exception() !== null, "q2 fails");
    await eventually(() => spark.streams.get(q2.id) === null, "q2 leaves the active list");
    assert.deepEqual(new Set(spark.streams.active), new Set([q3]));
  });
});

/** Stops one active query after `afterMs`, cleanly or by feeding it a 0 (a division by zero). */
function stopQueryAsync(
  queries: readonly StreamingQuery[],
  inputs: readonly MemoryStream[],
  afterMs: number,
  withError: boolean,
): StreamingQuery {
  const i = queries.findIndex((q) => q.isActive);
  const q = queries[i] as StreamingQuery;
  setTimeout(() => {
    if (withError) (inputs[i] as MemoryStream).addData(0);
    else void q.stop();
  }, afterMs);
  return q;
}

// StreamingQueryManagerSuite "awaitAnyTermination without timeout and resetTerminated" and
// "awaitAnyTermination with timeout and resetTerminated"
for (const withTimeout of [false, true]) {
  test(`awaitAnyTermination ${withTimeout ? "with" : "without"} timeout and resetTerminated`, async () => {
    spark.streams.resetTerminated();
    const made = Array.from({ length: 5 }, makeDataset);
    const inputs = made.map(([m]) => m);
    const await_ = (): Promise<unknown> =>
      withTimeout ? spark.streams.awaitAnyTermination(2) : spark.streams.awaitAnyTermination();
    await withQueriesOn(
      made.map(([, ds]) => ds),
      async (queries) => {
        assert.deepEqual(new Set(spark.streams.active), new Set(queries));
        // awaitAnyTermination should be blocking
        assert.equal((await outcomeOf(await_())).outcome, "blocked");

        // Stop a query asynchronously and see if it is reported through awaitAnyTermination
        const q1 = stopQueryAsync(queries, inputs, 100, false);
        const stopped = await outcomeOf(await_());
        assert.equal(stopped.outcome, "returned");
        if (withTimeout) assert.equal(stopped.value, true);
        assert.equal(q1.isActive, false); // should be inactive by the time the prev await returned

        // All subsequent calls to awaitAnyTermination should be non-blocking
        assert.equal((await outcomeOf(await_())).outcome, "returned");

        // Resetting termination should make awaitAnyTermination() blocking again
        spark.streams.resetTerminated();
        assert.equal((await outcomeOf(await_())).outcome, "blocked");
        if (withTimeout) {
          // A short timeout returns false when no query ended in time
          assert.equal((await outcomeOf(spark.streams.awaitAnyTermination(0.01))).value, false);
        }

        // Terminate a query asynchronously with exception and see awaitAnyTermination throws it
        const q2 = stopQueryAsync(queries, inputs, 100, true);
        const failed = await outcomeOf(await_());
        assert.equal(failed.outcome, "threw");
        const error = failed.error as { errorClass?: string; cause?: { errorClass?: string } };
        assert.equal(error.errorClass, "STREAM_FAILED");
        assert.equal(error.cause?.errorClass, "DIVIDE_BY_ZERO");
        assert.equal(q2.isActive, false); // should be inactive by the time the prev await returned

        // All subsequent calls to awaitAnyTermination should throw the exception
        assert.equal((await outcomeOf(await_())).outcome, "threw");

        // Resetting termination should make awaitAnyTermination() blocking again
        spark.streams.resetTerminated();
        assert.equal((await outcomeOf(await_())).outcome, "blocked");
      },
    );
  });
}
