/**
 * The file being read, for `input_file_name()`, `input_file_block_start()` and
 * `input_file_block_length()` (Spark's InputFileBlockHolder). File scans set the block before
 * handing each batch downstream and clear it when the file is done; the functions read it as rows
 * are evaluated. Execution is single-threaded and pull-based, so the block set is the one of the
 * batch being evaluated above the scan (as Spark's thread-local holder is per task). Outside a file
 * scan the values are Spark's "unknown": "" and -1.
 */
import { LONG, STRING } from "../../types/data-type.js";
import type { ScalarFunctionDefinition } from "../function-definition.js";

interface Block {
  readonly path: string;
  readonly start: number;
  readonly length: number;
}

const NONE: Block = { path: "", start: -1, length: -1 };
let current: Block = NONE;

/** Set and clear the current input file block (called by file scans only). */
export const InputFileBlockHolder = {
  /** `path` as Spark shows it (a `file://` URI). */
  set(path: string, start: number, length: number): void {
    current = { path, start, length };
  },
  unset(): void {
    current = NONE;
  },
  get(): Block {
    return current;
  },
};

/** `input_file_name()`: the URI of the file being read, or "" when unknown. */
export const INPUT_FILE_NAME: ScalarFunctionDefinition = {
  type: "scalar",
  name: "input_file_name",
  args: { min: 0, max: 0 },
  docs: {
    usage: "input_file_name() - Returns the name of the file being read, or empty string if not available.",
    examples: [{ sql: "input_file_name()", result: "(empty)" }],
    since: "1.5.0",
  },
  bind: () => ({
    dataType: STRING,
    nullable: false,
    nullIntolerant: false,
    deterministic: false,
    eval: () => current.path,
  }),
};

function blockField(name: string, what: string, field: "start" | "length"): ScalarFunctionDefinition {
  return {
    type: "scalar",
    name,
    args: { min: 0, max: 0 },
    docs: {
      usage: `${name}() - Returns the ${what} of the block being read, or -1 if not available.`,
      examples: [{ sql: `${name}()`, result: "-1" }],
      since: "2.2.0",
    },
    bind: () => ({
      dataType: LONG,
      nullable: false,
      nullIntolerant: false,
      deterministic: false,
      eval: () => current[field],
    }),
  };
}

/** `input_file_block_start()`: the start offset of the block being read (0 for a whole file), or -1. */
export const INPUT_FILE_BLOCK_START = blockField("input_file_block_start", "start offset", "start");

/** `input_file_block_length()`: the length of the block being read, or -1. */
export const INPUT_FILE_BLOCK_LENGTH = blockField("input_file_block_length", "length", "length");
