/**
 * `expr(sql)`: a Column from a SQL expression string (owned by the SQL parser work).
 */
export {};
