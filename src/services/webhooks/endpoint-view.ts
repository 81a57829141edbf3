/** What a customer sees of an endpoint: never its secrets, except the new one, once, when it is made. */
import type { WebhookEndpointRow } from '../../adapters/store/ports/delivery.ts';

export interface EndpointView {
  readonly id: string;
  readonly url: string;
  readonly events: readonly string[];
  readonly status: 'enabled' | 'disabled';
  /** Secrets that sign each delivery now: two while a rotation is in progress. */
  readonly signingSecrets: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export const endpointView = (e: WebhookEndpointRow): EndpointView => ({
  id: e.id,
  url: e.url,
  events: e.events,
  status: e.status,
  signingSecrets: e.secrets.length,
  createdAt: e.createdAt,
  updatedAt: e.updatedAt,
});
