/** The notification template of a (type, channel) in use now, with its version and history (admin). */
import type { Channel, NotificationType } from '../../domain/delivery/notification.ts';
import { requireAdmin } from '../auth/require.ts';
import type { VerbArgs } from '../context.ts';
import { readTemplateView, type NotificationTemplateView } from './template-view.ts';

export interface TemplateKey {
  readonly type: NotificationType;
  readonly channel: Channel;
}

export const getNotificationTemplate = async ({
  ctx,
  input,
}: VerbArgs<TemplateKey>): Promise<NotificationTemplateView> => {
  await requireAdmin(ctx);
  return ctx.store.read((r) => readTemplateView(r, input.type, input.channel));
};
