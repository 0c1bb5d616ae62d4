/**
 * The package version that `tspark --version` prints, read from the package.json this CLI ships in.
 */
import { readFileSync } from "node:fs";

/** The `version` field of tspark's package.json (read once per call; the CLI asks once). */
export function packageVersion(): string {
  const manifest: unknown = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
  const version =
    typeof manifest === "object" && manifest !== null
      ? (manifest as { version?: unknown }).version
      : undefined;
  return typeof version === "string" ? version : "unknown";
}
