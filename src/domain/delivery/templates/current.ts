/**
 * The template a delivery renders with: the newest saved version of its (type, channel) when there is one,
 * else the default in the repo (version 0). A saved version was validated when it was saved; it is
 * checked again here, once per distinct text, so one left invalid by a later change of the names a type
 * offers falls back to the default instead of sending empty words: nothing fails at send time.
 */
import { memoized } from '../../shared/memo.ts';
import type { Channel, NotificationType } from '../notification.ts';
import { defaultTemplate } from './defaults.ts';
import type { TemplateFor } from './parts.ts';
import { validateTemplate } from './validate.ts';

interface SavedTemplate {
  readonly version: number;
  readonly parts: Readonly<Record<string, string>>;
}

interface CurrentTemplate<C extends Channel> {
  readonly template: TemplateFor<C>;
  /** 0 for the default. */
  readonly version: number;
  readonly source: 'default' | 'saved';
}

const stillValid = memoized(1_000, (key: string): boolean => {
  const { type, channel, parts } = JSON.parse(key) as { type: NotificationType; channel: Channel; parts: unknown };
  return validateTemplate(type, channel, parts).ok;
});

export const currentTemplate = <C extends Channel>(
  type: NotificationType,
  channel: C,
  saved: SavedTemplate | undefined,
): CurrentTemplate<C> => {
  if (saved !== undefined && stillValid(JSON.stringify({ type, channel, parts: saved.parts }))) {
    return { template: saved.parts as TemplateFor<C>, version: saved.version, source: 'saved' };
  }
  return { template: defaultTemplate(type, channel), version: 0, source: 'default' };
};
