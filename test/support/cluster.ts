/**
 * Several real `tai serve` processes (bin/tai.mjs, as an operator runs them) on one PostgreSQL database of
 * their own, sharing one receipt keyring and audit secret, with one insurer simulator. The database is
 * created for the test and dropped after it; the shared server itself is never touched otherwise.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { openFileKeyring } from '../../src/adapters/keys/file-keyring.ts';
import { loadOrCreateSecret } from '../../src/adapters/keys/secret-file.ts';
import type { InsurerSimulator } from '../../src/edges/insurer-sim/index.ts';
import { issueExampleConfig } from '../fixtures/pricing/issue-example.ts';

// No vitest here: scripts/soak.ts runs this outside the test runner.
const PG_URL = process.env['TAI_TEST_PG_URL'];
const ADMIN_TOKEN = 'test-admin-token-fleet-0123456789abcdef';
export const FLEET_CONTRACT = {
  reference: 'MSA-2026-001',
  startsOn: '2026-01-01',
  endsOn: '2027-12-31',
  currency: 'USD',
  monthlyFee: '1500.00',
  features: ['publish', 'deploy'],
  limits: { maxActiveDeployments: 3, capacityUnits: 100 },
  cancellationTerms: '30 days written notice',
  signature: { signedBy: 'Dana Buyer, CFO', signedAt: '2026-01-01T10:00:00Z' },
};

export interface Reply {
  readonly status: number;
  readonly body: any;
}

export interface Instance {
  readonly name: string;
  readonly url: string;
  readonly child: ChildProcess;
  /** The last lines it wrote (for failure messages). */
  tail(): string;
  call(
    method: string,
    path: string,
    options?: { token?: string | null; body?: unknown; headers?: Record<string, string> },
  ): Promise<Reply>;
}

/** A database of the test's own on the shared server: `url` names it; `drop()` removes it. */
export const createDatabase = async (prefix: string): Promise<{ url: string; name: string; drop(): Promise<void> }> => {
  if (!PG_URL) throw new Error('TAI_TEST_PG_URL is not set');
  const name = `${prefix}_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
};

/** A directory holding the keyring and audit secret every instance is configured with. */
export const sharedKeys = (): { dir: string; env: Record<string, string> } => {
  const dir = mkdtempSync(join(tmpdir(), 'tai-fleet-keys-'));
  const keys = join(dir, 'receipt-keys.json');
  const secret = join(dir, 'audit-secret');
  openFileKeyring(keys, { create: true, nowMs: Date.now() });
  loadOrCreateSecret(secret, true);
  return { dir, env: { TAI_RECEIPT_KEY_PATH: keys, TAI_AUDIT_SECRET_PATH: secret } };
};

const callAt =
  (url: string): Instance['call'] =>
  async (method, path, o = {}) => {
    const headers: Record<string, string> = { ...o.headers };
    const token = o.token === undefined ? ADMIN_TOKEN : o.token;
    if (token !== null) headers['authorization'] = `Bearer ${token}`;
    const body = o.body === undefined ? undefined : JSON.stringify(o.body);
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${url}${path}`, { method, headers, ...(body === undefined ? {} : { body }) });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON
    }
    return { status: res.status, body: parsed };
  };

/** Starts `tai serve` with `env` on a free port; resolves once it logs that it is serving. */
export const startInstance = (name: string, env: Record<string, string>, startTimeoutMs = 120_000): Promise<Instance> =>
  new Promise((resolve, reject) => {
    const dataDir = mkdtempSync(join(tmpdir(), `tai-fleet-${name}-`));
    const child = spawn(process.execPath, ['bin/tai.mjs', 'serve'], {
      env: {
        ...process.env,
        NODE_ENV: 'development',
        PORT: '0',
        HOST: '127.0.0.1',
        TAI_DATA_DIR: dataDir,
        TAI_ADMIN_TOKEN: ADMIN_TOKEN,
        TAI_LOG_LEVEL: 'info',
        TAI_AUTH_FAILURE_BURST: '1000000',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: string[] = [];
    const keep = (line: string): void => {
      lines.push(line);
      if (lines.length > 200) lines.shift();
    };
    const tail = (): string => lines.slice(-40).join('\n');
    child.stderr.setEncoding('utf8').on('data', (d: string) => keep(d));
    const timer = setTimeout(() => reject(new Error(`${name} did not start in time:\n${tail()}`)), startTimeoutMs);
    let started = false;
    createInterface({ input: child.stdout }).on('line', (line) => {
      keep(line);
      if (started || !line.includes('"tai serving"')) return;
      started = true;
      clearTimeout(timer);
      const url = (JSON.parse(line) as { address: string }).address;
      resolve({ name, url, child, tail, call: callAt(url) });
    });
    child.on('exit', (code, signal) => {
      rmSync(dataDir, { recursive: true, force: true });
      if (!started) {
        clearTimeout(timer);
        reject(new Error(`${name} exited (${code ?? signal}) before serving:\n${tail()}`));
      }
    });
  });

/** SIGTERM, then SIGKILL if it has not exited in 10 s; resolves when it has exited. */
export const stopInstance = (instance: Instance): Promise<void> =>
  new Promise((resolve) => {
    const { child } = instance;
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });

/** Polls `probe` every `everyMs` until it returns a value other than undefined; fails after `withinMs`. */
export const waitFor = async <T>(
  what: string,
  probe: () => Promise<T | undefined>,
  withinMs: number,
  everyMs = 50,
): Promise<T> => {
  const until = Date.now() + withinMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out after ${withinMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
};

const DAY = 86_400_000;

/** A prod customer set up through `via`, its certificate linked through `linkVia`. */
export const insured = async (via: Instance, linkVia: Instance, sim: InsurerSimulator, name: string) => {
  const created = await via.call('POST', '/v1/admin/customers', {
    body: { name, contactEmail: `${name}@example.com`, mode: 'prod' },
  });
  const must = (what: string, r: Reply, ok: (status: number) => boolean): void => {
    if (!ok(r.status)) throw new Error(`${what} answered ${r.status}: ${JSON.stringify(r.body)}`);
  };
  must('create customer', created, (s) => s === 201);
  const id = created.body.id as string;
  const key = await via.call('POST', `/v1/admin/customers/${id}/api-keys`, {
    body: { scopes: ['account:read', 'marketplace:publish', 'deploy:write', 'receipts:read'] },
  });
  must('create key', key, (s) => s === 201);
  must(
    'put contract',
    await via.call('PUT', `/v1/admin/customers/${id}/contract`, { body: FLEET_CONTRACT }),
    (s) => s === 200,
  );
  must(
    'put pricing',
    await via.call('PUT', `/v1/admin/customers/${id}/pricing`, { body: issueExampleConfig }),
    (s) => s < 300,
  );
  const cert = sim.createCertificate({
    insured: { name, reference: id },
    effectiveFrom: new Date(Date.now() - DAY).toISOString(),
    expiresAt: new Date(Date.now() + 365 * DAY).toISOString(),
  });
  const linked = await linkVia.call('PUT', `/v1/admin/customers/${id}/insurance`, {
    body: { certificateId: cert.certificateId },
  });
  must('link certificate', linked, (s) => s === 200);
  return { id, token: key.body.secret as string, certificateId: cert.certificateId };
};

export const publish = (node: Instance, token: string) =>
  node.call('POST', '/v1/marketplace/publish', { token, body: { segment: 'smb', visibility: 'public' } });
