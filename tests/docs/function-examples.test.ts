// Runs every documented example of every built-in function (FunctionDefinition.docs.examples) as
// `SELECT <ex.sql>` in a UTC session, with code generation on and off, and compares the rendered
// result with `ex.result`.
//
// How a result is written in the docs (the convention the function families use): each cell is
// rendered as a show() cell (renderValue), cells of one row are joined by one space, rows by "\n";
// an empty string cell is written `(empty)` as in the .slt golden files.
//
// KNOWN_FAILURES lists functions whose examples do not pass yet, each with a one-line reason. A
// function on the list must still fail (so a fix forces its removal), and a function off the list
// must pass (so a new failure is caught).
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SparkSession } from "../../src/api/spark-session.js";
import { renderValue } from "../../src/data/render.js";
import { BUILTIN_FUNCTIONS } from "../../src/functions/builtin.js";
import { SPECIAL_FORMS } from "../../scripts/gen-function-docs.js";

/** Function name → why its documented example does not pass yet. */
const KNOWN_FAILURES: Readonly<Record<string, string>> = {};

const sessions = [true, false].map((codegen) =>
  SparkSession.builder
    .config("spark.sql.session.timeZone", "UTC")
    .config("tspark.codegen.enabled", String(codegen))
    .create(),
);

/** Runs one example and returns its rendered result, or the error class and first message line. */
async function runExample(spark: SparkSession, sql: string): Promise<string> {
  try {
    const df = spark.sql(`SELECT ${sql}`);
    const types = df.schema.fields.map((f) => f.dataType);
    const rows = await df.collectInternal();
    return rows
      .map((r) =>
        r
          .map((v, i) => {
            const s = renderValue(v, types[i]!, { timeZone: "UTC" });
            return s === "" ? "(empty)" : s;
          })
          .join(" "),
      )
      .join("\n");
  } catch (e) {
    const cls = (e as { errorClass?: unknown }).errorClass;
    const msg = e instanceof Error ? (e.message.split("\n")[0] ?? "") : String(e);
    return `ERROR ${typeof cls === "string" ? cls : ""} ${msg}`;
  }
}

/** The mismatches of one function's examples, one text per failing example and codegen mode. */
async function failuresOf(examples: readonly { sql: string; result: string }[]): Promise<string[]> {
  const out: string[] = [];
  for (const ex of examples) {
    for (const [i, spark] of sessions.entries()) {
      const got = await runExample(spark, ex.sql);
      if (got !== ex.result) {
        out.push(
          `[codegen ${i === 0 ? "on" : "off"}] SELECT ${ex.sql}\n  expected: ${JSON.stringify(ex.result)}\n  actual:   ${JSON.stringify(got)}`,
        );
      }
    }
  }
  return out;
}

const documented = BUILTIN_FUNCTIONS.filter((d) => (d.docs.examples ?? []).length > 0);

describe("documented function examples", () => {
  for (const def of documented) {
    const known = KNOWN_FAILURES[def.name];
    it(`${def.name}${known ? " (known failure)" : ""}`, async () => {
      const failures = await failuresOf(def.docs.examples ?? []);
      if (known) {
        assert.ok(
          failures.length > 0,
          `${def.name}'s examples pass now: remove it from KNOWN_FAILURES in tests/docs/function-examples.test.ts`,
        );
      } else {
        assert.deepEqual(failures, [], failures.join("\n"));
      }
    });
  }

  for (const form of SPECIAL_FORMS) {
    it(`special form: ${form.name}`, async () => {
      const failures = await failuresOf(form.examples);
      assert.deepEqual(failures, [], failures.join("\n"));
    });
  }

  it("every KNOWN_FAILURES entry names a documented function", () => {
    const names = new Set(documented.map((d) => d.name));
    assert.deepEqual(
      Object.keys(KNOWN_FAILURES).filter((n) => !names.has(n)),
      [],
    );
  });
});
