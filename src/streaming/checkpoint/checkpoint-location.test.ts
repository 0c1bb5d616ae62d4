// Checkpoint location resolution: option, conf + name/uuid, temporary directories, the error.
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { TsparkError } from "../../common/errors.js";
import {
  type CheckpointLocationRequest,
  checkRecoveryAllowed,
  resolveCheckpointLocation,
  TEMP_CHECKPOINT_SINKS,
} from "./checkpoint-location.js";

function request(over: Partial<CheckpointLocationRequest>): CheckpointLocationRequest {
  let n = 0;
  return {
    option: undefined,
    conf: undefined,
    queryName: undefined,
    sink: "parquet",
    newUuid: () => `uuid-${++n}`,
    tempDirRoot: "/tmp/root",
    cwd: "/work/app",
    ...over,
  };
}

test("the checkpointLocation option wins, made absolute and normalized", () => {
  assert.deepEqual(
    resolveCheckpointLocation(request({ option: "/data/cp/", conf: "/conf", queryName: "q" })),
    {
      path: "/data/cp",
      temporary: false,
    },
  );
  assert.equal(resolveCheckpointLocation(request({ option: "cp" })).path, "/work/app/cp");
  assert.equal(resolveCheckpointLocation(request({ option: "file:///data/cp" })).path, "/data/cp");
  assert.equal(resolveCheckpointLocation(request({ option: "file:/data/cp" })).path, "/data/cp");
  assert.equal(resolveCheckpointLocation(request({ option: "/data/cp", sink: "memory" })).temporary, false);
});

test("the session conf is joined with the query name, else a fresh uuid", () => {
  assert.deepEqual(resolveCheckpointLocation(request({ conf: "/cps", queryName: "counts" })), {
    path: "/cps/counts",
    temporary: false,
  });
  assert.equal(resolveCheckpointLocation(request({ conf: "/cps" })).path, "/cps/uuid-1");
  assert.equal(
    resolveCheckpointLocation(request({ conf: "rel", sink: "console" })).path,
    "/work/app/rel/uuid-1",
  );
});

test("sinks that allow it get a temporary directory; others fail with _LEGACY_ERROR_TEMP_1298", () => {
  for (const sink of ["memory", "console", "foreach", "foreachBatch", "noop"]) {
    assert.ok(TEMP_CHECKPOINT_SINKS.includes(sink));
    assert.deepEqual(resolveCheckpointLocation(request({ sink, queryName: "q" })), {
      path: "/tmp/root/temporary-uuid-1",
      temporary: true,
    });
  }
  for (const sink of ["parquet", "json", "kafka", "Memory", "csv"]) {
    assert.throws(
      () => resolveCheckpointLocation(request({ sink })),
      (e: unknown) => {
        assert.ok(e instanceof TsparkError);
        assert.equal(e.errorClass, "_LEGACY_ERROR_TEMP_1298");
        assert.ok(
          e.message.includes(
            'checkpointLocation must be specified either through option("checkpointLocation", ...) or SparkSession.conf.set("spark.sql.streaming.checkpointLocation", ...)',
          ),
          e.message,
        );
        return true;
      },
    );
  }
});

test("a query that cannot recover refuses a checkpoint with offsets (_LEGACY_ERROR_TEMP_1299)", () => {
  const cp = mkdtempSync(join(tmpdir(), "tspark-cploc-"));
  checkRecoveryAllowed(cp, false);
  checkRecoveryAllowed(join(cp, "missing"), false);
  mkdirSync(join(cp, "offsets"));
  checkRecoveryAllowed(cp, true);
  assert.throws(
    () => checkRecoveryAllowed(cp, false),
    (e: unknown) =>
      e instanceof TsparkError &&
      e.errorClass === "_LEGACY_ERROR_TEMP_1299" &&
      e.message.includes(`Delete ${join(cp, "offsets")} to start over`),
  );
});
