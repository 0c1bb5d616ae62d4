import assert from "node:assert/strict";
import { test } from "node:test";
import { ManualClock } from "../../common/clock.js";
import { TsparkError } from "../../common/errors.js";
import { parseRatePerMicroBatchOptions } from "./options.js";
import { parseRatePerMicroBatchOffset, RatePerMicroBatchSource } from "./rate-per-micro-batch-source.js";

const ALL = { kind: "all" } as const;

function source(options: Record<string, string>, parallelism = 1): RatePerMicroBatchSource {
  return new RatePerMicroBatchSource(parseRatePerMicroBatchOptions(options, parallelism));
}

/** Rows as [timestampMillis, value, partitionId]. */
async function rows(src: RatePerMicroBatchSource, start: string | undefined, end: string) {
  const out: [number, unknown, number][] = [];
  for await (const b of src.getBatch(start, end))
    for (let r = 0; r < b.numRows; r++)
      out.push([(b.columns[0]![r] as number) / 1000, b.columns[1]![r], b.partitionId ?? 0]);
  return out;
}

test("basic: Spark's example (rowsPerBatch 10, startTimestamp 1000, advance 50)", async () => {
  const src = source({ rowsPerBatch: "10", startTimestamp: "1000", advanceMillisPerBatch: "50" });
  const e0 = await src.latestOffset(undefined, ALL);
  assert.equal(e0, '{"offset":10,"timestamp":1050}');
  assert.deepEqual(
    await rows(src, undefined, e0),
    Array.from({ length: 10 }, (_, v) => [1000, v, 0]),
  );
  const e1 = await src.latestOffset(e0, ALL);
  assert.equal(e1, '{"offset":20,"timestamp":1100}');
  assert.deepEqual(
    await rows(src, e0, e1),
    Array.from({ length: 10 }, (_, v) => [1050, 10 + v, 0]),
  );
  const e2 = await src.latestOffset(e1, ALL);
  assert.deepEqual(
    await rows(src, e1, e2),
    Array.from({ length: 10 }, (_, v) => [1100, 20 + v, 0]),
  );
  assert.equal(
    src.description,
    "RatePerMicroBatchStream[rowsPerBatch=10, numPartitions=1, startTimestamp=1000, advanceMsPerBatch=50]",
  );
});

test("deterministic: a restarted source replays the same batch from the logged offsets", async () => {
  const a = source({ rowsPerBatch: "1000" }, 3);
  const e0 = await a.latestOffset(undefined, ALL);
  const e1 = await a.latestOffset(e0, ALL);
  const before = await rows(a, e0, e1);
  const b = source({ rowsPerBatch: "1000" }, 3);
  assert.deepEqual(await rows(b, e0, e1), before);
  assert.deepEqual(
    before.map((r) => r[1]).sort((x, y) => Number(x) - Number(y)),
    Array.from({ length: 1000 }, (_, i) => 1000 + i),
  );
  for (const [t] of before) assert.equal(t, 1000);
  assert.equal(await b.latestOffset(e1, ALL), '{"offset":3000,"timestamp":3000}');
});

test("numPartitions: rows dealt round-robin over the partitions", async () => {
  const src = source({ rowsPerBatch: "10", numPartitions: "6" });
  const got = await rows(src, undefined, await src.latestOffset(undefined, ALL));
  assert.deepEqual([...new Set(got.map((r) => r[2]))].sort(), [0, 1, 2, 3, 4, 5]);
  for (const [, v, p] of got) assert.equal(p, Number(v) % 6);
});

test("default read limit is one batch of rows; the given limit does not change the batch", async () => {
  const src = source({ rowsPerBatch: "7" });
  assert.deepEqual(src.defaultReadLimit(), { kind: "maxRows", maxRows: 7 });
  assert.equal(
    await src.latestOffset(undefined, { kind: "maxRows", maxRows: 2 }),
    '{"offset":7,"timestamp":1000}',
  );
});

test("Trigger.AvailableNow: the first end offset is the last", async () => {
  const src = source({ rowsPerBatch: "10" });
  src.prepareForTriggerAvailableNow();
  const start = '{"offset":10,"timestamp":1000}';
  const end = await src.latestOffset(start, ALL);
  assert.equal(end, '{"offset":20,"timestamp":2000}');
  assert.equal(await src.latestOffset(end, ALL), end);
});

test("offsets: fields in any order; malformed text is an error", () => {
  assert.deepEqual(parseRatePerMicroBatchOffset('{"timestamp":5,"offset":3}'), { offset: 3n, timestamp: 5n });
  assert.throws(() => parseRatePerMicroBatchOffset("12"), TsparkError);
});

test("an empty batch (start = end) has no rows", async () => {
  const src = source({ rowsPerBatch: "10" });
  const o = '{"offset":10,"timestamp":1000}';
  assert.deepEqual(await rows(src, o, o), []);
});

test("illegal option values: Spark's messages", () => {
  const check = (options: Record<string, string>, words: string[]) => {
    try {
      parseRatePerMicroBatchOptions(options, 2);
    } catch (e) {
      assert.ok(e instanceof TsparkError);
      assert.equal(e.errorClass, "ILLEGAL_ARGUMENT");
      for (const w of words) assert.ok(e.message.includes(w), `${e.message} lacks ${w}`);
      return;
    }
    assert.fail(`no error for ${JSON.stringify(options)}`);
  };
  check({}, ["Invalid value '0'. The option 'rowsPerBatch' must be positive"]);
  check({ rowsPerBatch: "-1" }, ["-1", "rowsPerBatch", "positive"]);
  check({ rowsPerBatch: "0" }, ["0", "rowsPerBatch", "positive"]);
  check({ rowsPerBatch: "1", numPartitions: "-1" }, ["-1", "numPartitions", "positive"]);
  check({ rowsPerBatch: "1", numPartitions: "0" }, ["0", "numPartitions", "positive"]);
  check({ rowsPerBatch: "1", advanceMillisPerBatch: "-1" }, ["-1", "advanceMillisPerBatch", "non-negative"]);
  check({ rowsPerBatch: "1", startTimestamp: "-1" }, ["-1", "startTimestamp", "non-negative"]);
  check({ rowsPerBatch: "x" }, ['For input string: "x"']);
});

test("options: defaults and zero advance/start allowed", () => {
  assert.deepEqual(parseRatePerMicroBatchOptions({ rowsPerBatch: "5" }, 3), {
    rowsPerBatch: 5n,
    numPartitions: 3,
    startTimestamp: 0n,
    advanceMillisPerBatch: 1000,
  });
  assert.equal(
    parseRatePerMicroBatchOptions({ rowsperbatch: "5", startTimestamp: "0", advanceMillisPerBatch: "0" }, 3)
      .advanceMillisPerBatch,
    0,
  );
});

test("fromOptions: numPartitions defaults to the context's parallelism", () => {
  const src = RatePerMicroBatchSource.fromOptions(
    { rowsPerBatch: "3" },
    { clock: new ManualClock(), defaultParallelism: 5 },
  );
  assert.equal(src.options.numPartitions, 5);
});

test("values beyond 2^53 come out as bigints", async () => {
  const src = source({ rowsPerBatch: "2" });
  const got = await rows(
    src,
    '{"offset":9007199254740992,"timestamp":0}',
    '{"offset":9007199254740994,"timestamp":1}',
  );
  assert.deepEqual(
    got.map((r) => r[1]),
    [9007199254740992n, 9007199254740993n],
  );
});
