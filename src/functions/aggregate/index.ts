/**
 * The aggregate function family: one definition per file, collected here in name order.
 * May import: common/, types/, data/, functions/ (the contract and helpers).
 */
import type { FunctionDefinition } from "../function-definition.js";
import { approxCountDistinct } from "./approx-count-distinct.js";
import { avg } from "./avg.js";
import { bitAnd, bitOr, bitXor } from "./bit-aggregates.js";
import { boolAnd, boolOr } from "./bool-and-or.js";
import { kurtosis, skewness, stddevPop, stddevSamp, varPop, varSamp } from "./central-moment.js";
import { bitmapConstructAgg, bitmapOrAgg } from "./bitmap-aggregates.js";
import { collectList, collectSet } from "./collect.js";
import { count } from "./count.js";
import { countIf } from "./count-if.js";
import {
  corr,
  covarPop,
  covarSamp,
  regrAvgx,
  regrAvgy,
  regrCount,
  regrIntercept,
  regrR2,
  regrSlope,
  regrSxx,
  regrSxy,
  regrSyy,
} from "./covariance.js";
import { anyValue, first, last } from "./first-last.js";
import { histogramNumeric } from "./histogram-numeric.js";
import { listagg } from "./listagg.js";
import { maxBy, minBy } from "./max-by-min-by.js";
import { max, min } from "./min-max.js";
import { mode } from "./mode.js";
import { median, percentile } from "./percentile.js";
import { percentileApprox } from "./percentile-approx.js";
import { percentileCont, percentileDisc } from "./percentile-cont-disc.js";
import { product } from "./product.js";
import { sum } from "./sum.js";
import { tryAvg, trySum } from "./try-sum-avg.js";

export const AGGREGATE_FUNCTIONS: readonly FunctionDefinition[] = [
  anyValue,
  approxCountDistinct,
  avg,
  bitAnd,
  bitOr,
  bitXor,
  bitmapConstructAgg,
  bitmapOrAgg,
  boolAnd,
  boolOr,
  collectList,
  collectSet,
  corr,
  count,
  countIf,
  covarPop,
  covarSamp,
  first,
  histogramNumeric,
  kurtosis,
  last,
  listagg,
  max,
  maxBy,
  median,
  min,
  minBy,
  mode,
  percentile,
  percentileApprox,
  percentileCont,
  percentileDisc,
  product,
  regrAvgx,
  regrAvgy,
  regrCount,
  regrIntercept,
  regrR2,
  regrSlope,
  regrSxx,
  regrSxy,
  regrSyy,
  skewness,
  stddevPop,
  stddevSamp,
  sum,
  tryAvg,
  trySum,
  varPop,
  varSamp,
];
