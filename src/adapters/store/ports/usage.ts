/** Usage aggregates (hourly, per customer and operation kind) and the counts the reports read. */
import type { UsageCell } from '../../../domain/usage/types.ts';

export interface UsageReads {
  /** The customer's cells with fromHour <= hour < toHour (`YYYY-MM-DDTHH`), in hour order. */
  usageCells(customerId: string, fromHour: string, toHour: string): Promise<readonly UsageCell[]>;
  /** How many receipts of each kind the customer's log holds issued in [fromIso, toIso). */
  receiptCountsByKind(customerId: string, fromIso: string, toIso: string): Promise<Readonly<Record<string, number>>>;
}

export interface UsageWrites {
  /** Adds each cell to its (customer, hour, kind) row, creating it if needed. */
  addUsage(cells: readonly UsageCell[]): Promise<void>;
}
