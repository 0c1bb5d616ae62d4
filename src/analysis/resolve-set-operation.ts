/**
 * UNION / INTERSECT / EXCEPT: same column count, by-name reordering (`unionByName`), and widening
 * each column to a common type (casts added under each child).
 */
import { TsparkError } from "../common/errors.js";
import type { AttributeReference, Expression } from "../expressions/expression.js";
import { prettySql } from "../expressions/display.js";
import { literal } from "../expressions/literal.js";
import { typeOf } from "../expressions/typing.js";
import type { LogicalPlan } from "../plans/logical-plan.js";
import { outputOf } from "../plans/output.js";
import { findWiderTypeForTwo } from "../types/coercion.js";
import {
  type DataType,
  NULL_TYPE,
  STRING,
  StructField,
  StructType,
  sameTypeIgnoreNullability,
} from "../types/data-type.js";
import type { Analyzer } from "./analyzer.js";
import { ordinalNumber } from "../functions/errors.js";
import { toSqlId } from "./suggestions.js";

type SetOp = LogicalPlan & { kind: "union" | "intersect" | "except" };

export function resolveSetOperation(analyzer: Analyzer, plan: SetOp): LogicalPlan {
  const children =
    plan.kind === "union"
      ? plan.children.map((c) => analyzer.resolve(c))
      : [analyzer.resolve(plan.left), analyzer.resolve(plan.right)];
  const opName = plan.kind === "union" ? "UNION" : plan.kind === "intersect" ? "INTERSECT" : "EXCEPT";
  let aligned = children;
  if (plan.kind === "union" && plan.byName)
    aligned = alignByName(analyzer, children, plan.allowMissingColumns);
  const first = outputOf(aligned[0]!);
  aligned.forEach((c, i) => {
    const n = outputOf(c).length;
    if (n !== first.length) {
      throw new TsparkError("NUM_COLUMNS_MISMATCH", {
        messageParameters: {
          operator: opName,
          firstNumColumns: `${first.length}`,
          invalidOrdinalNum: ordinalNumber(i),
          invalidNumColumns: `${n}`,
        },
      });
    }
  });
  const targets: DataType[] = first.map((a, col) => {
    let t: DataType = a.dataType;
    aligned.forEach((c, i) => {
      const other = outputOf(c)[col]!.dataType;
      // Set operations match nested fields by position: same-shaped types need no widening
      // (Spark's Union checks DataType.equalsStructurally and keeps the first child's names).
      const w =
        t.kind === "null"
          ? other
          : other.kind === "null"
            ? t
            : equalsStructurally(t, other)
              ? t
              : findWiderTypeForTwo(t, other, analyzer.ctx.bind.ansi);
      if (!w) {
        throw new TsparkError("INCOMPATIBLE_COLUMN_TYPE", {
          messageParameters: {
            operator: opName,
            columnOrdinalNumber: ordinalNumber(col),
            tableOrdinalNumber: ordinalNumber(i),
            dataType1: `"${other.sql()}"`,
            dataType2: `"${t.sql()}"`,
            hint: "",
          },
        });
      }
      t = w;
    });
    return t;
  });
  const casted = aligned.map((c) => castChild(analyzer, c, targets));
  if (plan.kind === "union")
    return { kind: "union", children: casted, byName: false, allowMissingColumns: false };
  return { ...plan, left: casted[0]!, right: casted[1]! };
}

function castChild(analyzer: Analyzer, child: LogicalPlan, targets: readonly DataType[]): LogicalPlan {
  const out = outputOf(child);
  if (out.every((a, i) => equalsStructurally(a.dataType, targets[i]!) || targets[i]!.kind === "null"))
    return child;
  const list: Expression[] = out.map((a, i) => {
    const t = targets[i]!;
    if (equalsStructurally(a.dataType, t)) return a;
    return analyzer.alias(analyzer.exprs.coerceTo(a, t), a.name);
  });
  return { kind: "project", projectList: list, child };
}

function alignByName(
  analyzer: Analyzer,
  children: readonly LogicalPlan[],
  allowMissing: boolean,
): LogicalPlan[] {
  const eq = (a: string, b: string) =>
    analyzer.ctx.caseSensitive ? a === b : a.toLowerCase() === b.toLowerCase();
  // Spark's unionByName first rejects a side with duplicate names (SchemaUtils).
  for (const c of children) {
    const seen = new Set<string>();
    for (const a of outputOf(c)) {
      const k = analyzer.ctx.caseSensitive ? a.name : a.name.toLowerCase();
      if (seen.has(k)) {
        throw new TsparkError("COLUMN_ALREADY_EXISTS", { messageParameters: { columnName: toSqlId([k]) } });
      }
      seen.add(k);
    }
  }
  const names: string[] = outputOf(children[0]!).map((a) => a.name);
  if (allowMissing) {
    for (const c of children.slice(1))
      for (const a of outputOf(c)) if (!names.some((n) => eq(n, a.name))) names.push(a.name);
  }
  const lists = children.map((c, ci) => {
    const out = outputOf(c);
    if (!allowMissing && out.length !== names.length && ci > 0) {
      throw new TsparkError("NUM_COLUMNS_MISMATCH", {
        messageParameters: {
          operator: "UNION",
          firstNumColumns: `${names.length}`,
          invalidOrdinalNum: ordinalNumber(ci),
          invalidNumColumns: `${out.length}`,
        },
      });
    }
    const list: Expression[] = names.map((n) => {
      const a: AttributeReference | undefined = out.find((x) => eq(x.name, n));
      if (a) return a;
      if (!allowMissing) {
        throw new TsparkError("UNRESOLVED_COLUMN.WITH_SUGGESTION", {
          messageParameters: {
            objectName: toSqlId([n]),
            proposal: out.map((x) => toSqlId([x.name])).join(", "),
          },
        });
      }
      return analyzer.alias(literal(null, NULL_TYPE), n);
    });
    return list;
  });
  reshapeStructColumns(analyzer, children, lists, eq, allowMissing);
  return children.map((c, ci) => ({ kind: "project", projectList: lists[ci]!, child: c }));
}

/**
 * unionByName matches nested struct fields by name too (SPARK-35756): a struct column takes the
 * first child's field order and every child's struct is rebuilt in that order. With
 * allowMissingColumns (SPARK-32376) fields only later children have are appended, recursively,
 * and a child's missing fields are NULL; without it a missing field is FIELD_NOT_FOUND.
 */
function reshapeStructColumns(
  analyzer: Analyzer,
  children: readonly LogicalPlan[],
  lists: Expression[][],
  eq: (a: string, b: string) => boolean,
  allowMissing: boolean,
): void {
  const columns = lists[0]?.length ?? 0;
  for (let col = 0; col < columns; col++) {
    const types = lists.map((l) => typeOf(l[col]!));
    if (!types.every((t) => t.kind === "struct")) continue;
    const structs = types as StructType[];
    if (structs.every((t) => sameTypeByName(t, structs[0]!, eq))) continue;
    const target = allowMissing
      ? structs.slice(1).reduce((acc, t) => mergeStructs(acc, t, eq), structs[0]!)
      : structs[0]!;
    lists.forEach((l, ci) => {
      if (sameTypeByName(structs[ci]!, target, eq)) return;
      // Without allowMissingColumns Spark reorders only a struct with the same field names.
      if (!allowMissing && !sameNames(structs[ci]!, target, eq)) return;
      const e = l[col]!;
      const name = e.kind === "alias" || e.kind === "attribute" ? e.name : prettySql(e);
      const rebuilt = rebuildStruct(e, structs[ci]!, target, eq, allowMissing);
      l[col] = analyzer.alias(analyzer.exprs.resolve(rebuilt, { input: outputOf(children[ci]!) }), name);
    });
  }
}

function sameNames(a: StructType, b: StructType, eq: (x: string, y: string) => boolean): boolean {
  return (
    a.fields.length === b.fields.length && a.fields.every((f) => b.fields.some((g) => eq(g.name, f.name)))
  );
}

function mergeStructs(a: StructType, b: StructType, eq: (x: string, y: string) => boolean): StructType {
  const fields = a.fields.map((f) => {
    const other = b.fields.find((g) => eq(g.name, f.name));
    const t =
      other && f.dataType.kind === "struct" && other.dataType.kind === "struct"
        ? mergeStructs(f.dataType, other.dataType, eq)
        : f.dataType;
    return new StructField(f.name, t, true);
  });
  for (const g of b.fields) {
    if (!a.fields.some((f) => eq(f.name, g.name))) fields.push(new StructField(g.name, g.dataType, true));
  }
  return new StructType(fields);
}

/** `IF(e IS NULL, NULL, named_struct(…))` with `to`'s fields, NULL where `from` has none. */
function rebuildStruct(
  e: Expression,
  from: StructType,
  to: StructType,
  eq: (x: string, y: string) => boolean,
  allowMissing: boolean,
): Expression {
  const args: Expression[] = [];
  for (const f of to.fields) {
    const src = from.fields.find((g) => eq(g.name, f.name));
    let v: Expression;
    if (!src) {
      if (!allowMissing) {
        throw new TsparkError("FIELD_NOT_FOUND", {
          messageParameters: {
            fieldName: toSqlId([f.name]),
            fields: from.fields.map((g) => toSqlId([g.name])).join(", "),
          },
        });
      }
      v = { kind: "cast", child: literal(null, NULL_TYPE), dataType: f.dataType, mode: "ansi" };
    } else {
      const get: Expression = { kind: "unresolved_extract", child: e, extraction: literal(src.name, STRING) };
      v =
        src.dataType.kind === "struct" &&
        f.dataType.kind === "struct" &&
        !sameTypeIgnoreNullability(src.dataType, f.dataType)
          ? rebuildStruct(get, src.dataType, f.dataType, eq, allowMissing)
          : get;
    }
    args.push(literal(f.name, STRING), v);
  }
  // Spark's addFields keeps the source's other fields after the target's; the type check then
  // reports the incompatible struct.
  if (!allowMissing) {
    for (const g of from.fields) {
      if (!to.fields.some((f) => eq(f.name, g.name))) {
        args.push(literal(g.name, STRING), {
          kind: "unresolved_extract",
          child: e,
          extraction: literal(g.name, STRING),
        });
      }
    }
  }
  const fn = (name: string, a: Expression[]): Expression => ({
    kind: "unresolved_function",
    name,
    args: a,
    isDistinct: false,
  });
  return fn("if", [fn("isnull", [e]), literal(null, NULL_TYPE), fn("named_struct", args)]);
}

/** Same shape ignoring nested field names and nullability (Spark's DataType.equalsStructurally). */
function equalsStructurally(a: DataType, b: DataType): boolean {
  if (a.kind === "struct" && b.kind === "struct") {
    return (
      a.fields.length === b.fields.length &&
      a.fields.every((f, i) => equalsStructurally(f.dataType, b.fields[i]!.dataType))
    );
  }
  if (a.kind === "array" && b.kind === "array") return equalsStructurally(a.elementType, b.elementType);
  if (a.kind === "map" && b.kind === "map") {
    return equalsStructurally(a.keyType, b.keyType) && equalsStructurally(a.valueType, b.valueType);
  }
  return sameTypeIgnoreNullability(a, b);
}

/** Same type ignoring nullability, with field names compared under the session's case rule. */
function sameTypeByName(a: DataType, b: DataType, eq: (x: string, y: string) => boolean): boolean {
  if (a.kind === "struct" && b.kind === "struct") {
    return (
      a.fields.length === b.fields.length &&
      a.fields.every(
        (f, i) => eq(f.name, b.fields[i]!.name) && sameTypeByName(f.dataType, b.fields[i]!.dataType, eq),
      )
    );
  }
  if (a.kind === "array" && b.kind === "array") return sameTypeByName(a.elementType, b.elementType, eq);
  if (a.kind === "map" && b.kind === "map") {
    return sameTypeByName(a.keyType, b.keyType, eq) && sameTypeByName(a.valueType, b.valueType, eq);
  }
  return sameTypeIgnoreNullability(a, b);
}
