/**
 * The store with its notion of "now" injected: every databaseNow() inside its transactions and reads
 * answers from `now` instead of the database's clock, so leases (judged in database time) can be
 * tested in virtual time. Everything else goes to the real store.
 */
import type { Store } from '../../src/adapters/store/interface.ts';

const withNow = <T extends object>(target: T, now: () => number): T =>
  new Proxy(target, {
    get: (t, p, receiver) =>
      p === 'databaseNow' ? () => Promise.resolve(now()) : (Reflect.get(t, p, receiver) as unknown),
  });

export const withDatabaseClock = (store: Store, now: () => number): Store => ({
  kind: store.kind,
  transaction: (fn) => store.transaction((tx) => fn(withNow(tx, now))),
  read: (fn) => store.read((r) => fn(withNow(r, now))),
  scope: (customerId) => store.scope(customerId),
  touchApiKey: (keyId, at) => store.touchApiKey(keyId, at),
  migrationStatus: () => store.migrationStatus(),
  ping: () => store.ping(),
  close: () => store.close(),
});
