// Generates docs/functions.md from the FunctionDefinition docs of every built-in function family
// (src/functions/*/index.ts): name, aliases, usage, examples, and the DataFrame API wrapper when one
// exists. Run with `npm run docs:functions`; `--check` exits 1 when the file is out of date instead
// of writing it. The examples shown here are the ones tests/docs/function-examples.test.ts runs.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import * as F from "../src/api/functions/index.js";
import { AGGREGATE_FUNCTIONS } from "../src/functions/aggregate/index.js";
import { COLLECTION_FUNCTIONS } from "../src/functions/collection/index.js";
import { CORE_FUNCTIONS } from "../src/functions/core/index.js";
import { DATETIME_FUNCTIONS } from "../src/functions/datetime/index.js";
import type { FunctionDefinition } from "../src/functions/function-definition.js";
import { MATH_FUNCTIONS } from "../src/functions/math/index.js";
import { STRING_FUNCTIONS } from "../src/functions/string/index.js";
import { WINDOW_FUNCTIONS } from "../src/functions/window/index.js";

/** One family section of the generated page. */
interface Family {
  readonly title: string;
  readonly anchor: string;
  readonly intro: string;
  readonly defs: readonly FunctionDefinition[];
}

const FAMILIES: readonly Family[] = [
  {
    title: "Core: conditionals, hashing, structs, session and misc",
    anchor: "core",
    intro: "Null handling, conditionals, comparison, hashing, struct/array/map constructors, casts.",
    defs: CORE_FUNCTIONS,
  },
  {
    title: "String",
    anchor: "string",
    intro: "Text functions; regular expressions use Java's syntax, translated to JavaScript.",
    defs: STRING_FUNCTIONS,
  },
  {
    title: "Math and operators",
    anchor: "math",
    intro: "Arithmetic and comparison operators, rounding, trigonometry, bit operations, base conversion.",
    defs: MATH_FUNCTIONS,
  },
  {
    title: "Date and time",
    anchor: "datetime",
    intro: "Dates, timestamps and Spark's datetime patterns; results depend on `spark.sql.session.timeZone`.",
    defs: DATETIME_FUNCTIONS,
  },
  {
    title: "Collections and JSON",
    anchor: "collection",
    intro: "Arrays, maps, generators (`explode`, `inline`, `stack`) and JSON functions.",
    defs: COLLECTION_FUNCTIONS,
  },
  {
    title: "Aggregate",
    anchor: "aggregate",
    intro: "Used with `GROUP BY` / `groupBy().agg(...)`, as a global aggregate, or over a window.",
    defs: AGGREGATE_FUNCTIONS,
  },
  {
    title: "Window",
    anchor: "window",
    intro: "Ranking and offset functions; they need an `OVER (...)` clause / `.over(windowSpec)`.",
    defs: WINDOW_FUNCTIONS,
  },
];

/**
 * SQL forms the analyzer handles itself rather than through a FunctionDefinition (they evaluate
 * lazily or have their own syntax). Their examples run in tests/docs/function-examples.test.ts too.
 */
export const SPECIAL_FORMS: readonly {
  readonly name: string;
  readonly usage: string;
  readonly api?: string;
  readonly examples: readonly { readonly sql: string; readonly result: string }[];
}[] = [
  {
    name: "coalesce",
    usage:
      "coalesce(expr1, expr2, ...) - The first non-null argument, or NULL; later arguments are not evaluated.",
    api: "F.coalesce",
    examples: [{ sql: "coalesce(NULL, 1, NULL)", result: "1" }],
  },
  {
    name: "ifnull / nvl",
    usage: "ifnull(expr1, expr2), nvl(expr1, expr2) - `expr2` when `expr1` is NULL, else `expr1`.",
    api: "F.ifnull, F.nvl",
    examples: [
      { sql: "ifnull(NULL, array('2'))", result: "[2]" },
      { sql: "nvl(NULL, array('2'))", result: "[2]" },
    ],
  },
  {
    name: "nvl2",
    usage: "nvl2(expr1, expr2, expr3) - `expr2` when `expr1` is not NULL, else `expr3`.",
    api: "F.nvl2",
    examples: [{ sql: "nvl2(NULL, 2, 1)", result: "1" }],
  },
  {
    name: "if",
    usage: "if(cond, expr1, expr2) - `expr1` when `cond` is true, else `expr2`.",
    api: "F.when(cond, a).otherwise(b)",
    examples: [{ sql: "if(1 < 2, 'a', 'b')", result: "a" }],
  },
  {
    name: "CASE WHEN",
    usage:
      "CASE WHEN c1 THEN v1 [WHEN c2 THEN v2 ...] [ELSE e] END, or CASE x WHEN a THEN v ... END; branches are coerced to a common type.",
    api: "F.when(c1, v1).when(c2, v2).otherwise(e)",
    examples: [
      { sql: "CASE WHEN 1 > 0 THEN 1 WHEN 2 > 0 THEN 2.0 ELSE 1.2 END", result: "1.0" },
      { sql: "CASE 3 WHEN 1 THEN 'one' ELSE 'other' END", result: "other" },
    ],
  },
  {
    name: "CAST / TRY_CAST / ::",
    usage:
      "CAST(expr AS type) converts with Spark's cast rules (an error on bad input in ANSI mode); TRY_CAST returns NULL instead; `expr::type` is CAST.",
    api: 'col.cast("int")',
    examples: [
      { sql: "CAST('10' AS INT)", result: "10" },
      { sql: "TRY_CAST('abc' AS INT)", result: "NULL" },
      { sql: "'10'::int", result: "10" },
    ],
  },
  {
    name: "operators with their own syntax",
    usage:
      "AND, OR, NOT, IS [NOT] NULL, [NOT] BETWEEN, [NOT] IN (...), [NOT] LIKE / RLIKE / ILIKE, <=> (null-safe equality), field and element access `s.f`, `a[i]`, `m[k]`.",
    api: "col.and / or / not / isNull / between / isin / like / eqNullSafe / getField / getItem",
    examples: [
      { sql: "true AND NULL", result: "NULL" },
      { sql: "1 BETWEEN 0 AND 2", result: "true" },
      { sql: "1 <=> NULL", result: "false" },
      { sql: "named_struct('a', 1).a, array(1, 2)[0], map('k', 1)['k']", result: "1 1 1" },
    ],
  },
  {
    name: "window",
    usage:
      'window(time_column, window_duration[, slide_duration[, start_time]]) - The time window(s) a timestamp falls in, as the struct column `window` (`start` inclusive, `end` exclusive, of the time column\'s type), aligned to 1970-01-01 00:00:00 UTC plus `start_time`. Durations are interval strings (no months or years) or microseconds; a sliding window (slide < window) gives one row per window, a NULL time no row. Only one window or session_window per SELECT / GROUP BY. See docs/streaming.md "Event-time windows".',
    api: "F.window",
    examples: [
      {
        sql: "window(TIMESTAMP '2016-03-11 09:00:07', '5 seconds')",
        result: "{2016-03-11 09:00:05, 2016-03-11 09:00:10}",
      },
      {
        sql: "window(TIMESTAMP '2021-01-01 12:20:00', '1 hour', '1 hour', '15 minutes').start",
        result: "2021-01-01 12:15:00",
      },
    ],
  },
  {
    name: "session_window",
    usage:
      "session_window(time_column, gap_duration) - The session `[time, time + gap)` of each row as the struct column `session_window`; `GROUP BY session_window(...)` merges the overlapping or touching sessions of each group. The gap is an interval string or a per-row expression; rows whose gap is not positive are dropped.",
    api: "F.session_window",
    examples: [
      {
        sql: "session_window(TIMESTAMP '2016-03-11 09:00:07', '5 minutes')",
        result: "{2016-03-11 09:00:07, 2016-03-11 09:05:07}",
      },
    ],
  },
  {
    name: "window_time",
    usage:
      "window_time(window_column) - The event time of a `window` / `session_window` column: its `end` minus one microsecond; it keeps the column's watermark.",
    api: "F.window_time",
    examples: [
      {
        sql: "window_time(window(TIMESTAMP '2016-03-11 09:00:07', '5 seconds'))",
        result: "2016-03-11 09:00:09.999999",
      },
    ],
  },
];

const api = F as unknown as Readonly<Record<string, unknown>>;

/** The `F.<name>` wrapper for a SQL name, if the functions namespace has one (snake or camel case). */
function apiName(name: string): string | undefined {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) return undefined;
  if (typeof api[name] === "function") return name;
  const camel = name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  return typeof api[camel] === "function" ? camel : undefined;
}

function sortKey(name: string): string {
  return /^[a-z]/.test(name) ? `1${name}` : `0${name}`;
}

/** The whole page. */
function render(): string {
  const out: string[] = [];
  out.push("# Built-in functions");
  out.push("");
  out.push(
    "<!-- GENERATED by scripts/gen-function-docs.ts from the FunctionDefinition docs in src/functions/. " +
      "Do not edit by hand: change the definition and run `npm run docs:functions`. -->",
  );
  out.push("");
  const total = FAMILIES.reduce((n, f) => n + f.defs.length, 0);
  out.push(
    `tspark has ${total} built-in functions with Spark's names, argument order, result types and null ` +
      'behaviour. Every one is callable from SQL (`spark.sql`, `expr`, `selectExpr`, `filter("…")`); ' +
      "most also have a wrapper in `tspark/functions` (shown as `F.name`).",
  );
  out.push("");
  out.push(
    "Each example below is run by `tests/docs/function-examples.test.ts` as `SELECT <example>` in a " +
      "session with time zone UTC and ANSI mode on, with code generation on and off. Results are " +
      "written as `show()` renders cells; cells of one row are separated by a space, and an empty " +
      "string is written `(empty)`.",
  );
  out.push("");
  out.push("| family | functions |");
  out.push("| --- | --- |");
  for (const f of FAMILIES) out.push(`| [${f.title}](#${f.anchor}) | ${f.defs.length} |`);
  out.push(`| [Special forms](#special-forms) (CASE, CAST, coalesce, if, …) | ${SPECIAL_FORMS.length} |`);
  out.push("");
  for (const f of FAMILIES) {
    out.push(`<a id="${f.anchor}"></a>`);
    out.push("");
    out.push(`## ${f.title}`);
    out.push("");
    out.push(f.intro);
    out.push("");
    const defs = [...f.defs].sort((a, b) => (sortKey(a.name) < sortKey(b.name) ? -1 : 1));
    out.push(
      defs
        .map((d) => `\`${d.name}\``)
        .join(" · ")
        .replace(/\|/g, "\\|"),
    );
    out.push("");
    for (const d of defs) out.push(...renderFunction(d));
  }
  out.push('<a id="special-forms"></a>');
  out.push("");
  out.push("## Special forms");
  out.push("");
  out.push(
    "These are handled by the parser and analyzer directly rather than by a function definition, " +
      "so they are not in the families above.",
  );
  out.push("");
  for (const f of SPECIAL_FORMS) {
    out.push(`### ${f.name}`);
    out.push("");
    if (f.api) out.push(`*DataFrame API: \`${f.api}\`*`);
    out.push("");
    out.push(f.usage);
    out.push("");
    out.push("```sql");
    for (const ex of f.examples) {
      out.push(`SELECT ${ex.sql};`);
      for (const line of ex.result.split("\n")) out.push(`-- ${line}`);
    }
    out.push("```");
    out.push("");
  }
  return `${out.join("\n").trimEnd()}\n`;
}

function renderFunction(d: FunctionDefinition): string[] {
  const out: string[] = [];
  out.push(`### \`${d.name}\``);
  out.push("");
  const facts: string[] = [d.type];
  if (d.aliases && d.aliases.length > 0)
    facts.push(`aliases: ${d.aliases.map((a) => `\`${a}\``).join(", ")}`);
  const wrapper = apiName(d.name);
  if (wrapper) facts.push(`DataFrame API: \`F.${wrapper}\``);
  if (d.docs.since) facts.push(`since Spark ${d.docs.since}`);
  out.push(`*${facts.join(" · ")}*`);
  out.push("");
  out.push(d.docs.usage.trim());
  out.push("");
  const examples = d.docs.examples ?? [];
  if (examples.length > 0) {
    out.push("```sql");
    for (const ex of examples) {
      out.push(`SELECT ${ex.sql};`);
      for (const line of ex.result.split("\n")) out.push(`-- ${line}`);
    }
    out.push("```");
    out.push("");
  }
  return out;
}

/** Writes docs/functions.md, or with `check` reports whether it is up to date. */
function main(check: boolean): void {
  const target = join(import.meta.dirname, "..", "docs", "functions.md");
  const text = render();
  if (check) {
    let current = "";
    try {
      current = readFileSync(target, "utf8");
    } catch {
      current = "";
    }
    if (current !== text) {
      process.stderr.write("docs/functions.md is out of date: run `npm run docs:functions`\n");
      process.exit(1);
    }
  } else {
    writeFileSync(target, text);
    process.stdout.write(`wrote ${target}\n`);
  }
}

// Only when run as a script: tests import SPECIAL_FORMS from this file.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.includes("--check"));
}
