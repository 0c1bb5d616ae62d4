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
  test(`expand (codegen ${codegen}): each row once per projection, in projection order, then the later steps`, () => {
    // Expand [[x, 0], [x * 10, 1]] → filter (x IS NOT NULL AND tag = 1 OR x > 1) → project [tag, x].
    const times10: Expression = {
      kind: "call",
      name: "times10",
      args: [bound(0)],
      dataType: INT,
      nullable: true,
      bound: { dataType: INT, nullable: true, eval: (v) => (v as number) * 10 },
    };
    const gt1: Expression = {
      kind: "call",
      name: "gt1",
      args: [bound(0)],
      dataType: BOOLEAN,
      nullable: true,
      bound: { dataType: BOOLEAN, nullable: true, eval: (v) => (v as number) > 1 },
    };
    const p = compilePipeline(
      [
        {
          kind: "expand",
          projections: [
            [bound(0), lit(0)],
            [times10, lit(1)],
          ],
        },
        { kind: "filter", condition: gt1 },
        { kind: "project", exprs: [bound(1), bound(0)] },
      ],
      2,
      ctx,
      codegen,
    );
    // Row 1: 1 (dropped), 10; row 2: 2, 20; row 3 (null): both dropped (gt1 is null-intolerant).
    assert.deepEqual(p.run(input), {
      numRows: 3,
      columns: [
        [1, 0, 1],
        [10, 2, 20],
      ],
    });
    // Without later steps, the expanded rows themselves (row-major: input row, then projection).
    const plain = compilePipeline(
      [
        {
          kind: "expand",
          projections: [
            [bound(1, STRING), lit(0)],
            [bound(1, STRING), lit(1)],
          ],
        },
      ],
      2,
      ctx,
      codegen,
    );
    assert.deepEqual(plain.run(input), {
      numRows: 6,
      columns: [
        ["a", "a", "b", "b", "c", "c"],
        [0, 1, 0, 1, 0, 1],
      ],
    });
    // A filter before the expand drops the input row before any projection.
    const pre = compilePipeline(
      [
        { kind: "filter", condition: gt1 },
        { kind: "expand", projections: [[bound(0)], [times10]] },
      ],
      2,
      ctx,
      codegen,
    );
    assert.deepEqual(pre.run(input), { numRows: 2, columns: [[2, 20]] });
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
