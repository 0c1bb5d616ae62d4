/**
 * Pairwise statistics over rows where both arguments are non-null: `covar_pop`, `covar_samp` and
 * `corr` (Pearson). DOUBLE inputs and result; NULL for no pairs; one pair gives NULL for the sample
 * statistics (NaN with `spark.sql.legacy.statisticalAggregate`).
 *
 * Buffer: [n, xMean, yMean, ck, xMk, yMk] with Spark's one-pass update and pairwise merge formulas.
 * `corr` divides by sqrt(xMk · yMk) like Spark 4: a constant column makes that zero, which is
 * `DIVIDE_BY_ZERO` in ANSI mode and NULL otherwise.
 */
import { DOUBLE } from "../../types/data-type.js";
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
