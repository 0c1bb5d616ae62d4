/**
 * `a.b`, `a[0]`, `m['k']`, `arr.f` (array of structs): Spark's ExtractValue resolution.
 */
import { TsparkError } from "../common/errors.js";
import type { Call, Expression } from "../expressions/expression.js";
import { prettySql } from "../expressions/display.js";
import { evaluateConstant } from "../expressions/evaluate.js";
import type { BoundScalar } from "../expressions/kernels.js";
import { nullableOf, typeOf } from "../expressions/typing.js";
import { typeMismatch } from "../functions/errors.js";
import { ArrayType, type DataType, isIntegral } from "../types/data-type.js";
import { type MapValue, valuesEqual } from "../data/values.js";
import type { AnalyzerContext } from "./analyzer-context.js";
import { toSqlId } from "./suggestions.js";

/** Resolves an extraction on a resolved child. `dotted` is true for `a.b` syntax. */
export function extractValue(
  child: Expression,
  extraction: Expression,
  ctx: AnalyzerContext,
  dotted = false,
): Expression {
  const t = typeOf(child);
  const eq = (a: string, b: string) => (ctx.caseSensitive ? a === b : a.toLowerCase() === b.toLowerCase());
  if (t.kind === "struct") {
    const key = constantString(extraction);
    if (key === undefined) throw extractError(child, extraction, t);
    const matches = t.fields.map((f, i) => [f, i] as const).filter(([f]) => eq(f.name, key));
    if (matches.length > 1) {
      throw new TsparkError("AMBIGUOUS_REFERENCE_TO_FIELDS", {
        messageParameters: { field: toSqlId([key]), count: `${matches.length}` },
      });
    }
    const m = matches[0];
    if (!m) {
      throw new TsparkError("FIELD_NOT_FOUND", {
        messageParameters: {
          fieldName: toSqlId([key]),
          fields: t.fields.map((f) => toSqlId([f.name])).join(", "),
        },
      });
    }
    return { kind: "get_struct_field", child, ordinal: m[1], name: m[0].name };
  }
  if (t.kind === "array" && t.elementType.kind === "struct" && dotted) {
    const key = constantString(extraction)!;
    const st = t.elementType;
    const idx = st.fields.findIndex((f) => eq(f.name, key));
    if (idx < 0) {
      throw new TsparkError("FIELD_NOT_FOUND", {
        messageParameters: {
          fieldName: toSqlId([key]),
          fields: st.fields.map((f) => toSqlId([f.name])).join(", "),
        },
      });
    }
    const field = st.fields[idx]!;
    const bound: BoundScalar = {
      dataType: new ArrayType(field.dataType, t.containsNull || field.nullable),
      nullable: nullableOf(child),
      eval: (arr) => (arr as unknown[]).map((s) => (s === null ? null : ((s as unknown[])[idx] ?? null))),
      display: (args) => `${args[0]}.${field.name}`,
    };
    return call("get_array_struct_fields", [child], bound);
  }
  if (t.kind === "array") {
    const it = typeOf(extraction);
    if (!isIntegral(it) && it.kind !== "null") {
      // Spark builds GetArrayItem and its input check rejects the ordinal's type.
      throw typeMismatch("UNEXPECTED_INPUT_TYPE", `${prettySql(child)}[${prettySql(extraction)}]`, {
        paramIndex: "second",
        requiredType: '"INTEGRAL"',
        inputSql: `"${prettySql(extraction)}"`,
        inputType: `"${it.sql()}"`,
      });
    }
    const ansi = ctx.bind.ansi;
    const bound: BoundScalar = {
      dataType: t.elementType,
      nullable: true,
      eval: (arr, i) => {
        const a = arr as unknown[];
        const n = Number(i);
        if (n < 0 || n >= a.length) {
          if (ansi) {
            throw new TsparkError("INVALID_ARRAY_INDEX", {
              messageParameters: { indexValue: `${n}`, arraySize: `${a.length}` },
            });
          }
          return null;
        }
        return a[n] ?? null;
      },
      display: (args) => `${args[0]}[${args[1]}]`,
    };
    return call("get_array_item", [child, extraction], bound);
  }
  if (t.kind === "map") {
    const bound: BoundScalar = {
      dataType: t.valueType,
      nullable: true,
      eval: (m, k) => {
        const mv = m as MapValue;
        for (let i = 0; i < mv.keys.length; i++) if (valuesEqual(mv.keys[i], k)) return mv.values[i] ?? null;
        return null;
      },
      display: (args) => `${args[0]}[${args[1]}]`,
    };
    return call("get_map_value", [child, extraction], bound);
  }
  throw extractError(child, extraction, t);
}

function call(name: string, args: Expression[], bound: BoundScalar): Call {
  return { kind: "call", name, args, dataType: bound.dataType, nullable: bound.nullable, bound };
}

function constantString(e: Expression): string | undefined {
  if (e.kind === "literal" && typeof e.value === "string") return e.value;
  try {
    const v = evaluateConstant(e);
    return typeof v === "string" ? v : undefined;
  } catch {
    return undefined;
  }
}

function extractError(child: Expression, extraction: Expression, t: DataType): TsparkError {
  return new TsparkError("INVALID_EXTRACT_BASE_FIELD_TYPE", {
    messageParameters: {
      base: `"${prettySql(child)}"`,
      other: `"${t.sql()}"`,
      extraction: `"${prettySql(extraction)}"`,
    },
  });
}
