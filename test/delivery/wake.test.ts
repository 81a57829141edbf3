/**
 * The worker is woken by the commit that enqueues, not by its poll: with real timers and a poll of an
 * hour, a notification committed through the effects applier reaches a real SMTP server at once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildService } from '../../src/app/start.ts';
import { loadConfig } from '../../src/config/load.ts';
import { commitEffects } from '../../src/services/effects/apply-effects.ts';
import { startSmtpReceiver } from '../support/receivers/smtp.ts';

const dir = mkdtempSync(join(tmpdir(), 'tai-delivery-wake-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('delivery wake-up', () => {
  it('sends on the commit signal while the slow poll is an hour away', async () => {
    const smtp = await startSmtpReceiver();
    const config = loadConfig({
      TAI_DATA_DIR: dir,
      TAI_SMTP_URL: smtp.url,
      TAI_OPS_EMAIL: 'team@tai.example',
      TAI_ADMIN_TOKEN: 'wake-admin-token-0123456789abcdef',
      TAI_LOG_LEVEL: 'silent',
    });
    const service = await buildService(config, { delivery: { pollMs: 3_600_000 } });
    try {
      // Passes are serialized: after two, the start-up pass is over and the worker sleeps on its poll.
      await service.delivery.runDue();
      await service.delivery.runDue();
      const at = new Date().toISOString();
      await commitEffects(service.ctx, [
        {
          kind: 'notify',
          notification: {
            type: 'insurer.unreachable',
            severity: 'warning',
            customerId: null,
            at,
            dedupeKey: 'wake:insurer.unreachable',
            incident: { key: 'system:insurer', action: 'trigger' },
            facts: { graceEndsAt: at, lastVerifiedAt: null, code: 'timeout' },
          },
        },
      ]);
      // Condition polling with a deadline far below the poll: only the commit's signal can make it.
      const until = Date.now() + 10_000;
      while (smtp.messages.length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
      expect(smtp.messages.map((m) => m.subject)).toEqual([expect.stringMatching(/insurer/i)]);
    } finally {
      await service.close();
      await smtp.close();
    }
  });
});
