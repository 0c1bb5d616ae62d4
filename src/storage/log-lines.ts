/** Splitting a log file into lines the way Spark's readers do. */

/**
 * The lines of `text` split on `\n` or `\r\n`; one final line terminator does not make an extra
 * empty line (Scala's `getLines`), so `"v1\n"` and `"v1"` both give `["v1"]`.
 */
export function logLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split(/\r?\n/);
  if (lines.length > 1 && lines[lines.length - 1] === "") lines.pop();
  return lines;
}
