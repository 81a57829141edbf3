/**
 * Templates an admin saved over the defaults in the repo, one row per version of a (type, channel):
 * versions count from 1 and are never changed or removed, so the history is the table. The parts are the
 * template's JSON object (`{"subject": ..., "text": ..., "html": ...}` for email).
 */
import type { Migration } from './index.ts';

export const m016NotificationTemplates: Migration = {
  version: 16,
  name: 'notification-templates',
  sql: `
CREATE TABLE notification_templates (
  type TEXT NOT NULL,
  channel TEXT NOT NULL,
  version INTEGER NOT NULL,
  parts TEXT NOT NULL,
  saved_by TEXT NOT NULL,
  saved_at TEXT NOT NULL,
  PRIMARY KEY (type, channel, version)
);
`,
};
