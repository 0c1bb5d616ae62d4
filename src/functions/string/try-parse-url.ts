/**
 * `try_parse_url(url, partToExtract[, key])`: `parse_url` that returns NULL for a malformed URL
 * whatever the ANSI setting.
 */
import type { ScalarFunctionDefinition } from "../function-definition.js";
import { PARSE_URL } from "./url.js";

/** `try_parse_url`: as `parse_url`, NULL instead of INVALID_URL. */
export const TRY_PARSE_URL: ScalarFunctionDefinition = {
  ...PARSE_URL,
  name: "try_parse_url",
  docs: {
    usage:
      "try_parse_url(url, partToExtract[, key]) - A special version of `parse_url` that returns NULL instead of raising an error when the URL is invalid.",
    examples: [
      { sql: "try_parse_url('http://spark.apache.org/path?query=1', 'HOST')", result: "spark.apache.org" },
      { sql: "try_parse_url('http://spark.apache.org/path?query=1', 'QUERY')", result: "query=1" },
      { sql: "try_parse_url('inva lid://spark.apache.org/path?query=1', 'QUERY')", result: "NULL" },
      { sql: "try_parse_url('http://spark.apache.org/path?query=1', 'QUERY', 'query')", result: "1" },
    ],
    since: "4.0.0",
  },
  bind: (args, ctx) => PARSE_URL.bind(args, { ...ctx, ansi: false }),
};
