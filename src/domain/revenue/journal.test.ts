/** Journal lines per entry kind, the sign rule, and RFC 4180 CSV. */
import { describe, expect, it } from 'vitest';
import { csvField, journalCsv, journalLines } from './journal.ts';
import type { RevenueEntry } from './types.ts';

const entry = (over: Partial<RevenueEntry>): RevenueEntry => ({
  id: 'rev_1',
  customerId: 'cus_a',
  termsVersion: 1,
  obligationId: 'platform',
  kind: 'recognition',
  period: '2026-01',
  servicePeriod: '2026-01',
  occurredOn: '2026-01-31',
  bookedOn: '2026-01-31',
  amount: '100.00',
  currency: 'USD',
  receiptId: null,
  logIndex: null,
  logFirst: 3,
  logLast: 9,
  checkpointSize: 10,
  checkpointRoot: 'ab',
  corrects: null,
  meter: null,
  recordedAt: '2026-01-31T23:59:00.000Z',
  ...over,
});

const sides = (e: RevenueEntry) => journalLines(e).map((l) => [l.account, l.debit, l.credit]);

describe('journal lines', () => {
  it('billing: debit receivable, credit deferred; recognition: debit deferred, credit revenue', () => {
    expect(sides(entry({ kind: 'billing', obligationId: null }))).toEqual([
      ['accounts_receivable', '100.00', ''],
      ['deferred_revenue', '', '100.00'],
    ]);
    expect(sides(entry({}))).toEqual([
      ['deferred_revenue', '100.00', ''],
      ['revenue', '', '100.00'],
    ]);
  });

  it('usage is billed and recognized at once; a negative amount swaps the sides', () => {
    const usage = entry({ kind: 'usage', amount: '-2.50', receiptId: 'rcpt_7', logIndex: 7, corrects: 'rev_0' });
    expect(sides(usage)).toEqual([
      ['deferred_revenue', '2.50', ''],
      ['accounts_receivable', '', '2.50'],
      ['revenue', '2.50', ''],
      ['deferred_revenue', '', '2.50'],
    ]);
    expect(journalLines(usage)[0]).toMatchObject({ evidence: 'receipt rcpt_7 at 7', corrects: 'rev_0' });
  });

  it('maps to a chart of accounts and writes the month evidence', () => {
    const lines = journalLines(entry({}), { receivable: '1200', deferred: '2400', revenue: '4000' });
    expect(lines.map((l) => l.account)).toEqual(['2400', '4000']);
    expect(lines[0]?.evidence).toBe('log 3..9; checkpoint 10 ab');
  });
});

describe('CSV (RFC 4180)', () => {
  it('quotes fields with commas, quotes or line breaks, doubles quotes, ends lines in CRLF', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\r\nlines')).toBe('"two\r\nlines"');
    const csv = journalCsv(journalLines(entry({ customerId: 'cus_"x",y' })));
    const rows = csv.split('\r\n');
    expect(rows[0]).toBe(
      'entryId,bookedOn,period,customerId,account,debit,credit,currency,obligationId,kind,corrects,evidence',
    );
    expect(rows[1]).toBe(
      'rev_1,2026-01-31,2026-01,"cus_""x"",y",deferred_revenue,100.00,,USD,platform,recognition,,log 3..9; checkpoint 10 ab',
    );
    expect(rows).toHaveLength(4);
    expect(rows[3]).toBe('');
  });
});
