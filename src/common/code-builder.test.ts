import assert from "node:assert/strict";
import { test } from "node:test";
import { CodeBuilder, compiledShapeCount } from "./code-builder.js";

function isInternalError(e: unknown): boolean {
  return (e as { errorClass?: string }).errorClass === "INTERNAL_ERROR";
}

// Strings a hostile column name or literal could carry into generated code.
const HOSTILE = [
  "it's",
  'say "hi"',
  "back`tick",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-literal opener is the hostile input under test
  "${globalThis.pwned = 1}",
  "line\nbreak",
  "end */ x",
  "</script><script>",
  "sep\u2028arator",
  "back\\slash",
  "); globalThis.pwned = 1; (",
  "// comment",
];

test("fresh() validates its prefix as an identifier part", () => {
  const b = new CodeBuilder();
  assert.match(b.fresh(), /^v\d+$/);
  assert.match(b.fresh("acc_$"), /^acc_\$\d+$/);
  for (const bad of ["", "1x", "a-b", "x y", "x;y", "x)", "r[0]", "a.b", "é"]) {
    assert.throws(() => b.fresh(bad), isInternalError, JSON.stringify(bad));
  }
});

test("source() rejects parameters that are not identifiers", () => {
  for (const bad of ["cols, n", "x)", "", "a=1", "...rest"]) {
    assert.throws(() => new CodeBuilder().source(["ok", bad]), isInternalError, JSON.stringify(bad));
  }
});

test("constant() inlines only null and booleans; every other value is a ref", () => {
  const b = new CodeBuilder();
  assert.equal(b.constant(null), "null");
  assert.equal(b.constant(true), "true");
  assert.equal(b.constant(false), "false");
  const values: unknown[] = [0, -0, 1.5, Number.NaN, 9007199254740993n, "", "abc", [1, 2], { a: 1 }];
  values.forEach((v, i) => {
    assert.equal(b.constant(v), `r[${i}]`);
  });
});

test("user strings reach the generated function as refs, never as source text", () => {
  const b = new CodeBuilder();
  const outs = HOSTILE.map((s) => {
    const v = b.fresh("v");
    b.line(`const ${v} = ${b.constant(s)};`);
    return v;
  });
  b.line(`return [${outs.join(", ")}];`);
  const { fn, source, refs } = b.build<() => unknown[]>([]);
  for (const s of HOSTILE) assert.ok(!source.includes(s), `source contains ${JSON.stringify(s)}`);
  assert.deepEqual(fn(), HOSTILE);
  assert.deepEqual(refs, HOSTILE);
  assert.equal((globalThis as { pwned?: unknown }).pwned, undefined);
});

test("a body line holding a quote, backslash, comment or non-ASCII text is refused", () => {
  for (const s of HOSTILE) {
    const b = new CodeBuilder();
    // A caller that wrongly pastes text (even quoted) into a line must not get it compiled.
    b.line(`return ${JSON.stringify(s)};`);
    assert.throws(() => b.build([]), isInternalError, JSON.stringify(s));
  }
  for (const line of [
    "return 1; // note",
    "/* x */ return 1;",
    "return 'a';",
    "return `a`;",
    "return \u00e9;",
  ]) {
    const b = new CodeBuilder();
    b.line(line);
    assert.throws(() => b.build([]), isInternalError, line);
  }
});

test("build() compiles working code with parameters", () => {
  const b = new CodeBuilder();
  const acc = b.fresh("acc");
  b.line(`let ${acc} = ${b.constant(10)};`);
  b.open("for (let i = 0; i < n; i++) {");
  b.line(`${acc} += xs[i];`);
  b.close();
  b.line(`return ${acc};`);
  const { fn } = b.build<(xs: number[], n: number) => number>(["xs", "n"]);
  assert.equal(fn([1, 2, 3], 3), 16);
});

test("the shape cache shares compiled code between builders that differ only in ref values", () => {
  const make = (value: unknown) => {
    const b = new CodeBuilder();
    const v = b.fresh("v");
    b.line(`const ${v} = ${b.constant(value)};`);
    b.line(`return [${v}, x];`);
    return b.build<(x: number) => unknown[]>(["x"]);
  };
  const unique = `shape-test-${HOSTILE.length}`;
  const before = compiledShapeCount();
  const first = make(unique);
  const afterFirst = compiledShapeCount();
  assert.ok(afterFirst - before <= 1);
  const second = make("a different literal");
  const third = make(42n);
  assert.equal(compiledShapeCount(), afterFirst, "same shape, no new compilation");
  assert.equal(first.source, second.source);
  // Sharing the factory must not share the refs: each instance sees its own values.
  assert.deepEqual(first.fn(1), [unique, 1]);
  assert.deepEqual(second.fn(2), ["a different literal", 2]);
  assert.deepEqual(third.fn(3), [42n, 3]);
});

test("a different shape compiles once more", () => {
  const b = new CodeBuilder();
  b.line(`return ${b.constant(1)} + ${b.constant(2)} + ${b.constant(3)} + ${b.constant(4)} + x + y + z;`);
  const before = compiledShapeCount();
  const { fn } = b.build<(x: number, y: number, z: number) => number>(["x", "y", "z"]);
  assert.equal(compiledShapeCount(), before + 1);
  assert.equal(fn(10, 20, 30), 70);
});
