import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { INT, LONG, NULL_TYPE, STRING, StructField, StructType } from "../../types/data-type.js";
import { operatorStateMetadataPath, readOperatorStateMetadata } from "./operator-state-metadata.js";
import {
  checkStateCheckpoint,
  recordStateCheckpoint,
  type StatefulOperatorStateSpec,
} from "./state-checkpoint.js";
import { readStateSchemaFile, stateSchemaFilePath } from "./state-schema.js";

const struct = (...fields: StructField[]): StructType => new StructType(fields);

function agg(id: number, key = INT, parts = 5): StatefulOperatorStateSpec {
  return {
    operatorId: id,
    operatorName: "stateStoreSave",
    stateKeySchema: struct(new StructField("value", key)),
    stateValueSchema: struct(new StructField("count", LONG, false)),
    checksStateValueSchema: true,
    stateInfoNumPartitions: parts,
  };
}
function dedupe(
  id: number,
  value = struct(new StructField("__dummy__", NULL_TYPE)),
): StatefulOperatorStateSpec {
  return {
    operatorId: id,
    operatorName: "dedupe",
    stateKeySchema: struct(new StructField("value", STRING)),
    stateValueSchema: value,
    checksStateValueSchema: false,
    stateInfoNumPartitions: 5,
  };
}

function withStateRoot(body: (stateRoot: string) => void): void {
  const root = mkdtempSync(join(tmpdir(), "tspark-statecp-"));
  try {
    body(join(root, "state"));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

const at = (stateRoot: string, batchId: number, schemaCheck = true) => ({
  stateRoot,
  checkpoint: "/ckpt",
  batchId,
  schemaCheck,
});

test("recording writes each operator's schema and metadata once; the same query then checks clean", () => {
  withStateRoot((stateRoot) => {
    checkStateCheckpoint([agg(0), dedupe(1)], at(stateRoot, 0));
    assert.equal(existsSync(stateRoot), false, "the check writes nothing");
    recordStateCheckpoint([agg(0), dedupe(1)], stateRoot, false);
    assert.ok(existsSync(stateSchemaFilePath(stateRoot, 0)));
    assert.ok(existsSync(operatorStateMetadataPath(stateRoot, 1)));
    assert.equal(readOperatorStateMetadata(stateRoot, 1)?.operatorInfo.operatorName, "dedupe");
    assert.equal(readStateSchemaFile(stateRoot, 0)?.keySchema.fields[0]?.dataType, INT);
    checkStateCheckpoint([agg(0), dedupe(1)], at(stateRoot, 3));
    // Recording again (a later run) keeps the first files.
    recordStateCheckpoint([agg(0, STRING)], stateRoot, false);
    assert.equal(readStateSchemaFile(stateRoot, 0)?.keySchema.fields[0]?.dataType, INT);
  });
});

test("operators added, removed or replaced fail with Spark's operator lists", () => {
  withStateRoot((stateRoot) => {
    recordStateCheckpoint([dedupe(0)], stateRoot, false);
    const cases: [StatefulOperatorStateSpec[], string][] = [
      [
        [agg(0), dedupe(1)],
        "(OperatorId: 0 -> OperatorName: stateStoreSave), (OperatorId: 1 -> OperatorName: dedupe)",
      ],
      [[agg(0)], "(OperatorId: 0 -> OperatorName: stateStoreSave)"],
      [[], ""],
    ];
    for (const [ops, current] of cases) {
      assert.throws(
        () => checkStateCheckpoint(ops, at(stateRoot, 1)),
        (e: unknown) => {
          const err = e as { errorClass?: string; messageParameters?: Record<string, string> };
          assert.equal(err.errorClass, "STREAMING_STATEFUL_OPERATOR_NOT_MATCH_IN_STATE_METADATA");
          assert.deepEqual(err.messageParameters, {
            OpsInMetadataSeq: "(OperatorId: 0 -> OperatorName: dedupe)",
            OpsInCurBatchSeq: current,
            checkpoint: "/ckpt",
          });
          return true;
        },
      );
    }
  });
});

test("at batch 0 operators are not compared (Spark), but a recorded schema still is", () => {
  withStateRoot((stateRoot) => {
    recordStateCheckpoint([dedupe(0)], stateRoot, false);
    // A different operator at id 0 whose schemas happen to match: no operator check at batch 0.
    checkStateCheckpoint([{ ...dedupe(0), operatorName: "globalLimit" }], at(stateRoot, 0));
    assert.throws(
      () => checkStateCheckpoint([{ ...dedupe(0), operatorName: "globalLimit" }], at(stateRoot, 1)),
      {
        errorClass: "STREAMING_STATEFUL_OPERATOR_NOT_MATCH_IN_STATE_METADATA",
      },
    );
    assert.throws(() => checkStateCheckpoint([agg(0)], at(stateRoot, 0)), {
      errorClass: "STATE_STORE_KEY_SCHEMA_NOT_COMPATIBLE",
    });
  });
});

test("schema changes: key and value checked, dedupe's value skipped, stateSchemaCheck=false skips both", () => {
  withStateRoot((stateRoot) => {
    recordStateCheckpoint([agg(0), dedupe(1)], stateRoot, false);
    assert.throws(() => checkStateCheckpoint([agg(0, LONG), dedupe(1)], at(stateRoot, 2)), {
      errorClass: "STATE_STORE_KEY_SCHEMA_NOT_COMPATIBLE",
    });
    const sumValue = { ...agg(0), stateValueSchema: struct(new StructField("sum", LONG)) };
    assert.throws(() => checkStateCheckpoint([sumValue, dedupe(1)], at(stateRoot, 2)), {
      errorClass: "STATE_STORE_VALUE_SCHEMA_NOT_COMPATIBLE",
    });
    checkStateCheckpoint([agg(0), dedupe(1, struct(new StructField("x", LONG)))], at(stateRoot, 2));
    checkStateCheckpoint([agg(0, LONG), dedupe(1)], at(stateRoot, 2, false));
  });
});

test("a different number of state partitions is STATE_STORE_INVALID_CONFIG_AFTER_RESTART", () => {
  withStateRoot((stateRoot) => {
    recordStateCheckpoint([agg(0, INT, 5)], stateRoot, false);
    assert.throws(
      () => checkStateCheckpoint([agg(0, INT, 7)], at(stateRoot, 2)),
      (e: unknown) => {
        const err = e as { errorClass?: string; message: string };
        assert.equal(err.errorClass, "STATE_STORE_INVALID_CONFIG_AFTER_RESTART");
        assert.match(
          err.message,
          /Cannot change spark\.sql\.shuffle\.partitions from 5 to 7 between restarts/,
        );
        assert.match(err.message, /stateful operator 0 \(stateStoreSave\)/);
        return true;
      },
    );
  });
});
