/** Saved notification templates over SqlConn (see ports/templates.ts). */
import type { SqlConn } from './conn.ts';
import type { TemplateReads, TemplateVersionRow, TemplateWrites } from '../ports/templates.ts';

interface TemplateRow {
  type: string;
  channel: string;
  version: number | string;
  parts: string;
  saved_by: string;
  saved_at: string;
}

const toTemplate = (r: TemplateRow): TemplateVersionRow => ({
  type: r.type,
  channel: r.channel,
  version: Number(r.version),
  parts: JSON.parse(r.parts) as Record<string, string>,
  savedBy: r.saved_by,
  savedAt: r.saved_at,
});

export const templateReads = (db: SqlConn): TemplateReads => ({
  async currentTemplate(type, channel) {
    const r = await db.get<TemplateRow>(
      'SELECT * FROM notification_templates WHERE type = ? AND channel = ? ORDER BY version DESC LIMIT 1',
      [type, channel],
    );
    return r && toTemplate(r);
  },
  async templateVersions(type, channel) {
    const rows = await db.all<TemplateRow>(
      'SELECT * FROM notification_templates WHERE type = ? AND channel = ? ORDER BY version DESC',
      [type, channel],
    );
    return rows.map(toTemplate);
  },
});

export const templateWrites = (db: SqlConn): TemplateWrites => ({
  async insertTemplateVersion(row) {
    // Two admins saving the same template at once get consecutive versions, not a key conflict.
    await db.lock(`template:${row.type}:${row.channel}`);
    const last = await db.get<{ v: number | string | null }>(
      'SELECT MAX(version) AS v FROM notification_templates WHERE type = ? AND channel = ?',
      [row.type, row.channel],
    );
    const version = Number(last?.v ?? 0) + 1;
    await db.run(
      'INSERT INTO notification_templates (type, channel, version, parts, saved_by, saved_at) VALUES (?, ?, ?, ?, ?, ?)',
      [row.type, row.channel, version, JSON.stringify(row.parts), row.savedBy, row.savedAt],
    );
    return version;
  },
});
