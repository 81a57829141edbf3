/**
 * The message a template would send, rendered against its type's sample exactly as its channel sends it
 * (admin): the template given, or without one the template in use now. Nothing is saved.
 */
import type { MessageOf } from '../../domain/delivery/messages/types.ts';
import type { Channel } from '../../domain/delivery/notification.ts';
import { previewTemplate } from '../../domain/delivery/preview.ts';
import { currentTemplate } from '../../domain/delivery/templates/current.ts';
import { requireAdmin } from '../auth/require.ts';
import type { VerbArgs } from '../context.ts';
import type { TemplateKey } from './get-notification-template.ts';
import { invalidTemplate } from './invalid-template.ts';

interface TemplatePreview {
  readonly type: string;
  readonly channel: Channel;
  readonly message: MessageOf<Channel>;
}

export const previewNotificationTemplate = async ({
  ctx,
  input,
}: VerbArgs<TemplateKey & { readonly template?: unknown }>): Promise<TemplatePreview> => {
  await requireAdmin(ctx);
  const { type, channel } = input;
  const template =
    input.template ??
    currentTemplate(type, channel, await ctx.store.read((r) => r.currentTemplate(type, channel))).template;
  const preview = previewTemplate(type, channel, template);
  if (!preview.ok) throw invalidTemplate(preview.problems);
  return { type, channel, message: preview.message };
};
