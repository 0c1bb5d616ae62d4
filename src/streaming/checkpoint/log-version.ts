/**
 * The version line and the corrupt-file checks of checkpoint logs, shared with the file sink's log:
 * they live in storage/log-version.ts; re-exported here for the checkpoint's readers.
 */
export {
  corruptFile,
  expectObject,
  integerField,
  parseJsonLine,
  parseLogVersion,
} from "../../storage/log-version.js";
