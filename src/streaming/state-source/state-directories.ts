/**
 * The state part of a checkpoint as directories: `state/<operatorId>/<partitionId>/…`. Only names
 * that are non-negative integers count as operators and partitions (Spark's state readers list
 * them the same way); `_metadata` and stray files are skipped.
 */
import { join } from "node:path";
import { listDirectory } from "../../storage/atomic-file.js";

/** `<checkpoint>/state`. */
export function stateRootOf(checkpointDir: string): string {
  return join(checkpointDir, "state");
}

/** The operator ids under `<checkpoint>/state`, ascending. */
export function listStateOperatorIds(checkpointDir: string): number[] {
  return numericNames(stateRootOf(checkpointDir));
}

/** The partition ids under `<checkpoint>/state/<operatorId>`, ascending. */
export function listStatePartitionIds(checkpointDir: string, operatorId: number): number[] {
  return numericNames(join(stateRootOf(checkpointDir), String(operatorId)));
}

/**
 * The newest state version with a file in a partition directory: the largest `v` of the
 * `<v>.delta` / `<v>.snapshot` files (the HDFS-backed provider's names), undefined when none.
 */
export function latestStateFileVersion(partitionDir: string): number | undefined {
  let latest: number | undefined;
  for (const name of listDirectory(partitionDir)) {
    const m = /^([0-9]+)\.(?:delta|snapshot)$/.exec(name);
    if (!m) continue;
    const v = Number(m[1]);
    if (Number.isSafeInteger(v) && (latest === undefined || v > latest)) latest = v;
  }
  return latest;
}

function numericNames(dir: string): number[] {
  const out: number[] = [];
  for (const name of listDirectory(dir)) {
    if (!/^[0-9]+$/.test(name)) continue;
    const n = Number(name);
    if (Number.isSafeInteger(n)) out.push(n);
  }
  return out.sort((a, b) => a - b);
}
