/**
 * Who is told what: the default route of every notification type, and the configured overrides. A route
 * names a channel and, for email, the audience. Customer webhooks are not routed here: every notification
 * of a customer goes to that customer's subscribed endpoints (phase 2 filters by subscription).
 */
import {
  isNotificationType,
  type Channel,
  type FactValue,
  type Notification,
  type NotificationType,
} from './notification.ts';

export type Audience = 'customer' | 'ops';

export type Route =
  | { readonly channel: 'email'; readonly to: Audience; readonly when?: Readonly<Record<string, FactValue>> }
  | { readonly channel: 'slack' | 'pagerduty'; readonly when?: Readonly<Record<string, FactValue>> };

/** One delivery of one notification: a route, or the customer's webhooks. */
export type Target =
  { readonly channel: 'email'; readonly to: Audience } | { readonly channel: 'slack' | 'pagerduty' | 'webhook' };

export type RoutingTable = Readonly<Record<NotificationType, readonly Route[]>>;

const customerEmail: Route = { channel: 'email', to: 'customer' };
const opsEmail: Route = { channel: 'email', to: 'ops' };
const slack: Route = { channel: 'slack' };
const page: Route = { channel: 'pagerduty' };
const lapse = [customerEmail, slack, page];

export const DEFAULT_ROUTING: RoutingTable = {
  'certificate.expiring': [
    { channel: 'email', to: 'ops', when: { threshold: '30d' } },
    { channel: 'slack', when: { threshold: '30d' } },
    { channel: 'email', to: 'customer', when: { threshold: '7d' } },
    { channel: 'pagerduty', when: { threshold: '1d' } },
  ],
  'certificate.expired': lapse,
  'certificate.revoked': lapse,
  'certificate.suspended': lapse,
  'certificate.verification_rejected': [slack, page],
  'certificate.renewal_halted': [slack, page],
  'insurer.unreachable': [opsEmail, slack, page],
  'insurer.grace_exhausted': [opsEmail, slack, page],
  'customer.read_only': [customerEmail],
  'customer.restored': [customerEmail, page],
  'system.read_only': [page, slack],
  'system.restored': [page, slack],
  'deployment.failed_insurance': [customerEmail],
  'deployment.failed': [customerEmail],
  'deployment.rolled_back': [customerEmail, page],
  'deploy.refused': [customerEmail],
  'webhook.disabled': [customerEmail],
};

/** A short stable name of a target, used in delivery ids, Message-IDs and rate-limit keys. */
export const targetTag = (t: Target): string => (t.channel === 'email' ? `email.${t.to}` : t.channel);

const matches = (route: Route, n: Notification): boolean =>
  Object.entries(route.when ?? {}).every(([k, v]) => n.facts[k] === v);

/**
 * The targets of one notification, in table order, each once. Customer email and webhooks need a
 * customer: a system-wide notification has neither.
 */
export const targetsFor = (n: Notification, table: RoutingTable = DEFAULT_ROUTING): readonly Target[] => {
  const out: Target[] = [];
  const seen = new Set<string>();
  const add = (t: Target): void => {
    if (!seen.has(targetTag(t))) {
      seen.add(targetTag(t));
      out.push(t);
    }
  };
  for (const r of table[n.type]) {
    if (!matches(r, n)) continue;
    if (r.channel === 'email') {
      if (r.to === 'customer' && n.customerId === null) continue;
      add({ channel: 'email', to: r.to });
    } else add({ channel: r.channel });
  }
  if (n.customerId !== null) add({ channel: 'webhook' });
  return out;
};

const ROUTED: readonly Channel[] = ['email', 'slack', 'pagerduty'];

const parseRoute = (raw: unknown, at: string, problems: string[]): Route | null => {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    problems.push(`${at}: must be an object`);
    return null;
  }
  const r = raw as Record<string, unknown>;
  const channel = r['channel'];
  if (typeof channel !== 'string' || !(ROUTED as readonly string[]).includes(channel)) {
    problems.push(`${at}.channel: must be one of ${ROUTED.join(', ')} (webhooks follow subscriptions)`);
    return null;
  }
  const when = r['when'];
  let cond: Record<string, FactValue> | undefined;
  if (when !== undefined) {
    const ok =
      typeof when === 'object' &&
      when !== null &&
      !Array.isArray(when) &&
      Object.values(when).every((v) => v === null || ['string', 'number', 'boolean'].includes(typeof v));
    if (!ok) {
      problems.push(`${at}.when: must map fact names to strings, numbers, booleans or null`);
      return null;
    }
    cond = when as Record<string, FactValue>;
  }
  const extra = cond === undefined ? {} : { when: cond };
  if (channel === 'email') {
    const to = r['to'];
    if (to !== 'customer' && to !== 'ops') {
      problems.push(`${at}.to: must be customer or ops`);
      return null;
    }
    return { channel, to, ...extra };
  }
  return { channel: channel as 'slack' | 'pagerduty', ...extra };
};

/** Overrides from configuration: `{ "<type>": [route, ...] }` replaces that type's routes; others keep the default. */
export const parseRouting = (
  raw: unknown,
):
  | { readonly ok: true; readonly table: RoutingTable }
  | { readonly ok: false; readonly problems: readonly string[] } => {
  const problems: string[] = [];
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return { ok: false, problems: ['must be an object'] };
  const table: Record<NotificationType, readonly Route[]> = { ...DEFAULT_ROUTING };
  for (const [type, routes] of Object.entries(raw)) {
    if (!isNotificationType(type)) {
      problems.push(`${type}: not a notification type`);
      continue;
    }
    if (!Array.isArray(routes)) {
      problems.push(`${type}: must be a list of routes`);
      continue;
    }
    const parsed = routes.map((r, i) => parseRoute(r, `${type}[${i}]`, problems));
    table[type] = parsed.filter((r): r is Route => r !== null);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, table };
};
