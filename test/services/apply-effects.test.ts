/**
 * The applier on a real store: transactional effects commit together or not at all, and metrics and logs
 * follow only a commit. Notifications go through the notifier port, once per dedupe key.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { storeFixtures } from '../support/stores.ts';
import { silentLogger } from '../../src/adapters/logger/silent.ts';
import { MemoryMetrics } from '../../src/adapters/metrics/memory.ts';
import { MemoryNotifier } from '../../src/adapters/notifier/memory.ts';
import { buildContext } from '../../src/app/start.ts';
import { loadConfig } from '../../src/config/load.ts';
import { transition } from '../../src/domain/deployment/index.ts';
import type { Effect } from '../../src/domain/effects/types.ts';
import { ManualClock } from '../../src/domain/shared/clock.ts';
import { applyAfterCommit, applyInTransaction, commitEffects } from '../../src/services/effects/apply-effects.ts';

const CUSTOMER = 'cus_01effectseffectseffectsef';
const stamp = {
  mode: 'pilot',
  authority: 'advisory',
  contractReference: 'MSA-1',
  insurance: null,
  disclaimer: 'pilot',
} as const;

for (const fixture of storeFixtures()) {
  describe.skipIf(!fixture.available)(`effects applier (${fixture.name})`, () => {
    const dirs: string[] = [];
    afterAll(async () => {
      await fixture.cleanup();
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    });

    const setup = async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'tai-fx-'));
      dirs.push(dataDir);
      const store = await fixture.open();
      const clock = new ManualClock('2026-06-01T00:00:00Z');
      const metrics = new MemoryMetrics();
      const base = await buildContext(loadConfig({ TAI_DATA_DIR: dataDir, TAI_LOG_LEVEL: 'silent' }), {
        store,
        clock,
        logger: silentLogger,
        metrics,
      });
      const notifier = new MemoryNotifier();
      const ctx = { ...base, notifier };
      await store.transaction((tx) =>
        tx.insertCustomer({
          id: CUSTOMER,
          name: 'E',
          contactEmail: 'e@example.com',
          mode: 'pilot',
          createdAt: 'x',
          updatedAt: 'x',
        }),
      );
      return { ctx, base, store, metrics, notifier, clock };
    };

    /** A deploy to a bookkeeping target that failed at once: receipt, deployment, notification, audit, metrics. */
    const failedDeploy = (id: string, nowMs: number): readonly Effect[] =>
      transition(
        null,
        {
          type: 'reserve',
          request: {
            id,
            customerId: CUSTOMER,
            contractReference: 'MSA-1',
            target: 'record',
            artifact: 'a:1',
            capacityUnits: 2,
            parameters: {},
          },
          limits: { maxActiveDeployments: 5, capacityUnits: 10 },
          usage: { count: 0, capacityUnits: 0 },
          stamp,
          immediate: {
            status: 'failed',
            reason: 'rejected',
            exitCode: null,
            signal: null,
            output: '',
            truncated: false,
            durationMs: 0,
            detail: 'x',
          },
          receiptId: `rcpt_${id.slice(4)}`,
          actor: 'key_1',
        },
        nowMs,
      ).effects;

    it('commits every transactional effect, then counts; a replay of the same notification is enqueued once', async () => {
      const { ctx, store, metrics, notifier, clock } = await setup();
      const applied = await commitEffects(ctx, failedDeploy('dep_01aaaaaaaaaaaaaaaaaaaaaaaa', clock.now()));
      expect(applied.receipts.map((r) => r.body.kind)).toEqual(['deploy']);
      const stored = await store.read((r) => r.forCustomer(CUSTOMER).deployment('dep_01aaaaaaaaaaaaaaaaaaaaaaaa'));
      expect(stored).toMatchObject({ state: 'failed', receipts: [applied.receipts[0]?.body.id] });
      expect(await store.read((r) => r.forCustomer(CUSTOMER).activeDeploymentUsage())).toEqual({
        count: 0,
        capacityUnits: 0,
      });
      expect((await store.read((r) => r.auditEvents({ limit: 10 }))).map((a) => a.type)).toEqual(['deploy.failed']);
      expect(notifier.sent.map((n) => [n.type, n.dedupeKey])).toEqual([
        ['deployment.failed', 'deployment.failed:dep_01aaaaaaaaaaaaaaaaaaaaaaaa'],
      ]);
      expect(notifier.sent[0]?.id).toMatch(/^ntf_/);
      expect(metrics.value('tai_deploy_requests_total', { outcome: 'success' })).toBe(1);
      expect(metrics.value('tai_deployments_finished_total', { state: 'failed' })).toBe(1);
      expect(metrics.value('tai_receipts_appended_total')).toBe(1);
      expect(metrics.value('tai_notifications_enqueued_total', { type: 'deployment.failed' })).toBe(1);

      const again = failedDeploy('dep_01bbbbbbbbbbbbbbbbbbbbbbbb', clock.now()).filter((fx) => fx.kind === 'notify');
      const renamed = again.map((fx) =>
        fx.kind === 'notify'
          ? {
              ...fx,
              notification: { ...fx.notification, dedupeKey: 'deployment.failed:dep_01aaaaaaaaaaaaaaaaaaaaaaaa' },
            }
          : fx,
      );
      await commitEffects(ctx, renamed);
      expect(notifier.sent).toHaveLength(1);
      expect(metrics.value('tai_notifications_enqueued_total', { type: 'deployment.failed' })).toBe(1);
    });

    it('a transaction that rolls back leaves no row, no outbox message and no metric', async () => {
      const { base: ctx, store, metrics, clock } = await setup();
      await expect(
        store.transaction(async (tx) => {
          const applied = await applyInTransaction(
            tx,
            ctx,
            failedDeploy('dep_01cccccccccccccccccccccccc', clock.now()),
          );
          expect(applied.receipts).toHaveLength(1);
          throw new Error('abort after the effects');
        }),
      ).rejects.toThrow('abort after the effects');
      expect(
        await store.read((r) => r.forCustomer(CUSTOMER).deployment('dep_01cccccccccccccccccccccccc')),
      ).toBeUndefined();
      expect(await store.read((r) => r.forCustomer(CUSTOMER).receiptHead())).toBeUndefined();
      expect(await store.read((r) => r.auditEvents({ limit: 10 }))).toEqual([]);
      expect(await store.read((r) => r.pendingNotifications(10))).toEqual([]);
      expect(metrics.value('tai_deploy_requests_total', { outcome: 'success' })).toBe(0);
      applyAfterCommit(ctx, { later: [] });
      expect(metrics.value('tai_receipts_appended_total')).toBe(0);
    });
  });
}
