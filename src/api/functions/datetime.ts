/**
 * PySpark-named wrappers for the datetime function family (see functions/datetime/ for the kernels).
 * Each wrapper only builds an unresolved call; argument order and defaults follow PySpark.
 */
export {};
