/** The store with a `store.transaction` span around each transaction (SQLite: the caller's unit of a group commit). */
import type { Store } from '../store/interface.ts';
import { inSpan } from './spans.ts';

export const tracedStore = (store: Store): Store => ({
  kind: store.kind,
  transaction: (fn) => inSpan('store.transaction', { 'db.system.name': store.kind }, () => store.transaction(fn)),
  read: (fn) => store.read(fn),
  scope: (customerId) => store.scope(customerId),
  touchApiKey: (keyId, at) => store.touchApiKey(keyId, at),
  migrationStatus: () => store.migrationStatus(),
  ping: () => store.ping(),
  close: () => store.close(),
});
