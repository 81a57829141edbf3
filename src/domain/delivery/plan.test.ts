/** One delivery per configured target, webhooks per subscribed endpoint, limits and incident order keys. */
import { describe, expect, it } from 'vitest';
import { CHANNELS } from './notification.ts';
import { planDeliveries } from './plan.ts';
import { DEFAULT_RATE_RULES } from './rate-limits.ts';
import { DEFAULT_ROUTING } from './routing.ts';
import { SAMPLES } from './samples.ts';

const inputs = {
  routing: DEFAULT_ROUTING,
  rateRules: DEFAULT_RATE_RULES,
  configured: new Set(CHANNELS),
  opsEmail: true,
  endpoints: [
    { id: 'whe_all', events: ['*'] },
    { id: 'whe_other', events: ['deployment.failed'] },
  ],
};

describe('planDeliveries', () => {
  it('a revocation: customer email, Slack, PagerDuty and the subscribed endpoint, each its own delivery', () => {
    const n = SAMPLES['certificate.revoked'];
    const planned = planDeliveries(n, inputs);
    expect(planned.map((p) => p.targetName)).toEqual(['email.customer', 'slack', 'pagerduty', 'webhook.whe_all']);
    expect(planned.map((p) => p.id)).toEqual(planned.map((p) => `${n.id}.${p.targetName}`));
    expect(planned.map((p) => p.limit?.rule ?? null)).toEqual([
      { max: 1, perMs: 3_600_000 },
      { max: 1, perMs: 3_600_000 },
      null,
      null,
    ]);
    expect(planned.find((p) => p.targetName === 'pagerduty')?.orderKey).toBe(`pagerduty|${n.incident?.key ?? ''}`);
  });

  it('leaves out unconfigured channels and the team email without TAI_OPS_EMAIL', () => {
    const n = SAMPLES['insurer.unreachable'];
    const planned = planDeliveries(n, {
      ...inputs,
      configured: new Set(['email', 'webhook'] as const),
      opsEmail: false,
    });
    expect(planned.map((p) => p.targetName)).toEqual(['webhook.whe_all']);
  });

  it('system-wide notifications go to no customer email or webhook', () => {
    const planned = planDeliveries(SAMPLES['system.read_only'], inputs);
    expect(planned.map((p) => p.targetName)).toEqual(['pagerduty', 'slack']);
  });
});
