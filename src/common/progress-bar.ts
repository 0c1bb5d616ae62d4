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
  private readonly started = performance.now();
  private lastDraw = 0;
  private drawn = false;

  private constructor(
    private readonly label: string,
    private readonly total: number | undefined,
    private readonly unit: string,
    private readonly out: NodeJS.WriteStream,
  ) {}

  /**
   * A bar for `label`, or undefined when progress is off (`tspark.progress.enabled=false`) or
   * stderr is not a terminal. `total` (same unit as `update`) enables a percentage.
   */
  static create(
    conf: (key: string) => string | undefined,
    label: string,
    options: { readonly total?: number; readonly unit?: string } = {},
  ): ProgressBar | undefined {
    if ((conf("tspark.progress.enabled") ?? "true").toLowerCase() === "false") return undefined;
    if (!process.stderr.isTTY) return undefined;
    return new ProgressBar(label, options.total, options.unit ?? "rows", process.stderr);
  }

  /** Reports `done` units so far (redraws when due). */
  update(done: number): void {
    const now = performance.now();
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
