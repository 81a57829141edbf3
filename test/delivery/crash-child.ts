/**
 * The service in a child process, for the SIGKILL test: `node --import tsx crash-child.ts <data dir>
 * <smtp url> <enqueue|resume>`. It delivers under a fixed instance id (so its restart takes its leases
 * back); with `enqueue` it first raises one notification for the team.
 */
import { buildService } from '../../src/app/start.ts';
import { loadConfig } from '../../src/config/load.ts';
import { commitEffects } from '../../src/services/effects/apply-effects.ts';

const [dataDir = '', smtpUrl = '', mode = 'resume'] = process.argv.slice(2);
const config = loadConfig({
  TAI_DATA_DIR: dataDir,
  TAI_SMTP_URL: smtpUrl,
  TAI_OPS_EMAIL: 'team@tai.example',
  TAI_ADMIN_TOKEN: 'crash-admin-token-0123456789abcdef',
  TAI_LOG_LEVEL: 'silent',
});
const service = await buildService(config, { delivery: { owner: 'inst_crash_child', pollMs: 200 } });
if (mode === 'enqueue') {
  const at = new Date().toISOString();
  await commitEffects(service.ctx, [
    {
      kind: 'notify',
      notification: {
        type: 'insurer.unreachable',
        severity: 'warning',
        customerId: null,
        at,
        dedupeKey: 'crash:insurer.unreachable',
        incident: { key: 'system:insurer', action: 'trigger' },
        facts: { graceEndsAt: at, lastVerifiedAt: null, code: 'timeout' },
      },
    },
  ]);
}
process.stdout.write('ready\n');
// Says when nothing is left to deliver (the parent kills it then).
const timer = setInterval(() => {
  void service.ctx.store
    .read((r) => r.outboxBacklog())
    .then((b) => {
      if (b.pending === 0) {
        clearInterval(timer);
        process.stdout.write('settled\n');
      }
    });
}, 50);
