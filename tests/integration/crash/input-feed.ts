// The crash harness's input: JSON-lines files that keep arriving in the source directory while
// the child is started and killed. Each file is written in a staging directory beside the input
// and renamed in (atomic, as Spark's file source expects: it may list the directory at any
// moment and must never see half a file). Row content is a function of the id, so duplicates of
// an id are identical rows and the deduplicated output does not depend on which copy came first.
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";

/** One input row (the columns of INPUT_SCHEMA). */
export interface InputRow {
  readonly id: number;
  readonly key: string;
  readonly amount: number;
  readonly name: string;
}

/** The row of `id`: every copy of an id is the same row. */
export function rowOf(id: number): InputRow {
  // Keys and amounts are spread by multiplicative hashing; amounts may be negative.
  const key = `k${(Math.imul(id, 2654435761) >>> 0) % 13}`;
  const amount = ((id * 7919) % 2001) - 1000;
  // JSON escapes and non-ASCII text pass through both the writer and the reader.
  const name = `n${id} "q", ü\t${id % 7 === 0 ? "\\" : ""}`;
  return { id, key, amount, name };
}

/** Writes input files into `dir` and remembers which ids each file holds. */
export class InputFeed {
  /** File name (no directory) → the ids of its rows, in file order. */
  readonly files = new Map<string, readonly number[]>();
  private readonly staging: string;
  private rows = 0;

  constructor(
    readonly dir: string,
    private readonly random: () => number,
  ) {
    mkdirSync(dir, { recursive: true });
    this.staging = `${dir}.staging`;
    mkdirSync(this.staging, { recursive: true });
  }

  /** The number of rows written so far. */
  get rowCount(): number {
    return this.rows;
  }

  /**
   * Writes the next file: 1 to 12 rows whose ids are drawn from a range that grows with the
   * input, so that roughly a third of the rows repeat an earlier id (in this file or another).
   */
  writeFile(): string {
    const count = 1 + Math.floor(this.random() * 12);
    const range = Math.max(8, Math.floor(this.rows * 0.7) + 8);
    const ids: number[] = [];
    for (let i = 0; i < count; i++) ids.push(Math.floor(this.random() * range));
    const name = `part-${String(this.files.size).padStart(6, "0")}.json`;
    const text = ids.map((id) => JSON.stringify(rowOf(id))).join("\n") + "\n";
    const staged = join(this.staging, name);
    writeFileSync(staged, text);
    renameSync(staged, join(this.dir, name));
    this.files.set(name, ids);
    this.rows += count;
    return name;
  }

  /** The ids of the file at `path` (a local path or file URL naming a file of this feed). */
  idsOf(path: string): readonly number[] {
    const name = basename(path.startsWith("file:") ? new URL(path).pathname : path);
    const ids = this.files.get(name);
    if (ids === undefined) throw new RangeError(`not an input file of this feed: ${path}`);
    return ids;
  }
}

/** Writes a file every `intervalMs` until `stop()` (a timer loop beside the harness's work). */
export class FeedTimer {
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly feed: InputFeed,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => this.feed.writeFile(), this.intervalMs);
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }
}
