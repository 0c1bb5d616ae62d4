// Disk-full and read-only checkpoint directories, made real: the checkpoint lives on a tmpfs of a
// few hundred KiB mounted for the test (root can mount; chmod would not stop root's writes), which
// is filled to ENOSPC or remounted read-only (EROFS) at a chosen moment of the batch protocol (the
// engine's fault hook picks the moment; the failure itself comes from the kernel). The query must
// fail with STREAM_FAILED wrapping STORAGE_IO_ERROR naming the operation and a path in the
// checkpoint, and a restart once space is freed (or the mount is writable again) must produce the
// output of a run that never failed: every input row exactly once.
//
// Needs mount(8) with CAP_SYS_ADMIN (the CI container runs as root). Without it the tests are
// skipped with the reason; where mounting works they always run, CI or not.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import {
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  rmSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, afterEach, test } from "node:test";
import { type FaultPoint, setFaultHook } from "../../../src/common/fault-points.js";
import { type DataFrame, SparkSession, TsparkError } from "../../../src/index.js";
import * as F from "../../../src/api/functions/index.js";

const root = mkdtempSync(join(tmpdir(), "tspark-disk-errors-"));
const mounts: string[] = [];
after(() => {
  for (const m of mounts) umount(m);
  rmSync(root, { recursive: true, force: true });
});
afterEach(() => setFaultHook(undefined));

function umount(dir: string): void {
  try {
    execFileSync("umount", ["-l", dir], { stdio: "ignore" });
  } catch {
    // already gone
  }
}

/** Mounts a fresh tmpfs of `kib` KiB at a new directory; returns it. */
function tmpfs(kib: number): string {
  const dir = join(root, `mnt${mounts.length}`);
  mkdirSync(dir, { recursive: true });
  execFileSync("mount", ["-t", "tmpfs", "-o", `size=${kib}k,mode=0755`, "tmpfs", dir], { stdio: "pipe" });
  mounts.push(dir);
  return dir;
}

/** Why the tests cannot run here, or undefined when a tmpfs can be mounted and remounted. */
const unavailable: string | undefined = (() => {
  try {
    const dir = tmpfs(64);
    execFileSync("mount", ["-o", "remount,ro", dir], { stdio: "pipe" });
    umount(dir);
    return undefined;
  } catch (e) {
    return `cannot mount a tmpfs (needs root / CAP_SYS_ADMIN): ${(e as Error).message.split("\n")[0]}`;
  }
})();
const skip = unavailable === undefined ? false : unavailable;

/** Fills the file system holding `dir` until it reports ENOSPC; returns the filler file. */
function fill(dir: string): string {
  const path = join(dir, "filler");
  const fd = openSync(path, "a");
  try {
    for (const size of [65536, 4096, 1]) {
      const chunk = Buffer.alloc(size, 0x61);
      for (;;) {
        try {
          writeSync(fd, chunk);
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code === "ENOSPC") break;
          throw e;
        }
      }
    }
  } finally {
    closeSync(fd);
  }
  return path;
}

function remount(dir: string, mode: "ro" | "rw"): void {
  execFileSync("mount", ["-o", `remount,${mode}`, dir], { stdio: "pipe" });
}

/** Runs `action` the first time the protocol reaches `point`. */
function at(point: FaultPoint, action: () => void): void {
  let done = false;
  setFaultHook((p) => {
    if (p === point && !done) {
      done = true;
      action();
    }
  });
}

function chain(e: unknown): TsparkError[] {
  const out: TsparkError[] = [];
  for (let c: unknown = e; c instanceof Error; c = c.cause) if (c instanceof TsparkError) out.push(c);
  return out;
}

/** The STORAGE_IO_ERROR a failure wraps; asserts it names `operation`, a path under `dir`, `code`. */
function storageError(e: TsparkError | null, dir: string, code: RegExp): TsparkError {
  assert.ok(e !== null, "the query must fail");
  assert.equal(e.errorClass, "STREAM_FAILED", e.message);
  const io = chain(e).find((c) => c.errorClass === "STORAGE_IO_ERROR");
  assert.ok(io, `a STORAGE_IO_ERROR in ${chain(e).map((c) => c.errorClass)}: ${e.message}`);
  assert.ok(io.messageParameters.path?.startsWith(dir), `the path ${io.messageParameters.path} is in ${dir}`);
  assert.match(io.messageParameters.operation ?? "", /^(write|create the directory|delete|list|read)$/);
  assert.match(io.messageParameters.reason ?? "", code);
  // The user sees all of it in the query's error.
  assert.ok(e.message.includes(io.messageParameters.path as string), e.message);
  return io;
}

interface Setup {
  readonly spark: SparkSession;
  readonly input: string;
  readonly out: string;
  readonly chk: string;
  files: number;
}

function setup(chkParent: string): Setup {
  const d = join(root, `case${Math.random().toString(36).slice(2)}`);
  mkdirSync(join(d, "in"), { recursive: true });
  const spark = SparkSession.builder
    .master("local[1]")
    .config("spark.sql.session.timeZone", "UTC")
    .config("spark.sql.shuffle.partitions", "2")
    .create();
  return { spark, input: join(d, "in"), out: join(d, "out"), chk: join(chkParent, "chk"), files: 0 };
}

/** Adds one input file with two rows (`k` cycles through three keys). */
function addInput(s: Setup): void {
  const i = s.files++;
  writeFileSync(
    join(s.input, `f${i}.json`),
    `{"k":"k${(2 * i) % 3}","v":${2 * i}}\n{"k":"k${(2 * i + 1) % 3}","v":${2 * i + 1}}\n`,
  );
}

/** Stateless: every input row to a JSON file sink (exactly once through its log). */
async function runToFiles(s: Setup): Promise<TsparkError | null> {
  const q = await s.spark.readStream
    .schema("k STRING, v INT")
    .option("maxFilesPerTrigger", 1)
    .json(s.input)
    .writeStream.format("json")
    .option("checkpointLocation", s.chk)
    .trigger({ availableNow: true })
    .start(s.out);
  await q.awaitTermination().catch(() => undefined);
  return q.exception();
}

const values = async (df: DataFrame) => (await df.collect()).map((r) => r.v as number).sort((a, b) => a - b);
const range = (k: number) => Array.from({ length: k }, (_, i) => i);

test("disk full before a batch is planned: STORAGE_IO_ERROR naming the checkpoint file; freed, the restart runs it once", {
  skip,
}, async () => {
  const disk = tmpfs(512);
  const s = setup(disk);
  addInput(s);
  assert.equal(await runToFiles(s), null);
  const filler = fill(disk);
  addInput(s);
  storageError(await runToFiles(s), s.chk, /ENOSPC|no space/i);
  // Still full: the restart fails the same way and writes nothing new.
  storageError(await runToFiles(s), s.chk, /ENOSPC|no space/i);
  assert.deepEqual(await values(s.spark.read.json(s.out)), range(2));
  rmSync(filler);
  addInput(s);
  assert.equal(await runToFiles(s), null);
  assert.deepEqual(await values(s.spark.read.json(s.out)), range(6));
});

test("disk full after the sink wrote a batch, before its commit: the restart re-runs it and the sink skips it", {
  skip,
}, async () => {
  const disk = tmpfs(512);
  const s = setup(disk);
  addInput(s);
  assert.equal(await runToFiles(s), null);
  let filler = "";
  at("after-sink-write", () => {
    filler = fill(disk);
  });
  addInput(s);
  const io = storageError(await runToFiles(s), s.chk, /ENOSPC|no space/i);
  assert.equal(io.messageParameters.path, join(s.chk, "commits", "1"));
  assert.equal(io.messageParameters.operation, "write");
  setFaultHook(undefined);
  rmSync(filler);
  assert.equal(await runToFiles(s), null);
  assert.deepEqual(await values(s.spark.read.json(s.out)), range(4));
  addInput(s);
  assert.equal(await runToFiles(s), null);
  assert.deepEqual(await values(s.spark.read.json(s.out)), range(6));
});

test("read-only checkpoint (EROFS) mid-batch: the query fails naming the file, fails again while read-only, recovers once writable", {
  skip,
}, async () => {
  const disk = tmpfs(512);
  const s = setup(disk);
  addInput(s);
  assert.equal(await runToFiles(s), null);
  at("after-offsets-write", () => remount(disk, "ro"));
  addInput(s);
  storageError(await runToFiles(s), s.chk, /EROFS|read-only/i);
  setFaultHook(undefined);
  storageError(await runToFiles(s), s.chk, /EROFS|read-only/i);
  remount(disk, "rw");
  assert.equal(await runToFiles(s), null);
  assert.deepEqual(await values(s.spark.read.json(s.out)), range(4));
});

test("a new query on a read-only checkpoint location fails at start() naming the metadata file", {
  skip,
}, async () => {
  const disk = tmpfs(64);
  remount(disk, "ro");
  const s = setup(disk);
  addInput(s);
  await assert.rejects(runToFiles(s), (e: unknown) => {
    const io = chain(e).find((c) => c.errorClass === "STORAGE_IO_ERROR");
    assert.ok(io, String(e));
    assert.ok(io.messageParameters.path?.startsWith(s.chk), io.message);
    assert.match(io.message, /EROFS|read-only/i);
    return true;
  });
  remount(disk, "rw");
  assert.equal(await runToFiles(s), null);
  assert.deepEqual(await values(s.spark.read.json(s.out)), range(2));
});

test("sink output disk full between a batch's files and its _spark_metadata entry: the files are removed, the restart writes the batch once", {
  skip,
}, async () => {
  const disk = tmpfs(512);
  const s = setup(root);
  const out = join(disk, "out");
  const run = async () => {
    const q = await s.spark.readStream
      .schema("k STRING, v INT")
      .option("maxFilesPerTrigger", 1)
      .json(s.input)
      .writeStream.format("json")
      .option("checkpointLocation", s.chk)
      .trigger({ availableNow: true })
      .start(out);
    await q.awaitTermination().catch(() => undefined);
    return q.exception();
  };
  addInput(s);
  assert.equal(await run(), null);
  const partFiles = () => readdirSync(out).filter((f) => f.startsWith("part-"));
  const before = partFiles();
  let filler = "";
  let written: string[] = [];
  at("during-sink-write", () => {
    written = partFiles();
    filler = fill(disk);
  });
  addInput(s);
  const io = storageError(await run(), join(out, "_spark_metadata"), /ENOSPC|no space/i);
  assert.equal(io.messageParameters.path, join(out, "_spark_metadata", "1"));
  assert.equal(written.length, before.length + 1, "the batch's file was written before its entry");
  assert.deepEqual(partFiles(), before, "and removed when the entry could not be written");
  setFaultHook(undefined);
  rmSync(filler);
  assert.equal(await run(), null);
  assert.deepEqual(await values(s.spark.read.json(out)), range(4));
});

test("stateful aggregation: disk full at each step of a batch, then a restart; the counts equal a run that never failed", {
  skip,
}, async () => {
  const points: FaultPoint[] = ["after-offsets-write", "after-sink-write", "after-state-commit"];
  for (const point of points) {
    const disk = tmpfs(1024);
    const s = setup(disk);
    /** The latest totals per key, upserted per batch (what an idempotent foreachBatch writes). */
    const totals = new Map<string, number>();
    const run = async () => {
      const q = await s.spark.readStream
        .schema("k STRING, v INT")
        .option("maxFilesPerTrigger", 1)
        .json(s.input)
        .groupBy("k")
        .agg(F.count("*").alias("n"), F.sum("v").alias("total"))
        .writeStream.outputMode("update")
        .option("checkpointLocation", s.chk)
        .trigger({ availableNow: true })
        .foreachBatch(async (df: DataFrame) => {
          for (const r of await df.collect()) totals.set(r.k as string, Number(r.total));
        })
        .start();
      await q.awaitTermination().catch(() => undefined);
      return q.exception();
    };
    addInput(s);
    addInput(s);
    assert.equal(await run(), null, point);
    let filler = "";
    at(point, () => {
      filler = fill(disk);
    });
    addInput(s);
    addInput(s);
    const e = await run();
    assert.ok(e !== null, `${point}: the query must fail`);
    assert.ok(
      chain(e).some((c) => c.errorClass === "STORAGE_IO_ERROR" || /ENOSPC|no space/i.test(c.message)),
      `${point}: ${e.message}`,
    );
    assert.match(e.message, /ENOSPC|no space/i, point);
    assert.ok(e.message.includes(s.chk), `${point}: the message names the checkpoint path: ${e.message}`);
    setFaultHook(undefined);
    rmSync(filler);
    addInput(s);
    assert.equal(await run(), null, point);
    // Five files: values 0..9, keys k0,k1,k2 by value mod 3.
    const expected = new Map<string, number>();
    for (let v = 0; v < 10; v++) expected.set(`k${v % 3}`, (expected.get(`k${v % 3}`) ?? 0) + v);
    assert.deepEqual(
      [...totals.entries()].sort(),
      [...expected.entries()].sort(),
      `${point}: totals after the restart`,
    );
  }
});
