/** One thing wrong with a backup or a restored store: where, and what. */
export interface Problem {
  /** What it is about: a file, a table, `log cus_...`, `chain audit`, `manifest`. */
  readonly where: string;
  readonly reason: string;
  /**
   * `behind`: a checkpoint saved elsewhere covers receipts the backup does not hold (they were issued after
   * the backup point). Anything else is damage.
   */
  readonly kind?: 'behind';
}

export const problem = (where: string, reason: string): Problem => ({ where, reason });
