// node:test loads a custom reporter through the module's default export, so this file needs one.
// A node:test reporter that only counts passed and failed tests (leaf tests, not suites) and writes
// `{ passed, failed }` as JSON; run-tests.mjs adds the counts of its runs into one closing line.
export default async function* countReporter(source) {
  let passed = 0;
  let failed = 0;
  for await (const event of source) {
    const d = event.data;
    const isSuite = d?.details?.type === "suite";
    if (event.type === "test:pass" && !isSuite && !d?.skip && !d?.todo) passed++;
    // A failing TODO test (a known bug, still run) does not fail the run, as in node:test itself.
    if (event.type === "test:fail" && !isSuite && !d?.todo) failed++;
  }
  yield JSON.stringify({ passed, failed });
}
