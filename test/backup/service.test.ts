/**
 * The service's scheduled backup (TAI_BACKUP_DIR) over the store it runs on: taken while it serves, found
 * complete and verifiable (without the dashboard's sessions), and its time reported for the
 * tai_backup_last_success_timestamp_seconds metric.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyBackup } from '../../src/services/backup/verify-backup.ts';
import { signInOps } from '../ops/session.ts';
import { onboard, startTestService } from '../support/service.ts';
import { PG_URL, storeFixtures } from '../support/stores.ts';
import { inProcess } from './support.ts';

for (const fixture of storeFixtures()) {
  describe.skipIf(!fixture.available)(`scheduled backups in the service (${fixture.name})`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'tai-scheduled-'));
    afterAll(async () => {
      await fixture.cleanup();
      rmSync(dir, { recursive: true, force: true });
    });

    it('takes a backup of the store it serves, which verifies', async () => {
      const store = await fixture.open();
      const where = fixture.location() ?? '';
      const dbUrl = fixture.name === 'sqlite' ? `sqlite:${join(where, 'tai.db')}` : `${PG_URL ?? ''}?schema=${where}`;
      const svc = await startTestService(store, { env: { TAI_BACKUP_DIR: dir, TAI_DB_URL: dbUrl } });
      try {
        const backups = svc.service.backups;
        if (backups === null) throw new Error('TAI_BACKUP_DIR set, yet no schedule');
        await onboard(svc, 'Acme');
        // A signed-in operator's session is a credential: it is not backed up (nor restored).
        await signInOps(svc.service.app);
        const health = await svc.call('GET', '/health');
        expect(health.status).toBe(200);
        await backups.runNow();
        const [name, ...others] = readdirSync(dir);
        expect(others).toEqual([]);
        expect(name).toMatch(/^tai-backup-\d{8}T\d{9}Z$/);
        expect(backups.lastSuccessSeconds()).toBeGreaterThan(Date.now() / 1000 - 60);
        const keys = svc.service.ctx.signer.keyring().map((e) => e.key);
        const outcome = await verifyBackup({ dir: join(dir, name ?? ''), trusted: keys, checkerFor: inProcess });
        expect(outcome.problems).toEqual([]);
        expect(outcome.manifest.tables.find((t) => t.name === 'customers')?.rows).toBe(1);
        expect(outcome.manifest.tables.map((t) => t.name)).not.toContain('ops_sessions');
        expect(readdirSync(join(dir, name ?? '', 'tables'))).not.toContain('ops_sessions.jsonl.gz');
      } finally {
        await svc.close();
      }
    });
  });
}
