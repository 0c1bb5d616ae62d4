/**
 * Generators in a select list (`select(explode(a).alias("x"))`) or a LATERAL VIEW become a
 * Generate node under a Project, as Spark's ExtractGenerator does. One generator per SELECT.
 */
import { TsparkError } from "../common/errors.js";
import type { AttributeReference, Expression, GeneratorCall } from "../expressions/expression.js";
import { prettySql } from "../expressions/display.js";
import { nextExprId } from "../expressions/expr-id.js";
import { exists } from "../expressions/tree.js";
import type { LogicalPlan } from "../plans/logical-plan.js";
import { outputOf } from "../plans/output.js";
import type { Analyzer } from "./analyzer.js";

/**
 * Builds Generate (+ Project unless `lateral`). `items` are resolved named select items, or the
 * single generator expression of a LATERAL VIEW (then resolved here), whose table alias
 * `qualifier` qualifies the generated columns.
 */
export function extractGenerator(
  analyzer: Analyzer,
  items: readonly Expression[],
  child: LogicalPlan,
  lateralNames: readonly string[],
  lateralOuter: boolean,
  lateral: boolean,
  qualifier?: string,
): LogicalPlan {
  const input = outputOf(child);
  const resolvedItems = lateral ? items.map((e) => analyzer.exprs.resolve(e, { input })) : items;
  const genItems = resolvedItems.filter((e) => exists(e, (x) => x.kind === "generator"));
  if (genItems.length > 1) {
    throw new TsparkError("UNSUPPORTED_GENERATOR.MULTI_GENERATOR", {
      messageParameters: {
        num: `${genItems.length}`,
        generators: genItems.map((g) => `"${prettySql(g)}"`).join(", "),
      },
    });
  }
  const item = genItems[0];
  if (!item)
    throw new TsparkError("UNSUPPORTED_GENERATOR.NOT_GENERATOR", {
      messageParameters: { functionName: "generator", classCanonicalName: "" },
    });
  const gen =
    item.kind === "generator"
      ? item
      : item.kind === "alias" && item.child.kind === "generator"
        ? item.child
        : undefined;
  if (!gen) {
    throw new TsparkError("UNSUPPORTED_GENERATOR.NESTED_IN_EXPRESSIONS", {
      messageParameters: { expression: `"${prettySql(item)}"` },
    });
  }
  const names = lateral ? lateralNames : item.kind === "alias" ? item.name.split("\u0000") : [];
  const call: GeneratorCall = gen;
  const fields = call.bound!.output;
  if (names.length > 0 && names.length !== fields.length) {
    throw new TsparkError("UDTF_ALIAS_NUMBER_MISMATCH", {
      messageParameters: { aliasesSize: `${names.length}`, aliasesNames: names.join(", ") },
    });
  }
  const outer = call.outer || lateralOuter;
  const generatorOutput: AttributeReference[] = fields.map((f, i) => ({
    kind: "attribute",
    name: names[i] ?? f.name,
    dataType: f.dataType,
    nullable: f.nullable || outer,
    exprId: nextExprId(),
    qualifier: qualifier === undefined ? [] : [qualifier],
  }));
  const generate: LogicalPlan = {
    kind: "generate",
    generator: call,
    outer,
    generatorOutput,
    aliasNames: names,
    child,
  };
  if (lateral) return generate;
  const projectList: Expression[] = [];
  for (const e of resolvedItems) {
    if (e === item) projectList.push(...generatorOutput);
    else projectList.push(e);
  }
  return { kind: "project", projectList, child: generate };
}
