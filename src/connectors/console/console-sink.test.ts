import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { test } from "node:test";
import { TsparkError } from "../../common/errors.js";
import { batchFromRows, type RecordBatch } from "../../data/record-batch.js";
import { parseSchema } from "../../types/ddl.js";
import type { OutputMode, SinkBatch } from "../api/stream-sink.js";
import { ConsoleSink } from "./console-sink.js";

const wordCounts = parseSchema("value STRING, count BIGINT");

/** A sink batch whose rows arrive as the given record batches (one per inner array). */
function sinkBatch(
  schema = wordCounts,
  parts: unknown[][][] = [],
  outputMode: OutputMode = "complete",
): SinkBatch {
  const width = schema.fields.length;
  async function* rows(): AsyncGenerator<RecordBatch> {
    for (const p of parts) yield batchFromRows(p, width);
  }
  return { schema, outputMode, rows: rows() };
}

/** Collects what the sink writes. */
function capture(): { out: { write(s: string): boolean }; text: () => string; writes: () => number } {
  const chunks: string[] = [];
  return {
    out: {
      write(s: string) {
        chunks.push(s);
        return true;
      },
    },
    text: () => chunks.join(""),
    writes: () => chunks.length,
  };
}

test("console sink prints the programming guide's complete-mode word count batches exactly", async () => {
  const c = capture();
  const sink = new ConsoleSink({ out: c.out });
  await sink.addBatch(
    0,
    sinkBatch(wordCounts, [
      [
        ["apache", 1],
        ["spark", 1],
      ],
    ]),
  );
  await sink.addBatch(
    1,
    sinkBatch(wordCounts, [
      [
        ["apache", 2],
        ["spark", 1],
      ],
      [["hadoop", 1]],
    ]),
  );
  assert.equal(
    c.text(),
    [
      "-------------------------------------------",
      "Batch: 0",
      "-------------------------------------------",
      "+------+-----+",
      "| value|count|",
      "+------+-----+",
      "|apache|    1|",
      "| spark|    1|",
      "+------+-----+",
      "",
      "-------------------------------------------",
      "Batch: 1",
      "-------------------------------------------",
      "+------+-----+",
      "| value|count|",
      "+------+-----+",
      "|apache|    2|",
      "| spark|    1|",
      "|hadoop|    1|",
      "+------+-----+",
      "",
      "",
    ].join("\n"),
  );
  assert.equal(c.writes(), 2, "one write per batch");
});

test("console sink prints an empty batch as the header row between rules", async () => {
  const c = capture();
  await new ConsoleSink({ out: c.out }).addBatch(3, sinkBatch(wordCounts, [[]], "update"));
  assert.equal(
    c.text(),
    "-------------------------------------------\nBatch: 3\n-------------------------------------------\n" +
      "+-----+-----+\n|value|count|\n+-----+-----+\n+-----+-----+\n\n",
  );
});

test("console sink numRows limits the rows and adds show()'s footer; all rows are still consumed", async () => {
  const c = capture();
  const schema = parseSchema("id INT");
  let pulled = 0;
  async function* rows(): AsyncGenerator<RecordBatch> {
    for (let i = 0; i < 3; i++) {
      pulled++;
      yield batchFromRows([[i * 2], [i * 2 + 1]], 1);
    }
  }
  const sink = new ConsoleSink({ out: c.out, options: { NUMROWS: "3" } });
  await sink.addBatch(7, { schema, outputMode: "append", rows: rows() });
  assert.equal(pulled, 3);
  assert.equal(
    c.text(),
    "-------------------------------------------\nBatch: 7\n-------------------------------------------\n" +
      "+---+\n| id|\n+---+\n|  0|\n|  1|\n|  2|\n+---+\nonly showing top 3 rows\n\n",
  );
  const one = capture();
  await new ConsoleSink({ out: one.out, options: { numRows: "1" } }).addBatch(
    0,
    sinkBatch(schema, [[[5], [6]]]),
  );
  assert.match(one.text(), /\| {2}5\|\n\+---\+\nonly showing top 1 row\n\n$/);
});

test("console sink truncates cells longer than 20 characters unless truncate=false", async () => {
  const schema = parseSchema("word STRING, n INT");
  const long = "abcdefghijklmnopqrstuvwxyz";
  const on = capture();
  await new ConsoleSink({ out: on.out }).addBatch(
    0,
    sinkBatch(schema, [
      [
        [long, 1],
        [null, 22],
      ],
    ]),
  );
  assert.equal(
    on.text(),
    "-------------------------------------------\nBatch: 0\n-------------------------------------------\n" +
      "+--------------------+---+\n" +
      "|                word|  n|\n" +
      "+--------------------+---+\n" +
      "|abcdefghijklmnopq...|  1|\n" +
      "|                NULL| 22|\n" +
      "+--------------------+---+\n\n",
  );
  const off = capture();
  await new ConsoleSink({ out: off.out, options: { truncate: "false" } }).addBatch(
    0,
    sinkBatch(schema, [
      [
        [long, 1],
        [null, 22],
      ],
    ]),
  );
  assert.equal(
    off.text(),
    "-------------------------------------------\nBatch: 0\n-------------------------------------------\n" +
      "+--------------------------+---+\n" +
      "|word                      |n  |\n" +
      "+--------------------------+---+\n" +
      "|abcdefghijklmnopqrstuvwxyz|1  |\n" +
      "|NULL                      |22 |\n" +
      "+--------------------------+---+\n\n",
  );
});

test("console sink prints a replayed batch id again (it keeps no state)", async () => {
  const c = capture();
  const sink = new ConsoleSink({ out: c.out });
  await sink.addBatch(0, sinkBatch(wordCounts, [[["a", 1]]]));
  await sink.addBatch(0, sinkBatch(wordCounts, [[["a", 1]]]));
  assert.equal(c.writes(), 2);
  assert.equal(c.text().split("Batch: 0\n").length, 3);
});

test("console sink writes to a real file stream", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tspark-console-sink-"));
  try {
    const file = path.join(dir, "out.txt");
    const stream = fs.createWriteStream(file);
    await new ConsoleSink({ out: stream }).addBatch(12, sinkBatch(wordCounts, [[["spark", 3]]]));
    await new Promise<void>((resolve, reject) =>
      stream.end((err?: Error | null) => (err ? reject(err) : resolve())),
    );
    assert.equal(
      fs.readFileSync(file, "utf8"),
      "-------------------------------------------\nBatch: 12\n-------------------------------------------\n" +
        "+-----+-----+\n|value|count|\n+-----+-----+\n|spark|    3|\n+-----+-----+\n\n",
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("console sink options: defaults, description, and bad values name the option", () => {
  const sink = new ConsoleSink({ out: capture().out });
  assert.deepEqual(sink.settings, { numRows: 20, truncate: true });
  assert.equal(sink.description, "ConsoleWriter[numRows=20, truncate=true]");
  assert.deepEqual(sink.supportedOutputModes, ["append", "update", "complete"]);
  assert.throws(
    () => new ConsoleSink({ options: { numRows: "ten" } }),
    (e: unknown) =>
      e instanceof TsparkError && e.errorClass === "INVALID_OPTION_VALUE" && /numRows/.test(e.message),
  );
  assert.throws(
    () => new ConsoleSink({ options: { truncate: "yes" } }),
    (e: unknown) => e instanceof TsparkError && e.errorClass === "INVALID_OPTION_VALUE",
  );
});
