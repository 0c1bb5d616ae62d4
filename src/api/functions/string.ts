/**
 * PySpark-named wrappers for the string function family (see functions/string/ for the kernels).
 * Each wrapper only builds an unresolved call; argument order and defaults follow PySpark.
 */
export {};
