/**
 * The "restart after every batch" rewrite of a scenario (Arroyo's checkpoint/restore run of every
 * golden query, applied to `testStream`): the same actions with a `StopStream` + `StartStream`
 * inserted at every batch boundary, so each batch after the first runs in a new query run that
 * recovers from the checkpoint. The expected answers must not change.
 *
 * A batch boundary is the point after a check or a `ProcessAllAvailable` (all data added so far
 * has been processed) and
 * before the next input (`AddData`, `MultiAddData` or `AdvanceManualClock`). Inserting the restart there rather
 * than right after the check keeps `AssertOnQuery` / `Execute` steps that follow a check on the
 * run they inspect. The restart uses the options of the scenario's latest `StartStream` (trigger,
 * clock, confs, checkpoint), or none when the scenario starts implicitly.
 *
 *     AddData(a, 1), CheckAnswer(1), AddData(a, 2), CheckAnswer(1, 2)
 *   → AddData(a, 1), CheckAnswer(1), StopStream, StartStream(), AddData(a, 2), CheckAnswer(1, 2)
 */
import {
  mustBeRunning,
  type StartStreamOptions,
  type StreamAction,
  StartStream,
  StopStream,
} from "./stream-action.js";

const CHECKS: ReadonlySet<StreamAction["kind"]> = new Set([
  "checkAnswerRows",
  "checkAnswerContains",
  "checkAnswerByFunc",
  "checkNewAnswer",
  "processAllAvailable",
]);

/** Whether `testStream` starts the query itself before these actions (no StartStream before the first must-run step). */
export function startsImplicitly(actions: readonly StreamAction[]): boolean {
  for (const a of actions) {
    if (a.kind === "startStream") return false;
    if (mustBeRunning(a)) return true;
  }
  return true;
}

/** The actions with a stop and a restart from the checkpoint at every batch boundary. */
export function withRestartAfterEveryBatch(actions: readonly StreamAction[]): StreamAction[] {
  const out: StreamAction[] = [];
  let running = startsImplicitly(actions);
  let startOptions: StartStreamOptions = {};
  let pending = false;
  for (const a of actions) {
    const input = a.kind === "addData" || a.kind === "multiAddData" || a.kind === "advanceManualClock";
    if (pending && running && input) {
      out.push(StopStream, StartStream(startOptions));
      pending = false;
    }
    switch (a.kind) {
      case "startStream":
        running = true;
        startOptions = a.options;
        pending = false;
        break;
      case "stopStream":
      case "expectFailure":
        running = false;
        pending = false;
        break;
      default:
        if (CHECKS.has(a.kind)) pending = true;
    }
    out.push(a);
  }
  return out;
}
