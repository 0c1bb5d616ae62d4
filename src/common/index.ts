/**
 * Layer `common/`. Shared foundations: `TsparkError` and the error-condition table, config keys, the injected `Clock`, and the safe `CodeBuilder` that every piece of generated JavaScript goes through.
 *
 * Invariants: no engine code throws a bare Error; no wall-clock reads outside `Clock`; generated code never contains user text.
 * May import: nothing else in src/.
 */
export { type Clock, ManualClock, SystemClock } from "./clock.js";
export { CodeBuilder } from "./code-builder.js";
export { CONF_DEFAULTS, SQLConf } from "./config.js";
export { internalError, TsparkError } from "./errors.js";
export {
  FAULT_POINTS,
  type FaultHook,
  type FaultPoint,
  faultPoint,
  injectedFault,
  setFaultHook,
} from "./fault-points.js";
