/**
 * The reference part of docs/notifications.md, generated from the tables the code runs on (types and
 * facts, default routing, rate limits, retry schedules, template parts and words), so the docs cannot
 * drift from them (`tai docs notifications`; a test keeps the file in step).
 */
import { CHANNELS, NOTIFICATION_FACTS, NOTIFICATION_TYPES, type Channel } from './notification.ts';
import { DEFAULT_RATE_RULES } from './rate-limits.ts';
import { MAX_RETRY_AFTER_MS, JITTER, RETRY_SCHEDULES } from './retry.ts';
import { DEFAULT_ROUTING, type Route } from './routing.ts';
import { SAMPLES } from './samples.ts';
import { COPY } from './templates/copy.ts';
import { ONE_LINE, TEMPLATE_PARTS } from './templates/parts.ts';

const UNITS: readonly [number, string][] = [
  [86_400_000, 'd'],
  [3_600_000, 'h'],
  [60_000, 'min'],
  [1000, 's'],
];

const durationText = (ms: number): string => {
  for (const [size, unit] of UNITS) {
    if (ms >= size) return ms % size === 0 ? `${ms / size} ${unit}` : `${(ms / size).toFixed(1)} ${unit}`;
  }
  return `${ms} ms`;
};

const CHANNEL_NAMES: Readonly<Record<Channel, string>> = {
  email: 'email',
  slack: 'Slack',
  pagerduty: 'PagerDuty',
  webhook: 'webhooks',
};

const routeText = (r: Route): string => {
  const who =
    r.channel === 'email' ? `email to ${r.to === 'customer' ? 'the customer' : 'the team'}` : CHANNEL_NAMES[r.channel];
  const when = Object.entries(r.when ?? {}).map(([k, v]) => `${k} ${String(v)}`);
  return when.length > 0 ? `${who} (${when.join(', ')})` : who;
};

const typesTable = (): string[] => [
  '| Type | Severity (sample) | Facts | Default routes | PagerDuty |',
  '| --- | --- | --- | --- | --- |',
  ...NOTIFICATION_TYPES.map((t) => {
    const s = SAMPLES[t];
    const routes = [...DEFAULT_ROUTING[t].map(routeText), ...(s.customerId === null ? [] : ['customer webhooks'])];
    const paged = DEFAULT_ROUTING[t].some((r) => r.channel === 'pagerduty');
    const pd = paged ? (s.incident?.action ?? 'trigger') : '';
    return `| \`${t}\` | ${s.severity} | ${NOTIFICATION_FACTS[t].join(', ')} | ${routes.join('; ')} | ${pd} |`;
  }),
];

const limitsTable = (): string[] => [
  '| Channel | Types | At most |',
  '| --- | --- | --- |',
  ...DEFAULT_RATE_RULES.map((r) => {
    const others = DEFAULT_RATE_RULES.some((o) => o.channel === r.channel && o.type !== undefined);
    const types = r.type === undefined ? (others ? 'every other type' : 'every type') : `\`${r.type}\``;
    return `| ${CHANNEL_NAMES[r.channel]} | ${types} | ${r.max} per ${durationText(r.perMs)} |`;
  }),
  '| PagerDuty | every type | never limited: deduplicated by `dedup_key` |',
  '| webhooks | every type | never limited: the consumer subscribed to each event |',
];

const retryTable = (): string[] => [
  '| Channel | Delays before each retry | Attempts | Last attempt after about |',
  '| --- | --- | --- | --- |',
  ...CHANNELS.map((c) => {
    const d = RETRY_SCHEDULES[c];
    return `| ${CHANNEL_NAMES[c]} | ${d.map(durationText).join(', ')} | ${d.length + 1} | ${durationText(d.reduce((a, b) => a + b, 0))} |`;
  }),
];

const partsTable = (): string[] => [
  '| Channel | Parts (escaping) |',
  '| --- | --- |',
  ...CHANNELS.map((c) => {
    const parts = Object.entries(TEMPLATE_PARTS[c]).map(([p, e]) => {
      const limit = ONE_LINE[p];
      return `\`${p}\` (${e === 'none' ? 'plain' : e}${limit === undefined ? '' : `, one line, ${limit} characters`})`;
    });
    return `| ${CHANNEL_NAMES[c]} | ${parts.join(', ')} |`;
  }),
];

const words = (): string[] =>
  NOTIFICATION_TYPES.flatMap((t) => {
    const c = COPY[t];
    return [
      '',
      `#### \`${t}\``,
      '',
      '```mustache',
      `title:  ${c.title}`,
      `body:   ${c.body}`,
      `action: ${c.action ?? '(none)'}`,
      '```',
    ];
  });

export const renderNotificationReference = (): string =>
  [
    '<!-- Generated from src/domain/delivery by `node bin/tai.mjs docs notifications`. Do not edit by hand. -->',
    '',
    '### Types and default routing',
    '',
    ...typesTable(),
    '',
    '### Rate limits',
    '',
    ...limitsTable(),
    '',
    '### Retry schedules',
    '',
    `Each delay is scaled by a random factor in [${1 - JITTER}, ${1 + JITTER}); a \`Retry-After\` (seconds or HTTP date) is a floor, read as at most ${durationText(MAX_RETRY_AFTER_MS)}. After the last attempt fails the delivery is dead-lettered.`,
    '',
    ...retryTable(),
    '',
    '### Template parts',
    '',
    ...partsTable(),
    '',
    '### Default words',
    '',
    'Every channel\'s default template is made from these (email: subject, text and HTML body with "What to do";',
    'Slack: header and body; PagerDuty and webhooks: the title as summary).',
    ...words(),
    '<!-- end of generated reference -->',
  ].join('\n');
