/**
 * PySpark-named wrappers for the aggregate function family (see functions/aggregate/ for the kernels).
 * Each wrapper only builds an unresolved call; argument order and defaults follow PySpark.
 */
export {};
