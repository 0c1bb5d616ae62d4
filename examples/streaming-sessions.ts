// Arbitrary stateful processing: click sessions per user with applyInPandasWithState (rows
// instead of pandas frames). The function keeps each user's click count as its state and sets an
// event-time timeout 30 seconds after the user's latest click; once the watermark (the latest
// event time seen minus 10 seconds) passes it, the function is called once more with no rows and
// hasTimedOut set, emits the closed session and removes the state.
import { GroupStateTimeout, SparkSession } from "tspark";
import { MemoryStream } from "tspark/testing";

const spark = SparkSession.builder
  .appName("Sessions")
  .master("local[1]")
  .config("spark.sql.session.timeZone", "UTC")
  .config("spark.sql.shuffle.partitions", 2)
  .getOrCreate();

const clicks = new MemoryStream(spark, "user STRING, ts TIMESTAMP");
const sessions = clicks
  .toDF()
  .withWatermark("ts", "10 seconds")
  .groupBy("user")
  .applyInPandasWithState(
    (key, rows, state) => {
      const [user] = key;
      if (state.hasTimedOut) {
        const [count] = state.get;
        state.remove();
        return [{ user, clicks: count, closed: true }];
      }
      let count = Number(state.getOption?.[0] ?? 0);
      let last = 0;
      for (const row of rows) {
        count += 1;
        last = Math.max(last, (row.ts as Date).getTime());
      }
      state.update([count]);
      state.setTimeoutTimestamp(last, "30 seconds");
      return [{ user, clicks: count, closed: false }];
    },
    "user STRING, clicks LONG, closed BOOLEAN",
    "clicks LONG",
    "update",
    GroupStateTimeout.EventTimeTimeout,
  );

const query = await sessions.writeStream.format("memory").queryName("sessions").outputMode("update").start();

const at = (seconds: number) => new Date(seconds * 1000);
async function batch(...rows: [string, Date][]): Promise<void> {
  clicks.addData(...rows);
  await query.processAllAvailable();
}

await batch(["ann", at(100)], ["ann", at(105)], ["bob", at(108)]); // watermark 98 s
await batch(["ann", at(120)]); // watermark 110 s: nothing closes
await batch(["carl", at(170)]); // watermark 160 s: bob (timeout 138 s) and ann (150 s) close

await spark.table("sessions").orderBy("user", "clicks", "closed").show();
await query.stop();
spark.stop();
