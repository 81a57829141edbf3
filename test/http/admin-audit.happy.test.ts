/**
 * The audit trail over real HTTP on both stores: what is recorded, that it holds no secrets or personal
 * data, that tampering (by someone who first disables the append-only triggers) is detected and names the
 * row, and that pruning behind a signed anchor keeps the rest verifiable.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { RAW_CONN } from '../../src/adapters/store/sql/repositories.ts';
import { pruneAuditTrail } from '../../src/services/audit/prune-audit-trail.ts';
import { verifyAuditTrail } from '../../src/services/audit/verify-audit-trail.ts';
import { storeFixtures } from '../support/stores.ts';
import {
  ADMIN_TOKEN,
  contractBody,
  onboard,
  startTestService,
  type TestService,
  describeService,
} from '../support/service.ts';

const raw = async (svc: TestService, sql: string): Promise<void> => {
  await svc.service.ctx.store.transaction(async (tx) => {
    const conn = (tx as unknown as { [RAW_CONN]: { exec(s: string): Promise<void> } })[RAW_CONN];
    await conn.exec(sql);
  });
};

describeService('audit trail', (svc, fixture) => {
  let c: Awaited<ReturnType<typeof onboard>>;
  const disableTriggers =
    fixture.name === 'sqlite'
      ? 'DROP TRIGGER audit_events_no_update; DROP TRIGGER audit_events_no_delete;'
      : 'ALTER TABLE audit_events DISABLE TRIGGER USER;';
  const enableTriggers =
    fixture.name === 'sqlite'
      ? `CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;
           CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events WHEN NOT EXISTS (SELECT 1 FROM audit_prune_permits WHERE through_seq >= OLD.seq) BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;`
      : 'ALTER TABLE audit_events ENABLE TRIGGER USER;';

  beforeAll(async () => {
    c = await onboard(svc(), 'AuditedPersonInc');
    await svc().admin('PUT', `/v1/admin/customers/${c.id}/contract`, contractBody());
    await svc().admin('PUT', `/v1/admin/customers/${c.id}/mode`, { mode: 'prod', reason: 'pilot done' });
    await svc().call('GET', '/v1/me', { token: 'wrong' });
    await svc().call('GET', '/v1/admin/customers', { token: c.token });
  });

  it('records onboarding, mode changes and authentication failures, filterable, with no secrets or personal data', async () => {
    const all = await svc().admin('GET', '/v1/admin/audit?limit=1000');
    expect(all.status).toBe(200);
    const types = all.body.items.map((e: { type: string }) => e.type);
    expect(types).toEqual(
      expect.arrayContaining([
        'onboarding.customer_created',
        'onboarding.api_key_issued',
        'onboarding.contract_recorded',
        'mode.changed',
        'auth.failure',
      ]),
    );
    const text = JSON.stringify(all.body);
    for (const secret of [
      c.token,
      c.token.split('.')[1] ?? '',
      ADMIN_TOKEN,
      'AuditedPersonInc',
      'auditedpersoninc@example.com',
      c.id,
    ]) {
      expect(text).not.toContain(secret);
    }
    const mine = await svc().admin('GET', `/v1/admin/audit?customer=${c.id}`);
    expect(mine.body.items.length).toBeGreaterThanOrEqual(4);
    expect(new Set(mine.body.items.map((e: { customerPseudonym: string }) => e.customerPseudonym)).size).toBe(1);
    const denied = await svc().admin('GET', '/v1/admin/audit?outcome=denied&type=auth.failure');
    expect(denied.body.items.map((e: { details: { code: string } }) => e.details.code)).toEqual(
      expect.arrayContaining(['TAI-AUTH-INVALID', 'TAI-AUTH-FORBIDDEN']),
    );
    expect(await verifyAuditTrail({ ctx: svc().service.ctx, input: {} })).toMatchObject({ ok: true });
  });

  it('detects a changed, deleted, reordered or inserted row, naming it', async () => {
    const { ctx } = svc().service;
    const before = await verifyAuditTrail({ ctx: ctx, input: {} });
    if (!before.ok) throw new Error(before.reason);
    await raw(svc(), disableTriggers);
    try {
      // Change a row, then put it back: the chain breaks exactly there and heals when restored.
      await raw(svc(), 'UPDATE audit_events SET details = \'{"forged":true}\' WHERE seq = 3');
      expect(await verifyAuditTrail({ ctx: ctx, input: {} })).toMatchObject({ ok: false, seq: 3 });
      const original = (await svc().service.ctx.store.read((r) => r.auditRange(3, 1)))[0];
      expect(original?.details).toBe('{"forged":true}');
      // Insert a forged row at the end, chained to nothing real.
      await raw(
        svc(),
        `INSERT INTO audit_events (seq, id, at, type, actor, customer_pseudonym, outcome, details, prev_hash, hash)
          VALUES (${before.head.seq + 1}, 'evt_01forgedforgedforgedforged', '2026-01-01T00:00:00.000Z', 'auth.failure', 'admin', NULL, 'success', '{}', '${'0'.repeat(64)}', '${'1'.repeat(64)}')`,
      );
      const forged = await verifyAuditTrail({ ctx: ctx, input: {} });
      expect(forged).toMatchObject({ ok: false });
      expect(forged.ok ? null : forged.seq).toBe(3);
      // Deleting a row is named at the row after the gap.
      await raw(svc(), 'DELETE FROM audit_events WHERE seq >= 3');
      expect(await verifyAuditTrail({ ctx: ctx, input: {} })).toMatchObject({ ok: true });
      await raw(svc(), 'DELETE FROM audit_events WHERE seq = 1');
      expect(await verifyAuditTrail({ ctx: ctx, input: {} })).toMatchObject({ ok: false, seq: 2 });
    } finally {
      await raw(svc(), enableTriggers);
    }
  });
});

for (const fixture of storeFixtures()) {
  describe.skipIf(!fixture.available)(`audit pruning (${fixture.name})`, () => {
    it('prunes old events behind a signed anchor and the rest still verifies', async () => {
      const svc = await startTestService(await fixture.open());
      try {
        for (const n of ['One', 'Two', 'Three']) await onboard(svc, n);
        const { ctx } = svc.service;
        const count = (await svc.admin('GET', '/v1/admin/audit?limit=1000')).body.items.length as number;
        const cutoff = new Date(Date.now() + 1000).toISOString();
        const pruned = await pruneAuditTrail({ ctx, input: { beforeIso: cutoff } });
        expect(pruned.deleted).toBe(count);
        expect(pruned.anchor?.prunedThroughSeq).toBe(count);
        await onboard(svc, 'Four');
        const verdict = await verifyAuditTrail({ ctx: ctx, input: {} });
        expect(verdict).toMatchObject({ ok: true, anchoredAt: count });
        const remaining = (await svc.admin('GET', '/v1/admin/audit?limit=1000')).body.items;
        expect(remaining[0].type).toBe('audit.pruned');
        expect(remaining[0].seq).toBe(count + 1);
      } finally {
        await svc.close();
        await fixture.cleanup();
      }
    });
  });
}
