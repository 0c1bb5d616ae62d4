/**
 * The datetime function family: one definition per file, collected here in name order.
 * May import: common/, types/, data/, functions/ (the contract and helpers).
 */
import type { FunctionDefinition } from "../function-definition.js";

export const DATETIME_FUNCTIONS: readonly FunctionDefinition[] = [];
