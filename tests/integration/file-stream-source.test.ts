// The streaming file source over a real checkpoint directory (`<checkpoint>/sources/0`, Spark's
// FileStreamSourceLog through the engine's adapter): restarts never re-read a file, a planned
// batch is re-read with its logged files, compaction keeps its interval across restarts
// (Spark's "compact interval metadata log" case).
import assert from "node:assert/strict";
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import type { ReadLimit } from "../../src/connectors/api/stream-source.js";
import { DataSourceOptions } from "../../src/connectors/file/data-source-options.js";
import {
  type FileStreamSource,
  fileStreamSourceProvider,
} from "../../src/connectors/file/file-stream-source.js";
import { fileSourceLogPort } from "../../src/streaming/checkpoint/file-source-log-adapter.js";

const ALL: ReadLimit = { kind: "all" };
const T0 = 1_600_000_000;
const root = mkdtempSync(join(tmpdir(), "tspark-fss-int-"));
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const fresh = (name: string) => {
  const d = join(root, `${name}${n++}`);
  mkdirSync(d, { recursive: true });
  return d;
};

function writeFile(dir: string, name: string, content: string, seconds: number): void {
  const p = join(dir, name);
  writeFileSync(p, content);
  utimesSync(p, T0 + seconds, T0 + seconds);
}

/** A query run: the text source over `src` with its log in `checkpoint/sources/0`. */
function run(src: string, checkpoint: string, compactInterval = 10): FileStreamSource {
  const provider = fileStreamSourceProvider("text");
  const request = {
    format: "text",
    options: new DataSourceOptions({ path: src }),
    userSchema: undefined,
    path: src,
    session: {
      conf: () => undefined,
      timeZone: "UTC",
      caseSensitive: false,
      partitionTypeInference: true,
      ignoreMissingFiles: false,
    },
  };
  const metadataPath = join(checkpoint, "sources", "0");
  return provider.createSource(request, provider.sourceSchema(request), {
    clock: { getTimeMillis: () => 0 } as never,
    defaultParallelism: 1,
    metadataPath,
    fileSourceLog: fileSourceLogPort(metadataPath, compactInterval),
  }) as FileStreamSource;
}

async function read(src: FileStreamSource, start: string | undefined, end: string): Promise<string[]> {
  const out: string[] = [];
  for await (const b of src.getBatch(start, end)) for (const v of b.columns[0]!) out.push(v as string);
  return out.sort();
}

test("restarts over the same checkpoint never re-read a file; the log holds Spark's lines", async () => {
  const src = fresh("src");
  const chk = fresh("chk");
  writeFile(src, "a.txt", "drop1\nkeep2\nkeep3", 0);
  const q1 = run(src, chk);
  const e0 = (await q1.latestOffset(undefined, ALL)) as string;
  assert.equal(e0, '{"logOffset":0}');
  assert.deepEqual(await read(q1, undefined, e0), ["drop1", "keep2", "keep3"]);
  assert.equal(
    readFileSync(join(chk, "sources", "0", "0"), "utf8"),
    `v1\n{"path":"file://${src}/a.txt","timestamp":${T0 * 1000},"batchId":0}`,
  );
  await q1.stop();

  writeFile(src, "b.txt", "drop4\nkeep5\nkeep6", 1);
  const q2 = run(src, chk);
  const e1 = (await q2.latestOffset(e0, ALL)) as string;
  assert.equal(e1, '{"logOffset":1}');
  assert.deepEqual(await read(q2, e0, e1), ["drop4", "keep5", "keep6"]);
  // Nothing new after the restart: the same offset again.
  assert.equal(await q2.latestOffset(e1, ALL), e1);
});

test("a batch planned before a crash is re-read with exactly its logged files", async () => {
  const src = fresh("src");
  const chk = fresh("chk");
  writeFile(src, "a.txt", "a", 0);
  const e0 = (await run(src, chk).latestOffset(undefined, ALL)) as string;
  writeFile(src, "b.txt", "b", 1);
  const q2 = run(src, chk);
  assert.deepEqual(await read(q2, undefined, e0), ["a"]);
  assert.equal(await q2.latestOffset(e0, ALL), '{"logOffset":1}');
  assert.deepEqual(await read(q2, e0, '{"logOffset":1}'), ["b"]);
});

test("compaction interval 2 is kept after a restart asking for 5 (Spark's compact interval case)", async () => {
  const src = fresh("src");
  const chk = fresh("chk");
  const dir = join(chk, "sources", "0");
  let q = run(src, chk, 2);
  let end: string | undefined;
  const step = async (i: number, text: string) => {
    writeFile(src, `f${i}`, text, i);
    const next = (await q.latestOffset(end, ALL)) as string;
    const got = await read(q, end, next);
    end = next;
    return got;
  };
  assert.deepEqual(await step(0, "drop1\nkeep2\nkeep3"), ["drop1", "keep2", "keep3"]);
  assert.deepEqual(await step(1, "drop4\nkeep5\nkeep6"), ["drop4", "keep5", "keep6"]);
  assert.deepEqual(await step(2, "drop7\nkeep8\nkeep9"), ["drop7", "keep8", "keep9"]);
  assert.deepEqual(readdirSync(dir).sort(), ["0", "1.compact", "2"]);
  q = run(src, chk, 5);
  assert.deepEqual(await step(3, "drop10\nkeep11"), ["drop10", "keep11"]);
  assert.deepEqual(await step(4, "drop12\nkeep13"), ["drop12", "keep13"]);
  assert.deepEqual(readdirSync(dir).sort(), ["0", "1.compact", "2", "3.compact", "4"]);
  // The compaction file of batch 3 holds every file so far; batch 3 alone reads one.
  assert.equal(readFileSync(join(dir, "3.compact"), "utf8").split("\n").length, 5);
  assert.deepEqual(await read(q, '{"logOffset":2}', '{"logOffset":3}'), ["drop10", "keep11"]);
  assert.equal(q.seenFiles.size, 5);
});
