/**
 * Central-moment aggregates (Spark's `CentralMomentAgg`): stddev_samp (aliases stddev, std),
 * stddev_pop, var_samp (alias variance), var_pop, skewness, kurtosis. All take DOUBLE and return
 * DOUBLE; NULL for no input. Where the formula would divide by zero (one value for the sample
 * statistics, zero variance for skewness/kurtosis) the result is NULL, or NaN when
 * `spark.sql.legacy.statisticalAggregate` is true.
 *
 * Buffer: [n, mean, m2, m3, m4] updated with the one-pass formulas of Meng (2015) that Spark uses,
 * and merged with the pairwise formulas (Chan et al.), so partial buffers combine exactly as Spark's.
 */
import { DOUBLE } from "../../types/data-type.js";
import type {
  AggregateFunctionDefinition,
  BindContext,
  BoundAggregate,
  FunctionDocs,
} from "../function-definition.js";
import { coerceAllToDouble, requireNumericArg, sqlAsCalled, toDoubleFn } from "./helpers.js";

type Moments = [number, number, number, number, number];

function updateMoments(b: Moments, x: number, order: number): Moments {
  const n = b[0] + 1;
  const delta = x - b[1];
  const deltaN = delta / n;
  const m2 = b[2] + delta * (delta - deltaN);
  b[0] = n;
  b[1] = b[1] + deltaN;
  if (order >= 3) {
    const delta2 = delta * delta;
    const deltaN2 = deltaN * deltaN;
    const m3 = b[3] - 3 * deltaN * m2 + delta * (delta2 - deltaN2);
    if (order >= 4) {
      b[4] = b[4] - 4 * deltaN * m3 - 6 * deltaN2 * m2 + delta * (delta * delta2 - deltaN * deltaN2);
    }
    b[3] = m3;
  }
  b[2] = m2;
  return b;
}

function mergeMoments(a: Moments, b: Moments, order: number): Moments {
  const n1 = a[0];
  const n2 = b[0];
  const n = n1 + n2;
  const delta = b[1] - a[1];
  const deltaN = n === 0 ? 0 : delta / n;
  const mean = a[1] + deltaN * n2;
  const m2 = a[2] + b[2] + delta * deltaN * n1 * n2;
  let m3 = 0;
  let m4 = 0;
  if (order >= 3) {
    m3 = a[3] + b[3] + deltaN * deltaN * delta * n1 * n2 * (n1 - n2) + 3 * deltaN * (n1 * b[2] - n2 * a[2]);
  }
  if (order >= 4) {
    m4 =
      a[4] +
      b[4] +
      deltaN * deltaN * deltaN * delta * n1 * n2 * (n1 * n1 - n1 * n2 + n2 * n2) +
      6 * deltaN * deltaN * (n1 * n1 * b[2] + n2 * n2 * a[2]) +
      4 * deltaN * (n1 * b[3] - n2 * a[3]);
  }
  return [n, mean, m2, m3, m4];
}

/** Spark's `divideByZeroEvalResult`: NULL unless the legacy statistical-aggregate flag is on. */
export function divideByZeroResult(ctx: BindContext): number | null {
  return ctx.conf("spark.sql.legacy.statisticalAggregate") === "true" ? Number.NaN : null;
}

function momentDefinition(
  name: string,
  aliases: readonly string[],
  order: number,
  evaluate: (m: Moments, divByZero: number | null) => number | null,
  docs: FunctionDocs,
): AggregateFunctionDefinition {
  return {
    type: "aggregate",
    name,
    aliases,
    args: { min: 1, max: 1 },
    coerce: coerceAllToDouble,
    sql: sqlAsCalled,
    docs,
    bind: (args, ctx): BoundAggregate => {
      requireNumericArg(name, args, 0);
      const toDouble = toDoubleFn(args[0]!.dataType);
      const divByZero = divideByZeroResult(ctx);
      return {
        dataType: DOUBLE,
        nullable: true,
        init: () => [0, 0, 0, 0, 0],
        update: (buf, x) => updateMoments(buf as Moments, toDouble(x), order),
        merge: (a, b) => mergeMoments(a as Moments, b as Moments, order),
        finish: (buf) => evaluate(buf as Moments, divByZero),
      };
    },
  };
}

const ONE_TWO_THREE = "(col) FROM VALUES (1), (2), (3) AS tab(col)";

/** `stddev_samp` (aliases `stddev`, `std`): the sample standard deviation. */
export const stddevSamp = momentDefinition(
  "stddev_samp",
  ["stddev", "std"],
  2,
  ([n, , m2], z) => (n === 0 ? null : n === 1 ? z : Math.sqrt(m2 / (n - 1))),
  {
    usage: "stddev_samp(expr) returns the sample standard deviation calculated from values of a group.",
    examples: [{ sql: `stddev_samp${ONE_TWO_THREE}`, result: "1.0" }],
    since: "1.6.0",
  },
);

/** `stddev_pop`: the population standard deviation. */
export const stddevPop = momentDefinition(
  "stddev_pop",
  [],
  2,
  ([n, , m2]) => (n === 0 ? null : Math.sqrt(m2 / n)),
  {
    usage: "stddev_pop(expr) returns the population standard deviation calculated from values of a group.",
    examples: [{ sql: `stddev_pop${ONE_TWO_THREE}`, result: "0.816496580927726" }],
    since: "1.6.0",
  },
);

/** `var_samp` (alias `variance`): the sample variance. */
export const varSamp = momentDefinition(
  "var_samp",
  ["variance"],
  2,
  ([n, , m2], z) => (n === 0 ? null : n === 1 ? z : m2 / (n - 1)),
  {
    usage: "var_samp(expr) returns the sample variance calculated from values of a group.",
    examples: [{ sql: `var_samp${ONE_TWO_THREE}`, result: "1.0" }],
    since: "1.6.0",
  },
);

/** `var_pop`: the population variance. */
export const varPop = momentDefinition("var_pop", [], 2, ([n, , m2]) => (n === 0 ? null : m2 / n), {
  usage: "var_pop(expr) returns the population variance calculated from values of a group.",
  examples: [{ sql: `var_pop${ONE_TWO_THREE}`, result: "0.6666666666666666" }],
  since: "1.6.0",
});

/** `skewness`: the skewness of a group's values. */
export const skewness = momentDefinition(
  "skewness",
  [],
  3,
  ([n, , m2, m3], z) => (n === 0 ? null : m2 === 0 ? z : (Math.sqrt(n) * m3) / Math.sqrt(m2 * m2 * m2)),
  {
    usage: "skewness(expr) returns the skewness value calculated from values of a group.",
    // Spark documents 1.1135657469022013 for VALUES (-10), (-20), (100), (1000); its last digit
    // depends on how rows are split into partial buffers, so the example uses symmetric data.
    examples: [{ sql: "skewness(col) FROM VALUES (1), (2), (3) AS tab(col)", result: "0.0" }],
    since: "1.6.0",
  },
);

/** `kurtosis`: the excess kurtosis of a group's values. */
export const kurtosis = momentDefinition(
  "kurtosis",
  [],
  4,
  ([n, , m2, , m4], z) => (n === 0 ? null : m2 === 0 ? z : (n * m4) / (m2 * m2) - 3),
  {
    usage: "kurtosis(expr) returns the kurtosis value calculated from values of a group.",
    examples: [
      {
        sql: "kurtosis(col) FROM VALUES (1), (10), (100), (10), (1) AS tab(col)",
        result: "0.19432323191698986",
      },
    ],
    since: "1.6.0",
  },
);
