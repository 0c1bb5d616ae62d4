// Child process of the "killed during a snapshot" test (src/streaming/state/
// hdfs-backed-state-store-provider.test.ts): commits three batches of 3,000 keys under the state
// root given as argument, with a snapshot due after the third, and kills itself with SIGKILL at the
// during-snapshot fault point (the snapshot's temp file is complete, not yet renamed).
import { setFaultHook } from "../../../src/common/fault-points.js";
import { HDFSBackedStateStoreProvider } from "../../../src/streaming/state/hdfs-backed-state-store-provider.js";
import { DEFAULT_STATE_STORE_CONF } from "../../../src/streaming/state/state-store.js";

const root = process.argv[2];
if (!root) throw new Error("usage: snapshot-crash-child.ts <stateRoot>");
setFaultHook((point) => {
  if (point === "during-snapshot") process.kill(process.pid, "SIGKILL");
});
const p = new HDFSBackedStateStoreProvider(
  { stateRoot: root, operatorId: 0, partitionId: 0 },
  { ...DEFAULT_STATE_STORE_CONF, minDeltasForSnapshot: 2 },
);
for (let b = 0; b < 3; b++) {
  const s = await p.getStore(b);
  for (let i = 0; i < 3000; i++) s.put([i], [i, b]);
  await s.commit();
}
await p.maintenanceIdle();
console.log("the snapshot completed: the fault hook did not run");
