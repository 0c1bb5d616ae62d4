/**
 * Pairwise statistics over rows where both arguments are non-null: `covar_pop`, `covar_samp` and
 * `corr` (Pearson). DOUBLE inputs and result; NULL for no pairs; one pair gives NULL for the sample
 * statistics (NaN with `spark.sql.legacy.statisticalAggregate`).
 *
 * Buffer: [n, xMean, yMean, ck, xMk, yMk] with Spark's one-pass update and pairwise merge formulas.
 * `corr` divides by sqrt(xMk · yMk) like Spark 4: a constant column makes that zero, which is
 * `DIVIDE_BY_ZERO` in ANSI mode and NULL otherwise.
 */
import { DOUBLE, LONG } from "../../types/data-type.js";
import type { AggregateFunctionDefinition, BoundAggregate, FunctionDocs } from "../function-definition.js";
import { divideByZeroResult } from "./central-moment.js";
import { aggregateDivideByZero, coerceAllToDouble, requireNumericArg, toDoubleFn } from "./helpers.js";

type CoBuffer = [number, number, number, number, number, number];

function updateCo(b: CoBuffer, x: number, y: number): CoBuffer {
  const n = b[0] + 1;
  const dx = x - b[1];
  const dy = y - b[2];
  const xAvg = b[1] + dx / n;
  const yAvg = b[2] + dy / n;
  b[0] = n;
  b[1] = xAvg;
  b[2] = yAvg;
  b[3] = b[3] + dx * (y - yAvg);
  b[4] = b[4] + dx * (x - xAvg);
  b[5] = b[5] + dy * (y - yAvg);
  return b;
}

function mergeCo(a: CoBuffer, b: CoBuffer): CoBuffer {
  const n1 = a[0];
  const n2 = b[0];
  const n = n1 + n2;
  const dx = b[1] - a[1];
  const dy = b[2] - a[2];
  const dxN = n === 0 ? 0 : dx / n;
  const dyN = n === 0 ? 0 : dy / n;
  return [
    n,
    a[1] + dxN * n2,
    a[2] + dyN * n2,
    a[3] + b[3] + dx * dyN * n1 * n2,
    a[4] + b[4] + dx * dxN * n1 * n2,
    a[5] + b[5] + dy * dyN * n1 * n2,
  ];
}

type Evaluate = (b: CoBuffer, divByZero: number | null, ansi: boolean) => number | null;

function coDefinition(name: string, evaluate: Evaluate, docs: FunctionDocs): AggregateFunctionDefinition {
  return {
    type: "aggregate",
    name,
    args: { min: 2, max: 2 },
    coerce: coerceAllToDouble,
    docs,
    bind: (args, ctx): BoundAggregate => {
      requireNumericArg(name, args, 0);
      requireNumericArg(name, args, 1);
      const fx = toDoubleFn(args[0]!.dataType);
      const fy = toDoubleFn(args[1]!.dataType);
      const divByZero = divideByZeroResult(ctx);
      const ansi = ctx.ansi;
      return {
        dataType: DOUBLE,
        nullable: true,
        init: () => [0, 0, 0, 0, 0, 0],
        update: (buf, x, y) => updateCo(buf as CoBuffer, fx(x), fy(y)),
        merge: (a, b) => mergeCo(a as CoBuffer, b as CoBuffer),
        finish: (buf) => evaluate(buf as CoBuffer, divByZero, ansi),
      };
    },
  };
}

/** `covar_pop`: the population covariance of number pairs. */
export const covarPop = coDefinition("covar_pop", ([n, , , ck]) => (n === 0 ? null : ck / n), {
  usage: "covar_pop(expr1, expr2) returns the population covariance of a set of number pairs.",
  examples: [
    { sql: "covar_pop(c1, c2) FROM VALUES (1,1), (2,2), (3,3) AS tab(c1, c2)", result: "0.6666666666666666" },
  ],
  since: "2.0.0",
});

/** `covar_samp`: the sample covariance of number pairs. */
export const covarSamp = coDefinition(
  "covar_samp",
  ([n, , , ck], z) => (n === 0 ? null : n === 1 ? z : ck / (n - 1)),
  {
    usage: "covar_samp(expr1, expr2) returns the sample covariance of a set of number pairs.",
    examples: [{ sql: "covar_samp(c1, c2) FROM VALUES (1,1), (2,2), (3,3) AS tab(c1, c2)", result: "1.0" }],
    since: "2.0.0",
  },
);

/** `corr`: the Pearson correlation coefficient of number pairs. */
export const corr = coDefinition(
  "corr",
  ([n, , , ck, xMk, yMk], z, ansi) => {
    if (n === 0) return null;
    if (n === 1) return z;
    const d = Math.sqrt(xMk * yMk);
    if (d === 0) {
      if (ansi) throw aggregateDivideByZero();
      return null;
    }
    return ck / d;
  },
  {
    usage: "corr(expr1, expr2) returns the Pearson coefficient of correlation between a set of number pairs.",
    examples: [
      { sql: "corr(c1, c2) FROM VALUES (3, 2), (3, 3), (6, 4) AS tab(c1, c2)", result: "0.8660254037844387" },
    ],
    since: "1.6.0",
  },
);

/**
 * Spark's `regr_*(y, x)` family over the rows where both are non-null. The co-moment buffer is fed
 * (y, x), so its first mean/moment belong to y and its second to x.
 */
function regrDefinition(
  name: string,
  evaluate: (n: number, yAvg: number, xAvg: number, ck: number, yMk: number, xMk: number) => number | null,
  docs: FunctionDocs,
): AggregateFunctionDefinition {
  return coDefinition(
    name,
    ([n, yAvg, xAvg, ck, yMk, xMk]) => (n === 0 ? null : evaluate(n, yAvg, xAvg, ck, yMk, xMk)),
    docs,
  );
}

const REGR_SAMPLE = "(y, x) FROM VALUES (1, 1), (2, 2), (3, 3) AS tab(y, x)";

/** `regr_sxx(y, x)`: the sum of squares of the x deviations. */
export const regrSxx = regrDefinition("regr_sxx", (_n, _ya, _xa, _ck, _yMk, xMk) => xMk, {
  usage:
    "regr_sxx(y, x) - Returns REGR_COUNT(y, x) * VAR_POP(x) for non-null pairs in a group, where `y` is the dependent variable and `x` is the independent variable.",
  examples: [{ sql: `regr_sxx${REGR_SAMPLE}`, result: "2.0" }],
  since: "3.4.0",
});

/** `regr_syy(y, x)`: the sum of squares of the y deviations. */
export const regrSyy = regrDefinition("regr_syy", (_n, _ya, _xa, _ck, yMk) => yMk, {
  usage:
    "regr_syy(y, x) - Returns REGR_COUNT(y, x) * VAR_POP(y) for non-null pairs in a group, where `y` is the dependent variable and `x` is the independent variable.",
  examples: [{ sql: `regr_syy${REGR_SAMPLE}`, result: "2.0" }],
  since: "3.4.0",
});

/** `regr_sxy(y, x)`: the sum of products of the deviations. */
export const regrSxy = regrDefinition("regr_sxy", (_n, _ya, _xa, ck) => ck, {
  usage:
    "regr_sxy(y, x) - Returns REGR_COUNT(y, x) * COVAR_POP(y, x) for non-null pairs in a group, where `y` is the dependent variable and `x` is the independent variable.",
  examples: [{ sql: `regr_sxy${REGR_SAMPLE}`, result: "2.0" }],
  since: "3.4.0",
});

/** `regr_slope(y, x)`: the slope of the least-squares line. */
export const regrSlope = regrDefinition(
  "regr_slope",
  (_n, _ya, _xa, ck, _yMk, xMk) => (xMk === 0 ? null : ck / xMk),
  {
    usage:
      "regr_slope(y, x) - Returns the slope of the linear regression line for non-null pairs in a group, where `y` is the dependent variable and `x` is the independent variable.",
    examples: [{ sql: `regr_slope${REGR_SAMPLE}`, result: "1.0" }],
    since: "3.4.0",
  },
);

/** `regr_intercept(y, x)`: the y-intercept of the least-squares line. */
export const regrIntercept = regrDefinition(
  "regr_intercept",
  (_n, yAvg, xAvg, ck, _yMk, xMk) => (xMk === 0 ? null : yAvg - (ck / xMk) * xAvg),
  {
    usage:
      "regr_intercept(y, x) - Returns the intercept of the univariate linear regression line for non-null pairs in a group, where `y` is the dependent variable and `x` is the independent variable.",
    examples: [{ sql: `regr_intercept${REGR_SAMPLE}`, result: "0.0" }],
    since: "3.4.0",
  },
);

/** `regr_r2(y, x)`: the coefficient of determination. */
export const regrR2 = regrDefinition(
  "regr_r2",
  (_n, _ya, _xa, ck, yMk, xMk) => (xMk === 0 ? null : yMk === 0 ? 1 : (ck * ck) / (xMk * yMk)),
  {
    usage:
      "regr_r2(y, x) - Returns the coefficient of determination for non-null pairs in a group, where `y` is the dependent variable and `x` is the independent variable.",
    examples: [{ sql: `regr_r2${REGR_SAMPLE}`, result: "1.0" }],
    since: "3.4.0",
  },
);

type PairSums = [number, number, number];

/** `regr_count(y, x)`, `regr_avgx(y, x)`, `regr_avgy(y, x)`: count and means of the non-null pairs. */
function pairDefinition(
  name: string,
  dataType: typeof DOUBLE | typeof LONG,
  evaluate: (b: PairSums) => number | null,
  docs: FunctionDocs,
): AggregateFunctionDefinition {
  return {
    type: "aggregate",
    name,
    args: { min: 2, max: 2 },
    coerce: coerceAllToDouble,
    docs,
    bind: (args): BoundAggregate => {
      requireNumericArg(name, args, 0);
      requireNumericArg(name, args, 1);
      const fy = toDoubleFn(args[0]!.dataType);
      const fx = toDoubleFn(args[1]!.dataType);
      return {
        dataType,
        nullable: dataType !== LONG,
        init: (): PairSums => [0, 0, 0],
        update: (buf, y, x) => {
          const b = buf as PairSums;
          b[0]++;
          b[1] += fy(y);
          b[2] += fx(x);
          return b;
        },
        merge: (a, b) => {
          const x = a as PairSums;
          const y = b as PairSums;
          return [x[0] + y[0], x[1] + y[1], x[2] + y[2]];
        },
        finish: (buf) => evaluate(buf as PairSums),
      };
    },
  };
}

/** `regr_count(y, x)`: the number of rows where both are non-null. */
export const regrCount = pairDefinition("regr_count", LONG, (b) => b[0], {
  usage:
    "regr_count(y, x) - Returns the number of non-null number pairs in a group, where `y` is the dependent variable and `x` is the independent variable.",
  examples: [{ sql: `regr_count${REGR_SAMPLE}`, result: "3" }],
  since: "3.4.0",
});

/** `regr_avgx(y, x)`: the mean of x over the non-null pairs. */
export const regrAvgx = pairDefinition("regr_avgx", DOUBLE, (b) => (b[0] === 0 ? null : b[2] / b[0]), {
  usage:
    "regr_avgx(y, x) - Returns the average of the independent variable for non-null pairs in a group, where `y` is the dependent variable and `x` is the independent variable.",
  examples: [{ sql: `regr_avgx${REGR_SAMPLE}`, result: "2.0" }],
  since: "3.4.0",
});

/** `regr_avgy(y, x)`: the mean of y over the non-null pairs. */
export const regrAvgy = pairDefinition("regr_avgy", DOUBLE, (b) => (b[0] === 0 ? null : b[1] / b[0]), {
  usage:
    "regr_avgy(y, x) - Returns the average of the dependent variable for non-null pairs in a group, where `y` is the dependent variable and `x` is the independent variable.",
  examples: [{ sql: `regr_avgy${REGR_SAMPLE}`, result: "2.0" }],
  since: "3.4.0",
});
