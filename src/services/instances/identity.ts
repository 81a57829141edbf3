/** Who this process is among the instances sharing a store: its id, host, lease and where its deployments run. */
import { hostname } from 'node:os';
import type { OrphanPolicy } from '../../domain/instance/ownership.ts';
import { newId } from '../../domain/shared/ids.ts';

export interface InstanceIdentity {
  /** `ins_...`, minted at each start: a restarted process is a new instance. */
  readonly id: string;
  readonly host: string;
  readonly pid: number;
  /** How long the heartbeat lease lasts, in database time. */
  readonly leaseMs: number;
  /** Whether this instance holds the store alone (SQLite): then no other live instance can exist. */
  readonly exclusive: boolean;
  /** Where `command` deployments get their working directories on this host. */
  readonly workRoot: string;
  /** What its recovery passes do with an orphaned deployment (TAI_ORPHANED_DEPLOYMENTS). */
  readonly orphans: OrphanPolicy;
}

export const newInstanceIdentity = (
  nowMs: number,
  o: {
    readonly leaseMs: number;
    readonly exclusive: boolean;
    readonly workRoot: string;
    readonly orphans: OrphanPolicy;
    readonly host?: string;
  },
): InstanceIdentity => ({
  id: newId('ins', nowMs),
  host: o.host ?? hostname(),
  pid: process.pid,
  leaseMs: o.leaseMs,
  exclusive: o.exclusive,
  workRoot: o.workRoot,
  orphans: o.orphans,
});
