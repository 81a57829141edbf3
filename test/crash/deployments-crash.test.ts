/**
 * Nothing stuck after a SIGKILL (SQLite): a real `tai serve` runs two background `command` deployments
 * (their commands still running) and keyed requests when it is killed. Started again, it finds the
 * unfinished work at once (SQLite serves one instance, so the dead one's lease need not lapse), stops the
 * orphaned commands, records both deployments rolled back (receipt, notification, capacity released,
 * working directories removed), and every key answers. A second `tai serve` on the same file is refused.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyBundle } from '../../src/domain/receipts/bundle.ts';
import { fixture } from '../support/executor.ts';
import { eventually, processesUnder, serveRefused, startServe, type ServeProcess } from '../support/serve-process.ts';
import { contractBody } from '../support/service.ts';

const ADMIN = 'crash-admin-token-0123456789abcdef';
const dir = mkdtempSync(join(tmpdir(), 'tai-deploy-crash-'));
const workRoot = join(dir, 'work');
const env = {
  TAI_DATA_DIR: join(dir, 'data'),
  TAI_DEPLOY_WORK_DIR: workRoot,
  TAI_DEPLOY_COMMAND: fixture('slow.sh'),
  TAI_DEPLOY_TIMEOUT: '10m',
  TAI_ADMIN_TOKEN: ADMIN,
  TAI_INSTANCE_LEASE: '3s',
  TAI_LOG_LEVEL: 'info',
  PORT: '0',
  TAI_SIM_PORT: '0',
};
const running: ServeProcess[] = [];
afterAll(async () => {
  for (const p of running) await p.kill();
  rmSync(dir, { recursive: true, force: true });
});

const call = async (base: string, method: string, path: string, token: string, body?: unknown, key?: string) => {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (key !== undefined) headers['idempotency-key'] = key;
  const res = await fetch(`${base}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as any };
};

const deploy = (o: Record<string, unknown> = {}) => ({
  contractReference: 'MSA-2026-001',
  target: 'command',
  capacityUnits: 40,
  artifact: 'registry.example/app:1.0',
  ...o,
});

describe('background deployments and keyed requests cut by SIGKILL (sqlite)', () => {
  it(
    'leaves nothing stuck: orphans stopped and rolled back, keys answer, capacity free',
    { timeout: 180_000 },
    async () => {
      const first = await startServe(env);
      running.push(first);
      // SQLite serves one instance: a second one on the same database is refused with a stable code.
      const refused = await serveRefused(env);
      expect(refused.code).toBe(75);
      expect(refused.stderr).toContain('TAI-INSTANCE-SQLITE-IN-USE');

      const admin = (m: string, p: string, b?: unknown) => call(first.url, m, p, ADMIN, b);
      const created = await admin('POST', '/v1/admin/customers', {
        name: 'Crash Co',
        contactEmail: 'ops@crash.example',
        mode: 'pilot',
      });
      const customer = created.body.id as string;
      await admin(
        'PUT',
        `/v1/admin/customers/${customer}/contract`,
        contractBody({ limits: { maxActiveDeployments: 20, capacityUnits: 100 } }),
      );
      const key = await admin('POST', `/v1/admin/customers/${customer}/api-keys`, {
        scopes: ['account:read', 'deploy:write', 'receipts:read'],
      });
      const token = key.body.secret as string;

      const background = await Promise.all([
        call(first.url, 'POST', '/v1/customer/deploy', token, deploy()),
        call(first.url, 'POST', '/v1/customer/deploy', token, deploy()),
      ]);
      expect(background.map((r) => r.status)).toEqual([202, 202]);
      const ids = background.map((r) => r.body.deploymentId as string);
      await eventually(() => processesUnder(workRoot).length === 2, 'both commands running');
      const orphans = processesUnder(workRoot);

      // Keyed requests in flight when the kill comes: whatever state each reached, it must not stay stuck.
      const keys = Array.from({ length: 6 }, (_, i) => `crash-key-${i}`);
      const keyed = deploy({ target: 'record', capacityUnits: 1 });
      const cut = keys.map((k) => call(first.url, 'POST', '/v1/customer/deploy', token, keyed, k).catch(() => null));
      await first.kill();
      await Promise.all(cut);
      // Killing the service does not stop the commands it started (their own process groups).
      expect(processesUnder(workRoot).sort()).toEqual([...orphans].sort());

      const second = await startServe(env);
      running.push(second);
      const found = second.logs.find((l) => l['msg'] === 'unfinished work found at start: recovered');
      expect(found, JSON.stringify(second.logs.filter((l) => l['level'] !== 30))).toMatchObject({
        orphanedDeployments: 2,
      });
      // Recovered before it serves: commands stopped, directories gone, both rolled back with a receipt.
      await eventually(() => processesUnder(workRoot).length === 0, 'orphaned commands stopped');
      expect(readdirSync(workRoot)).toEqual([]);
      for (const id of ids) {
        const d = await call(second.url, 'GET', `/v1/deployments/${id}`, token);
        expect(d.body).toMatchObject({ state: 'rolled_back', outcome: { reason: 'aborted' } });
        expect(d.body.receipts).toHaveLength(2);
      }
      // Each rollback's notification reaches the deliveries when the outbox router next runs, which on a busy
      // machine may come between the two rollbacks' transactions.
      const rolledBack = async (): Promise<Set<string>> => {
        const notes = await call(second.url, 'GET', '/v1/admin/notifications?limit=500', ADMIN);
        const items = notes.body.items as { type: string; customerId: string; notificationId: string }[];
        return new Set(
          items
            .filter((n) => n.type === 'deployment.rolled_back' && n.customerId === customer)
            .map((n) => n.notificationId),
        );
      };
      await eventually(async () => (await rolledBack()).size >= 2, 'both rollbacks notified');
      expect((await rolledBack()).size).toBe(2);
      const takeovers = second.logs.filter((l) => l['msg'] === 'took over deployment from a gone instance');
      expect(takeovers.map((l) => l['id']).sort()).toEqual([...ids].sort());

      // Every key answers at once: it ran (201) or replays; none is refused as still in flight.
      for (const k of keys) {
        const r = await call(second.url, 'POST', '/v1/customer/deploy', token, keyed, k);
        expect(r.status, `${k}: ${JSON.stringify(r.body)}`).toBe(201);
      }
      // The capacity the orphans held is free again.
      const again = await call(
        second.url,
        'POST',
        '/v1/customer/deploy',
        token,
        deploy({ target: 'record', capacityUnits: 90 }),
      );
      expect(again.status, JSON.stringify(again.body)).toBe(201);
      const bundle = await call(second.url, 'GET', '/v1/ledger/export', token);
      expect(verifyBundle(bundle.body)).toMatchObject({ ok: true });
      expect(await second.stop()).toBe(0);
    },
  );
});
