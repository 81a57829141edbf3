/**
 * Tables as a backup sees them, discovered from the schema (so a table a later migration adds is backed
 * up with no code change), and the order to load them in: every table after the tables its foreign keys
 * name, ties by name, so the order is the same on every store.
 */
export interface TableInfo {
  readonly name: string;
  readonly columns: readonly string[];
  /** The primary key's columns, in key order; empty when the table has none. */
  readonly primaryKey: readonly string[];
  /** Tables this one's foreign keys reference (itself excluded). */
  readonly references: readonly string[];
}

/**
 * Tables that belong to the store's machinery rather than its data: never backed up or restored. Besides the
 * migration record, the fleet's coordination state (migration 015): the insurer call budget of the current
 * minute and the change sequence instances catch up from (PostgreSQL only) mean nothing in another store or
 * at another time, and a restored store starts with neither. Nor the ops dashboard's sessions (migration 018):
 * a restored session would be a credential, so operators sign in again after a restore.
 */
export const BOOKKEEPING_TABLES: readonly string[] = [
  'schema_migrations',
  'insurer_call_budget',
  'fleet_changes',
  'ops_sessions',
];

/** The columns rows are ordered (and hashed) by: the primary key, or every column. */
export const orderColumns = (t: TableInfo): readonly string[] => (t.primaryKey.length > 0 ? t.primaryKey : t.columns);

export const loadOrder = (tables: readonly TableInfo[]): TableInfo[] => {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const done = new Set<string>();
  const out: TableInfo[] = [];
  const visiting = new Set<string>();
  const visit = (t: TableInfo): void => {
    if (done.has(t.name)) return;
    if (visiting.has(t.name)) throw new Error(`foreign keys form a cycle through table ${t.name}`);
    visiting.add(t.name);
    for (const ref of [...t.references].sort()) {
      const target = byName.get(ref);
      if (target !== undefined && ref !== t.name) visit(target);
    }
    visiting.delete(t.name);
    done.add(t.name);
    out.push(t);
  };
  for (const t of [...tables].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) visit(t);
  return out;
};
