/**
 * The ownership and recovery rules, pure: which instances have lost their lease, what becomes of a
 * piece of work whose owner is gone, and the record of each takeover (effects as data). Time is the
 * database's clock, passed in; nothing here reads a clock of its own.
 */
import { count, type Effect } from '../effects/types.ts';

interface LeaseView {
  readonly id: string;
  readonly host: string;
  readonly leaseExpiresAt: number;
}

/** A lease is renewed three times per lease period, so two missed renewals do not lose it. */
export const renewEveryMs = (leaseMs: number): number => Math.max(1, Math.floor(leaseMs / 3));

export const leaseUntil = (now: number, leaseMs: number): number => now + leaseMs;

/**
 * The live instances `self` may declare gone at `now`: those whose lease has expired, or, when `self`
 * holds the store exclusively (SQLite allows one instance), every other one: it cannot be running.
 */
export const lapsedInstances = <I extends LeaseView>(
  live: readonly I[],
  self: string,
  now: number,
  exclusive: boolean,
): I[] => live.filter((i) => i.id !== self && (exclusive || i.leaseExpiresAt <= now));

interface OrphanView {
  readonly workId: string;
  readonly customerId: string;
  readonly owner: string;
  readonly fence: number;
  readonly host: string;
  readonly pid: number | null;
  readonly pgid: number | null;
}

type OrphanAction =
  /** Stop the process group that may still run it (only on the host that started it). */
  | { readonly kind: 'stop_group'; readonly pid: number; readonly pgid: number }
  /** Remove its working directories (only on the host that made them). */
  | { readonly kind: 'remove_workdir'; readonly deploymentId: string };

interface OrphanPlan {
  /** What to do on this machine before the outcome is recorded, in order. */
  readonly actions: readonly OrphanAction[];
  /**
   * Roll the deployment back (reserved or running), leave it to an operator (holding its capacity, its
   * ownership kept so its host is known), keep it as it is (it already awaits one), or only drop the
   * ownership row (it already ended).
   */
  readonly record: 'roll_back' | 'await_operator' | 'keep' | 'forget';
  /** Why, for the receipt's outcome note and the log. */
  readonly note: string;
}

/** Stop the group where it may still run and (`removeDirs`) remove its working directories: only on its own host. */
export const onThisHost = (
  work: Pick<OrphanView, 'workId' | 'host' | 'pid' | 'pgid'>,
  here: { readonly host: string },
  removeDirs: boolean,
): OrphanAction[] => {
  if (work.host !== here.host) return [];
  const actions: OrphanAction[] = [];
  if (work.pid !== null && work.pgid !== null) actions.push({ kind: 'stop_group', pid: work.pid, pgid: work.pgid });
  if (removeDirs) actions.push({ kind: 'remove_workdir', deploymentId: work.workId });
  return actions;
};

/**
 * Whether an operator may resolve a deployment now, in database time: it ended (nothing to resolve), it
 * awaits an operator, it is orphaned (nothing holds it, or its owner is gone or past its lease), or it is
 * live (owned by a live instance within its lease: refused).
 */
export const orphanVerdict = (
  d: { readonly state: string; readonly orphanedAt: string | null },
  work: { readonly owner: string } | undefined,
  owner: { readonly state: string; readonly leaseExpiresAt: number } | undefined,
  now: number,
): 'ended' | 'awaiting_operator' | 'orphaned' | 'live' => {
  if (d.state !== 'reserved' && d.state !== 'running') return 'ended';
  if (d.orphanedAt !== null) return 'awaiting_operator';
  if (work === undefined || owner === undefined) return 'orphaned';
  return owner.state === 'live' && owner.leaseExpiresAt > now ? 'live' : 'orphaned';
};

/** TAI_ORPHANED_DEPLOYMENTS: what recovery does with an orphaned in-flight deployment. */
export type OrphanPolicy = 'rollback' | 'operator';

const ROLLED_BACK_NOTE =
  'stopped: the service instance running it stopped or lost its lease; the command was not run again and nothing was committed as done';
const AWAITING_NOTE =
  'stopped: the service instance running it stopped or lost its lease; the command is not run again and an operator decides its outcome';

/**
 * What recovery does with an orphaned deployment: never run it again; stop it where it may still run.
 * Left to an operator, its working directories stay for the operator to inspect (resolving removes them).
 */
export const planOrphanedDeployment = (
  work: OrphanView,
  stored: { readonly state: string; readonly orphanedAt: string | null } | undefined,
  here: { readonly host: string },
  policy: OrphanPolicy,
): OrphanPlan => {
  const state = stored?.state;
  const inFlight = state === 'reserved' || state === 'running';
  const awaiting = inFlight && stored?.orphanedAt !== null;
  const record = !inFlight ? 'forget' : policy === 'rollback' ? 'roll_back' : awaiting ? 'keep' : 'await_operator';
  const actions = onThisHost(work, here, record === 'roll_back' || record === 'forget');
  const note =
    record === 'roll_back'
      ? ROLLED_BACK_NOTE
      : record === 'forget'
        ? `already ${state ?? 'gone'}; only its ownership is dropped`
        : AWAITING_NOTE;
  return { actions, record, note };
};

type TakeoverKind = 'instance' | 'deployment' | 'idempotency_claim';

/** The record of one takeover: audited (inside the takeover's transaction), counted and logged. */
export const takeoverEffects = (t: {
  readonly kind: TakeoverKind;
  readonly id: string;
  readonly customerId: string | null;
  readonly from: string;
  readonly by: string;
  readonly details?: Readonly<Record<string, string | number>>;
}): Effect[] => [
  {
    kind: 'audit',
    type: `instance.takeover.${t.kind}`,
    actor: 'system',
    customerId: t.customerId,
    outcome: 'success',
    details: { id: t.id, from: t.from, by: t.by, ...(t.details ?? {}) },
  },
  count('tai_instance_takeovers_total', { kind: t.kind }),
  {
    kind: 'log',
    level: 'warn',
    msg: `took over ${t.kind.replace('_', ' ')} from a gone instance`,
    fields: { kind: t.kind, id: t.id, from: t.from, by: t.by, ...(t.details ?? {}) },
  },
];
