/**
 * Rows as users see them: plain objects keyed by column name in column order, values converted
 * from the internal form (data/external.ts).
 */
import { toExternal } from "../data/external.js";
import type { StructType } from "../types/data-type.js";

/** A result row. With duplicate column names the later column wins (use `collect` on a `select` to rename). */
export type Row = Record<string, unknown>;

/** Converts internal rows to Row objects. */
export function toRows(rows: readonly (readonly unknown[])[], schema: StructType): Row[] {
  const fields = schema.fields;
  return rows.map((r) => {
    const o: Row = {};
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i]!;
      o[f.name] = toExternal(r[i] ?? null, f.dataType);
    }
    return o;
  });
}
