/**
 * A row as a backup carries it: the array of its values in the table's column order, each a string, a
 * finite number or null, which both stores give back alike. One line per row, RFC 8785 of that array (for
 * these values JSON.stringify writes exactly those bytes), so the same rows hash the same whichever store
 * they were read from.
 */
import { createHash, type Hash } from 'node:crypto';

export type Cell = string | number | null;
export type Row = readonly Cell[];

/** The first value of `row` that a backup cannot carry, as a reason, or null. */
const cellProblem = (v: unknown): string | null => {
  if (v === null || typeof v === 'string') return null;
  if (typeof v === 'number') return Number.isFinite(v) ? null : 'a non-finite number';
  return `a value of type ${typeof v === 'object' ? (v?.constructor?.name ?? 'object') : typeof v}`;
};

export const encodeRow = (table: string, columns: readonly string[], row: readonly unknown[]): string => {
  for (let i = 0; i < row.length; i++) {
    const problem = cellProblem(row[i]);
    if (problem !== null)
      throw new TypeError(`table ${table}, column ${columns[i] ?? i}: ${problem}, which a backup cannot carry`);
  }
  return JSON.stringify(row);
};

/** Parses one line back into a row of `width` values, or says why it is not one. */
export const decodeRow = (line: string, width: number): Row | string => {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return 'a line is not JSON';
  }
  if (!Array.isArray(v) || v.length !== width) return `a line is not an array of ${width} values`;
  for (const cell of v as unknown[]) {
    const problem = cellProblem(cell);
    if (problem !== null) return `a line holds ${problem}`;
  }
  return v as Row;
};

/** Row count and content hash of a table, fed its lines in order (in batches: text of `rows` lines, each ending in "\n"). */
export class TableDigest {
  readonly #hash: Hash = createHash('sha256');
  #rows = 0;

  update(text: string, rows: number): void {
    this.#hash.update(text, 'utf8');
    this.#rows += rows;
  }

  get rows(): number {
    return this.#rows;
  }

  /** The hex digest; call once, at the end. */
  finish(): string {
    return this.#hash.digest('hex');
  }
}
