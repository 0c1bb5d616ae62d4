/**
 * A one-line progress display on the terminal for long file reads and writes. Shown only when
 * stderr is a TTY and `tspark.progress.enabled` is not `false`; redrawn at most every 200 ms and
 * only after the work has run for one second, so short jobs print nothing. `finish()` clears the
 * line.
 */
import { performance } from "node:perf_hooks";

const REDRAW_MS = 200;
const DELAY_MS = 1000;

export class ProgressBar {
  private readonly started: number;
  private lastDraw = 0;
  private drawn = false;

  private constructor(
    private readonly label: string,
    private readonly total: number | undefined,
    private readonly unit: string,
    private readonly out: NodeJS.WriteStream,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.started = now();
  }

  /** @internal a bar on `out` with an injected monotonic clock (milliseconds), for tests. */
  static forTest(label: string, out: NodeJS.WriteStream, now: () => number, total?: number): ProgressBar {
    return new ProgressBar(label, total, "rows", out, now);
  }

  /**
   * A bar for `label`, or undefined when progress is off (`tspark.progress.enabled=false`) or
   * stderr is not a terminal. `total` (same unit as `update`) enables a percentage.
   */
  static create(
    conf: (key: string) => string | undefined,
    label: string,
    options: { readonly total?: number; readonly unit?: string; readonly out?: NodeJS.WriteStream } = {},
  ): ProgressBar | undefined {
    if ((conf("tspark.progress.enabled") ?? "true").toLowerCase() === "false") return undefined;
    const out = options.out ?? process.stderr;
    if (!out.isTTY) return undefined;
    return new ProgressBar(label, options.total, options.unit ?? "rows", out);
  }

  /** Reports `done` units so far (redraws when due). */
  update(done: number): void {
    const now = this.now();
    if (now - this.started < DELAY_MS || now - this.lastDraw < REDRAW_MS) return;
    this.lastDraw = now;
    const secs = (now - this.started) / 1000;
    const rate = Math.round(done / Math.max(secs, 0.001));
    let text = `${this.label}: ${done.toLocaleString("en-US")} ${this.unit}`;
    if (this.total !== undefined && this.total > 0) {
      const frac = Math.min(1, done / this.total);
      const width = 20;
      const filled = Math.round(frac * width);
      text = `${this.label} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${Math.floor(frac * 100)}%`;
    } else text += ` (${rate.toLocaleString("en-US")}/s)`;
    const cols = this.out.columns ?? 80;
    this.out.write(`\r${text.slice(0, Math.max(10, cols - 1)).padEnd(Math.max(10, cols - 1))}`);
    this.drawn = true;
  }

  /** Clears the line if anything was drawn. */
  finish(): void {
    if (this.drawn) this.out.write(`\r${" ".repeat(Math.max(10, (this.out.columns ?? 80) - 1))}\r`);
    this.drawn = false;
  }
}
