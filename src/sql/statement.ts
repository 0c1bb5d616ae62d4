/**
 * Parsed SQL statements: what `parseStatement` returns and `spark.sql()` executes. Queries carry
 * an unresolved logical plan; commands carry just the names and options they need.
 */
import type { LogicalPlan } from "../plans/logical-plan.js";

/** A query (`SELECT …`, `VALUES …`, `WITH … SELECT …`, `TABLE t`). */
export interface QueryStatement {
  readonly kind: "query";
  readonly plan: LogicalPlan;
}

/** `CREATE [OR REPLACE] [GLOBAL] TEMP[ORARY] VIEW [IF NOT EXISTS] name [(cols)] AS query`. */
export interface CreateViewStatement {
  readonly kind: "create_view";
  readonly name: readonly string[];
  readonly replace: boolean;
  readonly temporary: boolean;
  readonly global: boolean;
  readonly ifNotExists: boolean;
  /** Column names given after the view name, if any. */
  readonly columns?: readonly string[];
  readonly plan: LogicalPlan;
  /** The query's SQL text (Spark keeps it as the view text). */
  readonly sqlText: string;
}

/** `CREATE [OR REPLACE] [GLOBAL] TEMPORARY VIEW name [(schema)] USING provider [OPTIONS (…)]`. */
export interface CreateTempViewUsingStatement {
  readonly kind: "create_temp_view_using";
  readonly name: readonly string[];
  readonly replace: boolean;
  readonly global: boolean;
  /** The provider (format) name, e.g. `csv`. */
  readonly provider: string;
  /** Option keys as written, values as text. */
  readonly options: Readonly<Record<string, string>>;
  /** The schema's DDL text between the parentheses, if given. */
  readonly schema?: string;
}

/** `DROP VIEW [IF EXISTS] name` (also accepted for `DROP TABLE`, with `table: true`). */
export interface DropViewStatement {
  readonly kind: "drop_view";
  readonly name: readonly string[];
  readonly ifExists: boolean;
  readonly table: boolean;
}

/** `SET` (list), `SET key` (show one), `SET key = value`, `SET -v`. Key and value are raw text. */
export interface SetStatement {
  readonly kind: "set";
  readonly key?: string;
  readonly value?: string;
  readonly verbose?: boolean;
}

/** `RESET [key]`. */
export interface ResetStatement {
  readonly kind: "reset";
  readonly key?: string;
}

/** `SHOW TABLES [IN|FROM db] [[LIKE] 'pattern']` (and `SHOW VIEWS …`, with `views: true`). */
export interface ShowTablesStatement {
  readonly kind: "show_tables";
  readonly namespace?: readonly string[];
  readonly pattern?: string;
  /** `SHOW VIEWS`: the name column is `viewName`. */
  readonly views?: boolean;
}

/** `SHOW [USER|SYSTEM|ALL] FUNCTIONS [IN|FROM db] [[LIKE] 'pattern' | name]`. */
export interface ShowFunctionsStatement {
  readonly kind: "show_functions";
  readonly scope: "user" | "system" | "all";
  readonly pattern?: string;
}

/** `SHOW COLUMNS (IN|FROM) table [(IN|FROM) db]`. */
export interface ShowColumnsStatement {
  readonly kind: "show_columns";
  readonly name: readonly string[];
  readonly namespace?: readonly string[];
}

/**
 * `DESCRIBE [TABLE] [EXTENDED|FORMATTED] name [column]` or `DESCRIBE [QUERY] query`. `name` and
 * `query` exclude each other.
 */
export interface DescribeStatement {
  readonly kind: "describe";
  readonly name?: readonly string[];
  /** `DESCRIBE t col`: describe one column (Spark's info_name/info_value rows). */
  readonly column?: readonly string[];
  readonly query?: LogicalPlan;
  readonly extended: boolean;
}

/** `DESCRIBE FUNCTION [EXTENDED] name`. */
export interface DescribeFunctionStatement {
  readonly kind: "describe_function";
  readonly name: string;
  readonly extended: boolean;
}

/**
 * The cache commands, accepted as no-ops (tspark keeps no cached data): `CACHE [LAZY] TABLE name
 * [OPTIONS (…)] [[AS] query]` (with a query it also creates the temp view), `UNCACHE TABLE [IF
 * EXISTS] name`, `CLEAR CACHE`, `REFRESH TABLE name`, `REFRESH FUNCTION name`, `REFRESH 'path'`.
 */
export interface CacheStatement {
  readonly kind: "cache";
  readonly action: "cache" | "uncache" | "clear" | "refresh";
  readonly name?: readonly string[];
  readonly ifExists?: boolean;
  readonly plan?: LogicalPlan;
}

/** `EXPLAIN [EXTENDED|CODEGEN|COST|FORMATTED] statement`. */
export interface ExplainStatement {
  readonly kind: "explain";
  readonly mode: "simple" | "extended" | "codegen" | "cost" | "formatted";
  readonly statement: Statement;
}

/** The closed union of statements `parseStatement` produces. */
export type Statement =
  | QueryStatement
  | CreateViewStatement
  | CreateTempViewUsingStatement
  | DropViewStatement
  | SetStatement
  | ResetStatement
  | ShowTablesStatement
  | ShowFunctionsStatement
  | ShowColumnsStatement
  | DescribeStatement
  | DescribeFunctionStatement
  | CacheStatement
  | ExplainStatement;

/** The `kind` tags of statements. */
export type StatementKind = Statement["kind"];
