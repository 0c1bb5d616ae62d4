/**
 * Information about the engine and session: `version`, `current_user`.
 */
import { STRING } from "../../types/data-type.js";
import type { ScalarFunctionDefinition } from "../function-definition.js";

/** The Spark version tspark follows, and tspark's own build tag, as `version()` returns them. */
export const SPARK_VERSION = "4.0.0";
const BUILD = "tspark";

/** `version()`: the Spark version followed and the build tag. */
export const VERSION: ScalarFunctionDefinition = {
  type: "scalar",
  name: "version",
  args: { min: 0, max: 0 },
  docs: {
    usage:
      "version() - Returns the Spark version. The string contains 2 fields, the first being a release version and the second being a git revision.",
    examples: [],
    since: "3.0.0",
  },
  bind: () => {
    const v = `${SPARK_VERSION} ${BUILD}`;
    return { dataType: STRING, nullable: false, nullIntolerant: false, eval: () => v };
  },
};

/**
 * `current_user()` (also `user()`, `session_user()`): the session's user — the conf
 * `spark.sql.session.user` when set, else the `USER` environment variable.
 */
export const CURRENT_USER: ScalarFunctionDefinition = {
  type: "scalar",
  name: "current_user",
  aliases: ["user", "session_user"],
  args: { min: 0, max: 0 },
  docs: { usage: "current_user() - user name of current execution context.", examples: [], since: "3.2.0" },
  sql: (_args, calledAs) => `${calledAs.toLowerCase()}()`,
  bind: (_args, ctx) => {
    const user = ctx.conf("spark.sql.session.user") ?? process.env.USER ?? "unknown";
    return { dataType: STRING, nullable: false, nullIntolerant: false, eval: () => user };
  },
};
