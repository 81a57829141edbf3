/** Builds a WHERE clause from optional filters: a clause is kept only when its value is given. */
import type { SqlParam } from './conn.ts';

export const filtered = (
  base: string,
  baseParams: readonly SqlParam[],
  optional: readonly (readonly [clause: string, value: SqlParam | undefined])[],
): { sql: string; params: SqlParam[] } => {
  const clauses = [base];
  const params = [...baseParams];
  for (const [clause, value] of optional) {
    if (value === undefined) continue;
    clauses.push(clause);
    params.push(value);
  }
  return { sql: clauses.join(' AND '), params };
};
