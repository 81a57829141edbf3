/**
 * The store with a `store.transaction` span around each transaction, a child of the span the store is
 * bound to (`storeUnder`: a verb's ServiceContext carries a store bound to the verb's span). The
 * transaction's own span travels with its tx (`transactionSpan`), for the work inside it.
 */
import type { Store, StoreTx } from '../store/interface.ts';
import { inSpan, type SpanHandle } from './spans.ts';

const REBIND = Symbol('tai.tracedStore.rebind');
const TX_SPAN = Symbol('tai.storeTx.span');

interface Rebindable {
  readonly [REBIND]: (parent: SpanHandle) => Store;
}
interface WithSpan {
  [TX_SPAN]?: SpanHandle;
}

/**
 * The tx seen by one transaction's function, carrying its span. SQLite's group commit hands every caller
 * the same tx object, so the span cannot be keyed on it: each transaction gets its own object whose
 * prototype is the shared tx (one allocation, nothing copied).
 */
const txWithSpan = (tx: StoreTx, span: SpanHandle): StoreTx => {
  const own = Object.create(tx) as StoreTx & WithSpan;
  own[TX_SPAN] = span;
  return own;
};

/** The span of the transaction `tx` belongs to (undefined untraced). */
export const transactionSpan = (tx: StoreTx): SpanHandle | undefined => (tx as WithSpan)[TX_SPAN];

export const tracedStore = (store: Store): Store => {
  // Only `transaction` depends on the parent: one closure per binding, the rest shared.
  const shared: Omit<Store, 'transaction'> = {
    kind: store.kind,
    read: (fn) => store.read(fn),
    scope: (customerId) => store.scope(customerId),
    touchApiKey: (keyId, at) => store.touchApiKey(keyId, at),
    migrationStatus: () => store.migrationStatus(),
    ping: () => store.ping(),
    close: () => store.close(),
  };
  const attributes = { 'db.system.name': store.kind };
  const under = (parent: SpanHandle | undefined): Store & Rebindable => ({
    ...shared,
    transaction: (fn) =>
      inSpan(parent, 'store.transaction', attributes, (span) =>
        store.transaction((tx) => fn(span === undefined ? tx : txWithSpan(tx, span))),
      ),
    [REBIND]: under,
  });
  return under(undefined);
};

/** `store` with its transactions' spans under `parent` (itself when it is not a traced store). */
export const storeUnder = (store: Store, parent: SpanHandle): Store => {
  const rebind = (store as Partial<Rebindable>)[REBIND];
  return rebind === undefined ? store : rebind(parent);
};
