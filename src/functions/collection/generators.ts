/**
 * Generators: `explode`, `explode_outer`, `posexplode`, `posexplode_outer`, `inline`,
 * `inline_outer`, `stack`. The `_outer` names bind with `outer = true`, which makes a NULL or empty
 * input produce one row of NULLs instead of no row.
 */
import type { MapValue } from "../../data/values.js";
import {
  type DataType,
  INT,
  NULL_TYPE,
  StructField,
  sameTypeIgnoreNullability,
} from "../../types/data-type.js";
import { typeMismatch } from "../errors.js";
import type { BindArg, BoundGenerator, GeneratorFunctionDefinition } from "../function-definition.js";
import { callSql, toInt, wrongArgType } from "./helpers.js";

function explodeOutput(
  name: string,
  args: readonly BindArg[],
  outer: boolean,
  withPos: boolean,
): StructField[] {
  const t = (args[0] as BindArg).dataType;
  const pos = withPos ? [new StructField("pos", INT, outer)] : [];
  if (t.kind === "array") return [...pos, new StructField("col", t.elementType, t.containsNull || outer)];
  if (t.kind === "map") {
    return [
      ...pos,
      new StructField("key", t.keyType, outer),
      new StructField("value", t.valueType, t.valueContainsNull || outer),
    ];
  }
  throw wrongArgType(name, args, 0, '("ARRAY" or "MAP")');
}

function bindExplode(
  name: string,
  args: readonly BindArg[],
  outer: boolean,
  withPos: boolean,
): BoundGenerator {
  const output = explodeOutput(name, args, outer, withPos);
  const isMap = (args[0] as BindArg).dataType.kind === "map";
  const nullRow = output.map(() => null);
  return {
    output,
    ...(isMap || withPos || outer
      ? {}
      : { elements: (v: unknown) => v as readonly unknown[] | null | undefined }),
    generate: (v) => {
      if (v === null || v === undefined) return outer ? [nullRow.slice()] : [];
      if (isMap) {
        const m = v as MapValue;
        if (m.keys.length === 0) return outer ? [nullRow.slice()] : [];
        const rows = new Array<unknown[]>(m.keys.length);
        for (let i = 0; i < rows.length; i++) {
          rows[i] = withPos ? [i, m.keys[i], m.values[i]] : [m.keys[i], m.values[i]];
        }
        return rows;
      }
      const a = v as readonly unknown[];
      if (a.length === 0) return outer ? [nullRow.slice()] : [];
      const rows = new Array<unknown[]>(a.length);
      for (let i = 0; i < a.length; i++) rows[i] = withPos ? [i, a[i]] : [a[i]];
      return rows;
    },
  };
}

/** `explode(expr)`: one row per array element (column `col`) or map entry (`key`, `value`). */
export const explodeFunction: GeneratorFunctionDefinition = {
  type: "generator",
  name: "explode",
  args: { min: 1, max: 1 },
  docs: {
    usage:
      "explode(expr) - Separates the elements of array expr into multiple rows, or the elements of map expr into multiple rows and columns (col for arrays, key and value for maps).",
    examples: [{ sql: "explode(array(10, 20))", result: "10\n20" }],
    since: "1.0.0",
  },
  bind: (args, _ctx, outer) => bindExplode("explode", args, outer, false),
};

/** `explode_outer(expr)`: as explode, but NULL or empty input yields one row of NULLs. */
export const explodeOuterFunction: GeneratorFunctionDefinition = {
  type: "generator",
  name: "explode_outer",
  args: { min: 1, max: 1 },
  docs: {
    usage:
      "explode_outer(expr) - Separates the elements of array expr into multiple rows, or the elements of map expr into multiple rows and columns; NULL or empty input gives a row of NULLs.",
    examples: [{ sql: "explode_outer(array(10, 20))", result: "10\n20" }],
    since: "1.0.0",
  },
  bind: (args) => bindExplode("explode_outer", args, true, false),
};

/** `posexplode(expr)`: as explode with a 0-based position column `pos` first. */
export const posexplodeFunction: GeneratorFunctionDefinition = {
  type: "generator",
  name: "posexplode",
  args: { min: 1, max: 1 },
  docs: {
    usage:
      "posexplode(expr) - Separates the elements of array expr into multiple rows with positions (columns pos and col), or the elements of map expr into multiple rows and columns with positions (pos, key, value).",
    examples: [{ sql: "posexplode(array(10, 20))", result: "0 10\n1 20" }],
    since: "2.0.0",
  },
  bind: (args, _ctx, outer) => bindExplode("posexplode", args, outer, true),
};

/** `posexplode_outer(expr)`: as posexplode, but NULL or empty input yields one row of NULLs. */
export const posexplodeOuterFunction: GeneratorFunctionDefinition = {
  type: "generator",
  name: "posexplode_outer",
  args: { min: 1, max: 1 },
  docs: {
    usage: "posexplode_outer(expr) - As posexplode, but a NULL or empty input produces one row of NULLs.",
    examples: [{ sql: "posexplode_outer(array(10, 20))", result: "0 10\n1 20" }],
    since: "2.0.0",
  },
  bind: (args) => bindExplode("posexplode_outer", args, true, true),
};

function bindInline(name: string, args: readonly BindArg[], outer: boolean): BoundGenerator {
  const t = (args[0] as BindArg).dataType;
  if (t.kind !== "array" || t.elementType.kind !== "struct")
    throw wrongArgType(name, args, 0, '"ARRAY<STRUCT>"');
  const st = t.elementType;
  const output = st.fields.map(
    (f) => new StructField(f.name, f.dataType, f.nullable || outer || t.containsNull),
  );
  const width = output.length;
  const nullRow = (): unknown[] => new Array<unknown>(width).fill(null);
  return {
    output,
    generate: (v) => {
      if (v === null || v === undefined) return outer ? [nullRow()] : [];
      const a = v as readonly (readonly unknown[] | null)[];
      if (a.length === 0) return outer ? [nullRow()] : [];
      return a.map((row) => (row === null ? nullRow() : row.slice()));
    },
  };
}

/** `inline(array<struct>)`: one row per struct, one column per struct field. */
export const inlineFunction: GeneratorFunctionDefinition = {
  type: "generator",
  name: "inline",
  args: { min: 1, max: 1 },
  docs: {
    usage: "inline(expr) - Explodes an array of structs into a table.",
    examples: [{ sql: "inline(array(struct(1, 'a'), struct(2, 'b')))", result: "1 a\n2 b" }],
    since: "2.0.0",
  },
  bind: (args, _ctx, outer) => bindInline("inline", args, outer),
};

/** `inline_outer(array<struct>)`: as inline, but NULL or empty input yields one row of NULLs. */
export const inlineOuterFunction: GeneratorFunctionDefinition = {
  type: "generator",
  name: "inline_outer",
  args: { min: 1, max: 1 },
  docs: {
    usage:
      "inline_outer(expr) - Explodes an array of structs into a table; NULL or empty input gives a row of NULLs.",
    examples: [{ sql: "inline_outer(array(struct(1, 'a'), struct(2, 'b')))", result: "1 a\n2 b" }],
    since: "2.0.0",
  },
  bind: (args) => bindInline("inline_outer", args, true),
};

/** `stack(n, expr1, …, exprk)`: spreads the k values over n rows of ceil(k/n) columns col0, col1, …. */
export const stackFunction: GeneratorFunctionDefinition = {
  type: "generator",
  name: "stack",
  args: { min: 2, max: Number.POSITIVE_INFINITY },
  docs: {
    usage:
      "stack(n, expr1, ..., exprk) - Separates expr1, ..., exprk into n rows. Uses column names col0, col1, etc. by default.",
    examples: [{ sql: "stack(2, 1, 2, 3)", result: "1 2\n3 NULL" }],
    since: "2.0.0",
  },
  // Only `n` is coerced: the row count is unknown here, and Spark requires each column's values
  // to share one type (NULLs excepted) rather than widening them.
  coerce: () => [INT],
  bind(args) {
    const sql = callSql("stack", args);
    const nArg = args[0] as BindArg;
    if (!nArg.foldable || nArg.dataType.kind !== "int" || nArg.value === null || nArg.value === undefined) {
      throw typeMismatch("NON_FOLDABLE_INPUT", sql, {
        inputName: "`n`",
        inputType: '"INT"',
        inputExpr: `"${nArg.sql}"`,
      });
    }
    const n = toInt(nArg.value);
    if (n <= 0) {
      throw typeMismatch("VALUE_OUT_OF_RANGE", sql, {
        exprName: "`n`",
        valueRange: "(0, 2147483647]",
        currentValue: String(n),
      });
    }
    const values = args.slice(1);
    const cols = Math.ceil(values.length / n);
    const output: StructField[] = [];
    for (let c = 0; c < cols; c++) {
      const colArgs: BindArg[] = [];
      for (let r = 0; r < n; r++) {
        const a = values[r * cols + c];
        if (a) colArgs.push(a);
      }
      let t: DataType = NULL_TYPE;
      for (const a of colArgs) {
        if (a.dataType.kind === "null") continue;
        if (t.kind !== "null" && !sameTypeIgnoreNullability(t, a.dataType)) {
          throw typeMismatch("STACK_COLUMN_DIFF_TYPES", sql, {
            columnIndex: String(c),
            leftParamIndex: "0",
            leftType: `"${t.sql()}"`,
            rightParamIndex: "1",
            rightType: `"${a.dataType.sql()}"`,
          });
        }
        t = a.dataType;
      }
      output.push(new StructField(`col${c}`, t, true));
    }
    return {
      output,
      generate: (_n, ...vs) => {
        const rows: unknown[][] = [];
        for (let r = 0; r < n; r++) {
          const row = new Array<unknown>(cols);
          for (let c = 0; c < cols; c++) {
            const i = r * cols + c;
            row[c] = i < vs.length ? vs[i] : null;
          }
          rows.push(row);
        }
        return rows;
      },
    };
  },
};
