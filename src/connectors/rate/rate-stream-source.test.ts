import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { ManualClock } from "../../common/clock.js";
import { TsparkError } from "../../common/errors.js";
import type { StreamSource } from "../api/stream-source.js";
import { timeStringAsSeconds } from "../stream-option.js";
import { parseRateOptions } from "./options.js";
import { RateStreamSource, valueAtSecond } from "./rate-stream-source.js";

const ALL = { kind: "all" } as const;

/** Rows as [timestampMillis, value, partitionId]. */
async function rows(
  src: StreamSource,
  start: string | undefined,
  end: string,
): Promise<[number, unknown, number][]> {
  const out: [number, unknown, number][] = [];
  for await (const b of src.getBatch(start, end)) {
    for (let r = 0; r < b.numRows; r++)
      out.push([(b.columns[0]![r] as number) / 1000, b.columns[1]![r], b.partitionId ?? 0]);
  }
  return out;
}

function rate(options: Record<string, string>, clock = new ManualClock(), parallelism = 1): RateStreamSource {
  return new RateStreamSource(parseRateOptions(options, parallelism), { clock });
}

function errorOf(f: () => unknown): TsparkError {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof TsparkError, String(e));
    return e;
  }
  assert.fail("expected an error");
}

async function rejection(p: Promise<unknown>): Promise<TsparkError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof TsparkError, String(e));
    return e;
  }
  assert.fail("expected an error");
}

const byValue = (a: [number, unknown, number], b: [number, unknown, number]) => Number(a[1]) - Number(b[1]);

test("valueAtSecond: Spark's examples", () => {
  const v = (s: number, r: number, u: number) => Number(valueAtSecond(BigInt(s), BigInt(r), BigInt(u)));
  assert.equal(v(0, 5, 0), 0);
  assert.equal(v(1, 5, 0), 5);
  assert.deepEqual(
    [0, 1, 2, 3].map((s) => v(s, 5, 2)),
    [0, 1, 3, 8],
  );
  assert.deepEqual(
    [0, 1, 2, 3, 4, 5].map((s) => v(s, 10, 4)),
    [0, 2, 6, 12, 20, 30],
  );
});

test("microbatch basic: 10 rows per second, timestamps 100 ms apart", async () => {
  const clock = new ManualClock();
  const src = rate({ rowsPerSecond: "10" }, clock);
  assert.equal(
    src.schema.fields.map((f) => `${f.name}:${f.dataType.kind}`).join(","),
    "timestamp:timestamp,value:long",
  );
  assert.equal(await src.latestOffset(undefined, ALL), "0");
  assert.deepEqual(await rows(src, undefined, "0"), []);
  clock.advance(1000);
  assert.equal(await src.latestOffset("0", ALL), "1");
  const got = await rows(src, "0", "1");
  assert.deepEqual(
    got,
    Array.from({ length: 10 }, (_, v) => [v * 100, v, 0]),
  );
});

test("timestamps count from the creation time of the source", async () => {
  const clock = new ManualClock(1_700_000_000_123);
  const src = rate({ rowsPerSecond: "2" }, clock);
  clock.advance(2500);
  assert.equal(await src.latestOffset("0", ALL), "2");
  assert.deepEqual(await rows(src, "0", "2"), [
    [1_700_000_000_123, 0, 0],
    [1_700_000_000_623, 1, 0],
    [1_700_000_001_123, 2, 0],
    [1_700_000_001_623, 3, 0],
  ]);
});

test("uniform distribution of event timestamps (1500 rows per second)", async () => {
  const src = rate({ rowsPerSecond: "1500" });
  const got = await rows(src, "0", "1");
  assert.deepEqual(
    got.map((r) => [r[0], r[1]]),
    Array.from({ length: 1500 }, (_, v) => [Math.round(v * (1000 / 1500)), v]),
  );
});

test("rampUpTime 4s with 10 rows per second: Spark's batches", async () => {
  const src = rate({ rowsPerSecond: "10", rampUpTime: "4s" });
  const batch = async (s: number) => (await rows(src, String(s), String(s + 1))).map((r) => [r[0], r[1]]);
  assert.deepEqual(
    await batch(0),
    [0, 1].map((v) => [v * 500, v]),
  );
  assert.deepEqual(
    await batch(1),
    [2, 3, 4, 5].map((v) => [1000 + (v - 2) * 250, v]),
  );
  assert.deepEqual(await batch(2), [
    [2000, 6],
    [2167, 7],
    [2333, 8],
    [2500, 9],
    [2667, 10],
    [2833, 11],
  ]);
  assert.deepEqual(
    await batch(3),
    Array.from({ length: 8 }, (_, i) => [3000 + i * 125, 12 + i]),
  );
  for (const s of [4, 5, 6])
    assert.deepEqual(
      await batch(s),
      Array.from({ length: 10 }, (_, i) => [s * 1000 + i * 100, 20 + (s - 4) * 10 + i]),
    );
});

test("a batch over several seconds spreads its values over them", async () => {
  const src = rate({ rowsPerSecond: "2" });
  assert.deepEqual(
    (await rows(src, "1", "3")).map((r) => [r[0], r[1]]),
    [
      [1000, 2],
      [1500, 3],
      [2000, 4],
      [2500, 5],
    ],
  );
});

test("numPartitions: value v of a batch goes to partition (v - start) % n", async () => {
  const src = rate({ rowsPerSecond: "10", numPartitions: "6" });
  const got = await rows(src, "0", "1");
  assert.deepEqual([...new Set(got.map((r) => r[2]))].sort(), [0, 1, 2, 3, 4, 5]);
  for (const [, v, p] of got) assert.equal(p, Number(v) % 6);
  const later = await rows(src, "1", "2");
  for (const [, v, p] of later) assert.equal(p, (Number(v) - 10) % 6);
});

test("numPartitions defaults to the session's default parallelism", async () => {
  const src = rate({ rowsPerSecond: "33" }, new ManualClock(), 11);
  assert.equal(src.options.numPartitions, 11);
  const got = await rows(src, "0", "1");
  assert.deepEqual(
    got.sort(byValue).map((r) => r[1]),
    Array.from({ length: 33 }, (_, i) => i),
  );
  assert.equal(new Set(got.map((r) => r[2])).size, 11);
  assert.equal(src.description, "RateStreamV2[rowsPerSecond=33, rampUpTimeSeconds=0, numPartitions=default");
});

test("predetermined batch size: one second of 20 rows per second is 20 rows", async () => {
  assert.equal((await rows(rate({ rowsPerSecond: "20" }), "0", "1")).length, 20);
});

test("infer offsets: the latest offset is the whole seconds since creation", async () => {
  const clock = new ManualClock();
  const src = rate({ rowsPerSecond: "100" }, clock);
  clock.advance(100_000);
  assert.equal(await src.latestOffset("0", ALL), "100");
  clock.advance(999);
  assert.equal(await src.latestOffset("0", ALL), "100");
  clock.advance(1);
  assert.equal(await src.latestOffset("0", ALL), "101");
});

test("the clock going back does not move the offset back", async () => {
  const clock = new ManualClock(10_000);
  const src = rate({}, clock);
  clock.setTime(13_000);
  assert.equal(await src.latestOffset("0", ALL), "3");
  clock.setTime(11_000);
  assert.equal(await src.latestOffset("0", ALL), "3");
});

test("restart: the creation time is kept in the metadata directory, batches replay exactly", async () => {
  const dir = path.join(fs.mkdtempSync(`${os.tmpdir()}/tspark-rate-`), "sources", "0");
  const clock = new ManualClock(5_000);
  const options = parseRateOptions({ rowsPerSecond: "3", numPartitions: "2" }, 1);
  const first = new RateStreamSource(options, { clock, metadataPath: dir });
  assert.equal(fs.readFileSync(path.join(dir, "0"), "utf8"), "v1\n5000");
  clock.advance(2_000);
  const end = await first.latestOffset("0", ALL);
  const before = await rows(first, "0", end);
  await first.stop();

  clock.advance(60_000);
  const second = new RateStreamSource(options, { clock, metadataPath: dir });
  assert.equal(second.creationTimeMs, 5_000);
  assert.deepEqual(await rows(second, "0", end), before);
  assert.equal(before[0]?.[0], 5_000);
});

test("replaying a batch after a restart moves the latest offset past its end", async () => {
  const dir = fs.mkdtempSync(`${os.tmpdir()}/tspark-rate-`);
  const clock = new ManualClock(0);
  const options = parseRateOptions({}, 1);
  new RateStreamSource(options, { clock, metadataPath: dir });
  const restarted = new RateStreamSource(options, { clock, metadataPath: dir });
  await rows(restarted, "0", "7");
  assert.equal(await restarted.latestOffset("7", ALL), "7");
});

test("a malformed creation-time file is an error naming it", () => {
  const dir = fs.mkdtempSync(`${os.tmpdir()}/tspark-rate-`);
  const file = path.join(dir, "0");
  for (const [text, errorClass] of [
    ["garbage", "STREAMING_CHECKPOINT_CORRUPT_FILE"],
    ["", "STREAMING_CHECKPOINT_CORRUPT_FILE"],
    ["v1", "STREAMING_CHECKPOINT_CORRUPT_FILE"],
    ["v1\n17000x", "STREAMING_CHECKPOINT_CORRUPT_FILE"],
    ["v1\n1700\n5", "STREAMING_CHECKPOINT_CORRUPT_FILE"],
    ["v99\n1700", "INVALID_LOG_VERSION.MAX_SUPPORTED_VERSION"],
  ]) {
    fs.writeFileSync(file, text as string);
    const e = errorOf(
      () => new RateStreamSource(parseRateOptions({}, 1), { clock: new ManualClock(), metadataPath: dir }),
    );
    assert.equal(e.errorClass, errorClass, text);
    assert.ok(e.message.includes(file), e.message);
  }
  fs.writeFileSync(file, "v1\n1700\n");
  const ok = new RateStreamSource(parseRateOptions({}, 1), { clock: new ManualClock(), metadataPath: dir });
  assert.equal(ok.creationTimeMs, 1700);
});

test("ramp up error: INCORRECT_RAMP_UP_RATE", () => {
  const e = errorOf(() => rate({ rowsPerSecond: "9223372036854775807", rampUpTime: "2" }));
  assert.equal(e.errorClass, "INCORRECT_RAMP_UP_RATE");
  assert.deepEqual(e.messageParameters, {
    rowsPerSecond: "9223372036854775807",
    maxSeconds: "1",
    rampUpTimeSeconds: "2",
  });
  assert.equal(e.sqlState, "22003");
});

test("end offset error: INCORRECT_END_OFFSET", async () => {
  const src = rate({ rowsPerSecond: "100", rampUpTime: "2" });
  const e = await rejection(rows(src, "1", "9223372036854775807"));
  assert.equal(e.errorClass, "INCORRECT_END_OFFSET");
  assert.deepEqual(e.messageParameters, {
    rowsPerSecond: "100",
    maxSeconds: String(9223372036854775807n / 100n),
    endSeconds: "9223372036854775807",
  });
});

test("overflow: Long.MaxValue rows per second fails at the second second", async () => {
  const clock = new ManualClock();
  const src = rate({ rowsPerSecond: "9223372036854775807" }, clock);
  clock.advance(2000);
  const end = await src.latestOffset("0", ALL);
  const e = await rejection(rows(src, "0", end));
  assert.equal(e.errorClass, "INCORRECT_END_OFFSET");
  assert.match(e.message, /rowsPerSecond/);
});

test("values beyond 2^53 come out as bigints", async () => {
  const src = rate({ rowsPerSecond: "1" });
  const got = await rows(src, "9007199254740993", "9007199254740995");
  assert.deepEqual(
    got.map((r) => r[1]),
    [9007199254740993n, 9007199254740994n],
  );
});

test("illegal option values: Spark's messages", () => {
  const check = (options: Record<string, string>, words: string[]) => {
    const e = errorOf(() => parseRateOptions(options, 2));
    assert.equal(e.errorClass, "ILLEGAL_ARGUMENT");
    for (const w of words) assert.ok(e.message.includes(w), `${e.message} lacks ${w}`);
  };
  check({ rowsPerSecond: "-1" }, ["-1", "rowsPerSecond", "positive"]);
  check({ rowsPerSecond: "0" }, ["Invalid value '0'. The option 'rowsPerSecond' must be positive"]);
  check({ numPartitions: "-1" }, ["-1", "numPartitions", "positive"]);
  check({ rampUpTime: "-1s" }, ["Invalid value '-1'. The option 'rampUpTime' must not be negative"]);
  check({ rowsPerSecond: "ten" }, ['For input string: "ten"']);
  check({ ROWSPERSECOND: " 5" }, ['For input string: " 5"']);
  check({ numPartitions: "2147483648" }, ['For input string: "2147483648"']);
  check({ rampUpTime: "5parsecs" }, ["Time must be specified", 'Invalid suffix: "parsecs"']);
  check({ rampUpTime: "soon" }, ["Time must be specified", "Failed to parse time string: soon"]);
});

test("options: defaults, case-insensitive names, rampUpTime units truncated to seconds", () => {
  assert.deepEqual(parseRateOptions({}, 4), {
    rowsPerSecond: 1n,
    rampUpTimeSeconds: 0n,
    numPartitions: 4,
    numPartitionsText: "default",
  });
  assert.deepEqual(parseRateOptions({ RowsPerSecond: "+7", NUMPARTITIONS: "3" }, 4), {
    rowsPerSecond: 7n,
    rampUpTimeSeconds: 0n,
    numPartitions: 3,
    numPartitionsText: "3",
  });
  assert.equal(timeStringAsSeconds("1500ms"), 1n);
  assert.equal(timeStringAsSeconds(" 2MIN "), 120n);
  assert.equal(timeStringAsSeconds("1m"), 60n);
  assert.equal(timeStringAsSeconds("1h"), 3600n);
  assert.equal(timeStringAsSeconds("1d"), 86400n);
  assert.equal(timeStringAsSeconds("999999us"), 0n);
  assert.equal(timeStringAsSeconds("7"), 7n);
  assert.equal(timeStringAsSeconds("9223372036854775807d"), 9223372036854775807n);
});

test("fromOptions: options validated with the context's default parallelism and metadata dir", async () => {
  const dir = fs.mkdtempSync(`${os.tmpdir()}/tspark-rate-`);
  const clock = new ManualClock(42);
  const src = RateStreamSource.fromOptions(
    { rowsPerSecond: "4" },
    { clock, defaultParallelism: 3, metadataPath: dir },
  );
  assert.equal(src.options.numPartitions, 3);
  assert.equal(fs.readFileSync(path.join(dir, "0"), "utf8"), "v1\n42");
  assert.throws(
    () => RateStreamSource.fromOptions({ rowsPerSecond: "0" }, { clock, defaultParallelism: 1 }),
    TsparkError,
  );
});
