/**
 * Committing one operator's stores of a batch together (`commitStateStores`), the way every
 * stateful operator commits: the HDFS-backed stores of one operator and version write a single
 * operator delta file (operator-delta-files.ts) holding each store's delta, then publish; other
 * stores (in memory, LMDB, or with `operatorDeltaFiles` off) commit one by one.
 *
 * Either way the outcome matches committing the stores one by one, with one difference that
 * only makes a crash simpler: the operator's deltas of a version become durable all at once.
 * The fault point `during-state-commit` is passed after the first store is published (some
 * stores published, others not yet). If writing fails, no store is published: the error is
 * CANNOT_WRITE_STATE_STORE.CANNOT_COMMIT and the caller aborts the stores (their live maps roll
 * back to the loaded version), as after a failed single commit.
 */
import { TsparkError } from "../../common/errors.js";
import { faultPoint } from "../../common/fault-points.js";
import { HDFSBackedStateStoreProvider } from "./hdfs-backed-state-store-provider.js";
import { InMemoryStateStore } from "./in-memory-state-store-provider.js";
import { type OperatorDeltaSection, operatorDeltaLog } from "./operator-delta-files.js";
import { namedStoreOf, type StateStore } from "./state-store.js";

/**
 * Commits `stores` (one operator's stores of one batch, each open for update), making version
 * `v + 1` of each durable and published.
 */
export async function commitStateStores(stores: readonly StateStore[]): Promise<void> {
  const grouped = groupable(stores);
  if (grouped === undefined) {
    for (let i = 0; i < stores.length; i++) {
      await stores[i]!.commit();
      if (i === 0) faultPoint("during-state-commit");
    }
    return;
  }
  const sections: OperatorDeltaSection[] = [];
  const group = {
    add(id: StateStore["id"], bytes: Uint8Array): void {
      sections.push({ partitionId: id.partitionId, storeName: namedStoreOf(id), bytes });
    },
  };
  const pending = grouped.filter((s) => !s.hasCommitted);
  if (pending.length === 0) return;
  for (const s of pending) s.prepareCommit(group);
  const first = pending[0]!.provider as HDFSBackedStateStoreProvider;
  const version = pending[0]!.version + 1;
  const log = operatorDeltaLog(first.id.stateRoot, first.id.operatorId);
  try {
    log.write(version, sections, first.storeConf.fsync);
  } catch (e) {
    throw new TsparkError("CANNOT_WRITE_STATE_STORE.CANNOT_COMMIT", {
      messageParameters: {
        providerClass: first.toString(),
        version: String(version),
        reason: e instanceof Error ? e.message : String(e),
      },
      cause: e,
    });
  }
  for (const s of pending) (s.provider as HDFSBackedStateStoreProvider).groupWritten(version);
  for (let i = 0; i < pending.length; i++) {
    pending[i]!.publishCommit();
    if (i === 0) faultPoint("during-state-commit");
  }
  // Files no store of the operator needs any more go, off the batch's thread.
  let needed = Number.POSITIVE_INFINITY;
  for (const s of pending)
    needed = Math.min(needed, (s.provider as HDFSBackedStateStoreProvider).neededFrom());
  if (needed > 0 && Number.isFinite(needed)) log.purgeBelow(needed);
}

/**
 * The stores as in-memory stores of HDFS-backed providers of one operator and version that group
 * their deltas, or undefined when they cannot share a file (fewer than two, or mixed).
 */
function groupable(stores: readonly StateStore[]): InMemoryStateStore[] | undefined {
  if (stores.length < 2) return undefined;
  const out: InMemoryStateStore[] = [];
  let root: string | undefined;
  let op = -1;
  let version = -1;
  for (const s of stores) {
    if (!(s instanceof InMemoryStateStore)) return undefined;
    const p = s.provider;
    if (!(p instanceof HDFSBackedStateStoreProvider) || !p.groupsDeltas) return undefined;
    if (root === undefined) {
      root = p.id.stateRoot;
      op = p.id.operatorId;
      version = s.version;
    } else if (p.id.stateRoot !== root || p.id.operatorId !== op || s.version !== version) return undefined;
    out.push(s);
  }
  return out;
}
