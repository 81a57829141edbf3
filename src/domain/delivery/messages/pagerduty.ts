/**
 * The PagerDuty event of one notification: a trigger, or the resolve of its incident. The dedup_key is
 * the incident's key (one per customer and incident), so a re-trigger attaches to the open alert and
 * the resolve closes it; a notification without an incident is keyed by its own dedupe key.
 */
import type { Notification } from '../notification.ts';
import type { TemplateFor } from '../templates/parts.ts';
import { renderPart } from '../templates/render.ts';
import { viewOf, type RenderContext } from '../templates/view.ts';
import type { PagerDutyMessage } from './types.ts';

interface PagerDutyInput {
  readonly notification: Notification;
  readonly template: TemplateFor<'pagerduty'>;
  readonly context: RenderContext;
  /** payload.source: which installation speaks (PagerDuty wants a host name or similar). */
  readonly source: string;
}

/** PagerDuty refuses a dedup_key over 255 characters. */
const MAX_KEY = 255;

export const pagerDutyMessage = (input: PagerDutyInput): PagerDutyMessage => {
  const n = input.notification;
  const dedupKey = (n.incident?.key ?? n.dedupeKey).slice(0, MAX_KEY);
  if (n.incident?.action === 'resolve') return { id: n.id, event: { event_action: 'resolve', dedup_key: dedupKey } };
  return {
    id: n.id,
    event: {
      event_action: 'trigger',
      dedup_key: dedupKey,
      payload: {
        summary: renderPart('pagerduty', 'summary', input.template.summary, viewOf(n, input.context)),
        source: input.source,
        severity: n.severity,
        timestamp: n.at,
        component: n.type.slice(0, n.type.indexOf('.')),
        group: n.customerId ?? 'system',
        class: n.type,
        custom_details: {
          notification: n.id,
          customer: input.context.customer?.name ?? null,
          customerId: n.customerId,
          ...n.facts,
        },
      },
    },
  };
};
