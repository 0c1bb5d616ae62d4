/**
 * Runs the statements `spark.sql()` parses: a query becomes its DataFrame; commands (views, SET,
 * RESET, SHOW, DESCRIBE, EXPLAIN, the cache commands) run at once and return Spark's result shape
 * (`SHOW TABLES` → namespace/tableName/isTemporary, `DESCRIBE` → col_name/data_type/comment, …).
 */
import { TsparkError } from "../common/errors.js";
import type { LogicalPlan } from "../plans/logical-plan.js";
import { sqlErrorContext } from "../sql/error-position.js";
import { outputOf } from "../plans/output.js";
import type {
  CacheStatement,
  CreateViewStatement,
  DescribeFunctionStatement,
  DescribeStatement,
  ShowFunctionsStatement,
  ShowTablesStatement,
  Statement,
} from "../sql/statement.js";
import { BOOLEAN, type DataType, STRING, StructField, StructType } from "../types/data-type.js";
import { BUILTIN_FUNCTIONS } from "../functions/builtin.js";
import type { DataFrame } from "./data-frame.js";
import type { SparkSession } from "./spark-session.js";

/** Spark's name for the database of global temporary views. */
const GLOBAL_TEMP_DB = "global_temp";

/**
 * Executes one parsed statement in `spark` (see the file comment for each command's result).
 * Analysis errors point into `sqlText` (`line N pos M`) as Spark's do, instead of at the caller.
 */
export function runStatement(spark: SparkSession, stmt: Statement, sqlText?: string): DataFrame {
  try {
    return execute(spark, stmt);
  } catch (err) {
    if (sqlText === undefined || !(err instanceof TsparkError) || err.context?.startPosition !== undefined)
      throw err;
    const context = sqlErrorContext(sqlText, err.errorClass, err.messageParameters);
    if (context === undefined) throw err;
    throw new TsparkError(err.errorClass, {
      messageParameters: err.messageParameters,
      context,
      cause: err.cause,
    });
  }
}

function execute(spark: SparkSession, stmt: Statement): DataFrame {
  switch (stmt.kind) {
    case "query":
      return spark.fromPlan(stmt.plan);
    case "create_view":
      createView(spark, stmt);
      return empty(spark);
    case "create_temp_view_using": {
      // PySpark equivalent: spark.read.format(provider).options(**options).schema(schema).load()
      const reader = spark.read.format(stmt.provider).options(stmt.options);
      if (stmt.schema !== undefined) reader.schema(stmt.schema);
      const plan = reader.load().plan;
      const name = stmt.name[stmt.name.length - 1]!;
      if (!spark.state.catalog.createTempView(name, plan, stmt.replace, stmt.global))
        throw new TsparkError("TEMP_TABLE_OR_VIEW_ALREADY_EXISTS", {
          messageParameters: { relationName: quoted([name]) },
        });
      return empty(spark);
    }
    case "drop_view": {
      const name = stmt.name[stmt.name.length - 1]!;
      if (!spark.state.catalog.dropTempView(name, stmt.name) && !stmt.ifExists) {
        throw new TsparkError("TABLE_OR_VIEW_NOT_FOUND", {
          messageParameters: { relationName: quoted(stmt.name) },
        });
      }
      return empty(spark);
    }
    case "set":
      return set(spark, stmt.key, stmt.value, stmt.verbose === true);
    case "reset":
      if (stmt.key === undefined) spark.state.conf.clear();
      else spark.state.conf.delete(stmt.key);
      for (const [k, v] of spark.state.initialConf) {
        if (stmt.key === undefined || stmt.key === k) spark.state.conf.set(k, v);
      }
      return empty(spark);
    case "show_tables":
      return showTables(spark, stmt);
    case "show_functions":
      return showFunctions(spark, stmt);
    case "show_columns": {
      const plan = lookupRelation(spark, stmt.name);
      const rows = outputOf(plan).map((a) => [a.name]);
      return frame(spark, [["col_name", false]], rows);
    }
    case "describe":
      return describe(spark, stmt);
    case "describe_function":
      return describeFunction(spark, stmt);
    case "explain":
      return explain(spark, stmt.statement, stmt.mode);
    case "cache":
      cache(spark, stmt);
      return empty(spark);
  }
}

function createView(spark: SparkSession, stmt: CreateViewStatement): void {
  const plan = spark.state.analyze(stmt.plan);
  const name = stmt.name[stmt.name.length - 1]!;
  if (!spark.state.catalog.createTempView(name, plan, stmt.replace, stmt.global) && !stmt.ifNotExists) {
    throw new TsparkError("TEMP_TABLE_OR_VIEW_ALREADY_EXISTS", {
      messageParameters: { relationName: quoted([name]) },
    });
  }
}

function set(
  spark: SparkSession,
  key: string | undefined,
  value: string | undefined,
  verbose: boolean,
): DataFrame {
  const cols: [string, boolean][] = [
    ["key", false],
    ["value", false],
  ];
  if (key !== undefined && value !== undefined) {
    spark.conf.set(key, value);
    return frame(spark, cols, [[key, value]]);
  }
  if (key !== undefined) return frame(spark, cols, [[key, spark.state.getConf(key) ?? "<undefined>"]]);
  const rows = [...spark.state.conf.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (!verbose) return frame(spark, cols, rows);
  return frame(
    spark,
    [...cols, ["meaning", false], ["Since version", false]],
    rows.map(([k, v]) => [k, v, "", ""]),
  );
}

/** `SHOW TABLES` / `SHOW VIEWS`: global temp views (in `global_temp` only), then local ones. */
function showTables(spark: SparkSession, stmt: ShowTablesStatement): DataFrame {
  const ns = stmt.namespace?.map((p) => p.toLowerCase());
  const db = ns?.[ns.length - 1];
  const inGlobal = db === GLOBAL_TEMP_DB;
  if (
    ns !== undefined &&
    !inGlobal &&
    !(db === "default" && (ns.length === 1 || ns[0] === "spark_catalog"))
  ) {
    throw new TsparkError("SCHEMA_NOT_FOUND", {
      messageParameters: { schemaName: quoted(stmt.namespace ?? []) },
    });
  }
  const match = namePattern(stmt.pattern);
  // Spark keeps temporary view names lower-cased (without spark.sql.caseSensitive) and sorted.
  const caseSensitive = spark.state.getConf("spark.sql.caseSensitive") === "true";
  const names = (views: readonly { name: string }[]) =>
    views
      .map((v) => (caseSensitive ? v.name : v.name.toLowerCase()))
      .filter(match)
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const rows = [
    ...(inGlobal ? names(spark.state.catalog.listGlobal()).map((n) => [GLOBAL_TEMP_DB, n, true]) : []),
    ...names(spark.state.catalog.list()).map((n) => ["", n, true]),
  ];
  return frame(
    spark,
    [
      ["namespace", false],
      [stmt.views ? "viewName" : "tableName", false],
      ["isTemporary", false, BOOLEAN],
    ],
    rows,
  );
}

/** `SHOW FUNCTIONS`: built-in and session function names, sorted, filtered by the pattern. */
function showFunctions(spark: SparkSession, stmt: ShowFunctionsStatement): DataFrame {
  const builtin = new Set<string>();
  for (const d of BUILTIN_FUNCTIONS) {
    builtin.add(d.name.toLowerCase());
    for (const a of d.aliases ?? []) builtin.add(a.toLowerCase());
  }
  const match = namePattern(stmt.pattern);
  const names = spark.state.registry
    .names()
    .filter((n) => !n.startsWith("__") && match(n))
    .filter((n) => stmt.scope === "all" || (stmt.scope === "system") === builtin.has(n));
  return frame(
    spark,
    [["function", false]],
    names.map((n) => [n]),
  );
}

function describe(spark: SparkSession, stmt: DescribeStatement): DataFrame {
  const plan = stmt.query ? spark.fromPlan(stmt.query).plan : lookupRelation(spark, stmt.name ?? []);
  const attrs = outputOf(plan);
  if (stmt.column !== undefined) {
    const want = stmt.column.join(".");
    const a = attrs.find((x) => x.name.toLowerCase() === want.toLowerCase());
    if (!a) {
      throw new TsparkError("COLUMN_NOT_FOUND", {
        messageParameters: { colName: quoted(stmt.column), caseSensitiveConfig: '"spark.sql.caseSensitive"' },
      });
    }
    const rows: (string | null)[][] = [
      ["col_name", a.name],
      ["data_type", a.dataType.simpleString()],
      ["comment", "NULL"],
    ];
    if (stmt.extended) {
      for (const k of [
        "min",
        "max",
        "num_nulls",
        "distinct_count",
        "avg_col_len",
        "max_col_len",
        "histogram",
      ]) {
        rows.push([k, "NULL"]);
      }
    }
    return frame(
      spark,
      [
        ["info_name", false],
        ["info_value", false],
      ],
      rows,
    );
  }
  const rows = attrs.map((a) => [a.name, a.dataType.simpleString(), commentOf(a.metadata)]);
  return frame(
    spark,
    [
      ["col_name", false],
      ["data_type", false],
      ["comment", true],
    ],
    rows,
  );
}

function commentOf(metadata: Readonly<Record<string, unknown>> | undefined): string | null {
  const c = metadata?.comment;
  return typeof c === "string" ? c : null;
}

/**
 * `DESCRIBE FUNCTION`: `Function:`, `Class:` (tspark has no JVM classes: the registry's name),
 * `Usage:` rows, and with EXTENDED the examples and the version it appeared in.
 */
function describeFunction(spark: SparkSession, stmt: DescribeFunctionStatement): DataFrame {
  const def = spark.state.registry.lookup(stmt.name);
  if (!def) {
    throw new TsparkError("UNRESOLVED_ROUTINE", {
      messageParameters: {
        routineName: quoted([stmt.name]),
        searchPath: "[`system`.`builtin`, `system`.`session`, `spark_catalog`.`default`]",
      },
    });
  }
  const rows: string[][] = [[`Function: ${def.name}`], [`Class: tspark.${def.type}.${def.name}`]];
  rows.push([`Usage: ${def.docs.usage}`]);
  if (stmt.extended) {
    const lines = ["Extended Usage:"];
    const examples = def.docs.examples ?? [];
    if (examples.length > 0) {
      lines.push("    Examples:");
      for (const ex of examples) {
        lines.push(`      > SELECT ${ex.sql};`, ...ex.result.split("\n").map((r) => `       ${r}`));
      }
    }
    if (def.docs.since) lines.push("", `    Since: ${def.docs.since}`);
    rows.push([`${lines.join("\n")}\n`]);
  }
  return frame(spark, [["function_desc", false]], rows);
}

function explain(
  spark: SparkSession,
  inner: Statement,
  mode: "simple" | "extended" | "codegen" | "cost" | "formatted",
): DataFrame {
  let text: string;
  if (inner.kind === "query") {
    text = spark
      .fromPlan(inner.plan)
      .explainString(mode === "cost" || mode === "formatted" ? "extended" : mode);
  } else {
    // Commands run eagerly in tspark; Spark shows them as one executed command node.
    const name = COMMAND_NODES[inner.kind];
    text = `== Physical Plan ==\nExecute ${name}\n   +- ${name}\n`;
  }
  return frame(spark, [["plan", false]], [[text]]);
}

const COMMAND_NODES: Readonly<Record<Exclude<Statement["kind"], "query">, string>> = {
  create_view: "CreateViewCommand",
  create_temp_view_using: "CreateTempViewUsing",
  drop_view: "DropTableCommand",
  set: "SetCommand",
  reset: "ResetCommand",
  show_tables: "ShowTablesCommand",
  show_functions: "ShowFunctionsCommand",
  show_columns: "ShowColumnsCommand",
  describe: "DescribeTableCommand",
  describe_function: "DescribeFunctionCommand",
  explain: "ExplainCommand",
  cache: "CacheTableCommand",
};

/** Cache commands keep no data in tspark; they check their table exists, as Spark does. */
function cache(spark: SparkSession, stmt: CacheStatement): void {
  if (stmt.action === "cache" && stmt.plan !== undefined) {
    const name = stmt.name ?? [];
    const plan = spark.state.analyze(stmt.plan);
    if (!spark.state.catalog.createTempView(name[name.length - 1]!, plan, false)) {
      throw new TsparkError("TEMP_TABLE_OR_VIEW_ALREADY_EXISTS", {
        messageParameters: { relationName: quoted(name) },
      });
    }
    return;
  }
  if (stmt.name === undefined || (stmt.action === "uncache" && stmt.ifExists)) return;
  if (stmt.action === "refresh" && spark.state.registry.lookup(stmt.name.join(".")) !== undefined) return;
  lookupRelation(spark, stmt.name);
}

/** A temp view's analyzed plan, or TABLE_OR_VIEW_NOT_FOUND. */
function lookupRelation(spark: SparkSession, name: readonly string[]): LogicalPlan {
  const plan = spark.state.catalog.lookup(name);
  if (plan === undefined) {
    throw new TsparkError("TABLE_OR_VIEW_NOT_FOUND", { messageParameters: { relationName: quoted(name) } });
  }
  return plan;
}

/**
 * Spark's SHOW pattern: alternatives separated by `|`, each a case-insensitive regular expression
 * over the whole name in which `*` means any run of characters (an invalid one matches nothing).
 */
function namePattern(pattern: string | undefined): (name: string) => boolean {
  if (pattern === undefined) return () => true;
  const alternatives: RegExp[] = [];
  for (const p of pattern.split("|")) {
    try {
      alternatives.push(new RegExp(`^(?:${p.trim().replace(/\*/g, ".*")})$`, "i"));
    } catch {
      // Spark skips an alternative that is not a valid regular expression.
    }
  }
  return (name) => alternatives.some((re) => re.test(name));
}

function quoted(parts: readonly string[]): string {
  return parts.map((p) => `\`${p.replace(/`/g, "``")}\``).join(".");
}

/** A DataFrame of command output: `[name, nullable, type = STRING]` columns and rows. */
function frame(
  spark: SparkSession,
  columns: readonly (readonly [string, boolean] | readonly [string, boolean, DataType])[],
  rows: readonly (readonly unknown[])[],
): DataFrame {
  const schema = new StructType(columns.map(([n, nullable, t]) => new StructField(n, t ?? STRING, nullable)));
  return spark.createDataFrame(
    rows.map((r) => [...r]),
    schema,
  );
}

function empty(spark: SparkSession): DataFrame {
  return spark.fromPlan({ kind: "local_relation", output: [], rows: [] });
}
