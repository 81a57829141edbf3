/**
 * Webhook signing secrets are sealed at rest: the stored row holds no trace of the secret the customer
 * was shown, yet deliveries are signed with it (only the webhook channel opens it). A row stored in plain
 * text before sealing is sealed once at start-up and keeps signing with the same secret.
 */
import { expect, it } from 'vitest';
import { newWebhookSecret } from '../../src/adapters/notifier/channels/webhook/sign.ts';
import type { Store } from '../../src/adapters/store/interface.ts';
import { RAW_CONN } from '../../src/adapters/store/sql/repositories.ts';
import type { SqlConn } from '../../src/adapters/store/sql/conn.ts';
import { commitEffects } from '../../src/services/effects/apply-effects.ts';
import {
  sealStoredWebhookSecrets,
  WEBHOOK_SECRETS_SEALED_SETTING,
} from '../../src/services/webhooks/seal-stored-secrets.ts';
import { startWebhookConsumer } from '../support/receivers/webhook-consumer.ts';
import { onboard, startTestService, type TestService } from '../support/service.ts';
import { describePerStore } from '../support/stores.ts';

const raw = (svc: TestService): Promise<SqlConn> =>
  svc.service.ctx.store.read((r) => Promise.resolve((r as unknown as { [RAW_CONN]: SqlConn })[RAW_CONN]));

const storedSecrets = async (svc: TestService, id: string): Promise<string> => {
  const row = await (
    await raw(svc)
  ).get<{ secrets: string }>('SELECT secrets FROM webhook_endpoints WHERE id = ?', [id]);
  return row?.secrets ?? '';
};

const raise = (svc: TestService, customerId: string, n: number) =>
  commitEffects(svc.service.ctx, [
    {
      kind: 'notify',
      notification: {
        type: 'deployment.failed',
        severity: 'error',
        customerId,
        at: new Date().toISOString(),
        dedupeKey: `sealed:${customerId}:${n}`,
        incident: null,
        facts: { deploymentId: `dep_s${n}`, target: 'command', artifact: 'app:1', reason: 'exit_code', exitCode: 1 },
      },
    },
  ]);

describePerStore(
  'sealed webhook secrets',
  (store: Store) => startTestService(store),
  (svc) => {
    it('stores no trace of the secret, and deliveries are signed with it', async () => {
      const consumer = await startWebhookConsumer([newWebhookSecret()]);
      try {
        const c = await onboard(svc(), 'Sealed', ['webhooks:write']);
        const made = await svc().call('POST', '/v1/me/webhooks', {
          token: c.token,
          body: { url: consumer.url, events: ['*'] },
        });
        expect(made.status).toBe(201);
        const secret = made.body.secret as string;
        const stored = await storedSecrets(svc(), made.body.id as string);
        expect(stored).toMatch(/^\["sealed\.v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+"\]$/);
        expect(stored).not.toContain(secret.slice('whsec_'.length, 'whsec_'.length + 12));
        consumer.useSecrets([secret]);
        await raise(svc(), c.id, 1);
        await svc().service.delivery.runDue();
        await consumer.arrived(1);
        expect(consumer.deliveries.map((d) => d.payload['type'])).toEqual(['deployment.failed']);
        expect(consumer.rejected).toEqual([]);
      } finally {
        await consumer.close();
      }
    });

    it('seals a secret stored in plain text once, at start-up, and it keeps signing', async () => {
      const secret = newWebhookSecret();
      const consumer = await startWebhookConsumer([secret]);
      try {
        const c = await onboard(svc(), 'Legacy');
        const at = new Date().toISOString();
        const id = 'whe_legacy0000000000000000000';
        await svc().service.ctx.store.transaction((tx) =>
          tx.insertWebhookEndpoint({
            id,
            customerId: c.id,
            url: consumer.url,
            events: ['*'],
            secrets: [secret],
            status: 'enabled',
            createdAt: at,
            updatedAt: at,
          }),
        );
        // As a store from before sealing: the plain secret, and no record that sealing ran.
        await svc().service.ctx.store.transaction((tx) =>
          (tx as unknown as { [RAW_CONN]: SqlConn })[RAW_CONN].run('DELETE FROM settings WHERE name = ?', [
            WEBHOOK_SECRETS_SEALED_SETTING,
          ]),
        );
        expect(await storedSecrets(svc(), id)).toContain(secret);
        expect(await sealStoredWebhookSecrets(svc().service.ctx)).toBe(1);
        const stored = await storedSecrets(svc(), id);
        expect(stored).toMatch(/^\["sealed\.v1\./);
        expect(stored).not.toContain(secret.slice('whsec_'.length, 'whsec_'.length + 12));
        expect(await sealStoredWebhookSecrets(svc().service.ctx)).toBe(0);
        await raise(svc(), c.id, 2);
        await svc().service.delivery.runDue();
        await consumer.arrived(1);
        expect(consumer.deliveries.map((d) => d.id)).toHaveLength(1);
        expect(consumer.rejected).toEqual([]);
      } finally {
        await consumer.close();
      }
    });
  },
);
