/** Every built-in function family, in one list. */
import { AGGREGATE_FUNCTIONS } from "./aggregate/index.js";
import { COLLECTION_FUNCTIONS } from "./collection/index.js";
import { CORE_FUNCTIONS } from "./core/index.js";
import { DATETIME_FUNCTIONS } from "./datetime/index.js";
import type { FunctionDefinition } from "./function-definition.js";
import { MATH_FUNCTIONS } from "./math/index.js";
import { STRING_FUNCTIONS } from "./string/index.js";
import { WINDOW_FUNCTIONS } from "./window/index.js";

export const BUILTIN_FUNCTIONS: readonly FunctionDefinition[] = [
  ...CORE_FUNCTIONS,
  ...STRING_FUNCTIONS,
  ...MATH_FUNCTIONS,
  ...DATETIME_FUNCTIONS,
  ...COLLECTION_FUNCTIONS,
  ...AGGREGATE_FUNCTIONS,
  ...WINDOW_FUNCTIONS,
];
