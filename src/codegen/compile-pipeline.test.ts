import assert from "node:assert/strict";
import { test } from "node:test";
import type { Expression } from "../expressions/expression.js";
import { BOOLEAN, INT, STRING } from "../types/data-type.js";
import { compilePipeline, compileProjection } from "./compile-pipeline.js";

const bound = (ordinal: number, dataType = INT): Expression => ({
  kind: "bound",
  ordinal,
  dataType,
  nullable: true,
});
const lit = (value: unknown, dataType = INT): Expression => ({ kind: "literal", value, dataType });
const ctx = { partitionId: 0 };
const input = {
  numRows: 3,
  columns: [
    [1, 2, null],
    ["a", "b", "c"],
  ],
};

for (const codegen of [true, false]) {
  test(`projection (codegen ${codegen}): kept columns, literals and reordering give the same values`, () => {
    const p = compileProjection([bound(1, STRING), lit(7), bound(0)], 2, ctx, codegen);
    const out = p.run(input);
    assert.equal(out.numRows, 3);
    assert.deepEqual(out.columns, [
      ["a", "b", "c"],
      [7, 7, 7],
      [1, 2, null],
    ]);
  });

  test(`filter then project (codegen ${codegen}) copies the surviving rows`, () => {
    const keep = { numRows: 3, columns: [...input.columns, [true, null, true]] };
    const p = compilePipeline(
      [
        { kind: "filter", condition: bound(2, BOOLEAN) },
        { kind: "project", exprs: [bound(1, STRING)] },
      ],
      3,
      ctx,
      codegen,
    );
    const out = p.run(keep);
    assert.deepEqual(out, { numRows: 2, columns: [["a", "c"]] });
    assert.notEqual(out.columns[0], input.columns[1]);
  });
}

test("generated projection: an unchanged input column is passed through, not copied", () => {
  const p = compileProjection([bound(1, STRING), bound(0)], 2, ctx, true);
  const out = p.run(input);
  assert.equal(out.columns[0], input.columns[1]);
  assert.equal(out.columns[1], input.columns[0]);
  // Only pass-throughs: no per-row loop at all.
  assert.ok(!p.source?.includes("for ("), p.source);
});
