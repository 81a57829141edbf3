/**
 * Wires the scheduled backups (TAI_BACKUP_DIR) to the store the service runs on and the receipt signer.
 * Its lastSuccessSeconds() is what the tai_backup_last_success_timestamp_seconds metric reports.
 */
import { describeLocation, parseStoreLocation } from '../adapters/store/snapshot/location.ts';
import { snapshotStores } from '../adapters/store/snapshot/open.ts';
import type { Config } from '../config/schema.ts';
import { startBackupSchedule, type BackupSchedule } from '../services/backup/schedule.ts';
import { takeBackup } from '../services/backup/take-backup.ts';
import type { ServiceContext } from '../services/context.ts';
import type { SchedulerLog, SchedulerTimers } from '../services/lifecycle/scheduler.ts';

export const startScheduledBackups = async (
  config: Config,
  ctx: ServiceContext,
  log: SchedulerLog & { info(obj: Readonly<Record<string, unknown>>, msg: string): void },
  timers: SchedulerTimers,
): Promise<BackupSchedule | null> => {
  if (config.backupDir === undefined) return null;
  const location = parseStoreLocation(config.dbUrl, config.dataDir);
  const deps = { stores: snapshotStores, signer: ctx.signer, clock: ctx.clock };
  return startBackupSchedule(
    {
      clock: ctx.clock,
      backup: (outDir) => takeBackup(deps, { location, description: describeLocation(location), outDir }),
    },
    { dir: config.backupDir, intervalMs: config.backupIntervalMs, retention: config.backupRetention },
    log,
    timers,
  );
};
