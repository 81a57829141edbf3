/**
 * Witnessed checkpoints over real HTTP, on SQLite and PostgreSQL, on one virtual clock: the service has
 * an in-memory witness (the real add-checkpoint decision) cosign each new checkpoint after the commit;
 * a witness that is down delays cosigning and never a write; GET /v1/ledger/checkpoint serves the latest
 * cosigned checkpoint; a revoked key's receipts still verify because a checkpoint witnessed before the
 * compromise covers them; and the export verifies with --witness and --max-age.
 */
import { expect, it } from 'vitest';
import { createInMemoryWitness } from '../../src/adapters/witness/in-memory.ts';
import type { InMemoryWitness } from '../../src/adapters/witness/in-memory.ts';
import { verifyBundle } from '../../src/domain/receipts/bundle.ts';
import { formatVkey } from '../../src/domain/receipts/cosignature.ts';
import type { LifecycleKey } from '../../src/domain/receipts/key-lifecycle.ts';
import { seedKey } from '../support/sample-log.ts';
import { ManualClock } from '../../src/domain/shared/clock.ts';
import { onboard, startTestService } from '../support/service.ts';
import type { TestService } from '../support/service.ts';
import { describePerStore } from '../support/stores.ts';

interface Rig {
  readonly svc: TestService;
  readonly witness: InMemoryWitness;
  readonly clock: ManualClock;
  close(): Promise<void>;
}

const keysOf = (svc: TestService): LifecycleKey[] =>
  svc.service.ctx.signer.keyring().map((e) => ({
    ...e.key,
    lifecycle: { createdAt: e.createdAt, retiredAt: e.retiredAt, compromisedAt: e.compromisedAt },
  }));

describePerStore(
  'witnessed checkpoints',
  async (store): Promise<Rig> => {
    const clock = new ManualClock(Date.UTC(2026, 2, 1));
    const started: { svc?: TestService } = {};
    const witness = createInMemoryWitness({
      name: 'witness.example/w1',
      key: seedKey('http witness'),
      originPrefix: 'tai-autonomics.example/receipts',
      logKeys: () => (started.svc === undefined ? [] : keysOf(started.svc)),
      clock,
    });
    const svc = await startTestService(store, { clock, witnesses: [witness] });
    started.svc = svc;
    return { svc, witness, clock, close: () => svc.close() };
  },
  (rig) => {
    const mode = (id: string, m: string) =>
      rig().svc.admin('PUT', `/v1/admin/customers/${id}/mode`, { mode: m, reason: 'witness test' });
    const drain = () => rig().svc.service.ctx.witnessQueue?.drain();

    it('cosigns after the commit, survives a witness outage, and the export verifies with --witness and --max-age', async () => {
      const { svc, witness, clock } = rig();
      const c = await onboard(svc, 'Witnessed');
      await mode(c.id, 'prod');
      await drain();
      const first = await svc.call('GET', '/v1/ledger/checkpoint', { token: c.token });
      expect(first.body.witnessedAt).toBe(new Date(clock.now()).toISOString());
      expect(first.body.checkpoint).toContain('\u2014 witness.example/w1 ');
      const cosignedSize = first.body.treeSize as number;

      witness.down = true;
      clock.advance(60_000);
      expect((await mode(c.id, 'eval')).status).toBe(200);
      await drain();
      expect(svc.service.ctx.witnessQueue?.pending).toBe(1);
      const stale = await svc.call('GET', '/v1/ledger/checkpoint', { token: c.token });
      expect(stale.body.treeSize).toBe(cosignedSize);

      witness.down = false;
      clock.advance(2_000);
      await drain();
      expect(svc.service.ctx.witnessQueue?.pending).toBe(0);
      expect(svc.service.ctx.witnessQueue?.lagSeconds()).toBe(0);
      const fresh = await svc.call('GET', '/v1/ledger/checkpoint', { token: c.token });
      expect(fresh.body.treeSize).toBe(cosignedSize + 1);

      const exported = await svc.call('GET', '/v1/ledger/export', { token: c.token });
      const witnesses = [witness.key];
      const verified = verifyBundle(exported.body, {
        witnesses,
        maxAgeMs: 3_600_000,
        nowMs: clock.now(),
        expectedOrigin: `tai-autonomics.example/receipts/${c.id}`,
      });
      expect(verified).toMatchObject({
        ok: true,
        format: 2,
        treeSize: cosignedSize + 1,
        witnesses: ['witness.example/w1'],
      });
      expect(
        verifyBundle(exported.body, { witnesses, maxAgeMs: 3_600_000, nowMs: clock.now() + 7_200_000 }),
      ).toMatchObject({ ok: false, entry: 'checkpoint' });
      expect(formatVkey(witness.key)).toMatch(/^witness\.example\/w1\+[0-9a-f]{8}\+/);
    });

    it('revokes a key: the JWKS says so, signing moves on, and the old receipts stay verifiable by witnessed time', async () => {
      const { svc, witness, clock } = rig();
      const c = await onboard(svc, 'Revoked');
      await mode(c.id, 'prod');
      await drain();
      const oldKid = svc.service.ctx.signer.active().kid;
      clock.advance(60_000);
      const at = new Date(clock.now()).toISOString();
      const revoked = await svc.admin('POST', `/v1/admin/receipt-keys/${oldKid}/revoke`, { compromisedAt: at });
      expect(revoked).toMatchObject({ status: 200, body: { kid: oldKid, compromisedAt: at } });
      expect(revoked.body.activeKid).not.toBe(oldKid);
      const jwks = await svc.call('GET', '/.well-known/tai-receipt-keys.json', { token: null });
      expect(jwks.body.keys.find((k: { kid: string }) => k.kid === oldKid)).toMatchObject({
        status: 'retired',
        compromisedAt: at,
      });

      clock.advance(1_000);
      await mode(c.id, 'pilot');
      await drain();
      const exported = await svc.call('GET', '/v1/ledger/export', { token: c.token });
      expect(exported.body.checkpoints.length).toBe(2);
      expect(verifyBundle(exported.body, { witnesses: [witness.key], nowMs: clock.now() })).toMatchObject({ ok: true });

      expect(
        (await svc.admin('POST', `/v1/admin/receipt-keys/ed25519-AAAAAAAAAAA/revoke`, { compromisedAt: at })).status,
      ).toBe(404);
      expect(
        (
          await svc.admin('POST', `/v1/admin/receipt-keys/${oldKid}/revoke`, {
            compromisedAt: '2099-01-01T00:00:00.000Z',
          })
        ).status,
      ).toBe(422);
    });
  },
);
