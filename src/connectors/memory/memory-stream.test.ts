import assert from "node:assert/strict";
import { test } from "node:test";
import { TsparkError } from "../../common/errors.js";
import { INT, StructField, StructType } from "../../types/data-type.js";
import { MemoryStream } from "./memory-stream.js";

const ALL = { kind: "all" } as const;

/** Rows (internal values) followed by the partition id. */
async function rows(src: MemoryStream, start: string | undefined, end: string): Promise<unknown[][]> {
  const out: unknown[][] = [];
  for await (const b of src.getBatch(start, end))
    for (let r = 0; r < b.numRows; r++) out.push([...b.columns.map((c) => c[r]), b.partitionId]);
  return out;
}

test("offsets are 0, 1, 2… per addData call; getBatch returns exactly those calls' rows", async () => {
  const input = new MemoryStream("value INT");
  assert.equal(await input.latestOffset(undefined, ALL), undefined);
  assert.equal(input.addData(1, 2, 3), "0");
  assert.equal(await input.latestOffset(undefined, ALL), "0");
  assert.equal(input.addData(4), "1");
  assert.equal(input.addData(5, 6), "2");
  assert.equal(await input.latestOffset("0", ALL), "2");
  assert.deepEqual(await rows(input, undefined, "0"), [
    [1, 0],
    [2, 0],
    [3, 0],
  ]);
  assert.deepEqual(await rows(input, "0", "2"), [
    [4, 0],
    [5, 1],
    [6, 1],
  ]);
  assert.equal(input.description, "MemoryStream[value]");
});

test("a batch replays exactly while uncommitted (a restart while the object lives)", async () => {
  const input = new MemoryStream("a INT, b STRING");
  input.addData({ a: 1, b: "x" });
  input.addData([2, "y"], { b: "z", a: 3 });
  const first = await rows(input, undefined, "1");
  await input.commit("0");
  // Partition ids count the calls of the batch, so only the values compare across batches.
  assert.deepEqual(
    (await rows(input, "0", "1")).map((r) => r.slice(0, 2)),
    first.slice(1).map((r) => r.slice(0, 2)),
  );
  assert.deepEqual(await rows(input, "0", "1"), [
    [2, "y", 0],
    [3, "z", 0],
  ]);
  // Data before the committed offset is gone: as Spark's MemoryStream (whose Scala slice clamps a
  // negative start), a read from the beginning gets what is still buffered, not an error.
  assert.deepEqual(await rows(input, undefined, "1"), [
    [2, "y", 0],
    [3, "z", 0],
  ]);
});

test("commit discards; out-of-order commits are an error", async () => {
  const input = new MemoryStream("value STRING");
  for (const v of ["a", "b", "c"]) input.addData(v);
  await input.commit("1");
  assert.deepEqual(await rows(input, "1", "2"), [["c", 0]]);
  await assert.rejects(input.commit("0"), (e: unknown) => {
    assert.ok(e instanceof TsparkError);
    assert.match(e.message, /Offsets committed out of order: 1 followed by 0/);
    return true;
  });
});

test("rows: objects by name (missing keys null), arrays by position, bare values for one column", async () => {
  const input = new MemoryStream(new StructType([new StructField("a", INT), new StructField("b", INT)]));
  input.addData({ a: 1 }, [2, 3], { b: 4, a: null });
  assert.deepEqual(await rows(input, undefined, "0"), [
    [1, null, 0],
    [2, 3, 0],
    [null, 4, 0],
  ]);
  assert.throws(
    () => input.addData(5),
    (e: unknown) => e instanceof TsparkError && e.errorClass === "ILLEGAL_ARGUMENT",
  );
  assert.throws(() => input.addData([1]), TsparkError);
  assert.throws(() => input.addData({ a: "one" }), TsparkError);
});

test("internal values: longs, timestamps, arrays in a one-column array schema", async () => {
  const longs = new MemoryStream("value BIGINT");
  longs.addData(1, 9007199254740993n);
  assert.deepEqual(
    (await rows(longs, undefined, "0")).map((r) => r[0]),
    [1, 9007199254740993n],
  );
  const times = new MemoryStream("ts TIMESTAMP, v INT");
  times.addData({ ts: new Date(1500), v: 1 });
  assert.deepEqual(await rows(times, undefined, "0"), [[1_500_000, 1, 0]]);
  const arrays = new MemoryStream("value ARRAY<INT>");
  arrays.addData([1, 2], [3]);
  assert.deepEqual(
    (await rows(arrays, undefined, "0")).map((r) => r[0]),
    [[1, 2], [3]],
  );
});

test("partitions: one per addData call, or round-robin over numPartitions", async () => {
  const input = new MemoryStream("value INT");
  input.addData(1, 2);
  input.addData();
  input.addData(3);
  assert.deepEqual(await rows(input, undefined, "2"), [
    [1, 0],
    [2, 0],
    [3, 2],
  ]);
  const dealt = new MemoryStream("value INT", { numPartitions: 2 });
  dealt.addData(1, 2, 3);
  dealt.addData(4, 5);
  assert.deepEqual(await rows(dealt, undefined, "1"), [
    [1, 0],
    [3, 0],
    [5, 0],
    [2, 1],
    [4, 1],
  ]);
  assert.throws(() => new MemoryStream("value INT", { numPartitions: 0 }), TsparkError);
});

test("Trigger.AvailableNow stops at the data present when prepared; reset forgets everything", async () => {
  const input = new MemoryStream("value INT");
  input.addData(1);
  input.prepareForTriggerAvailableNow();
  input.addData(2);
  assert.equal(await input.latestOffset(undefined, ALL), "0");
  input.reset();
  assert.equal(await input.latestOffset(undefined, ALL), undefined);
  assert.equal(input.addData(7), "0");
  assert.deepEqual(await rows(input, undefined, "0"), [[7, 0]]);
});

test("stress (MemorySourceStressSuite): random adds and batches deliver every row once, in order", async () => {
  let seed = 42;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const input = new MemoryStream("value INT");
  let next = 0;
  let committed: string | undefined;
  const seen: unknown[] = [];
  for (let step = 0; step < 300; step++) {
    if (rand(3) > 0) {
      const count = rand(5);
      input.addData(...Array.from({ length: count }, () => next++));
    } else {
      const end = await input.latestOffset(committed, ALL);
      if (end === undefined || end === committed) continue;
      const batch = await rows(input, committed, end);
      if (rand(2) === 0) assert.deepEqual(await rows(input, committed, end), batch);
      seen.push(...batch.map((r) => r[0]));
      await input.commit(end);
      committed = end;
    }
  }
  const end = await input.latestOffset(committed, ALL);
  if (end !== undefined && end !== committed)
    seen.push(...(await rows(input, committed, end)).map((r) => r[0]));
  assert.deepEqual(
    seen,
    Array.from({ length: next }, (_, i) => i),
  );
});
