/**
 * The window function family: one definition per file, collected here in name order.
 * May import: common/, types/, data/, functions/ (the contract and helpers).
 */
import type { FunctionDefinition } from "../function-definition.js";
import { lag, lead } from "./lag-lead.js";
import { nthValue } from "./nth-value.js";
import { ntile } from "./ntile.js";
import { cumeDist, denseRank, percentRank, rank, rowNumber } from "./ranking.js";

export const WINDOW_FUNCTIONS: readonly FunctionDefinition[] = [
  cumeDist,
  denseRank,
  lag,
  lead,
  nthValue,
  ntile,
  percentRank,
  rank,
  rowNumber,
];
