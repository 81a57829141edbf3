/**
 * Three `tai serve` processes on one PostgreSQL database with one insurer simulator: one customer's
 * publishes and deploys spread over all three (no double reservation, one log that verifies, every
 * receipt once), a revocation one instance sees reaching the other two, and each certificate checked
 * once per interval by the fleet rather than once per instance. Propagation times are printed, and
 * bounded only generously (10 s) as an upper limit on waiting.
 */
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyBundle } from '../../src/domain/receipts/bundle.ts';
import { startInsurerSimulator, type InsurerSimulator } from '../../src/edges/insurer-sim/index.ts';
import {
  createDatabase,
  insured,
  publish,
  sharedKeys,
  startInstance,
  stopInstance,
  waitFor,
  type Instance,
} from '../support/cluster.ts';
import { PG_URL } from '../support/stores.ts';

const SIM_KEY = 'sk_test_fleet_cluster';
const CHECK_INTERVAL_MS = 4_000;
const deploy = {
  contractReference: 'MSA-2026-001',
  target: 'record',
  capacityUnits: 40,
  artifact: 'registry.example/app:1.0',
};

describe.skipIf(!PG_URL)('three instances on one PostgreSQL', () => {
  let db: Awaited<ReturnType<typeof createDatabase>> | undefined;
  let keys: ReturnType<typeof sharedKeys> | undefined;
  let sim: InsurerSimulator | undefined;
  let nodes: Instance[] = [];
  const node = (i: number): Instance => {
    const n = nodes[i];
    if (n === undefined) throw new Error('cluster not started');
    return n;
  };
  const simulator = (): InsurerSimulator => {
    if (sim === undefined) throw new Error('simulator not started');
    return sim;
  };

  beforeAll(async () => {
    db = await createDatabase('tai_fleet');
    keys = sharedKeys();
    sim = await startInsurerSimulator({ apiKey: SIM_KEY, seed: 7, issuanceDelayMs: 1_000 });
    const env = {
      TAI_DB_URL: db.url,
      TAI_INSURER_URL: sim.url,
      TAI_INSURER_API_KEY: SIM_KEY,
      TAI_CERT_CHECK_INTERVAL: `${CHECK_INTERVAL_MS}ms`,
      ...keys.env,
    };
    nodes = await Promise.all(['a', 'b', 'c'].map((n) => startInstance(n, env)));
  }, 180_000);

  afterAll(async () => {
    await Promise.all(nodes.map(stopInstance));
    await sim?.close();
    await db?.drop();
    if (keys) rmSync(keys.dir, { recursive: true, force: true });
  }, 60_000);

  it(
    'spreads one customer over three instances: no double reservation, one log that verifies, each receipt once',
    { timeout: 120_000 },
    async () => {
      const c = await insured(node(0), node(1), simulator(), 'spread');
      // The link happened on b: every instance must see the certificate active before it clears a write.
      const seen = await Promise.all(
        nodes.map(async (n) => {
          const t0 = Date.now();
          await waitFor(
            `${n.name} to see the link`,
            async () => {
              const r = await n.call('GET', `/v1/admin/customers/${c.id}/insurance`);
              return r.body?.state === 'active' ? true : undefined;
            },
            10_000,
          );
          return Date.now() - t0;
        }),
      );
      console.log(`[fleet] link on b seen by a, b, c after ${seen.join(', ')} ms`);

      const publishes = await Promise.all(Array.from({ length: 30 }, (_, i) => publish(node(i % 3), c.token)));
      expect(publishes.map((r) => r.status)).toEqual(Array(30).fill(201));
      const deploys = await Promise.all(
        Array.from({ length: 9 }, (_, i) =>
          node(i % 3).call('POST', '/v1/customer/deploy', { token: c.token, body: deploy }),
        ),
      );
      const created = deploys.filter((r) => r.status === 201);
      expect(created).toHaveLength(2); // 2 x 40 <= 100 < 3 x 40, whichever instance took them
      expect(deploys.filter((r) => r.status !== 201).map((r) => [r.status, r.body?.error?.code])).toEqual(
        Array(7).fill([409, 'TAI-DEPLOY-CAPACITY-EXCEEDED']),
      );

      const exported = await node(2).call('GET', '/v1/ledger/export', { token: c.token });
      expect(exported.status).toBe(200);
      expect(verifyBundle(exported.body)).toMatchObject({ ok: true });
      const ids: string[] = exported.body.receipts.map((r: { body: { id: string } }) => r.body.id);
      expect(new Set(ids).size).toBe(ids.length);
      const acknowledged = [
        ...publishes.map((r) => r.body.receipt.body.id as string),
        ...created.map((r) => r.body.receipt.body.id as string),
      ];
      expect(acknowledged.filter((id) => !ids.includes(id))).toEqual([]);
    },
  );

  it(
    'a revocation one instance sees reaches the other two (bounded at 10 s; the times are printed)',
    { timeout: 60_000 },
    async () => {
      const c = await insured(node(1), node(1), simulator(), 'revoked');
      for (const n of nodes)
        await waitFor(
          `${n.name} to accept writes`,
          async () => ((await publish(n, c.token)).status === 201 ? true : undefined),
          10_000,
        );
      await simulator().setScenario({ scenario: 'revoked' }, c.certificateId);
      const checked = await node(0).call('POST', `/v1/admin/customers/${c.id}/insurance/check`);
      expect(checked.body.state).toBe('revoked');
      const t0 = Date.now();
      const took = await Promise.all(
        [node(1), node(2)].map(async (n) => {
          const refused = await waitFor(
            `${n.name} to refuse`,
            async () => {
              const r = await publish(n, c.token);
              return r.status === 201 ? undefined : r;
            },
            10_000,
            25,
          );
          expect([refused.status, refused.body.error.code]).toEqual([503, 'TAI-READONLY-CUSTOMER']);
          return Date.now() - t0;
        }),
      );
      console.log(`[fleet] revocation seen by a reached b after ${took[0]} ms, c after ${took[1]} ms`);
    },
  );

  it(
    'the simulator sees each certificate checked once per interval, not once per instance',
    { timeout: 120_000 },
    async () => {
      const customers: Awaited<ReturnType<typeof insured>>[] = [];
      for (let i = 0; i < 3; i++) customers.push(await insured(node(i), node((i + 1) % 3), simulator(), `checked${i}`));
      simulator().resetCalls();
      const t0 = Date.now();
      const checksOf = (certificateId: string): number =>
        simulator()
          .calls()
          .filter((call) => call.method === 'GET' && call.path === `/v1/certificates/${certificateId}`).length;
      await waitFor(
        'three checks of every certificate',
        () => Promise.resolve(customers.every((c) => checksOf(c.certificateId) >= 3) ? true : undefined),
        90_000,
        200,
      );
      const elapsed = Date.now() - t0;
      const counts = customers.map((c) => checksOf(c.certificateId));
      console.log(
        `[fleet] checks per certificate over ${elapsed} ms at a ${CHECK_INTERVAL_MS} ms interval: ${counts.join(', ')}`,
      );
      // Once per interval (plus one for a window edge); three instances checking on their own would give three times that.
      for (const n of counts) expect(n).toBeLessThanOrEqual(Math.floor(elapsed / CHECK_INTERVAL_MS) + 2);
    },
  );
});
