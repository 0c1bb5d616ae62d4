/**
 * Named points of the micro-batch protocol where a test may inject a crash (DESIGN.md "Tests":
 * every scenario also runs with a crash injected at each step of the batch protocol).
 *
 * The engine calls `faultPoint(name)` at each point; without a hook installed that is a no-op.
 * A test installs a hook with `setFaultHook`: the crash-injection harness's child process kills
 * itself with SIGKILL at the point it was told, the in-process scenario matrix throws
 * `INJECTED_FAULT`. The points, in protocol order:
 *
 * | point                  | where                                                              |
 * | ---------------------- | ------------------------------------------------------------------ |
 * | `after-offsets-write`  | `offsets/<batchId>` is written, no data read yet                   |
 * | `during-sink-write`    | inside a sink's `addBatch`: part of the batch's output is written |
 * | `after-sink-write`     | the sink accepted the batch; no state committed yet                |
 * | `during-state-commit`  | some state stores of the batch committed, others not yet (an       |
 * |                        | operator's one delta file is complete: its stores publish next)    |
 * | `after-state-commit`   | every store committed; `commits/<batchId>` not written yet         |
 * | `during-snapshot`      | a state snapshot file is being written (before its atomic rename)  |
 * | `after-commit-log`     | `commits/<batchId>` is written (the batch is complete)             |
 */
import { TsparkError } from "./errors.js";

/** A named protocol point (see the table above). */
export type FaultPoint =
  | "after-offsets-write"
  | "during-sink-write"
  | "after-sink-write"
  | "during-state-commit"
  | "after-state-commit"
  | "during-snapshot"
  | "after-commit-log";

/** Every fault point, in protocol order. */
export const FAULT_POINTS: readonly FaultPoint[] = [
  "after-offsets-write",
  "during-sink-write",
  "after-sink-write",
  "during-state-commit",
  "after-state-commit",
  "during-snapshot",
  "after-commit-log",
];

/** Called at every fault point; may throw or end the process. */
export type FaultHook = (point: FaultPoint) => void;

let hook: FaultHook | undefined;

/** Installs (or, with undefined, removes) the process-wide fault hook. */
export function setFaultHook(h: FaultHook | undefined): void {
  hook = h;
}

/** Marks that the protocol reached `point` (a no-op unless a test installed a hook). */
export function faultPoint(point: FaultPoint): void {
  if (hook !== undefined) hook(point);
}

/** The error an in-process test hook throws to simulate a crash at `point`. */
export function injectedFault(point: FaultPoint): TsparkError {
  return new TsparkError("INJECTED_FAULT", { messageParameters: { point } });
}
