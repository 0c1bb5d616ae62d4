/**
 * `expr(sql)`: a Column from a SQL expression string, as PySpark's `functions.expr`.
 */
import { parseExpression } from "../../sql/parser.js";
import { Column } from "../column.js";

/** Parses a SQL expression (`"a + 1"`, `"count(*) AS n"`) into a Column; throws PARSE_SYNTAX_ERROR. */
export function expr(sql: string): Column {
  return new Column(parseExpression(sql));
}
