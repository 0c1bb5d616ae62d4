/**
 * Keeps the expiry indexes (physical/expiry-index.ts) of state stores from one batch to the next:
 * an index lives in memory beside the provider of the last store it follows (providers are cached
 * for the process, state-store-registry.ts; an unloaded one takes its index with it) and is not
 * persisted. It is valid for the providers' live maps as the last commit left them (its `token`),
 * and is rebuilt by one scan whenever that does not hold: first use, a restart or a reload, a roll
 * back, an aborted batch, a store that cannot tell (no `liveState`: rebuilt in every batch), a
 * different spec — and when it holds more than twice as many entries as the stores have keys (plus
 * `SLACK`): entries its users no longer need (a timer deleted, a value written again with a later
 * expiration) are dropped only when their time comes, and a value written in every batch under a
 * long TTL would otherwise pile them up. The scan then costs no more than the writes that made
 * the entries.
 *
 *     batch:   index ← open(stores, spec, build)    kept one if its token = the live maps' token,
 *                                                   else a new one filled by build; token ← none
 *              … the operator's writes add entries …
 *              stores commit; committed()            token ← the live maps' token
 *
 * One keeper serves one execution of one operator (a batch): `open` once per stores and batch.
 */
import { ExpiryIndex, type ExpiryIndexKeeper } from "../../physical/expiry-index.js";
import type { StateStore } from "./state-store.js";

/** Entries an index may hold beyond twice its stores' keys before it is rebuilt. */
const SLACK = 1024;

/** The indexes by the provider they follow. */
const kept = new WeakMap<object, ExpiryIndex>();

/** A store's `liveState`, if it is a StateStore that has one. */
function liveStateOf(store: object): { readonly holder: object; readonly token: string } | undefined {
  const f = (store as Partial<StateStore>).liveState;
  return typeof f === "function" ? f.call(store) : undefined;
}

/**
 * What the committed state of `stores` is, as their providers tell (StateStore.liveState), or
 * undefined when one cannot tell.
 */
function liveToken(stores: readonly object[]): string | undefined {
  let token = "";
  for (const s of stores) {
    const live = liveStateOf(s);
    if (live === undefined) return undefined;
    token += `${live.token}/`;
  }
  return token;
}

/** The number of keys of `stores` (StateStores), 0 for a store that cannot tell. */
function keysOf(stores: readonly object[]): number {
  let n = 0;
  for (const s of stores) {
    const count = (s as { numKeys?: () => number }).numKeys;
    if (typeof count === "function") n += count.call(s);
  }
  return n;
}

export class KeptExpiryIndexes implements ExpiryIndexKeeper {
  private readonly opened: { readonly stores: readonly object[]; readonly index: ExpiryIndex }[] = [];

  open(stores: readonly object[], spec: string, build: (index: ExpiryIndex) => void): ExpiryIndex {
    const last = stores[stores.length - 1];
    const holder = last === undefined ? undefined : liveStateOf(last)?.holder;
    const token = liveToken(stores);
    let index = holder ? kept.get(holder) : undefined;
    if (
      index === undefined ||
      token === undefined ||
      index.token !== token ||
      index.spec !== spec ||
      index.size > 2 * keysOf(stores) + SLACK
    ) {
      index = new ExpiryIndex(spec);
      build(index);
      if (holder) kept.set(holder, index);
    }
    index.token = undefined;
    this.opened.push({ stores, index });
    return index;
  }

  /**
   * Records that this batch's changes were committed: the indexes opened are valid for the
   * stores' new live maps. Called after every store they follow committed.
   */
  committed(): void {
    for (const { stores, index } of this.opened) index.token = liveToken(stores);
    this.opened.length = 0;
  }
}
