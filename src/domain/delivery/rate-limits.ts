/**
 * Which rate limit applies to a (customer, type, target). Pages and customer webhooks are never limited:
 * a page is deduplicated by its dedup_key at PagerDuty, and a webhook consumer asked for every event.
 */
import type { RateLimit } from './coalesce.ts';
import { isNotificationType, type Notification, type NotificationType } from './notification.ts';
import { targetTag, type Target } from './routing.ts';

export type LimitedChannel = 'email' | 'slack';

export interface RateRule extends RateLimit {
  readonly channel: LimitedChannel;
  /** Absent: every type on the channel. */
  readonly type?: NotificationType;
}

const HOUR = 3_600_000;

/** At most one message per customer, type and target an hour; expiry reminders by email once a day. */
export const DEFAULT_RATE_RULES: readonly RateRule[] = [
  { channel: 'email', type: 'certificate.expiring', max: 1, perMs: 24 * HOUR },
  { channel: 'email', max: 1, perMs: HOUR },
  { channel: 'slack', max: 1, perMs: HOUR },
];

/** The rule for a type on a channel: one naming the type wins over one for the whole channel; configured over default. */
export const limitFor = (
  type: NotificationType,
  channel: Target['channel'],
  rules: readonly RateRule[] = DEFAULT_RATE_RULES,
): RateLimit | null => {
  if (channel !== 'email' && channel !== 'slack') return null;
  const rule =
    rules.find((r) => r.channel === channel && r.type === type) ??
    rules.find((r) => r.channel === channel && r.type === undefined);
  return rule === undefined ? null : { max: rule.max, perMs: rule.perMs };
};

/** The key one limit window is kept under. */
export const limitKey = (n: Notification, target: Target): string =>
  `${n.customerId ?? '-'}|${n.type}|${targetTag(target)}`;

/**
 * Configured rules (`[{channel, type?, max, per}]`, `per` a duration such as `1h`) go before the
 * defaults, so a configured rule overrides the default of the same specificity.
 */
export const parseRateRules = (
  raw: unknown,
  parseDuration: (text: string) => number,
):
  | { readonly ok: true; readonly rules: readonly RateRule[] }
  | { readonly ok: false; readonly problems: readonly string[] } => {
  if (!Array.isArray(raw)) return { ok: false, problems: ['must be a list of {channel, type?, max, per}'] };
  const problems: string[] = [];
  const rules: RateRule[] = [];
  raw.forEach((item: unknown, i) => {
    const r = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
    const { channel, type, max, per } = r;
    if (channel !== 'email' && channel !== 'slack') {
      problems.push(`[${i}].channel: must be email or slack (pages and webhooks are never limited)`);
      return;
    }
    if (type !== undefined && (typeof type !== 'string' || !isNotificationType(type))) {
      problems.push(`[${i}].type: not a notification type`);
      return;
    }
    if (typeof max !== 'number' || !Number.isSafeInteger(max) || max < 1) {
      problems.push(`[${i}].max: must be a whole number of at least 1`);
      return;
    }
    let perMs: number;
    try {
      perMs = parseDuration(typeof per === 'string' ? per : '');
    } catch (e) {
      problems.push(`[${i}].per: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    rules.push(type === undefined ? { channel, max, perMs } : { channel, type, max, perMs });
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, rules: [...rules, ...DEFAULT_RATE_RULES] };
};
