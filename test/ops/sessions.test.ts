/**
 * Dashboard sessions live in the store: a session started through one app is accepted by another app on the
 * same database (two at once on PostgreSQL, as behind a load balancer; one after the other on SQLite, as across
 * a restart), sign-out through either ends it for both, expiry runs in virtual time, and the stored row holds
 * only the id's SHA-256, which does not open a page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqlConn } from '../../src/adapters/store/sql/conn.ts';
import { RAW_CONN } from '../../src/adapters/store/sql/repositories.ts';
import { SESSION_IDLE_MS, SESSION_MAX_MS } from '../../src/edges/dashboard/sessions.ts';
import { ManualClock } from '../../src/domain/shared/clock.ts';
import { sha256Hex } from '../../src/services/auth/secrets.ts';
import { startTestService, type TestService } from '../support/service.ts';
import { storeFixtures } from '../support/stores.ts';
import { signInOps } from './session.ts';

const rows = async (svc: TestService) =>
  svc.service.ctx.store.read((r) =>
    (r as unknown as { [RAW_CONN]: SqlConn })[RAW_CONN].all<Record<string, unknown>>('SELECT * FROM ops_sessions'),
  );

const page = (svc: TestService, cookie: string) =>
  svc.service.app.inject({ method: 'GET', url: '/ops', headers: { cookie } });

for (const fixture of storeFixtures()) {
  describe.skipIf(!fixture.available)(`ops sessions across app instances (${fixture.name})`, () => {
    const clock = new ManualClock('2026-03-01T09:00:00Z');
    let a: TestService | undefined;
    let b: TestService | undefined;
    const first = () =>
      a ??
      (() => {
        throw new Error('not started');
      })();
    /** The other app: beside the first on PostgreSQL; on SQLite (one process per file) the first, restarted. */
    const other = async (): Promise<TestService> => {
      if (b !== undefined) return b;
      if (fixture.name === 'sqlite') {
        await first().close();
        a = undefined;
      }
      b = await startTestService(await fixture.reopen(), { clock });
      return b;
    };

    beforeAll(async () => {
      a = await startTestService(await fixture.open(), { clock });
    });
    afterAll(async () => {
      await a?.close();
      await b?.close();
      await fixture.cleanup();
    });

    it('accepts a session started elsewhere, stores no usable id, and signs out everywhere', async () => {
      const ops = await signInOps(first().service.app);
      const id = ops.cookie.slice('tai_ops_session='.length);
      const csrf = await ops.csrf();
      const stored = await rows(first());
      expect(stored).toHaveLength(1);
      const row = stored[0] ?? {};
      expect(row['id_hash']).toBe(sha256Hex(id));
      expect(Object.values(row).map(String)).not.toContain(id);
      expect(Object.values(row).some((v) => String(v).includes(id))).toBe(false);

      const elsewhere = await other();
      const res = await page(elsewhere, ops.cookie);
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain(`name="csrf" value="${csrf}"`);
      // The stored hash, presented as a cookie, is just an unknown session.
      const forged = await page(elsewhere, `tai_ops_session=${String(row['id_hash'])}`);
      expect([forged.statusCode, forged.headers['location']]).toEqual([303, '/ops/sign-in?next=%2Fops']);

      const out = await elsewhere.service.app.inject({
        method: 'POST',
        url: '/ops/sign-out',
        headers: { cookie: ops.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ csrf }).toString(),
      });
      expect(out.statusCode).toBe(303);
      expect(await rows(elsewhere)).toHaveLength(0);
      for (const svc of [a, b]) if (svc !== undefined) expect((await page(svc, ops.cookie)).statusCode).toBe(303);
    });

    it('expires idle and old sessions in virtual time on every app, and sweeps expired rows at sign-in', async () => {
      const elsewhere = await other();
      const apps = [a, b].filter((s): s is TestService => s !== undefined);
      const idle = await signInOps(elsewhere.service.app);
      clock.advance(SESSION_IDLE_MS - 1000);
      for (const svc of apps) expect((await page(svc, idle.cookie)).statusCode).toBe(200);
      clock.advance(SESSION_IDLE_MS);
      for (const svc of apps) expect((await page(svc, idle.cookie)).statusCode).toBe(303);
      expect(await rows(elsewhere)).toHaveLength(0);

      // Used every 20 minutes, a session still ends 12 hours after sign-in.
      const busy = await signInOps(elsewhere.service.app);
      const abandoned = await signInOps(elsewhere.service.app);
      for (let t = 0; t + 20 * 60_000 < SESSION_MAX_MS; t += 20 * 60_000) {
        clock.advance(20 * 60_000);
        const svc = apps[(t / (20 * 60_000)) % apps.length] ?? elsewhere;
        expect((await page(svc, busy.cookie)).statusCode).toBe(200);
      }
      clock.advance(20 * 60_000);
      expect((await page(elsewhere, busy.cookie)).statusCode).toBe(303);
      // The abandoned session was never presented again: the next sign-in sweeps its row.
      expect((await rows(elsewhere)).map((r) => r['id_hash'])).toEqual([
        sha256Hex(abandoned.cookie.slice('tai_ops_session='.length)),
      ]);
      await signInOps(elsewhere.service.app);
      expect(await rows(elsewhere)).toHaveLength(1);
    });
  });
}
