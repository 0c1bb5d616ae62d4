// Runs the TypeScript code blocks of README.md and docs/*.md, so the documentation cannot drift from
// what works.
//
// - A block fenced as ```ts runs; ```ts skip does not (for fragments that cannot run alone).
// - A ```text block that directly follows a ts block (only blank lines between) is that block's
//   expected stdout, compared exactly (trailing newlines ignored).
// - All blocks of one page run in one Node process, each in its own `{ … }` scope, after a prelude
//   that defines `spark` (UTC session), `F`, `T`, `Window`, `col`, `lit`, `expr`, `TsparkError`,
//   `udf`, `SparkTimestamp` and a `people` DataFrame (name, age, dept). A block may re-declare any of
//   them. `import … from "tspark"` lines inside a block become dynamic imports of src/.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { pathToFileURL } from "node:url";

const root = join(import.meta.dirname, "..", "..");
const pages = ["README.md", ...readdirSync(join(root, "docs")).map((f) => `docs/${f}`)]
  .filter((p) => p.endsWith(".md"))
  .sort();

/** One runnable block of a page. */
interface Snippet {
  readonly line: number;
  readonly code: string;
  readonly expected?: string;
}

/** The runnable ts blocks of a markdown text, each with its expected output if one follows. */
function extractSnippets(md: string): Snippet[] {
  const lines = md.split("\n");
  const out: Snippet[] = [];
  let i = 0;
  while (i < lines.length) {
    const fence = /^```(\S*)\s*(.*)$/.exec(lines[i]!);
    if (!fence) {
      i++;
      continue;
    }
    const lang = fence[1]!;
    const info = fence[2]!.trim();
    const start = i + 1;
    let end = start;
    while (end < lines.length && !lines[end]!.startsWith("```")) end++;
    const body = lines.slice(start, end).join("\n");
    i = end + 1;
    if ((lang !== "ts" && lang !== "typescript") || info.split(/\s+/).includes("skip")) continue;
    let j = i;
    while (j < lines.length && lines[j]!.trim() === "") j++;
    let expected: string | undefined;
    if (j < lines.length && lines[j] === "```text") {
      let k = j + 1;
      while (k < lines.length && !lines[k]!.startsWith("```")) k++;
      expected = lines.slice(j + 1, k).join("\n");
      i = k + 1;
    }
    out.push({ line: start, code: body, ...(expected !== undefined ? { expected } : {}) });
  }
  return out;
}

/**
 * Places where tspark still prints something other than PySpark, per page: `from` (PySpark's
 * text, as the page shows it) is replaced by `to` (what tspark prints today) before comparing.
 * When tspark is fixed the test fails and asks for the entry to be removed.
 */
const KNOWN_DEVIATIONS: readonly {
  readonly page: string;
  readonly from: string;
  readonly to: string;
  readonly reason: string;
}[] = [];

const MODULES: Readonly<Record<string, string>> = {
  tspark: pathToFileURL(join(root, "src", "index.ts")).href,
  "tspark/functions": pathToFileURL(join(root, "src", "api", "functions", "index.ts")).href,
  "tspark/types": pathToFileURL(join(root, "src", "types", "public.ts")).href,
  "tspark/testing": pathToFileURL(join(root, "src", "testing", "index.ts")).href,
};

/** Rewrites static imports of tspark (and of Node's built-in `node:` modules) into block-scoped dynamic imports. */
function rewriteImports(code: string): string {
  return code.replace(
    /^import\s+(type\s+)?(.+?)\s+from\s+"(tspark(?:\/functions|\/types|\/testing)?|node:[a-z_/]+)";?$/gm,
    (_m, isType: string | undefined, what: string, mod: string) => {
      if (isType) return "";
      const url = JSON.stringify(MODULES[mod] ?? mod);
      const ns = /^\*\s+as\s+(\w+)$/.exec(what.trim());
      if (ns) return `const ${ns[1]} = await import(${url});`;
      const names = what
        .trim()
        .replace(/^\{|\}$/g, "")
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s !== "" && !s.startsWith("type "))
        .map((s) => s.replace(/\s+as\s+/, ": "));
      return `const { ${names.join(", ")} } = await import(${url});`;
    },
  );
}

const MARK = "\u001eSNIPPET";
const ERROR_MARK = "\u001fSNIPPET-ERROR";

function program(snippets: readonly Snippet[]): string {
  const prelude = `
const { SparkSession, functions: F, types: T, Window, TsparkError, SparkTimestamp } = await import(${JSON.stringify(MODULES.tspark)});
const { col, lit, expr, udf } = F;
const spark = SparkSession.builder.config("spark.sql.session.timeZone", "UTC").getOrCreate();
const people = spark.createDataFrame(
  [{ name: "ann", age: 31, dept: "eng" }, { name: "bob", age: null, dept: "ops" }, { name: "cid", age: 25, dept: "eng" }],
  "name STRING, age INT, dept STRING",
);
`;
  const blocks = snippets.map(
    (s, i) => `
process.stdout.write(${JSON.stringify(`${MARK} ${i}\n`)});
try {
${rewriteImports(s.code)}
} catch (e) {
  process.stdout.write(${JSON.stringify(`${ERROR_MARK} `)} + (e && e.errorClass ? e.errorClass + " " : "") + String(e && e.stack ? e.stack : e).split("\\n").slice(0, 4).join(" | ") + "\\n");
}`,
  );
  return `${prelude}\n${blocks.join("\n")}\nprocess.stdout.write(${JSON.stringify(`${MARK} END\n`)});\n`;
}

function runFile(file: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", file],
      { cwd: root, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => {
        resolve({ code: err ? (typeof err.code === "number" ? err.code : 1) : 0, stdout, stderr });
      },
    );
  });
}

const dir = mkdtempSync(join(tmpdir(), "tspark-doc-snippets-"));
after(() => rmSync(dir, { recursive: true, force: true }));

for (const page of pages) {
  const snippets = extractSnippets(readFileSync(join(root, page), "utf8"));
  if (snippets.length === 0) continue;
  describe(page, () => {
    let result: Promise<{ outputs: Map<number, string>; raw: string; stderr: string }> | undefined;
    const outputs = () => {
      result ??= (async () => {
        const file = join(dir, `${page.replace(/[^A-Za-z0-9]/g, "_")}.mts`);
        writeFileSync(file, program(snippets));
        const r = await runFile(file);
        const map = new Map<number, string>();
        const parts = r.stdout.split(`${MARK} `);
        for (const part of parts.slice(1)) {
          const nl = part.indexOf("\n");
          const head = part.slice(0, nl);
          if (/^\d+$/.test(head)) map.set(Number(head), part.slice(nl + 1));
        }
        return { outputs: map, raw: r.stdout, stderr: r.stderr };
      })();
      return result;
    };
    snippets.forEach((s, i) => {
      it(`block at line ${s.line}`, async () => {
        const { outputs: map, raw, stderr } = await outputs();
        const out = map.get(i);
        assert.ok(out !== undefined, `${page}:${s.line} did not run\n${stderr}\n${raw.slice(-2000)}`);
        const err = out.indexOf(ERROR_MARK);
        assert.equal(err, -1, `${page}:${s.line} threw: ${out.slice(err)}`);
        if (s.expected !== undefined) {
          const actual = out.replace(/\n+$/, "");
          const pyspark = s.expected.replace(/\n+$/, "");
          let expected = pyspark;
          const applied: string[] = [];
          for (const d of KNOWN_DEVIATIONS) {
            if (d.page === page && expected.includes(d.from)) {
              expected = expected.split(d.from).join(d.to);
              applied.push(d.reason);
            }
          }
          if (applied.length > 0 && actual === pyspark) {
            assert.fail(
              `${page}:${s.line} now matches PySpark: remove the KNOWN_DEVIATIONS entry: ${applied}`,
            );
          }
          assert.equal(actual, expected, `${page}:${s.line}`);
        }
      });
    });
  });
}
