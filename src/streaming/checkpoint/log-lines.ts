/** Splitting a log file into lines (storage/log-lines.ts), re-exported for the checkpoint's readers. */
export { logLines } from "../../storage/log-lines.js";
