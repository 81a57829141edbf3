/** A service over a store whose database clock the test moves, and instances the test drives by hand. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Store } from '../../../src/adapters/store/interface.ts';
import type { OrphanPolicy } from '../../../src/domain/instance/ownership.ts';
import type { InstanceIdentity } from '../../../src/services/instances/identity.ts';
import { startInstance, type InstanceKeeper } from '../../../src/services/instances/keeper.ts';
import { withDatabaseClock } from '../../support/database-clock.ts';
import { startTestService, type TestService } from '../../support/service.ts';

export const LEASE_MS = 10_000;
const NEVER = { setTimeout: () => null, clearTimeout: () => undefined };

export interface LeaseRig {
  readonly svc: TestService;
  readonly customerId: string;
  /** Where the test's instances (host `test-host`) keep deployments' working directories. */
  readonly workRoot: string;
  /** The database clock, epoch ms. */
  now(): number;
  advance(ms: number): void;
  /** Registers an instance (its first pass recovers what is due) with timers that never fire. */
  start(id: string, orphans?: OrphanPolicy): Promise<{ keeper: InstanceKeeper; lost: () => number }>;
  close(): Promise<void>;
}

export const startLeaseRig = async (store: Store): Promise<LeaseRig> => {
  let t = Date.parse('2026-06-01T00:00:00.000Z');
  const svc = await startTestService(withDatabaseClock(store, () => t));
  // The service's own instance steps aside: the test's instances are the only live ones.
  await svc.service.instance.stop();
  const created = await svc.admin('POST', '/v1/admin/customers', {
    name: 'Lease Co',
    contactEmail: 'lease@example.com',
    mode: 'pilot',
  });
  const workRoot = mkdtempSync(join(tmpdir(), 'tai-lease-work-'));
  return {
    svc,
    customerId: created.body.id as string,
    workRoot,
    now: () => t,
    advance: (ms) => {
      t += ms;
    },
    start: async (id, orphans = 'rollback') => {
      let lost = 0;
      const me: InstanceIdentity = {
        id,
        host: 'test-host',
        pid: 1,
        leaseMs: LEASE_MS,
        exclusive: false,
        workRoot,
        orphans,
      };
      const keeper = await startInstance(svc.service.ctx, me, NEVER, () => {
        lost += 1;
      });
      return { keeper, lost: () => lost };
    },
    close: () => svc.close(),
  };
};
