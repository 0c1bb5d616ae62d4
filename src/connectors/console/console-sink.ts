/**
 * The `console` streaming sink (Spark's ConsoleTable / ConsoleWrite): prints every batch it
 * receives — replays and empty batches included, it keeps no state — as a header and the batch's
 * rows laid out by `DataFrame.show(numRows, truncate)`:
 *
 *     -------------------------------------------
 *     Batch: 0
 *     -------------------------------------------
 *     +------+-----+
 *     | value|count|
 *     +------+-----+
 *     |apache|    1|
 *     +------+-----+
 *     (blank line)
 *
 * The table is followed by one empty line, as Spark's `show()` prints `showString`'s text (which
 * already ends with a newline) with `println`. All rows of the batch are consumed; only the first
 * `numRows + 1` are kept (the extra one triggers the `only showing top N rows` footer).
 */
import { type RecordBatch, rowAt } from "../../data/record-batch.js";
import { showString } from "../../data/show.js";
import type { DataSourceOptions } from "../file/data-source-options.js";
import type { OutputMode, SinkBatch, StreamSink } from "../api/stream-sink.js";
import { type ConsoleSinkOptions, consoleSinkOptions } from "./options.js";

/** Where the console sink writes: anything with a `write(text)` (process.stdout by default). */
export interface ConsoleOutput {
  write(text: string): unknown;
}

/** The line Spark prints above and below `Batch: N` (43 dashes). */
export const CONSOLE_BATCH_RULE = "-".repeat(43);

/** Construction parameters of {@link ConsoleSink}. */
export interface ConsoleSinkParams {
  /** The writer's options (`numRows`, `truncate`). */
  readonly options?: DataSourceOptions | Readonly<Record<string, string>>;
  /** Destination of the text; defaults to `process.stdout`. */
  readonly out?: ConsoleOutput;
  /** Session time zone used to render timestamps (default UTC). */
  readonly timeZone?: string;
}

/**
 * Prints each batch to `out`. Contract: one `write` call per batch carrying the whole block
 * (header, table, trailing empty line); accepts every output mode; never skips a batch id.
 */
export class ConsoleSink implements StreamSink {
  /** Spark's ConsoleWriter text, e.g. `ConsoleWriter[numRows=20, truncate=true]`. */
  readonly description: string;
  /** The console sink accepts Append, Update and Complete. */
  readonly supportedOutputModes: readonly OutputMode[] = ["append", "update", "complete"];
  readonly settings: ConsoleSinkOptions;
  private readonly out: ConsoleOutput;
  private readonly timeZone: string;

  constructor(params: ConsoleSinkParams = {}) {
    this.settings = consoleSinkOptions(params.options);
    this.out = params.out ?? process.stdout;
    this.timeZone = params.timeZone ?? "UTC";
    this.description = `ConsoleWriter[numRows=${this.settings.numRows}, truncate=${this.settings.truncate}]`;
  }

  async addBatch(batchId: number, data: SinkBatch): Promise<void> {
    const keep = Math.max(0, this.settings.numRows) + 1;
    const rows = await firstRows(data.rows, keep);
    const table = showString(
      rows,
      data.schema,
      this.settings.numRows,
      this.settings.truncate,
      false,
      this.timeZone,
    );
    this.out.write(`${CONSOLE_BATCH_RULE}\nBatch: ${batchId}\n${CONSOLE_BATCH_RULE}\n${table}\n`);
  }
}

/** Drains `batches`, keeping the first `limit` rows. */
async function firstRows(batches: AsyncIterable<RecordBatch>, limit: number): Promise<unknown[][]> {
  const rows: unknown[][] = [];
  for await (const b of batches) {
    for (let r = 0; r < b.numRows && rows.length < limit; r++) rows.push(rowAt(b, r));
  }
  return rows;
}
