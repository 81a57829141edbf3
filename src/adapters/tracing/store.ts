/** The store with a `store.transaction` span around each transaction (SQLite: the caller's unit of a group commit). */
import type { Store } from '../store/interface.ts';
import { context } from '@opentelemetry/api';
import { inSpan } from './spans.ts';

export const tracedStore = (store: Store): Store => ({
  kind: store.kind,
  // SQLite runs a transaction's function from its group-commit batch, in whichever context queued the
  // batch: run it in the context of its own span instead.
  transaction: (fn) =>
    inSpan('store.transaction', { 'db.system.name': store.kind }, () => {
      const active = context.active();
      return store.transaction((tx) => context.with(active, () => fn(tx)));
    }),
  read: (fn) => store.read(fn),
  scope: (customerId) => store.scope(customerId),
  touchApiKey: (keyId, at) => store.touchApiKey(keyId, at),
  migrationStatus: () => store.migrationStatus(),
  ping: () => store.ping(),
  close: () => store.close(),
});
