/**
 * `tspark checkpoint inspect <dir> [--json]`: what a streaming query's checkpoint holds — query id,
 * batches (and whether the last one will re-run), the latest batch's offsets per source, the
 * watermark, the pinned settings, and per stateful operator its partitions, files, bytes, newest
 * state version and keys. The human form is for reading (stable line prefixes, one fact per
 * line); `--json` prints the same report as one JSON object for tools.
 *
 * Exit codes: 0 printed; 1 the directory is missing, not a checkpoint, or holds a corrupt file
 * (the engine's error, naming the file); 2 a usage error.
 */
import { parseArgs } from "node:util";
import { resolveCheckpointLocation } from "../streaming/checkpoint/checkpoint-location.js";
import { formatProgressTimestamp } from "../streaming/runtime/progress-timestamp.js";
import { type CheckpointSummary, summarizeCheckpoint } from "../streaming/state-source/checkpoint-summary.js";

/** `tspark checkpoint`'s own help (ends with a newline). */
export const CHECKPOINT_USAGE = `Usage: tspark checkpoint inspect <dir> [--json]

Prints what the checkpoint of a streaming query holds: the query id, the batches of the offset
and commit logs (and whether the last batch is uncommitted and will re-run), the latest batch's
offsets per source, the watermark, the settings pinned in the offset log, and for each stateful
operator its partitions, files, bytes on disk, newest state version and number of keys.

State operator columns: partitions (directories), files and bytes (everything under
state/<id>/), version (the newest state version with a file: batch id + 1), committed (the
version of the last committed batch, the one a restart loads) and keys (at that version).

Options:
  --json          Print the report as one JSON object
  --no-keys       Do not load the state to count its keys
  -h, --help      Show this help
`;

/** What `tspark checkpoint …` was asked to do. */
export interface CheckpointCommand {
  readonly dir: string;
  readonly json: boolean;
  readonly countKeys: boolean;
}

/** Parses `tspark checkpoint`'s arguments: the command, `"help"`, or a usage error message. */
export function parseCheckpointArgs(args: readonly string[]): CheckpointCommand | "help" | string {
  let parsed: { values: { json?: boolean; "no-keys"?: boolean; help?: boolean }; positionals: string[] };
  try {
    parsed = parseArgs({
      args: [...args],
      options: {
        json: { type: "boolean" },
        "no-keys": { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: true,
    });
  } catch (e) {
    return `checkpoint: ${(e as { message?: string }).message ?? String(e)}`;
  }
  const { values, positionals } = parsed;
  if (values.help) return "help";
  const [sub, dir, ...extra] = positionals;
  if (sub === undefined) return "checkpoint needs a subcommand: tspark checkpoint inspect <dir>";
  if (sub !== "inspect") return `checkpoint: unknown subcommand '${sub}' (expected 'inspect')`;
  if (dir === undefined) return "checkpoint inspect needs a directory: tspark checkpoint inspect <dir>";
  if (extra.length > 0) return `checkpoint inspect: unexpected argument '${extra[0]}'`;
  return { dir, json: values.json === true, countKeys: values["no-keys"] !== true };
}

/** Runs `tspark checkpoint inspect`; returns the exit code (errors go to stderr). */
export async function runCheckpointInspect(command: CheckpointCommand): Promise<number> {
  try {
    const dir = resolveCheckpointLocation({
      option: command.dir,
      conf: undefined,
      queryName: undefined,
      sink: "",
      newUuid: () => "",
      tempDirRoot: "",
    }).path;
    const summary = await summarizeCheckpoint(dir, { countKeys: command.countKeys });
    process.stdout.write(
      command.json ? `${JSON.stringify(summaryJson(summary), null, 2)}\n` : formatSummary(summary),
    );
    return 0;
  } catch (e) {
    process.stderr.write(`tspark checkpoint inspect: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}

/** The report as plain JSON: offsets parsed (a non-JSON offset stays a string), absent as null. */
export function summaryJson(s: CheckpointSummary): unknown {
  return {
    checkpoint: s.checkpoint,
    queryId: s.queryId ?? null,
    offsets: s.offsets ?? null,
    commits: s.commits ?? null,
    lastCommit: s.lastCommit ?? null,
    latestBatch:
      s.latestBatch === undefined
        ? null
        : {
            batchId: s.latestBatch.batchId,
            committed: s.latestBatch.committed,
            batchTimestampMs: s.latestBatch.batchTimestampMs,
            batchWatermarkMs: s.latestBatch.batchWatermarkMs,
            sources: s.latestBatch.sources.map((src) => ({
              index: src.index,
              startOffset: offsetJson(src.startOffset),
              endOffset: offsetJson(src.endOffset),
            })),
          },
    nextBatch: s.nextBatch,
    watermark: {
      batchWatermarkMs: s.latestBatch?.batchWatermarkMs ?? null,
      nextBatchWatermarkMs: s.lastCommit?.nextBatchWatermarkMs ?? null,
    },
    conf: s.conf,
    stateOperators: s.stateOperators.map((op) => ({
      operatorId: op.operatorId,
      operatorName: op.operatorName ?? null,
      stateStores: op.stores.map((st) => ({ storeName: st.storeName, numPartitions: st.numPartitions })),
      keySchema: op.schema?.keySchema.simpleString() ?? null,
      valueSchema: op.schema?.valueSchema.simpleString() ?? null,
      numPartitions: op.numPartitions,
      numFiles: op.numFiles,
      bytes: op.bytes,
      latestVersion: op.latestVersion ?? null,
      committedVersion: op.committedVersion ?? null,
      numKeys: op.numKeys ?? null,
    })),
  };
}

function offsetJson(offset: string | undefined): unknown {
  if (offset === undefined) return null;
  try {
    return JSON.parse(offset);
  } catch {
    return offset;
  }
}

/** The human-readable report (ends with a newline). */
export function formatSummary(s: CheckpointSummary): string {
  const out: string[] = [];
  const line = (label: string, value: string) => out.push(`  ${`${label}:`.padEnd(24)}${value}`);
  out.push(`Checkpoint ${s.checkpoint}`);
  line("query id", s.queryId ?? "(no metadata file)");
  out.push("", "Batches");
  line("offset log", rangeText(s.offsets));
  line("commit log", rangeText(s.commits));
  line("last committed", s.lastCommit === undefined ? "none" : String(s.lastCommit.batchId));
  const next = s.nextBatch;
  line(
    "next batch",
    next.rerun
      ? `${next.batchId} (uncommitted: re-runs with its logged offsets, watermark and timestamp)`
      : `${next.batchId} (new)`,
  );
  if (s.latestBatch !== undefined) {
    const b = s.latestBatch;
    out.push("", `Latest batch ${b.batchId} (${b.committed ? "committed" : "not committed"})`);
    line("timestamp", msText(b.batchTimestampMs));
    line("watermark", msText(b.batchWatermarkMs));
    for (const src of b.sources) {
      line(`source ${src.index}`, `${src.startOffset ?? "-"} -> ${src.endOffset ?? "-"}`);
    }
  }
  out.push("", "Watermark");
  line("latest batch ran with", s.latestBatch === undefined ? "-" : msText(s.latestBatch.batchWatermarkMs));
  line(
    "next batch runs with",
    s.lastCommit === undefined && s.latestBatch === undefined ? "-" : msText(next.watermarkMs),
  );
  out.push("", "Pinned conf");
  const keys = Object.keys(s.conf).sort();
  if (keys.length === 0) out.push("  (none)");
  for (const k of keys) out.push(`  ${k} = ${s.conf[k]}`);
  out.push("", "State operators");
  if (s.stateOperators.length === 0) out.push("  (none)");
  else out.push(...operatorTable(s));
  for (const op of s.stateOperators) {
    if (op.schema === undefined) continue;
    out.push(
      `  operator ${op.operatorId} key:   ${op.schema.keySchema.simpleString()}`,
      `  operator ${op.operatorId} value: ${op.schema.valueSchema.simpleString()}`,
    );
  }
  return `${out.join("\n")}\n`;
}

function rangeText(r: CheckpointSummary["offsets"]): string {
  if (r === undefined) return "empty";
  const span = r.first === r.last ? `batch ${r.first}` : `batches ${r.first}..${r.last}`;
  return `${span} (${r.count} ${r.count === 1 ? "file" : "files"})`;
}

function msText(ms: number): string {
  return `${formatProgressTimestamp(ms)} (${ms} ms)`;
}

function operatorTable(s: CheckpointSummary): string[] {
  const header = ["id", "name", "partitions", "files", "bytes", "version", "committed", "keys"];
  const rows = s.stateOperators.map((op) => [
    String(op.operatorId),
    op.operatorName ?? "?",
    String(op.numPartitions),
    String(op.numFiles),
    String(op.bytes),
    op.latestVersion === undefined ? "-" : String(op.latestVersion),
    op.committedVersion === undefined ? "-" : String(op.committedVersion),
    op.numKeys === undefined ? "-" : String(op.numKeys),
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const render = (cells: readonly string[]) =>
    `  ${cells
      .map((v, c) => (c <= 1 ? v.padEnd(widths[c]!) : v.padStart(widths[c]!)))
      .join("  ")
      .trimEnd()}`;
  return [render(header), ...rows.map(render)];
}
