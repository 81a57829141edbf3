/**
 * The compiled build as production runs it: NODE_ENV=production, only dist/ and the production
 * dependencies (no tsx), a real insurer simulator, SQLite. It serves, quotes, runs a `command`
 * deployment, exports receipts that `tai verify` checks on worker threads, and stops on SIGTERM.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInsurerSimulator, type InsurerSimulator } from '../../src/edges/insurer-sim/index.ts';
import { contractBody } from '../support/service.ts';
import { buildDist, productionTree } from './compiled-tree.ts';

const ADMIN = 'compiled-build-admin-token-0123456789';
const REPORT = resolve('test/fixtures/executor/report.sh');
const PRICING = {
  currency: 'USD',
  effectiveFrom: '2026-01-01',
  skus: [{ sku: 'seat', model: 'per_unit', unitPrice: '10.00' }],
};
const CONTRACT = contractBody({ reference: 'MSA-1', endsOn: '2099-12-31' });

const tai = (tree: string, args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [join(tree, 'bin/tai.mjs'), ...args], {
    env: { ...process.env, NODE_ENV: 'production', ...env },
    encoding: 'utf8',
  });

describe('the compiled build in production', () => {
  let tree = '';
  let work = '';
  let sim: InsurerSimulator;
  beforeAll(async () => {
    buildDist();
    tree = productionTree({ withDist: true });
    work = mkdtempSync(join(tmpdir(), 'tai-compiled-run-'));
    sim = await startInsurerSimulator({ host: '127.0.0.1', port: 0, issuanceDelayMs: 0 });
    chmodSync(REPORT, 0o755);
  }, 240_000);
  afterAll(async () => {
    await sim.close();
    rmSync(tree, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });

  it('refuses to run without dist/, naming the build', () => {
    const bare = productionTree({ withDist: false });
    try {
      const run = tai(bare, ['--help']);
      expect(run.status).toBe(78);
      expect(run.stderr).toContain('npm run build');
    } finally {
      rmSync(bare, { recursive: true, force: true });
    }
  });

  it('serves, quotes, deploys with the command executor, and its receipts verify on worker threads', async () => {
    const secrets = tai(tree, ['secrets', 'init', join(work, 'secrets')]);
    expect(secrets.status, secrets.stderr).toBe(0);
    const child = spawn(process.execPath, [join(tree, 'bin/tai.mjs'), 'serve'], {
      env: {
        ...process.env,
        NODE_ENV: 'production',
        PORT: '0',
        HOST: '127.0.0.1',
        TAI_DATA_DIR: join(work, 'data'),
        TAI_DB_URL: `sqlite:${join(work, 'tai.db')}`,
        TAI_ADMIN_TOKEN: ADMIN,
        TAI_INSURER_URL: sim.url,
        TAI_INSURER_API_KEY: sim.apiKey,
        TAI_RECEIPT_KEY_PATH: join(work, 'secrets/receipt-keys.json'),
        TAI_AUDIT_SECRET_PATH: join(work, 'secrets/audit-secret'),
        TAI_DEPLOY_COMMAND: REPORT,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<number | null>((done) => child.on('exit', done));
    try {
      const api = await new Promise<string>((done, fail) => {
        void exited.then((code) => fail(new Error(`serve exited with ${code}`)));
        createInterface({ input: child.stdout }).on('line', (line) => {
          if (line.includes('"tai serving"')) done((JSON.parse(line) as { address: string }).address);
        });
      });
      const call = async (method: string, path: string, token: string, body?: unknown) => {
        const res = await fetch(`${api}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${token}`,
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
        return { status: res.status, body: (await res.json()) as any };
      };
      const deep = await fetch(`${api}/health?deep=true`, { headers: { authorization: `Bearer ${ADMIN}` } });
      expect(deep.status).toBe(200);

      const cus = await call('POST', '/v1/admin/customers', ADMIN, {
        name: 'Compiled Co',
        contactEmail: 'ops@compiled.example',
        mode: 'prod',
      });
      const id = cus.body.id as string;
      const scopes = ['pricing:read', 'deploy:write', 'receipts:read'];
      const key = (await call('POST', `/v1/admin/customers/${id}/api-keys`, ADMIN, { scopes })).body.secret as string;
      expect((await call('PUT', `/v1/admin/customers/${id}/contract`, ADMIN, CONTRACT)).status).toBe(200);
      expect((await call('PUT', `/v1/admin/customers/${id}/pricing`, ADMIN, PRICING)).status).toBe(201);
      const cert = sim.createCertificate({ insured: { name: 'Compiled Co', reference: id } });
      const linked = await call('PUT', `/v1/admin/customers/${id}/insurance`, ADMIN, {
        certificateId: cert.certificateId,
      });
      expect(linked.body).toMatchObject({ writable: true });

      const quote = await call('POST', '/v1/pricing/calculate', key, {
        items: [{ sku: 'seat', quantity: '12' }],
        receipt: true,
      });
      expect(quote.body.total).toBe('120.00');

      const started = await call('POST', '/v1/customer/deploy', key, {
        contractReference: 'MSA-1',
        target: 'command',
        capacityUnits: 10,
        artifact: 'registry.example/compiled:1.0',
      });
      expect(started.status).toBe(202);
      // The command runs in a child process of the service: wait for its outcome (bounded, not timed).
      let deployment = started.body;
      for (let i = 0; i < 500 && !['succeeded', 'failed'].includes(deployment.state as string); i++) {
        await new Promise((r) => setTimeout(r, 20));
        deployment = (await call('GET', `/v1/deployments/${started.body.deploymentId}`, key)).body;
      }
      expect(deployment).toMatchObject({ state: 'succeeded' });

      const bundle = await call('GET', '/v1/ledger/export', key);
      writeFileSync(join(work, 'bundle.json'), JSON.stringify(bundle.body));
      const verified = tai(tree, ['verify', join(work, 'bundle.json'), '--workers', '2']);
      expect(verified.status, verified.stdout + verified.stderr).toBe(0);

      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
