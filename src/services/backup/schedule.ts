/**
 * Scheduled backups: every TAI_BACKUP_INTERVAL a backup into its own directory under TAI_BACKUP_DIR
 * (`tai-backup-<UTC time>`, written as `.partial-...` and renamed once its manifest is signed), then all but
 * the newest TAI_BACKUP_RETENTION complete backups are deleted. The schedule follows the newest complete
 * backup on disk, so restarts neither skip a backup nor take an extra one. The time of the last good backup
 * is kept for the tai_backup_last_success_timestamp_seconds metric; a failure is logged and retried at the
 * next interval (the metric's age is what alerts).
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { MANIFEST_FILE } from '../../adapters/backup/files.ts';
import type { Manifest } from '../../domain/backup/manifest.ts';
import type { Clock } from '../../domain/shared/clock.ts';
import type { SchedulerLog, SchedulerTimers } from '../lifecycle/scheduler.ts';

interface BackupScheduleConfig {
  readonly dir: string;
  readonly intervalMs: number;
  /** Complete backups kept. */
  readonly retention: number;
}

export interface BackupSchedule {
  /** Unix seconds of the last good backup (this process's or one found on disk), or null. */
  lastSuccessSeconds(): number | null;
  /** Takes a backup now (tests, operators); the schedule then counts from it. */
  runNow(): Promise<void>;
  /** Resolves when no backup is running (virtual-time tests wait on it after firing a timer). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

const NAME = /^tai-backup-(\d{8}T\d{9}Z)$/;
/** Never sleep longer than this, so a clock jump is noticed within the hour (and setTimeout never overflows). */
const MAX_SLEEP_MS = 3_600_000;

export const backupName = (ms: number): string => `tai-backup-${new Date(ms).toISOString().replace(/[-:.]/g, '')}`;

const timeOfName = (name: string): number | null => {
  const m = NAME.exec(name)?.[1];
  if (m === undefined) return null;
  const iso = `${m.slice(0, 4)}-${m.slice(4, 6)}-${m.slice(6, 8)}T${m.slice(9, 11)}:${m.slice(11, 13)}:${m.slice(13, 15)}.${m.slice(15, 18)}Z`;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : t;
};

/** Complete backups under `dir`, oldest first, with the time in their names. */
const completeBackups = async (dir: string): Promise<{ name: string; at: number }[]> => {
  if (!existsSync(dir)) return [];
  const out: { name: string; at: number }[] = [];
  for (const name of await readdir(dir)) {
    const at = timeOfName(name);
    if (at !== null && existsSync(join(dir, name, MANIFEST_FILE))) out.push({ name, at });
  }
  return out.sort((a, b) => a.at - b.at);
};

export const startBackupSchedule = async (
  deps: { readonly backup: (outDir: string) => Promise<Manifest>; readonly clock: Clock },
  config: BackupScheduleConfig,
  log: SchedulerLog & { info(obj: Readonly<Record<string, unknown>>, msg: string): void },
  timers: SchedulerTimers,
): Promise<BackupSchedule> => {
  await mkdir(config.dir, { recursive: true });
  let last = (await completeBackups(config.dir)).at(-1)?.at ?? null;
  let due = last === null ? deps.clock.now() : last + config.intervalMs;
  let handle: unknown = null;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;

  const once = async (): Promise<void> => {
    const started = deps.clock.now();
    const name = backupName(started);
    const partial = join(config.dir, `.partial-${name}`);
    try {
      const manifest = await deps.backup(partial);
      await rename(partial, join(config.dir, name));
      last = started;
      due = started + config.intervalMs;
      const rows = manifest.tables.reduce((n, t) => n + t.rows, 0);
      log.info({ backup: name, rows, logs: manifest.logs.length }, 'backup taken');
      const complete = await completeBackups(config.dir);
      for (const old of complete.slice(0, Math.max(0, complete.length - config.retention)))
        await rm(join(config.dir, old.name), { recursive: true, force: true });
    } catch (err) {
      due = deps.clock.now() + config.intervalMs;
      log.error({ err, backup: name }, 'backup failed; trying again at the next interval');
      await rm(partial, { recursive: true, force: true }).catch(() => undefined);
    }
  };

  const arm = (): void => {
    if (stopped) return;
    const wait = Math.max(0, Math.min(MAX_SLEEP_MS, due - deps.clock.now()));
    handle = timers.setTimeout(() => {
      handle = null;
      if (deps.clock.now() < due) return arm();
      running = once().then(arm);
    }, wait);
  };
  arm();

  return {
    lastSuccessSeconds: () => (last === null ? null : Math.floor(last / 1000)),
    runNow: async () => {
      await running;
      if (handle !== null) timers.clearTimeout(handle);
      handle = null;
      running = once();
      await running;
      arm();
    },
    idle: () => running,
    stop: async () => {
      stopped = true;
      if (handle !== null) timers.clearTimeout(handle);
      await running;
    },
  };
};
