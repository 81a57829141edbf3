/**
 * One instance SIGKILLed mid-deployment and mid-delivery, with another on the same PostgreSQL database:
 * instance a runs two background `command` deployments (their commands still running), holds a webhook
 * delivery whose consumer has not answered, and has keyed requests in flight when it is killed. Instance b
 * takes it all over once a's lease (3 s here) has lapsed: both commands stopped and never run again, both
 * deployments rolled back with a receipt and a notification, capacity released (the customer deploys
 * again), the working directories removed, the delivery sent again with the same webhook id and answered
 * once, and every key answering. The takeover time is printed; the wait for it is bounded at 30 s, the
 * bound the issue sets for the default lease.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyBundle } from '../../src/domain/receipts/bundle.ts';
import { startInsurerSimulator, type InsurerSimulator } from '../../src/edges/insurer-sim/index.ts';
import {
  createDatabase,
  FLEET_CONTRACT,
  insured,
  sharedKeys,
  startInstance,
  stopInstance,
  waitFor,
  type Instance,
} from '../support/cluster.ts';
import { fixture } from '../support/executor.ts';
import { startWebhookConsumer, type WebhookConsumer } from '../support/receivers/webhook-consumer.ts';
import { processesUnder } from '../support/serve-process.ts';
import { PG_URL } from '../support/stores.ts';

const SIM_KEY = 'sk_test_fleet_takeover';
const LEASE_S = 3;
const TAKEOVER_BOUND_MS = 30_000;
const deploy = (o: Record<string, unknown> = {}) => ({
  contractReference: 'MSA-2026-001',
  target: 'command',
  capacityUnits: 40,
  artifact: 'registry.example/app:1.0',
  ...o,
});

describe.skipIf(!PG_URL)('an instance killed mid-deployment and mid-delivery (postgres)', () => {
  let db: Awaited<ReturnType<typeof createDatabase>> | undefined;
  let keys: ReturnType<typeof sharedKeys> | undefined;
  let sim: InsurerSimulator | undefined;
  let consumer: WebhookConsumer | undefined;
  const nodes: Instance[] = [];
  const workRoot = mkdtempSync(join(tmpdir(), 'tai-fleet-takeover-work-'));

  beforeAll(async () => {
    db = await createDatabase('tai_takeover');
    keys = sharedKeys();
    sim = await startInsurerSimulator({ apiKey: SIM_KEY, seed: 11, issuanceDelayMs: 1_000 });
    consumer = await startWebhookConsumer([]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all(nodes.map(stopInstance));
    await consumer?.close();
    await sim?.close();
    await db?.drop();
    if (keys) rmSync(keys.dir, { recursive: true, force: true });
    rmSync(workRoot, { recursive: true, force: true });
  }, 60_000);

  it(
    'another instance takes the deployments, the delivery and the keys over within the lease',
    { timeout: 240_000 },
    async () => {
      if (db === undefined || keys === undefined || sim === undefined || consumer === undefined)
        throw new Error('not set up');
      const env = {
        TAI_DB_URL: db.url,
        TAI_INSURER_URL: sim.url,
        TAI_INSURER_API_KEY: SIM_KEY,
        TAI_INSTANCE_LEASE: `${LEASE_S}s`,
        // One host, one work root: the survivor can stop the dead one's process groups and remove its files.
        TAI_DEPLOY_WORK_DIR: workRoot,
        TAI_DEPLOY_COMMAND: fixture('slow.sh'),
        TAI_DEPLOY_TIMEOUT: '10m',
        ...keys.env,
      };
      // b starts only once a holds the delivery, so the delivery in flight is a's and no one else's.
      const a = await startInstance('a', env);
      nodes.push(a);
      const c = await insured(a, a, sim, 'takeover');
      // Room for ten active deployments, so only capacity (100 units) refuses one below.
      const limits = { maxActiveDeployments: 10, capacityUnits: 100 };
      const contract = await a.call('PUT', `/v1/admin/customers/${c.id}/contract`, {
        body: { ...FLEET_CONTRACT, limits },
      });
      expect(contract.status, JSON.stringify(contract.body)).toBe(200);
      const hooks = await a.call('POST', `/v1/admin/customers/${c.id}/api-keys`, {
        body: { scopes: ['webhooks:write'] },
      });
      const made = await a.call('POST', '/v1/me/webhooks', {
        token: hooks.body.secret,
        body: { url: consumer.url, events: ['deploy.refused'] },
      });
      expect(made.status, JSON.stringify(made.body)).toBe(201);
      consumer.useSecrets([made.body.secret]);

      const background = await Promise.all([
        a.call('POST', '/v1/customer/deploy', { token: c.token, body: deploy() }),
        a.call('POST', '/v1/customer/deploy', { token: c.token, body: deploy() }),
      ]);
      expect(background.map((r) => r.status)).toEqual([202, 202]);
      const ids = background.map((r) => r.body.deploymentId as string);
      await waitFor(
        'both commands running',
        () => Promise.resolve(processesUnder(workRoot).length === 2 ? true : undefined),
        30_000,
      );
      const orphans = processesUnder(workRoot);

      // 80 of 100 units held: a third deployment is refused, and its notification goes to the webhook,
      // whose consumer does not answer a's attempt.
      consumer.fail({ kind: 'hang' }, 1);
      const refused = await a.call('POST', '/v1/customer/deploy', { token: c.token, body: deploy() });
      expect([refused.status, refused.body.error?.code]).toEqual([409, 'TAI-DEPLOY-CAPACITY-EXCEEDED']);
      await consumer.arrived(1);
      const held = consumer.requests[0]?.headers['webhook-id'];
      expect(held).toEqual(expect.any(String));

      const b = await startInstance('b', env);
      nodes.push(b);
      // Keyed requests in flight when the kill comes: whatever each reached, none may stay stuck.
      const keyed = deploy({ target: 'record', capacityUnits: 1 });
      const keyNames = Array.from({ length: 4 }, (_, i) => `takeover-key-${i}`);
      const cut = keyNames.map((k) =>
        a
          .call('POST', '/v1/customer/deploy', { token: c.token, body: keyed, headers: { 'idempotency-key': k } })
          .catch(() => null),
      );
      const exited = new Promise((resolve) => a.child.once('exit', resolve));
      a.child.kill('SIGKILL');
      await exited;
      const killedAt = Date.now();
      await Promise.all(cut);
      // Killing the service does not stop the commands it started (their own process groups).
      expect(processesUnder(workRoot).sort()).toEqual([...orphans].sort());

      const rolledBack = await Promise.all(
        ids.map((id) =>
          waitFor(
            `b to roll back ${id}`,
            async () => {
              const d = await b.call('GET', `/v1/deployments/${id}`, { token: c.token });
              return d.body?.state === 'rolled_back' ? d.body : undefined;
            },
            TAKEOVER_BOUND_MS,
          ),
        ),
      );
      const tookMs = Date.now() - killedAt;
      for (const d of rolledBack) {
        expect(d).toMatchObject({ state: 'rolled_back', outcome: { reason: 'aborted' } });
        expect(d.receipts).toHaveLength(2);
      }
      await waitFor(
        'the orphaned commands stopped',
        () => Promise.resolve(processesUnder(workRoot).length === 0 ? true : undefined),
        TAKEOVER_BOUND_MS,
      );
      expect(readdirSync(workRoot)).toEqual([]);

      // The delivery a held is sent again by b, with the same id, and answered once.
      await waitFor(
        'the held delivery sent again',
        () => Promise.resolve(consumer?.deliveries.some((d) => d.id === held) === true ? true : undefined),
        TAKEOVER_BOUND_MS,
      );
      const redelivered = Date.now() - killedAt;
      expect(consumer.deliveries.filter((d) => d.id === held)).toHaveLength(1);
      expect(consumer.deliveries.map((d) => d.payload['type'])).toEqual(['deploy.refused']);
      console.log(
        `[fleet] a killed (lease ${LEASE_S} s): b rolled its deployments back after ${tookMs} ms, sent its delivery after ${redelivered} ms`,
      );

      // Every key answers: it ran (201) or replays; none is refused as still in flight.
      for (const k of keyNames) {
        const r = await b.call('POST', '/v1/customer/deploy', {
          token: c.token,
          body: keyed,
          headers: { 'idempotency-key': k },
        });
        expect(r.status, `${k}: ${JSON.stringify(r.body)}`).toBe(201);
      }
      // The capacity the orphans held is free again, and the commands were not run a second time.
      const again = await b.call('POST', '/v1/customer/deploy', {
        token: c.token,
        body: deploy({ target: 'record', capacityUnits: 90 }),
      });
      expect(again.status, JSON.stringify(again.body)).toBe(201);
      expect(processesUnder(workRoot)).toEqual([]);

      const notes = await b.call('GET', `/v1/admin/notifications?customer=${c.id}&limit=100`);
      const ends = (notes.body.items as { type: string; notificationId: string }[]).filter(
        (n) => n.type === 'deployment.rolled_back',
      );
      expect(new Set(ends.map((n) => n.notificationId)).size).toBe(2);
      const bundle = await b.call('GET', '/v1/ledger/export', { token: c.token });
      expect(verifyBundle(bundle.body)).toMatchObject({ ok: true });
      const receiptIds: string[] = bundle.body.receipts.map((r: { body: { id: string } }) => r.body.id);
      expect(new Set(receiptIds).size).toBe(receiptIds.length);
    },
  );
});
