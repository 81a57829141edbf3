/** The fleet port of a single instance (SQLite): nothing to share, nobody else to hear from. */
import type { FleetPort } from './interface.ts';

export const singleInstanceFleet: FleetPort = {
  shared: false,
  takeInsurerCall: (limit) => Promise.resolve({ granted: true, remaining: limit, retryAfterMs: 0 }),
  withClaim: async (_key, fn) => ({ claimed: true, value: await fn() }),
  latestChange: () => Promise.resolve(0),
  changesAfter: () => Promise.resolve([]),
  pruneChanges: () => Promise.resolve(),
  listen: () => undefined,
  close: () => Promise.resolve(),
};
