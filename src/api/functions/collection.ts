/**
 * PySpark-named wrappers for the collection function family (see functions/collection/ for the kernels).
 * Each wrapper only builds an unresolved call; argument order and defaults follow PySpark.
 */
export {};
