/**
 * The less common DataFrame methods (unpivot, randomSplit, toJSON, colRegex, to(schema),
 * checkpoints, sameSemantics/semanticHash), kept out of data-frame.ts; DataFrame delegates to
 * these functions.
 */
import { SQLConf } from "../common/config.js";
import { TsparkError } from "../common/errors.js";
import { makeJsonWriter } from "../data/json.js";
import type { AttributeReference, Expression } from "../expressions/expression.js";
import { nextExprId } from "../expressions/expr-id.js";
import { literal } from "../expressions/literal.js";
import { outputOf } from "../plans/output.js";
import { canAnsiStoreAssign, findTightestCommonType, findWiderTypeForDecimal } from "../types/coercion.js";
import { type DataType, NULL_TYPE, STRING, type StructType } from "../types/data-type.js";
import { Column, type ColumnOrName } from "./column.js";
import type { DataFrame } from "./data-frame.js";
import * as F from "./functions/index.js";
import { attribute, localDataFrame } from "./stat-functions.js";

/**
 * Spark's unpivot (melt): for every input row and value column, one row with the id columns, the
 * value column's name in `variableColumnName` and its value, cast to the values' least common
 * type (`findWiderTypeWithoutStringPromotion`), in `valueColumnName`. `values` undefined means
 * every non-id column.
 */
export function unpivot(
  df: DataFrame,
  ids: ColumnOrName | readonly ColumnOrName[],
  values: ColumnOrName | readonly ColumnOrName[] | null | undefined,
  variableColumnName: string,
  valueColumnName: string,
): DataFrame {
  const idList = asList(ids);
  const resolvedIds = outputOf(df.select(...idList).plan);
  const idIds = new Set(resolvedIds.map((a) => a.exprId));
  const valueList =
    values === undefined || values === null
      ? outputOf(df.plan)
          .filter((a) => !idIds.has(a.exprId))
          .map((a) => new Column(a))
      : asList(values);
  if (valueList.length === 0) {
    throw new TsparkError("UNPIVOT_REQUIRES_VALUE_COLUMNS", {
      messageParameters: { ids: resolvedIds.map((a) => `\`${a.name}\``).join(", ") },
    });
  }
  const pre = df.select(...idList, ...valueList);
  const out = outputOf(pre.plan);
  const idAttrs = out.slice(0, idList.length);
  const valueAttrs = out.slice(idList.length);
  let common: DataType | undefined = NULL_TYPE;
  for (const a of valueAttrs) {
    common =
      common && (findTightestCommonType(common, a.dataType) ?? findWiderTypeForDecimal(common, a.dataType));
  }
  if (common === undefined) {
    throw new TsparkError("UNPIVOT_VALUE_DATA_TYPE_MISMATCH", {
      messageParameters: {
        types: valueAttrs.map((a) => `"${a.dataType.sql()}"`).join(", "),
      },
    });
  }
  const target = common;
  // Casts go in a projection below the Expand, where the analyzer resolves them.
  const casted = df.select(
    ...idAttrs.map((a) => new Column(a)),
    ...valueAttrs.map((a) =>
      a.dataType.sql() === target.sql() ? new Column(a) : new Column(a).cast(target).alias(a.name),
    ),
  );
  const castOut = outputOf(casted.plan);
  const variable = attribute(variableColumnName, STRING, false);
  const value = attribute(
    valueColumnName,
    target,
    valueAttrs.some((a) => a.nullable),
  );
  const projections = valueAttrs.map((v, i): Expression[] => [
    ...castOut.slice(0, idAttrs.length),
    literal(v.name, STRING),
    castOut[idAttrs.length + i]!,
  ]);
  return df.derive({
    kind: "expand",
    projections,
    output: [...castOut.slice(0, idAttrs.length), variable, value],
    child: casted.plan,
  });
}

/**
 * Spark's randomSplit: one DataFrame per weight (weights normalised to sum 1), together a
 * disjoint cover of the rows. Each row draws `rand(seed)` once and falls in the split whose
 * cumulative range holds it; the same seed gives the same splits.
 */
export function randomSplit(df: DataFrame, weights: readonly number[], seed?: number): DataFrame[] {
  for (const w of weights) {
    if (!(w >= 0)) {
      throw new TsparkError("ILLEGAL_ARGUMENT", {
        messageParameters: { message: `Weights must be nonnegative, but got [${weights.join(", ")}]` },
      });
    }
  }
  const sum = weights.reduce((a, b) => a + b, 0);
  if (!(sum > 0)) {
    throw new TsparkError("ILLEGAL_ARGUMENT", {
      messageParameters: { message: `Sum of weights must be positive, but got [${weights.join(", ")}]` },
    });
  }
  const s = seed ?? Math.floor(df.sparkSession.state.bindContext().randomSeed());
  const cols = df.columns;
  const randName = `__random_split_${nextExprId()}`;
  const withRand = df.withColumn(randName, F.rand(s));
  const bounds = [0];
  for (const w of weights) bounds.push(bounds[bounds.length - 1]! + w / sum);
  return weights.map((_, i) => {
    const lo = bounds[i]!;
    const hi = bounds[i + 1]!;
    const r = withRand.col(randName);
    const last = i === weights.length - 1;
    const cond = last ? r.geq(lo) : r.geq(lo).and(r.lt(hi));
    return withRand.filter(cond).select(...cols.map((_c, j) => new Column(outputOf(df.plan)[j]!)));
  });
}

/** Rows as JSON documents, as Spark's toJSON writes them (null fields left out, session time zone). */
export async function toJSON(df: DataFrame): Promise<string[]> {
  const schema = df.schema;
  const ignoreNullFields = df.sparkSession.state.getConf("spark.sql.jsonGenerator.ignoreNullFields");
  const write = makeJsonWriter(schema, {
    timeZone: df.sparkSession.state.getConf(SQLConf.SESSION_TIME_ZONE) ?? "UTC",
    ignoreNullFields:
      ignoreNullFields === undefined ? true : ignoreNullFields.trim().toLowerCase() !== "false",
  });
  const rows = await df.collectInternal();
  return rows.map((r) => write(r));
}

/**
 * Spark's colRegex: a backquoted name is a Java regular expression selecting every column whose
 * whole name matches (case-insensitively unless `spark.sql.caseSensitive`), optionally after a
 * qualifier (`` t.`re` ``); any other string is an ordinary column reference.
 */
export function colRegex(df: DataFrame, colName: string): Column {
  const plain = /^`(.+)`$/s.exec(colName);
  const qualified = plain ? null : /^(.+)\.`(.+)`$/s.exec(colName);
  const pattern = plain?.[1] ?? qualified?.[2];
  if (pattern === undefined) return df.col(colName);
  const caseSensitive = df.sparkSession.state.getBool(SQLConf.CASE_SENSITIVE);
  const re = new RegExp(`^(?:${javaRegexToJs(pattern)})$`, caseSensitive ? "su" : "isu");
  const qualifier = qualified?.[1];
  const matches = outputOf(df.plan).filter(
    (a) =>
      re.test(a.name) &&
      (qualifier === undefined ||
        (a.qualifier.length > 0 &&
          (caseSensitive
            ? a.qualifier[a.qualifier.length - 1] === qualifier
            : a.qualifier[a.qualifier.length - 1]!.toLowerCase() === qualifier.toLowerCase()))),
  );
  return new Column({ kind: "star", columns: matches });
}

/**
 * Java regex features JavaScript lacks: possessive quantifiers (`X?+`, `X*+`, `X++`, `X{n,m}+`)
 * become an atomic group emulated with a lookahead and a backreference.
 */
export function javaRegexToJs(pattern: string): string {
  const groupStarts: number[] = [];
  let out = "";
  let atomStart = -1;
  let n = 0;
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === "\\") {
      atomStart = out.length;
      out += pattern.slice(i, i + 2);
      i += 2;
      continue;
    }
    if (c === "[") {
      atomStart = out.length;
      let j = i + 1;
      if (pattern[j] === "^") j++;
      if (pattern[j] === "]") j++;
      while (j < pattern.length && pattern[j] !== "]") j += pattern[j] === "\\" ? 2 : 1;
      out += pattern.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (c === "(") {
      // Record where the group starts so a possessive quantifier after `)` can wrap it.
      groupStarts.push(out.length);
      out += c;
      i++;
      continue;
    }
    if (c === ")") {
      atomStart = groupStarts.pop() ?? 0;
      out += c;
      i++;
      continue;
    }
    const quant = /^(?:[?*+]|\{\d+(?:,\d*)?\})/.exec(pattern.slice(i));
    if (quant && pattern[i + quant[0].length] === "+" && atomStart >= 0) {
      const atom = out.slice(atomStart);
      n++;
      out = `${out.slice(0, atomStart)}(?=(?<__p${n}>${atom}${quant[0]}))\\k<__p${n}>`;
      i += quant[0].length + 1;
      atomStart = -1;
      continue;
    }
    if (quant) {
      out += quant[0];
      i += quant[0].length;
      continue;
    }
    atomStart = out.length;
    out += c;
    i++;
  }
  return out;
}

/**
 * Spark's Dataset.to(schema): columns matched by name and put in the schema's order, columns not
 * in the schema dropped, types cast where ANSI store assignment allows, a missing nullable field
 * filled with NULL; a missing non-nullable field, an ambiguous name, an impossible cast or a
 * nullable column for a non-nullable field is an error. Inner struct fields are not reordered
 * (TODO(#2)).
 */
export function toSchema(df: DataFrame, schema: StructType): DataFrame {
  const out = outputOf(df.plan);
  const caseSensitive = df.sparkSession.state.getBool(SQLConf.CASE_SENSITIVE);
  const eq = (a: string, b: string) => (caseSensitive ? a === b : a.toLowerCase() === b.toLowerCase());
  const list: Expression[] = schema.fields.map((f) => {
    const hits = out.filter((x) => eq(x.name, f.name));
    if (hits.length > 1) {
      throw new TsparkError("AMBIGUOUS_COLUMN_OR_FIELD", {
        messageParameters: { name: `\`${f.name}\``, n: String(hits.length) },
      });
    }
    const a = hits[0];
    if (!a && f.nullable) {
      // A nullable field the input lacks is filled with NULL (DataFrameToSchemaSuite).
      return {
        kind: "alias",
        child: { kind: "cast", child: literal(null, NULL_TYPE), dataType: f.dataType, mode: "ansi" },
        name: f.name,
        exprId: nextExprId(),
      };
    }
    if (!a) {
      throw new TsparkError("UNRESOLVED_COLUMN.WITH_SUGGESTION", {
        messageParameters: {
          objectName: `\`${f.name}\``,
          proposal: out.map((x) => `\`${x.name}\``).join(", "),
        },
      });
    }
    if (a.nullable && !f.nullable) {
      throw new TsparkError("NULLABLE_COLUMN_OR_FIELD", { messageParameters: { name: `\`${f.name}\`` } });
    }
    if (a.dataType.sql() === f.dataType.sql()) {
      return a.name === f.name ? a : { kind: "alias", child: a, name: f.name, exprId: nextExprId() };
    }
    if (!canAnsiStoreAssign(a.dataType, f.dataType)) {
      throw new TsparkError("INVALID_COLUMN_OR_FIELD_DATA_TYPE", {
        messageParameters: {
          name: `\`${f.name}\``,
          type: `"${a.dataType.sql()}"`,
          expectedType: `"${f.dataType.sql()}"`,
        },
      });
    }
    return {
      kind: "alias",
      child: { kind: "cast", child: a, dataType: f.dataType, mode: "ansi" },
      name: f.name,
      exprId: nextExprId(),
    };
  });
  return df.derive({ kind: "project", projectList: list, child: df.plan });
}

/** Runs the plan once and returns a DataFrame over the collected rows (same columns). */
export async function checkpoint(df: DataFrame): Promise<DataFrame> {
  const rows = await df.collectInternal();
  const output: AttributeReference[] = outputOf(df.plan).map((a) => ({ ...a }));
  return localDataFrame(df, output, rows);
}

/**
 * A canonical text of the analyzed plan for sameSemantics/semanticHash: expression ids renumbered
 * in order of appearance and output names dropped, so plans that differ only in ids and aliases
 * (Spark's canonicalized plans) compare equal.
 */
export function canonicalPlanText(df: DataFrame): string {
  const ids = new Map<number, number>();
  return JSON.stringify(df.plan, function (this: unknown, key: string, v: unknown) {
    const holderKind = (this as { kind?: unknown }).kind;
    if (typeof v === "bigint") return `${v}n`;
    if (key === "exprId" && typeof v === "number") {
      let id = ids.get(v);
      if (id === undefined) {
        id = ids.size;
        ids.set(v, id);
      }
      return id;
    }
    if (key === "name" && (holderKind === "alias" || holderKind === "attribute")) return undefined;
    if (key === "qualifier" || key === "generated") return undefined;
    if (key === "seed" && typeof v === "number") return v;
    if (v instanceof Uint8Array) return [...v];
    if (v instanceof Map) return [...v.entries()];
    return v;
  });
}

/** Java's String.hashCode of the canonical plan text: equal for plans with the same semantics. */
export function semanticHash(df: DataFrame): number {
  const text = canonicalPlanText(df);
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  return h;
}

function asList(cols: ColumnOrName | readonly ColumnOrName[]): ColumnOrName[] {
  return Array.isArray(cols) ? [...(cols as ColumnOrName[])] : [cols as ColumnOrName];
}
