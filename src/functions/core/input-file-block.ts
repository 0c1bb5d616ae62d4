/**
 * `input_file_block_start()` and `input_file_block_length()`: the block of the file being read.
 * tspark sources do not track file blocks, so both are -1, Spark's value when it is unknown.
 */
import { LONG } from "../../types/data-type.js";
import type { ScalarFunctionDefinition } from "../function-definition.js";

function unknownBlock(name: string, what: string): ScalarFunctionDefinition {
  return {
    type: "scalar",
    name,
    args: { min: 0, max: 0 },
    docs: {
      usage: `${name}() - Returns the ${what} of the block being read, or -1 if not available.`,
      examples: [{ sql: `${name}()`, result: "-1" }],
      since: "2.2.0",
    },
    bind: () => ({ dataType: LONG, nullable: false, nullIntolerant: false, eval: () => -1 }),
  };
}

/** `input_file_block_start()`: -1 (block offsets are not tracked). */
export const INPUT_FILE_BLOCK_START = unknownBlock("input_file_block_start", "start offset");

/** `input_file_block_length()`: -1 (block lengths are not tracked). */
export const INPUT_FILE_BLOCK_LENGTH = unknownBlock("input_file_block_length", "length");
