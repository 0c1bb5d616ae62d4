/**
 * The Nexmark views `person`, `auction` and `bid` over the source table, as nexmark-flink's
 * `ddl_views.sql` defines them: each filters one `event_type` and flattens its nested row, taking
 * `dateTime` from the table's top-level column. Every standard query reads these views.
 *
 * In a program (the session and the stream DataFrame are passed in; this module needs only their
 * `sql` and `createOrReplaceTempView` methods):
 *
 *     const events = spark.readStream.format("nexmark").option("events.num", 1_000_000).load();
 *     registerNexmarkViews(spark, events);          // temp views nexmark, person, auction, bid
 *     const q0 = spark.sql("SELECT auction, bidder, price, dateTime, extra FROM bid");
 *
 * or in SQL, after `events.createOrReplaceTempView("nexmark")`, run the three statements of
 * `nexmarkViewStatements()`.
 */

/** The view names and the nested row each flattens, in ddl_views.sql's column order. */
const VIEWS: readonly { name: string; eventType: number; columns: readonly string[] }[] = [
  {
    name: "person",
    eventType: 0,
    columns: ["id", "name", "emailAddress", "creditCard", "city", "state", "dateTime", "extra"],
  },
  {
    name: "auction",
    eventType: 1,
    columns: [
      "id",
      "itemName",
      "description",
      "initialBid",
      "reserve",
      "dateTime",
      "expires",
      "seller",
      "category",
      "extra",
    ],
  },
  {
    name: "bid",
    eventType: 2,
    columns: ["auction", "bidder", "price", "channel", "url", "dateTime", "extra"],
  },
];

/**
 * The `CREATE OR REPLACE TEMPORARY VIEW` statements of `person`, `auction` and `bid` over the
 * temp view `table` (default `nexmark`), e.g. for bid:
 *
 *     CREATE OR REPLACE TEMPORARY VIEW bid AS SELECT bid.auction AS auction, …, dateTime,
 *     bid.extra AS extra FROM nexmark WHERE event_type = 2
 */
export function nexmarkViewStatements(table = "nexmark"): string[] {
  return VIEWS.map((v) => {
    const cols = v.columns.map((c) => (c === "dateTime" ? "dateTime" : `${v.name}.${c} AS ${c}`));
    return `CREATE OR REPLACE TEMPORARY VIEW ${v.name} AS SELECT ${cols.join(", ")} FROM ${table} WHERE event_type = ${v.eventType}`;
  });
}

/** What registerNexmarkViews needs from a SparkSession. */
export interface NexmarkViewSession {
  sql(query: string): unknown;
}

/** What registerNexmarkViews needs from the stream DataFrame. */
export interface NexmarkViewSource {
  createOrReplaceTempView(name: string): void;
}

/**
 * Registers the source DataFrame as the temp view `table` (default `nexmark`) and the views
 * `person`, `auction` and `bid` over it (replacing views of those names).
 */
export function registerNexmarkViews(
  spark: NexmarkViewSession,
  events: NexmarkViewSource,
  table = "nexmark",
): void {
  events.createOrReplaceTempView(table);
  for (const statement of nexmarkViewStatements(table)) spark.sql(statement);
}
