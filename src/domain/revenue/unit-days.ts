/**
 * The `capacity_unit_day` meter: a deployment holding capacity earns one usage operation per UTC day it
 * holds it, for its capacity units, evidenced by its deploy receipt. The days held are [the deploy
 * receipt's day, the ending receipt's day): the day it starts counts, the day it ends does not, so a
 * deployment ended on the day it started holds no unit-day and one held from Monday to Thursday holds
 * three (docs/revenue.md). Days after `through` (the day being closed) have not happened yet.
 */
import { addDays } from './days.ts';
import type { CapacityHolding, ReceiptedOperation } from './types.ts';

const byDayThenLog = (a: ReceiptedOperation, b: ReceiptedOperation): number =>
  (a.day ?? '') < (b.day ?? '') ? -1 : (a.day ?? '') > (b.day ?? '') ? 1 : a.logIndex - b.logIndex;

/**
 * One operation per holding and day held up to `through` (and from `since` on, when given), in day order
 * then log order (the included volume's order).
 */
export const unitDayOperations = (
  holdings: readonly CapacityHolding[],
  through: string,
  since?: string,
): ReceiptedOperation[] => {
  const out: ReceiptedOperation[] = [];
  const stop = addDays(through, 1);
  for (const h of holdings) {
    if (h.units <= 0) continue;
    const ended = h.endedAt === null ? stop : h.endedAt.slice(0, 10);
    const end = ended < stop ? ended : stop;
    const units = String(h.units);
    const held = h.issuedAt.slice(0, 10);
    for (let day = since !== undefined && since > held ? since : held; day < end; day = addDays(day, 1)) {
      out.push({
        receiptId: h.receiptId,
        logIndex: h.logIndex,
        kind: 'capacity_unit_day',
        issuedAt: h.issuedAt,
        units,
        day,
      });
    }
  }
  return out.sort(byDayThenLog);
};
