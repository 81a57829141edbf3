/**
 * A local receiver that answers as PagerDuty's Events API v2 does, keeping alert state: a trigger opens
 * an alert for its dedup_key or is appended to the open one; a resolve closes it (and is dropped when
 * none is open); a trigger after a resolve opens a new alert. Answers: 202
 * `{status: "success", message: "Event processed", dedup_key}`; 400
 * `{status: "invalid event", message: "Event object is invalid", errors: [...]}`; 429 when told.
 */
import { randomUUID } from 'node:crypto';
import { json, startHttpReceiver, type HttpReceiver, type ReceivedRequest } from './http-receiver.ts';

export interface PagerDutyEventRecord {
  readonly event_action: 'trigger' | 'acknowledge' | 'resolve';
  readonly dedup_key: string;
  readonly payload?: Record<string, unknown>;
}

export interface Alert {
  readonly dedupKey: string;
  status: 'triggered' | 'acknowledged' | 'resolved';
  readonly events: PagerDutyEventRecord[];
}

export interface PagerDutyReceiver extends HttpReceiver {
  readonly eventsUrl: string;
  readonly routingKey: string;
  /** Every alert ever opened, in order. */
  readonly alerts: readonly Alert[];
  /** The open (not resolved) alert of a dedup_key. */
  open(dedupKey: string): Alert | undefined;
  /** Events accepted, in order. */
  readonly events: readonly PagerDutyEventRecord[];
}

const SEVERITIES = ['critical', 'error', 'warning', 'info'];
const invalid = (errors: readonly string[]) =>
  json(400, { status: 'invalid event', message: 'Event object is invalid', errors });

const problemsOf = (e: Record<string, unknown>, routingKey: string): string[] => {
  const problems: string[] = [];
  const key = e['routing_key'];
  if (typeof key !== 'string' || key.length !== 32)
    problems.push("Length of 'routing_key' is incorrect (should be 32 characters)");
  // Echoes the key it was given, as some proxies and error pages do: the adapter must not pass it on.
  else if (key !== routingKey) problems.push(`Routing key ${key} is not an active integration`);
  const action = e['event_action'];
  if (!['trigger', 'acknowledge', 'resolve'].includes(String(action)))
    problems.push("'event_action' is missing or invalid");
  const dedup = e['dedup_key'];
  if (dedup !== undefined && (typeof dedup !== 'string' || dedup.length > 255))
    problems.push("'dedup_key' is too long");
  if (action !== 'trigger') {
    if (typeof dedup !== 'string') problems.push("'dedup_key' is required for acknowledge and resolve");
    return problems;
  }
  const p = (e['payload'] ?? {}) as Record<string, unknown>;
  if (typeof p['summary'] !== 'string' || p['summary'] === '') problems.push("'payload.summary' is missing or blank");
  else if (p['summary'].length > 1024) problems.push("'payload.summary' is too long");
  if (typeof p['source'] !== 'string' || p['source'] === '') problems.push("'payload.source' is missing or blank");
  if (!SEVERITIES.includes(String(p['severity'])))
    problems.push("'payload.severity' is invalid (must be one of critical, error, warning, info)");
  return problems;
};

export const startPagerDutyReceiver = async (
  routingKey = 'R0UT1NGKEYsecret0123456789abcdef',
): Promise<PagerDutyReceiver> => {
  const alerts: Alert[] = [];
  const events: PagerDutyEventRecord[] = [];
  const open = (key: string): Alert | undefined =>
    alerts.findLast((a) => a.dedupKey === key && a.status !== 'resolved');
  const base = await startHttpReceiver((req: ReceivedRequest) => {
    if (req.method !== 'POST' || req.path !== '/v2/enqueue') return json(404, { status: 'not found' });
    let e: Record<string, unknown>;
    try {
      e = JSON.parse(req.body) as Record<string, unknown>;
    } catch {
      return invalid(['Malformed JSON']);
    }
    const problems = problemsOf(e, routingKey);
    if (problems.length > 0) return invalid(problems);
    const record: PagerDutyEventRecord = {
      event_action: e['event_action'] as PagerDutyEventRecord['event_action'],
      dedup_key: typeof e['dedup_key'] === 'string' ? e['dedup_key'] : randomUUID(),
      ...(e['payload'] === undefined ? {} : { payload: e['payload'] as Record<string, unknown> }),
    };
    events.push(record);
    const current = open(record.dedup_key);
    if (record.event_action === 'trigger') {
      if (current) current.events.push(record);
      else alerts.push({ dedupKey: record.dedup_key, status: 'triggered', events: [record] });
    } else if (current) {
      current.events.push(record);
      current.status = record.event_action === 'resolve' ? 'resolved' : 'acknowledged';
    }
    return json(202, { status: 'success', message: 'Event processed', dedup_key: record.dedup_key });
  });
  return Object.assign(base, { eventsUrl: `${base.origin}/v2/enqueue`, routingKey, alerts, events, open });
};

/** PagerDuty's throttling answer. */
export const pagerDutyThrottled = { kind: 'answer', answer: { status: 429, body: 'Request Limit Exceeded' } } as const;
