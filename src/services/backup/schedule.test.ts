/** The backup schedule in virtual time: when it runs, what it keeps, what it reports, how it fails. */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Manifest } from '../../domain/backup/manifest.ts';
import { ManualClock } from '../../domain/shared/clock.ts';
import { backupName, startBackupSchedule } from './schedule.ts';

const DAY = 86_400_000;

/** Timers that fire only when the test steps virtual time. */
const virtualTimers = (clock: ManualClock) => {
  let pending: { fn: () => void; at: number } | null = null;
  return {
    timers: {
      setTimeout: (fn: () => void, ms: number) => (pending = { fn, at: clock.now() + ms }),
      clearTimeout: () => (pending = null),
    },
    /** Advances to the armed timer and fires it. */
    fire(): void {
      const p = pending;
      if (p === null) throw new Error('no timer armed');
      pending = null;
      clock.set(p.at);
      p.fn();
    },
    armedAt: () => pending?.at ?? null,
  };
};

const log = {
  errors: [] as unknown[],
  info: () => undefined,
  error(obj: unknown) {
    this.errors.push(obj);
  },
};
const dirs: string[] = [];
const newDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'tai-schedule-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  log.errors = [];
});

/** A stand-in for takeBackup that writes a manifest file, or fails when told to. */
const fakeBackup =
  (state: { fail: boolean }) =>
  (outDir: string): Promise<Manifest> => {
    if (state.fail) return Promise.reject(new Error('store unreachable'));
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, 'manifest.json'), '{}');
    return Promise.resolve({ tables: [], logs: [] } as unknown as Manifest);
  };

/** A schedule over `dir` on virtual timers, and a step: fire the armed timer, wait for what it started. */
const started = async (clock: ManualClock, dir: string, state: { fail: boolean }, retention: number) => {
  const v = virtualTimers(clock);
  const schedule = await startBackupSchedule(
    { backup: fakeBackup(state), clock },
    { dir, intervalMs: DAY, retention },
    log,
    v.timers,
  );
  const step = async (): Promise<void> => {
    v.fire();
    await schedule.idle();
  };
  return { v, schedule, step };
};

describe('scheduled backups', () => {
  it('backs up at start when there is none, then every interval, keeping the newest N', async () => {
    const clock = new ManualClock('2026-03-01T00:00:00Z');
    const dir = newDir();
    const { v, schedule, step } = await started(clock, dir, { fail: false }, 3);
    expect(schedule.lastSuccessSeconds()).toBeNull();
    expect(v.armedAt()).toBe(clock.now());
    const fifth = Date.parse('2026-03-05T00:00:00Z') / 1000;
    // The timer sleeps an hour at most, re-arming until the interval is up: 24 steps a day.
    for (let i = 0; i < 200 && schedule.lastSuccessSeconds() !== fifth; i++) await step();
    expect(schedule.lastSuccessSeconds()).toBe(fifth);
    expect(v.armedAt()).toBe(Date.parse('2026-03-05T01:00:00Z'));
    expect(readdirSync(dir).sort()).toEqual(
      ['2026-03-03', '2026-03-04', '2026-03-05'].map((d) => backupName(Date.parse(`${d}T00:00:00Z`))),
    );
    await schedule.stop();
  });

  it('follows the newest backup on disk after a restart, so none is skipped or doubled', async () => {
    const clock = new ManualClock('2026-03-10T06:00:00Z');
    const dir = newDir();
    mkdirSync(join(dir, backupName(Date.parse('2026-03-10T00:00:00Z'))));
    writeFileSync(join(dir, backupName(Date.parse('2026-03-10T00:00:00Z')), 'manifest.json'), '{}');
    mkdirSync(join(dir, backupName(Date.parse('2026-03-10T03:00:00Z')))); // unfinished: no manifest
    const { v, schedule, step } = await started(clock, dir, { fail: false }, 7);
    expect(schedule.lastSuccessSeconds()).toBe(Date.parse('2026-03-10T00:00:00Z') / 1000);
    // The timer sleeps an hour at most and re-arms until the day is up.
    while ((v.armedAt() ?? Infinity) < Date.parse('2026-03-11T00:00:00Z')) await step();
    await step();
    expect(schedule.lastSuccessSeconds()).toBe(Date.parse('2026-03-11T00:00:00Z') / 1000);
    await schedule.stop();
  });

  it('logs a failure, leaves no partial directory and the last success unchanged, and tries again an interval later', async () => {
    const clock = new ManualClock('2026-03-01T00:00:00Z');
    const dir = newDir();
    const state = { fail: false };
    const { v, schedule, step } = await started(clock, dir, state, 7);
    await step();
    const good = schedule.lastSuccessSeconds();
    state.fail = true;
    while ((v.armedAt() ?? 0) < Date.parse('2026-03-02T00:00:00Z')) await step();
    await step();
    expect(log.errors).toHaveLength(1);
    expect(schedule.lastSuccessSeconds()).toBe(good);
    expect(readdirSync(dir).filter((n) => n.startsWith('.partial'))).toEqual([]);
    expect(v.armedAt()).toBe(Date.parse('2026-03-02T01:00:00Z'));
    expect(existsSync(join(dir, backupName(Date.parse('2026-03-01T00:00:00Z'))))).toBe(true);
    await schedule.stop();
  });
});
