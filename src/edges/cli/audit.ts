/** `tai audit verify` and `tai audit prune`: offline maintenance of the audit trail, against the configured store. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { silentLogger } from '../../adapters/logger/silent.ts';
import { sqliteFileOf } from '../../adapters/store/open.ts';
import { buildContext } from '../../app/start.ts';
import { loadConfig } from '../../config/load.ts';
import type { Config } from '../../config/schema.ts';
import { pruneAuditTrail } from '../../services/audit/prune-audit-trail.ts';
import { verifyAuditTrail } from '../../services/audit/verify-audit-trail.ts';
import { asActor, type ServiceContext } from '../../services/context.ts';
import { defineCommand, type Args } from './command.ts';
import { EXIT } from './exit-codes.ts';
import { reportFailure } from './failure.ts';
import type { CliIo } from './io.ts';

/**
 * The store the service wrote, opened without creating anything: a SQLite file that does not exist is a
 * mistaken TAI_DATA_DIR or TAI_DB_URL, not an empty trail, and no key or secret is made for it.
 */
export const openExisting = async (
  command: string,
  io: CliIo,
): Promise<{ ctx: ServiceContext; config: Config } | number> => {
  let config: Config;
  try {
    config = loadConfig();
  } catch (e) {
    return reportFailure(command, e, io);
  }
  const file = sqliteFileOf(config.dbUrl, config.dataDir);
  if (file !== null && !existsSync(file)) {
    const setting = config.dbUrl === undefined ? `TAI_DATA_DIR (${resolve(config.dataDir)})` : 'TAI_DB_URL';
    const dir = config.dbUrl === undefined && !existsSync(config.dataDir) ? ': the directory does not exist' : '';
    io.stderr.write(`${command}: no database at ${resolve(file)}${dir}: set ${setting} to the service's store\n`);
    return EXIT.unreadable;
  }
  try {
    // The operator at the console, with the data dir's keys: an admin.
    const ctx = await buildContext(config, { logger: silentLogger, createKeys: false });
    return { ctx: asActor(ctx, { kind: 'admin' }), config };
  } catch (e) {
    return reportFailure(command, e, io);
  }
};

const verify = async (io: CliIo): Promise<number> => {
  const opened = await openExisting('tai audit verify', io);
  if (typeof opened === 'number') return opened;
  const { ctx } = opened;
  try {
    const onProgress = (n: number): void => {
      if (io.stderr.isTTY) io.stderr.write(`\rchecked ${n} events`);
    };
    const verdict = await verifyAuditTrail({ ctx, input: { onProgress } });
    if (io.stderr.isTTY) io.stderr.write('\n');
    if (verdict.ok) {
      io.stdout.write(
        `audit trail OK: ${verdict.count} events, head seq ${verdict.head.seq}${verdict.anchoredAt ? `, continuing from the prune anchor at seq ${verdict.anchoredAt}` : ''}\n`,
      );
      return EXIT.ok;
    }
    io.stdout.write(
      `audit trail BROKEN at seq ${verdict.seq ?? '?'} (event ${verdict.id ?? '?'}): ${verdict.reason}\n`,
    );
    return EXIT.failed;
  } finally {
    await ctx.store.close();
  }
};

const prune = async (args: Args<'older-than-days'>, io: CliIo): Promise<number> => {
  const opened = await openExisting('tai audit prune', io);
  if (typeof opened === 'number') return opened;
  const { ctx, config } = opened;
  try {
    const days = args.integer('older-than-days') ?? config.auditRetentionDays;
    const before = new Date(ctx.clock.now() - days * 86_400_000).toISOString();
    const { deleted, anchor } = await pruneAuditTrail({ ctx, input: { beforeIso: before } });
    io.stdout.write(
      anchor
        ? `pruned ${deleted} events before ${before}; signed anchor at seq ${anchor.prunedThroughSeq}\n`
        : `nothing older than ${before}\n`,
    );
    return EXIT.ok;
  } finally {
    await ctx.store.close();
  }
};

export const auditCommand = defineCommand({
  summary: 'Maintain the audit trail of the configured store (TAI_DB_URL, or the SQLite file in TAI_DATA_DIR).',
  subcommands: {
    verify: defineCommand({
      summary: 'Check the hash chain of every audit event (and the signed anchor of a prune).',
      notes: 'exit: 0 the chain holds, 1 broken (names the event), 66 no store at the configured place',
      run: (_args, io) => verify(io),
    }),
    prune: defineCommand({
      summary: 'Delete audit events older than the retention, behind a signed anchor so the rest still verifies.',
      options: {
        'older-than-days': {
          type: 'integer',
          min: 1,
          max: 100_000,
          value: '<n>',
          help: 'prune events older than this many days (default: TAI_AUDIT_RETENTION_DAYS)',
        },
      },
      run: prune,
    }),
  },
});
