/**
 * `tai revenue close|close-period|report|verify`: the daily close, finance's closed period and the monthly
 * report against the configured store
 * (TAI_DB_URL, or the SQLite file in TAI_DATA_DIR), and the offline check of a customer's revenue
 * entries against its receipt export. Policy: docs/revenue.md.
 */
import { writeFile } from 'node:fs/promises';
import { isDomainError } from '../../../domain/errors/domain-error.ts';
import { closeRevenueDay } from '../../../services/revenue/close-revenue-day.ts';
import { closeRevenuePeriod } from '../../../services/revenue/close-revenue-period.ts';
import { revenueJournalCsv, revenueReportOf } from '../../../services/revenue/revenue-report.ts';
import { openExisting } from '../audit.ts';
import { defineCommand, type Args } from '../command.ts';
import { EXIT } from '../exit-codes.ts';
import { reportFailure } from '../failure.ts';
import type { CliIo } from '../io.ts';
import { createProgress } from '../verify/progress.ts';
import { verifyRevenue } from './verify.ts';

const close = async (args: Args<'day'>, io: CliIo): Promise<number> => {
  const opened = await openExisting('tai revenue close', io);
  if (typeof opened === 'number') return opened;
  const { ctx } = opened;
  try {
    const s = await closeRevenueDay({
      ctx,
      input: {
        day: args.string('day') ?? '',
        onProgress: (n) => {
          if (io.stderr.isTTY) io.stderr.write(`\rclosed ${n} customers`);
        },
      },
    });
    if (io.stderr.isTTY) io.stderr.write('\n');
    io.stdout.write(`closed ${s.day}: ${s.customers} customers, ${s.appended} entries appended\n`);
    if (s.failed.length > 0) {
      io.stderr.write(
        `tai revenue close: terms of ${s.failed.join(', ')} do not compile; their ledgers were left as they were\n`,
      );
      return EXIT.failed;
    }
    return EXIT.ok;
  } catch (e) {
    return reportFailure('tai revenue close', e, io);
  } finally {
    await ctx.store.close();
  }
};

const closePeriod = async (args: Args<'through'>, io: CliIo): Promise<number> => {
  const opened = await openExisting('tai revenue close-period', io);
  if (typeof opened === 'number') return opened;
  const { ctx } = opened;
  try {
    const row = await closeRevenuePeriod({ ctx, input: { period: args.string('through') ?? '' } });
    io.stdout.write(`closed through ${row.period} (since ${row.closedAt})\n`);
    return EXIT.ok;
  } catch (e) {
    // A refusal (backwards, not ended, days not closed) is finance's to act on, not an internal error.
    if (isDomainError(e)) {
      io.stderr.write(
        `tai revenue close-period: ${e.code}: ${e.message}${e.detail === undefined ? '' : ` (${e.detail})`}\n`,
      );
      return EXIT.failed;
    }
    return reportFailure('tai revenue close-period', e, io);
  } finally {
    await ctx.store.close();
  }
};

const report = async (args: Args<'from' | 'to' | 'format' | 'out'>, io: CliIo): Promise<number> => {
  const format = args.string('format') ?? 'json';
  if (format !== 'json' && format !== 'csv') {
    io.stderr.write('tai revenue report: --format is csv or json\n');
    return EXIT.usage;
  }
  const opened = await openExisting('tai revenue report', io);
  if (typeof opened === 'number') return opened;
  const { ctx } = opened;
  const range = { from: args.string('from') ?? '', to: args.string('to') ?? '' };
  try {
    let text: string;
    if (format === 'csv') {
      const total = await ctx.store.read((r) => r.revenueEntryCount(range.to));
      const bar = createProgress(io.stderr, total, undefined, {
        unit: 'entries',
        line: (done, all) => `read ${done}/${all} revenue entries`,
      });
      text = await revenueJournalCsv({ ctx, input: { ...range, onProgress: (n) => bar.update(n) } });
      bar.end();
    } else {
      text = `${JSON.stringify({ ...range, ...(await revenueReportOf({ ctx, input: range })) }, null, 2)}\n`;
    }
    const out = args.string('out');
    if (out === undefined) io.stdout.write(text);
    else await writeFile(out, text);
    return EXIT.ok;
  } catch (e) {
    return reportFailure('tai revenue report', e, io);
  } finally {
    await ctx.store.close();
  }
};

export const revenueCommand = defineCommand({
  summary: 'Revenue recognition: the daily close, the monthly report, and the offline evidence check.',
  subcommands: {
    close: defineCommand({
      summary: 'Close a day that has ended (idempotent; corrections are booked in the open period).',
      options: { day: { type: 'string', value: '<YYYY-MM-DD>', required: true, help: 'the UTC day to close' } },
      notes: 'exit: 0 closed, 1 a customer whose terms do not compile, 66 no store at the configured place',
      run: close,
    }),
    'close-period': defineCommand({
      summary: "Close finance's accounting periods through a month (forward only; later corrections go after it).",
      options: {
        through: { type: 'string', value: '<YYYY-MM>', required: true, help: 'the last month to close' },
      },
      notes:
        'the month must have ended and the daily close of its last day (or a later one) must have completed; exit: 0 closed, 1 refused (the code says why), 66 no store at the configured place',
      run: closePeriod,
    }),
    report: defineCommand({
      summary: 'Recognized and deferred revenue per month (json), or the journal lines of the months (csv).',
      options: {
        from: { type: 'string', value: '<YYYY-MM>', required: true, help: 'first month' },
        to: { type: 'string', value: '<YYYY-MM>', required: true, help: 'last month' },
        format: { type: 'string', value: 'csv|json', help: 'json (default): the report; csv: the journal' },
        out: { type: 'string', value: '<file>', help: 'write here instead of stdout' },
      },
      notes: 'exit: 0 written, 64 usage, 66 no store at the configured place',
      run: report,
    }),
    verify: defineCommand({
      summary: 'Check offline that every revenue entry of a customer points at receipts and checkpoints of its log.',
      options: {
        bundle: {
          type: 'string',
          value: '<file>',
          required: true,
          help: 'the customer receipt export (GET /v1/ledger/export)',
        },
        revenue: {
          type: 'string',
          value: '<file>',
          required: true,
          help: 'its revenue schedule (GET /v1/admin/customers/{id}/revenue)',
        },
      },
      notes: 'exit: 0 every entry holds, 1 names the first that does not, 66 unreadable input',
      run: (args, io) => verifyRevenue(args.string('bundle') ?? '', args.string('revenue') ?? '', io),
    }),
  },
});
