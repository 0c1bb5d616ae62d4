/**
 * The restart of a stateful query in a fresh process (bench/workloads/fault-tolerance.ts and
 * state-disk.ts): argv = JSON {kind, shape, checkpoint, providerClass?}. Starts the query on the
 * checkpoint a parent run left (so its first batch must load the state from the checkpoint's
 * files) and prints one JSON line: the time from `start()` to the end of the first batch, the
 * process's time before `start()` (module loading), and the state rows the first batch saw.
 */
import { SparkSession } from "tspark";
import { ProgressWatch } from "./progress-watch.js";
import { type StatefulKind, type StatefulShape, statefulQuery } from "./stateful-query.js";

interface Args {
  readonly kind: StatefulKind;
  readonly shape: StatefulShape;
  readonly checkpoint: string;
  readonly providerClass?: string;
}

const args = JSON.parse(process.argv[2] ?? "{}") as Args;
const spark = SparkSession.builder.appName("bench-restart").getOrCreate();
if (args.providerClass) spark.conf.set("spark.sql.streaming.stateStore.providerClass", args.providerClass);
const watch = new ProgressWatch(spark);
const beforeStartMs = performance.now();
const t0 = performance.now();
const query = await statefulQuery(spark, args.kind, args.shape, "bench_restart", args.checkpoint).start();
watch.follow(query.id);
while (watch.progress.length === 0) {
  if (!query.isActive) {
    process.stderr.write(`the restarted query ended before its first batch: ${query.exception()?.message}\n`);
    process.exit(1);
  }
  await new Promise((r) => setTimeout(r, 1));
}
const startToFirstBatchMs = performance.now() - t0;
const first = watch.progress[0]!;
await query.stop();
watch.detach();
process.stdout.write(
  `${JSON.stringify({
    startToFirstBatchMs,
    processStartMs: beforeStartMs,
    batchId: first.batchId,
    stateRows: first.stateOperators[0]?.numRowsTotal ?? -1,
    firstBatchDurations: Object.fromEntries(first.durationMs ?? []),
    rssBytes: process.memoryUsage.rss(),
  })}\n`,
);
