/**
 * `Column.withField(name, value)` and `Column.dropFields(...names)` (Spark's UpdateFields): add or
 * replace a (possibly nested, `a.b`) struct field, or drop fields. A NULL struct stays NULL.
 * Internal names `with_field` / `drop_fields`; Spark has no SQL function for these.
 */
import { TsparkError } from "../../common/errors.js";
import { type DataType, StructField, StructType } from "../../types/data-type.js";
import { typeMismatch } from "../errors.js";
import type { BindArg, BindContext, ScalarFunctionDefinition } from "../function-definition.js";

function fieldPath(arg: BindArg | undefined, fn: string): string[] {
  if (!arg?.foldable || typeof arg.value !== "string") {
    throw new TsparkError("INVALID_PARAMETER_VALUE", {
      messageParameters: {
        parameter: "`fieldName`",
        functionName: `\`${fn}\``,
        message: "the field name must be a constant string",
      },
    });
  }
  // Spark parses the name as a multipart identifier: dots separate parts, backquotes quote them.
  const s = arg.value;
  const parts: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quoted) {
      if (c !== "`") cur += c;
      else if (s[i + 1] === "`") {
        cur += "`";
        i++;
      } else quoted = false;
    } else if (c === "`") quoted = true;
    else if (c === ".") {
      parts.push(cur);
      cur = "";
    } else cur += c;
  }
  parts.push(cur);
  return parts;
}

/** Name equality under `spark.sql.caseSensitive`. */
function nameEq(ctx: BindContext): (a: string, b: string) => boolean {
  return ctx.conf("spark.sql.caseSensitive") === "true"
    ? (a, b) => a === b
    : (a, b) => a.toLowerCase() === b.toLowerCase();
}

function structOf(arg: BindArg, callSql: string): StructType {
  if (arg.dataType.kind !== "struct") {
    throw typeMismatch("UNEXPECTED_INPUT_TYPE", callSql, {
      paramIndex: "first",
      requiredType: '"STRUCT"',
      inputSql: `"${arg.sql}"`,
      inputType: `"${arg.dataType.sql()}"`,
    });
  }
  return arg.dataType;
}

/**
 * The struct type after setting `path` to `t`, and a setter on internal struct values. As Spark's
 * WithField: every field matching the last name is replaced (and takes that name and the value's
 * nullability), or the field is appended; an intermediate name must match exactly one struct field.
 */
function withFieldAt(
  st: StructType,
  path: readonly string[],
  t: DataType,
  nullable: boolean,
  callSql: string,
  eq: (a: string, b: string) => boolean,
): { type: StructType; set: (s: unknown[], v: unknown) => unknown[] } {
  const [head, ...rest] = path as [string, ...string[]];
  const matches = st.fields.flatMap((f, i) => (eq(f.name, head) ? [i] : []));
  if (rest.length === 0) {
    const fields = [...st.fields];
    for (const i of matches) fields[i] = new StructField(head, t, nullable);
    const at = matches.length > 0 ? matches : [st.fields.length];
    if (matches.length === 0) fields.push(new StructField(head, t, nullable));
    return {
      type: new StructType(fields),
      set: (s, v) => {
        const out = s.slice();
        for (const i of at) out[i] = v;
        return out;
      },
    };
  }
  if (matches.length > 1) {
    throw new TsparkError("AMBIGUOUS_REFERENCE_TO_FIELDS", {
      messageParameters: { field: `\`${head}\``, count: `${matches.length}` },
    });
  }
  const idx = matches[0];
  if (idx === undefined) {
    throw new TsparkError("FIELD_NOT_FOUND", {
      messageParameters: {
        fieldName: `\`${head}\``,
        fields: st.fields.map((f) => `\`${f.name}\``).join(", "),
      },
    });
  }
  const inner = st.fields[idx]!.dataType;
  if (inner.kind !== "struct") {
    // An existing intermediate field that is not a struct: Spark's nested UpdateFields rejects it.
    throw typeMismatch("UNEXPECTED_INPUT_TYPE", callSql, {
      paramIndex: "first",
      requiredType: '"STRUCT"',
      inputSql: `"${st.fields[idx]!.name}"`,
      inputType: `"${inner.sql()}"`,
    });
  }
  const sub = withFieldAt(inner, rest, t, nullable, callSql, eq);
  const fields = [...st.fields];
  fields[idx] = new StructField(head, sub.type, st.fields[idx]!.nullable);
  return {
    type: new StructType(fields),
    set: (s, v) => {
      const out = s.slice();
      const child = out[idx];
      out[idx] = child === null || child === undefined ? null : sub.set(child as unknown[], v);
      return out;
    },
  };
}

export const WITH_FIELD: ScalarFunctionDefinition = {
  type: "scalar",
  name: "with_field",
  args: { min: 3, max: 3 },
  docs: {
    usage:
      "with_field(struct, name, value) - The struct with field `name` (a.b for nested) set to value (Column.withField).",
  },
  sql: (args) => `update_fields(${args[0]}, WithField(${args[1]}, ${args[2]}))`,
  bind: (args, ctx) => {
    const callSql = `with_field(${args.map((a) => a.sql).join(", ")})`;
    const st = structOf(args[0]!, callSql);
    const { type, set } = withFieldAt(
      st,
      fieldPath(args[1], "withField"),
      args[2]!.dataType,
      args[2]!.nullable,
      callSql,
      nameEq(ctx),
    );
    return {
      dataType: type,
      nullable: args[0]!.nullable,
      nullIntolerant: false,
      eval: (s, _name, v) => (s === null ? null : set(s as unknown[], v)),
    };
  },
};

export const DROP_FIELDS: ScalarFunctionDefinition = {
  type: "scalar",
  name: "drop_fields",
  args: { min: 2, max: Number.POSITIVE_INFINITY },
  docs: {
    usage: "drop_fields(struct, name, ...) - The struct without the named fields (Column.dropFields).",
  },
  sql: (args) =>
    `update_fields(${args[0]}, ${args
      .slice(1)
      .map((a) => `dropfield(${a})`)
      .join(", ")})`,
  bind: (args, ctx) => {
    const callSql = `drop_fields(${args.map((a) => a.sql).join(", ")})`;
    const eq = nameEq(ctx);
    let type = structOf(args[0]!, callSql);
    // Each drop rewrites the type and composes a value rewrite.
    const steps: ((s: unknown[]) => unknown[])[] = [];
    for (const a of args.slice(1)) {
      const path = fieldPath(a, "dropFields");
      const r = dropAt(type, path, callSql, eq);
      type = r.type;
      steps.push(r.drop);
    }
    if (type.fields.length === 0) {
      throw typeMismatch("CANNOT_DROP_ALL_FIELDS", callSql);
    }
    return {
      dataType: type,
      nullable: args[0]!.nullable,
      nullIntolerant: false,
      eval: (s) => (s === null ? null : steps.reduce((acc, f) => f(acc), s as unknown[])),
    };
  },
};

/**
 * Spark's DropField: every field matching the last name is dropped (none matching is a no-op); an
 * intermediate name must match exactly one struct field, which takes that name.
 */
function dropAt(
  st: StructType,
  path: readonly string[],
  callSql: string,
  eq: (a: string, b: string) => boolean,
): { type: StructType; drop: (s: unknown[]) => unknown[] } {
  const [head, ...rest] = path as [string, ...string[]];
  const matches = st.fields.flatMap((f, i) => (eq(f.name, head) ? [i] : []));
  if (rest.length === 0) {
    if (matches.length === 0) return { type: st, drop: (s) => s };
    const keep = (_: unknown, i: number) => !matches.includes(i);
    return { type: new StructType(st.fields.filter(keep)), drop: (s) => s.filter(keep) };
  }
  if (matches.length > 1) {
    throw new TsparkError("AMBIGUOUS_REFERENCE_TO_FIELDS", {
      messageParameters: { field: `\`${head}\``, count: `${matches.length}` },
    });
  }
  const idx = matches[0];
  if (idx === undefined) {
    throw new TsparkError("FIELD_NOT_FOUND", {
      messageParameters: {
        fieldName: `\`${head}\``,
        fields: st.fields.map((f) => `\`${f.name}\``).join(", "),
      },
    });
  }
  const inner = st.fields[idx]!.dataType;
  if (inner.kind !== "struct") {
    throw typeMismatch("UNEXPECTED_INPUT_TYPE", callSql, {
      paramIndex: "first",
      requiredType: '"STRUCT"',
      inputSql: `"${st.fields[idx]!.name}"`,
      inputType: `"${inner.sql()}"`,
    });
  }
  const sub = dropAt(inner, rest, callSql, eq);
  if (sub.type.fields.length === 0) throw typeMismatch("CANNOT_DROP_ALL_FIELDS", callSql);
  const fields = [...st.fields];
  fields[idx] = new StructField(head, sub.type, st.fields[idx]!.nullable);
  return {
    type: new StructType(fields),
    drop: (s) => {
      const out = s.slice();
      const child = out[idx];
      out[idx] = child === null || child === undefined ? null : sub.drop(child as unknown[]);
      return out;
    },
  };
}
