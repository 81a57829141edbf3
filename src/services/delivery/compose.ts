/**
 * The message of one delivery, exactly as its channel sends it: the first notification (with what a rate
 * limit coalesced into it), rendered with its type's template (the admin's newest saved one, else the default), to the target's address. The same
 * delivery composes to the same ids on every attempt (Message-ID, dedup_key, webhook-id).
 */
import type { ChannelInputs } from '../../adapters/notifier/channels/interface.ts';
import type { DeliveryRow, OutboxMessage, StoreReader } from '../../adapters/store/interface.ts';
import { emailMessage } from '../../domain/delivery/messages/email.ts';
import { pagerDutyMessage } from '../../domain/delivery/messages/pagerduty.ts';
import { slackMessage } from '../../domain/delivery/messages/slack.ts';
import { webhookMessage } from '../../domain/delivery/messages/webhook.ts';
import { isNotificationType, type Channel, type Notification } from '../../domain/delivery/notification.ts';
import { currentTemplate } from '../../domain/delivery/templates/current.ts';
import type { TemplateFor } from '../../domain/delivery/templates/parts.ts';
import type { RenderContext } from '../../domain/delivery/templates/view.ts';
import type { DeliveryDeps } from './deps.ts';

type Composed =
  | { readonly ok: true; readonly channel: Channel; readonly input: ChannelInputs[Channel]; readonly address: string }
  | { readonly ok: false; readonly error: string };

const notificationOf = (m: OutboxMessage): Notification | null => {
  const p = m.payload as Partial<Notification> | null;
  if (p === null || typeof p !== 'object' || typeof p.type !== 'string' || !isNotificationType(p.type)) return null;
  return { ...(p as Notification), id: m.id };
};

const fail = (error: string): Composed => ({ ok: false, error });

/** The admin's newest saved template of (type, channel), or the default. */
const templateFor = async <C extends Channel>(
  r: StoreReader,
  type: Notification['type'],
  channel: C,
): Promise<TemplateFor<C>> => currentTemplate(type, channel, await r.currentTemplate(type, channel)).template;

export const composeDelivery = async (r: StoreReader, deps: DeliveryDeps, d: DeliveryRow): Promise<Composed> => {
  const messages = await r.notificationsByIds([...d.covers, d.notificationId]);
  const byId = new Map(messages.map((m) => [m.id, m]));
  const leadRow = byId.get(d.notificationId);
  const lead = leadRow === undefined ? null : notificationOf(leadRow);
  if (lead === null) return fail(`notification ${d.notificationId} is missing or of an unknown type`);
  const earlier = d.covers
    .map((id) => byId.get(id))
    .map((m) => (m === undefined ? null : notificationOf(m)))
    .filter((n): n is Notification => n !== null);
  const customer = lead.customerId === null ? undefined : await r.forCustomer(lead.customerId).get();
  const context: RenderContext = {
    customer:
      customer === undefined ? null : { id: customer.id, name: customer.name, contactEmail: customer.contactEmail },
  };
  switch (d.channel) {
    case 'email': {
      const audience = d.target === 'email.ops' ? 'ops' : 'customer';
      const to = audience === 'ops' ? deps.opsEmail : customer?.contactEmail;
      if (to === undefined) return fail(`no address for the ${audience}`);
      const template = await templateFor(r, lead.type, 'email');
      return {
        ok: true,
        channel: 'email',
        address: to,
        input: emailMessage({ lead, earlier, template, context, audience, to }),
      };
    }
    case 'slack':
      return {
        ok: true,
        channel: 'slack',
        address: 'slack',
        input: slackMessage({ lead, earlier, template: await templateFor(r, lead.type, 'slack'), context }),
      };
    case 'pagerduty':
      return {
        ok: true,
        channel: 'pagerduty',
        address: 'pagerduty',
        input: pagerDutyMessage({
          notification: lead,
          template: await templateFor(r, lead.type, 'pagerduty'),
          context,
          source: deps.source,
        }),
      };
    case 'webhook': {
      if (lead.customerId === null || d.endpointId === null) return fail('a webhook delivery without its endpoint');
      const e = await r.webhookEndpoint(lead.customerId, d.endpointId);
      if (e === undefined || e.status !== 'enabled')
        return fail(`webhook endpoint ${d.endpointId} is removed or disabled`);
      const message = webhookMessage({
        notification: lead,
        template: await templateFor(r, lead.type, 'webhook'),
        context,
      });
      return {
        ok: true,
        channel: 'webhook',
        address: e.url,
        input: { message, endpoint: { id: e.id, url: e.url, sealedSecrets: e.secrets } },
      };
    }
  }
};
