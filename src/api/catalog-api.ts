/** `spark.catalog`: temp views. */
import type { SparkSession } from "./spark-session.js";

/** One entry of `listTables()`, as PySpark's Table. */
export interface Table {
  readonly name: string;
  readonly catalog: string | null;
  readonly namespace: string[] | null;
  readonly description: string | null;
  readonly tableType: string;
  readonly isTemporary: boolean;
}

export class Catalog {
  constructor(private readonly spark: SparkSession) {}
  listTables(): Table[] {
    return this.spark.state.catalog.list().map((v) => ({
      name: v.name,
      catalog: null,
      namespace: [],
      description: null,
      tableType: "TEMPORARY",
      isTemporary: true,
    }));
  }
  /** True when the view existed. */
  dropTempView(name: string): boolean {
    return this.spark.state.catalog.dropTempView(name);
  }
  tableExists(name: string): boolean {
    return this.spark.state.catalog.lookup([name]) !== undefined;
  }
}
