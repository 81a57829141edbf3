/** The little SQL each adapter provides. Statements use `?` placeholders; PostgreSQL's adapter renumbers them. */
export type SqlParam = string | number | null;

export interface SqlConn {
  /** For the few statements the dialects spell differently (row locks, the database's clock). */
  readonly dialect: 'sqlite' | 'postgres';
  all<T>(sql: string, params?: readonly SqlParam[]): Promise<T[]>;
  get<T>(sql: string, params?: readonly SqlParam[]): Promise<T | undefined>;
  /** Returns the number of rows changed. */
  run(sql: string, params?: readonly SqlParam[]): Promise<number>;
  /**
   * Serializes transactions that name the same key until this transaction ends. SQLite has a single
   * writer already, so its adapter does nothing here.
   */
  lock(key: string): Promise<void>;
  /** Runs a script of several statements (migrations only). */
  exec(script: string): Promise<void>;
}
