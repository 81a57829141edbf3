/** `tai audit verify` and `tai audit prune`: offline maintenance of the audit trail, against the configured store. */
import { buildContext } from '../../app/start.ts';
import { loadConfig } from '../../config/load.ts';
import { silentLogger } from '../../adapters/logger/silent.ts';
import { pruneAuditTrail } from '../../services/audit/prune-audit-trail.ts';
import { verifyAuditTrail } from '../../services/audit/verify-audit-trail.ts';
import { asActor } from '../../services/context.ts';
import type { CliIo } from './io.ts';

const USAGE =
  'usage: tai audit verify\n       tai audit prune [--older-than-days N]   (default: TAI_AUDIT_RETENTION_DAYS)\n';

export const runAudit = async (argv: readonly string[], io: CliIo): Promise<number> => {
  const [sub, ...rest] = argv;
  if (sub !== 'verify' && sub !== 'prune') {
    io.stderr.write(USAGE);
    return 64;
  }
  const config = loadConfig();
  // The operator at the console, with the data dir's keys: an admin.
  const ctx = asActor(await buildContext(config, { logger: silentLogger }), { kind: 'admin' });
  try {
    if (sub === 'verify') {
      const onProgress = (n: number): void => {
        if (io.stderr.isTTY) io.stderr.write(`\rchecked ${n} events`);
      };
      const verdict = await verifyAuditTrail({ ctx, input: { onProgress } });
      if (io.stderr.isTTY) io.stderr.write('\n');
      if (verdict.ok) {
        io.stdout.write(
          `audit trail OK: ${verdict.count} events, head seq ${verdict.head.seq}${verdict.anchoredAt ? `, continuing from the prune anchor at seq ${verdict.anchoredAt}` : ''}\n`,
        );
        return 0;
      }
      io.stdout.write(
        `audit trail BROKEN at seq ${verdict.seq ?? '?'} (event ${verdict.id ?? '?'}): ${verdict.reason}\n`,
      );
      return 1;
    }
    const flag = rest.indexOf('--older-than-days');
    const days = flag >= 0 ? Number(rest[flag + 1]) : config.auditRetentionDays;
    if (!Number.isInteger(days) || days < 1) {
      io.stderr.write(`--older-than-days must be a positive integer\n${USAGE}`);
      return 64;
    }
    const before = new Date(ctx.clock.now() - days * 86_400_000).toISOString();
    const { deleted, anchor } = await pruneAuditTrail({ ctx, input: { beforeIso: before } });
    io.stdout.write(
      anchor
        ? `pruned ${deleted} events before ${before}; signed anchor at seq ${anchor.prunedThroughSeq}\n`
        : `nothing older than ${before}\n`,
    );
    return 0;
  } finally {
    await ctx.store.close();
  }
};
