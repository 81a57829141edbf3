/** Notification templates an admin saved over the repo's defaults, versioned per (type, channel). */

export interface TemplateVersionRow {
  readonly type: string;
  readonly channel: string;
  /** 1 for the first saved version; the default from the repo is version 0 and has no row. */
  readonly version: number;
  /** The template's parts by name (email: subject, text, html). */
  readonly parts: Readonly<Record<string, string>>;
  readonly savedBy: string;
  readonly savedAt: string;
}

export interface TemplateReads {
  /** The newest saved version of (type, channel), or undefined when only the default exists. */
  currentTemplate(type: string, channel: string): Promise<TemplateVersionRow | undefined>;
  /** Every saved version of (type, channel), newest first. */
  templateVersions(type: string, channel: string): Promise<readonly TemplateVersionRow[]>;
}

export interface TemplateWrites {
  /** Saves the next version of (type, channel) and returns its number. */
  insertTemplateVersion(row: Omit<TemplateVersionRow, 'version'>): Promise<number>;
}
