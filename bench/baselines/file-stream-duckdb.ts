/**
 * The file-stream workload's baseline (issue #5): DuckDB (`@duckdb/node-api`, in this process,
 * its own worker threads) runs the same jobs as tspark as one batch query each over the same
 * directory of JSON-lines or CSV files, with the same explicit column types:
 *
 * - the aggregation: `SELECT category, count(*), sum(qty), avg(price) FROM read_json(...)
 *   WHERE price > X GROUP BY category` (read_csv with `header = true` for the CSV directory);
 * - the conversion: `COPY (SELECT <projection> FROM read_json(...) WHERE price > X) TO
 *   '<out>/part.parquet' (FORMAT parquet)`.
 *
 * It also counts the rows of any directory of Parquet files (`read_parquet('<dir>/*.parquet')`),
 * which is how the workload checks tspark's Parquet output with an independent reader.
 */
import { join } from "node:path";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";

/** One column of the events: its name and its DuckDB type. */
export interface DuckColumn {
  readonly name: string;
  readonly duckType: string;
}

/** One category's aggregates, as both engines report them. */
export interface CategoryAggregate {
  readonly count: bigint;
  readonly sumQty: bigint;
  readonly avgPrice: number;
}

/** What {@link DuckDbBaseline.parquetFingerprint} reads from a directory of Parquet files. */
export interface ParquetFingerprint {
  readonly rows: number;
  readonly sumId: string;
  readonly sumTsMs: string;
  readonly sumQty: string;
}

/** Single quotes doubled, for a SQL string literal. */
function sqlString(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

/** A DuckDB session over one in-memory database (one connection, DuckDB's default threads). */
export class DuckDbBaseline {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  static async open(): Promise<DuckDbBaseline> {
    const instance = await DuckDBInstance.create(":memory:");
    const connection = await instance.connect();
    return new DuckDbBaseline(instance, connection);
  }

  /** DuckDB's version and its thread count. */
  async describe(): Promise<{ version: string; threads: string }> {
    const reader = await this.connection.runAndReadAll(
      "SELECT version() AS v, current_setting('threads')::VARCHAR AS t",
    );
    const row = reader.getRowObjects()[0]!;
    return { version: String(row.v), threads: String(row.t) };
  }

  /** The table function reading every file of `dir` with the given extension and column types. */
  static scan(format: "json" | "csv", dir: string, columns: readonly DuckColumn[]): string {
    const struct = `{${columns.map((c) => `${sqlString(c.name)}: ${sqlString(c.duckType)}`).join(", ")}}`;
    const files = sqlString(join(dir, `*.${format}`));
    return format === "json"
      ? `read_json(${files}, format = 'newline_delimited', columns = ${struct})`
      : `read_csv(${files}, header = true, delim = ',', auto_detect = false, columns = ${struct})`;
  }

  /** `SELECT category, count(*), sum(qty), avg(price) FROM <scan> WHERE <filter> GROUP BY category`. */
  async aggregate(scan: string, filter: string): Promise<Map<string, CategoryAggregate>> {
    const reader = await this.connection.runAndReadAll(
      `SELECT category, count(*) AS n, sum(qty)::BIGINT AS sum_qty, avg(price) AS avg_price
       FROM ${scan} WHERE ${filter} GROUP BY category`,
    );
    const out = new Map<string, CategoryAggregate>();
    for (const row of reader.getRowObjects())
      out.set(String(row.category), {
        count: BigInt(row.n as bigint),
        sumQty: BigInt(row.sum_qty as bigint),
        avgPrice: Number(row.avg_price),
      });
    return out;
  }

  /** `COPY (SELECT <projection> FROM <scan> WHERE <filter>) TO <outDir>/part.parquet`; rows written. */
  async copyToParquet(scan: string, filter: string, projection: string, outDir: string): Promise<number> {
    const reader = await this.connection.runAndReadAll(
      `COPY (SELECT ${projection} FROM ${scan} WHERE ${filter})
       TO ${sqlString(join(outDir, "part.parquet"))} (FORMAT parquet)`,
    );
    // COPY returns one row: the number of rows written.
    const first = reader.getRows()[0]?.[0];
    return Number(first ?? Number.NaN);
  }

  /**
   * Row count and exact sums of the Parquet files directly in `dir` (tspark's part files or
   * DuckDB's file): count(*), sum(id), sum(epoch_ms(ts)), sum(qty), as decimal strings.
   */
  async parquetFingerprint(dir: string): Promise<ParquetFingerprint> {
    const reader = await this.connection.runAndReadAll(
      `SELECT count(*)::VARCHAR AS n, sum(id)::VARCHAR AS id, sum(epoch_ms(ts))::VARCHAR AS ts,
       sum(qty)::VARCHAR AS qty FROM read_parquet(${sqlString(join(dir, "*.parquet"))})`,
    );
    const row = reader.getRowObjects()[0]!;
    return { rows: Number(row.n), sumId: String(row.id), sumTsMs: String(row.ts), sumQty: String(row.qty) };
  }

  /** Column names and types of the Parquet files in `dir`, as DuckDB reads them. */
  async parquetSchema(dir: string): Promise<string[]> {
    const reader = await this.connection.runAndReadAll(
      `DESCRIBE SELECT * FROM read_parquet(${sqlString(join(dir, "*.parquet"))})`,
    );
    return reader.getRowObjects().map((r) => `${String(r.column_name)} ${String(r.column_type)}`);
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}
