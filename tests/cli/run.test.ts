// The `tspark` command as a user runs it: bin/tspark.mjs in a child process, with `run`, `--help`
// and `--version`. Programs under fixtures/ are plain files the command loads as they are.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { bin, type Exit, printed, root, startNode } from "./node-process.js";

const fixtures = join(import.meta.dirname, "fixtures");

/** Starts `tspark <args>`; `exit` resolves when it ends (killed after 60 s so a hang fails). */
function start(args: readonly string[], cwd = root) {
  return startNode([bin, ...args], { cwd });
}

function tspark(args: readonly string[], cwd = root): Promise<Exit> {
  return start(args, cwd).exit;
}

describe("tspark --help / --version", () => {
  it("--version prints package.json's version", async () => {
    const { version } = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string };
    for (const flag of ["--version", "-v"]) {
      const r = await tspark([flag]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, `${version}\n`);
    }
  });

  it("--help lists the commands and demo options on stdout", async () => {
    const r = await tspark(["--help"]);
    assert.equal(r.code, 0, r.stderr);
    for (const text of [
      "Usage: tspark <command>",
      "run <program.ts|.js>",
      "demo",
      "--port",
      "--rate",
      "--batches",
    ])
      assert.ok(r.stdout.includes(text), `help lacks ${text}`);
  });

  it("no command prints the usage to stderr and exits 2; an unknown command says which", async () => {
    const none = await tspark([]);
    assert.equal(none.code, 2);
    assert.ok(none.stderr.includes("Usage: tspark"));
    const unknown = await tspark(["serve"]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown command 'serve'/);
    assert.match(unknown.stderr, /tspark --help/);
  });
});

describe("tspark run", () => {
  it("runs a TypeScript program without a build step and forwards every argument as is", async () => {
    const r = await tspark([
      "run",
      join(fixtures, "echo-args.ts"),
      "uno",
      "--port",
      "9999",
      "-x",
      "con espacio",
    ]);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as { kind: string; args: string[]; isMain: boolean };
    assert.equal(report.kind, "report");
    assert.deepEqual(report.args, ["uno", "--port", "9999", "-x", "con espacio"]);
    assert.equal(report.isMain, true, "process.argv[1] is the program, as under node");
  });

  it("runs a JavaScript program as well", async () => {
    const r = await tspark(["run", join(fixtures, "plain.mjs"), "a", "b"]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, "javascript a b\n");
  });

  it("resolves the program against the working directory, which stays the user's", async () => {
    const r = await tspark(["run", "echo-args.ts"], fixtures);
    assert.equal(r.code, 0, r.stderr);
    assert.equal((JSON.parse(r.stdout) as { cwd: string }).cwd, fixtures);
  });

  it("exits with the program's exit code", async () => {
    const r = await tspark(["run", join(fixtures, "echo-args.ts"), "--exit-code", "3"]);
    assert.equal(r.code, 3, r.stderr);
  });

  it("an uncaught error in the program is printed and exits 1, as under node", async () => {
    const r = await tspark(["run", join(fixtures, "throws.ts")]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /SyntaxError/);
    assert.match(r.stderr, /JSON/);
  });

  it("a program that imports tspark by name runs its DataFrame job", async () => {
    const r = await tspark(["run", join(fixtures, "uses-tspark.ts")]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, "+-------+\n|palabra|\n+-------+\n|hidalgo|\n|  rocín|\n+-------+\n\n");
  });

  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    it(`${signal} reaches the program's handler, which stops cleanly and decides the exit code`, async () => {
      const { child, exit } = start(["run", join(fixtures, "wait-for-signal.ts")]);
      await printed(child, "ready");
      child.kill(signal);
      const r = await exit;
      assert.equal(r.signal, null, r.stderr);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, `ready\nstopped cleanly on ${signal}\n`);
    });
  }

  it("a program without a handler is ended by SIGTERM, as under node", async () => {
    const { child, exit } = start(["run", join(fixtures, "wait-for-signal.ts"), "--no-handler"]);
    await printed(child, "ready");
    child.kill("SIGTERM");
    const r = await exit;
    assert.equal(r.signal, "SIGTERM");
  });

  it("a missing program is PATH_NOT_FOUND with exit code 1; no program is a usage error", async () => {
    const missing = await tspark(["run", "no-such-program.ts"]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /\[PATH_NOT_FOUND\]/);
    assert.ok(missing.stderr.includes(join(root, "no-such-program.ts")));
    const none = await tspark(["run"]);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /run needs a program/);
  });
});
