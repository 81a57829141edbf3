/**
 * An admin saves a new version of a (type, channel) template. It is validated against the type's sample
 * first: a template that would not render is refused here, never at send time. The save and its audit
 * event commit together; a refused save is audited too.
 */
import { validateTemplate } from '../../domain/delivery/templates/validate.ts';
import { recordAudit, recordAuditAlone } from '../audit/record-audit.ts';
import { requireAdmin } from '../auth/require.ts';
import { actorName, nowIso, type VerbArgs } from '../context.ts';
import type { TemplateKey } from './get-notification-template.ts';
import { invalidTemplate } from './invalid-template.ts';
import { readTemplateView, type NotificationTemplateView } from './template-view.ts';

export const saveNotificationTemplate = async ({
  ctx,
  input,
}: VerbArgs<TemplateKey & { readonly template: unknown }>): Promise<NotificationTemplateView> => {
  await requireAdmin(ctx);
  const { type, channel } = input;
  const valid = validateTemplate(type, channel, input.template);
  if (!valid.ok) {
    await recordAuditAlone(ctx, {
      type: 'notification.template_saved',
      actor: ctx.actor,
      customerId: null,
      outcome: 'failure',
      details: { type, channel, problems: valid.problems.length },
    });
    throw invalidTemplate(valid.problems);
  }
  return ctx.store.transaction(async (tx) => {
    const version = await tx.insertTemplateVersion({
      type,
      channel,
      parts: input.template as Record<string, string>,
      savedBy: actorName(ctx.actor),
      savedAt: nowIso(ctx),
    });
    await recordAudit(tx, ctx, {
      type: 'notification.template_saved',
      actor: ctx.actor,
      customerId: null,
      outcome: 'success',
      details: { type, channel, version },
    });
    return readTemplateView(tx, type, channel);
  });
};
