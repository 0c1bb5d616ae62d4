import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import {
  deserializeOperatorStateMetadata,
  listOperatorStateMetadata,
  type OperatorStateMetadata,
  operatorStateMetadataPath,
  readOperatorStateMetadata,
  serializeOperatorStateMetadata,
  writeOperatorStateMetadata,
} from "./operator-state-metadata.js";

const AGG: OperatorStateMetadata = {
  operatorInfo: { operatorId: 0, operatorName: "stateStoreSave" },
  stateStoreInfo: [{ storeName: "default", numColsPrefixKey: 0, numPartitions: 5 }],
};

test("the metadata file is Spark's OperatorStateMetadataV1 text", () => {
  const text = serializeOperatorStateMetadata(AGG);
  assert.equal(
    text,
    'v1\n{"operatorInfo":{"operatorId":0,"operatorName":"stateStoreSave"},"stateStoreInfo":[{"storeName":"default","numColsPrefixKey":0,"numPartitions":5}]}',
  );
  assert.deepEqual(deserializeOperatorStateMetadata(text, "/m"), AGG);
});

test("version 2 files (transformWithState) keep their operatorPropertiesJson, written back as v2", () => {
  const text =
    'v2\n{"operatorInfo":{"operatorId":1,"operatorName":"transformWithStateExec"},"stateStoreInfo":[{"storeName":"default","numColsPrefixKey":0,"numPartitions":3}],"operatorPropertiesJson":"{}"}';
  const m = deserializeOperatorStateMetadata(text, "/m");
  assert.equal(m.operatorInfo.operatorName, "transformWithStateExec");
  assert.equal(m.stateStoreInfo[0]!.numPartitions, 3);
  assert.equal(m.operatorPropertiesJson, "{}");
  assert.equal(serializeOperatorStateMetadata(m), text);
});

test("corrupt metadata files are errors naming the file", () => {
  const path = "/ckpt/state/0/_metadata/metadata";
  const cases: [string, string][] = [
    ["v1", "STREAMING_CHECKPOINT_CORRUPT_FILE"],
    ['v1\n{"operatorInfo":{"operatorId":0,"operatorName":"stateStoreSa', "STREAMING_CHECKPOINT_CORRUPT_FILE"],
    [
      'v1\n{"operatorInfo":{"operatorId":"0","operatorName":"x"},"stateStoreInfo":[]}',
      "STREAMING_CHECKPOINT_CORRUPT_FILE",
    ],
    ['v1\n{"operatorInfo":{"operatorId":0},"stateStoreInfo":[]}', "STREAMING_CHECKPOINT_CORRUPT_FILE"],
    ['v1\n{"operatorInfo":{"operatorId":0,"operatorName":"x"}}', "STREAMING_CHECKPOINT_CORRUPT_FILE"],
    [
      'v1\n{"operatorInfo":{"operatorId":0,"operatorName":"x"},"stateStoreInfo":[{"storeName":"default"}]}',
      "STREAMING_CHECKPOINT_CORRUPT_FILE",
    ],
    ["garbage", "STREAMING_CHECKPOINT_CORRUPT_FILE"],
    ["v9\n{}", "INVALID_LOG_VERSION.MAX_SUPPORTED_VERSION"],
  ];
  for (const [text, errorClass] of cases) {
    assert.throws(
      () => deserializeOperatorStateMetadata(text, path),
      (e: unknown) =>
        (e as { errorClass?: string }).errorClass === errorClass && (e as Error).message.includes(path),
      text,
    );
  }
});

test("metadata files live in state/<op>/_metadata, are written once and listed by operator id", () => {
  const root = mkdtempSync(join(tmpdir(), "tspark-opmeta-"));
  try {
    const stateRoot = join(root, "state");
    assert.equal(operatorStateMetadataPath(stateRoot, 2), join(stateRoot, "2", "_metadata", "metadata"));
    assert.equal(listOperatorStateMetadata(stateRoot).size, 0);
    assert.equal(writeOperatorStateMetadata(stateRoot, AGG, false), true);
    const dedupe: OperatorStateMetadata = {
      operatorInfo: { operatorId: 1, operatorName: "dedupe" },
      stateStoreInfo: [{ storeName: "default", numColsPrefixKey: 0, numPartitions: 5 }],
    };
    writeOperatorStateMetadata(stateRoot, dedupe, false);
    // Partition and stray directories are not operators with metadata.
    mkdirSync(join(stateRoot, "0", "0"), { recursive: true });
    mkdirSync(join(stateRoot, "7"), { recursive: true });
    writeFileSync(join(stateRoot, "notes.txt"), "x");
    const listed = listOperatorStateMetadata(stateRoot);
    assert.deepEqual([...listed.keys()], [0, 1]);
    assert.equal(listed.get(1)?.operatorInfo.operatorName, "dedupe");
    const before = readFileSync(operatorStateMetadataPath(stateRoot, 0), "utf8");
    const other = { ...AGG, operatorInfo: { operatorId: 0, operatorName: "globalLimit" } };
    assert.equal(writeOperatorStateMetadata(stateRoot, other, false), false);
    assert.equal(readFileSync(operatorStateMetadataPath(stateRoot, 0), "utf8"), before);
    assert.equal(readOperatorStateMetadata(stateRoot, 9), undefined);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
