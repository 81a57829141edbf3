/** What an admin sees of a notification template: the one in use, its version, the default and the history. */
import type { StoreReader } from '../../adapters/store/interface.ts';
import type { Channel, NotificationType } from '../../domain/delivery/notification.ts';
import { currentTemplate } from '../../domain/delivery/templates/current.ts';
import { defaultTemplate } from '../../domain/delivery/templates/defaults.ts';

export interface TemplateVersionInfo {
  readonly version: number;
  readonly savedAt: string;
  readonly savedBy: string;
}

export interface NotificationTemplateView {
  readonly type: NotificationType;
  readonly channel: Channel;
  /** The version in use: 0 is the default from the repo. */
  readonly version: number;
  readonly source: 'default' | 'saved';
  readonly template: Readonly<Record<string, string>>;
  readonly savedAt: string | null;
  readonly savedBy: string | null;
  readonly defaultTemplate: Readonly<Record<string, string>>;
  /** Every saved version, newest first. */
  readonly history: readonly TemplateVersionInfo[];
}

export const readTemplateView = async (
  r: Pick<StoreReader, 'templateVersions'>,
  type: NotificationType,
  channel: Channel,
): Promise<NotificationTemplateView> => {
  const versions = await r.templateVersions(type, channel);
  const current = currentTemplate(type, channel, versions[0]);
  const row = versions.find((v) => v.version === current.version);
  return {
    type,
    channel,
    version: current.version,
    source: current.source,
    template: current.template,
    savedAt: row?.savedAt ?? null,
    savedBy: row?.savedBy ?? null,
    defaultTemplate: defaultTemplate(type, channel),
    history: versions.map((v) => ({ version: v.version, savedAt: v.savedAt, savedBy: v.savedBy })),
  };
};
