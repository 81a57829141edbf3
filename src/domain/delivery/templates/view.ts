/**
 * What a template can name: the notification, its facts, each instant among them formatted for people
 * (`dates.<fact>`), and the customer of the render context (null for system-wide notifications, so
 * templates name it inside `{{#customer}}...{{/customer}}`).
 */
import type { Facts, Notification, NotificationType, Severity } from '../notification.ts';

export interface CustomerInfo {
  readonly id: string;
  readonly name: string;
  readonly contactEmail: string;
}

/** Added at render time: what the notification does not carry. */
export interface RenderContext {
  readonly customer: CustomerInfo | null;
}

export interface TemplateView {
  readonly id: string;
  readonly type: NotificationType;
  readonly severity: Severity;
  readonly at: string;
  readonly atText: string;
  readonly facts: Facts;
  readonly dates: Readonly<Record<string, string>>;
  readonly customer: CustomerInfo | null;
}

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** `2026-03-01T09:30:00.000Z` -> `2026-03-01 09:30 UTC`; anything else unchanged. */
export const instantText = (value: string): string => {
  if (!INSTANT.test(value)) return value;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return value;
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
};

export const viewOf = (n: Notification, ctx: RenderContext): TemplateView => {
  const dates: Record<string, string> = {};
  for (const [k, v] of Object.entries(n.facts)) if (typeof v === 'string' && INSTANT.test(v)) dates[k] = instantText(v);
  return {
    id: n.id,
    type: n.type,
    severity: n.severity,
    at: n.at,
    atText: instantText(n.at),
    facts: n.facts,
    dates,
    customer: ctx.customer,
  };
};
