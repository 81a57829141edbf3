/**
 * `tai serve` failing to start, as an operator sees it in a real process: one line naming the problem and
 * the setting that changes it, the exit code README's table gives, no stack trace. Production runs only
 * the compiled build through bin/tai.mjs; its case runs the same `main` from the sources (through tsx), so
 * the test never depends on a stale dist/.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/edges/cli/main.ts';
import { portBelowEphemeralRange } from '../support/ports.ts';

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const MAIN =
  "import { main } from './src/edges/cli/main.ts'; process.exitCode = await main(process.argv.slice(1), process);";

/** Runs `tai serve` in a child; a child still running after the deadline is killed and fails the test. */
const serve = (env: Record<string, string>, production = false): Promise<Run> =>
  new Promise((resolve, reject) => {
    const args = production
      ? ['--import', 'tsx', '--input-type=module', '-e', MAIN, 'serve']
      : ['bin/tai.mjs', 'serve'];
    const child = spawn(process.execPath, args, {
      env: { ...process.env, HOST: '127.0.0.1', TAI_LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const deadline = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`tai serve did not exit: ${stdout}${stderr}`));
    }, 60_000);
    child.on('exit', (code) => {
      clearTimeout(deadline);
      resolve({ code, stdout, stderr });
    });
  });

const hold = (): Promise<{ server: Server; port: number }> =>
  new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () =>
      resolve({ server, port: (server.address() as { port: number }).port }),
    );
    server.on('error', reject);
  });

/** A closed port (below the ephemeral range, so no other test's server is given it meanwhile). */
const closedPort = portBelowEphemeralRange;

const oneLine = (r: Run): string => {
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.stderr.endsWith('\n')).toBe(true);
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  return r.stderr.trimEnd();
};

describe('tai serve start-up failures', () => {
  let work = '';
  const held: Server[] = [];
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'tai-startup-'));
  });
  afterAll(async () => {
    await Promise.all(held.map((s) => new Promise((r) => s.close(r))));
    rmSync(work, { recursive: true, force: true });
  });
  const dir = (name: string): string => join(work, name);

  it.concurrent("the service's port in use: exit 75, naming PORT", async () => {
    const { server, port } = await hold();
    held.push(server);
    const r = await serve({ PORT: String(port), TAI_SIM_PORT: '0', TAI_DATA_DIR: dir('busy') });
    expect(r.code).toBe(75);
    expect(oneLine(r)).toBe(
      `tai serve: the service cannot listen on 127.0.0.1:${port}: the port is in use: set PORT or HOST`,
    );
  });

  it.concurrent("the simulator's port in use: exit 75, naming TAI_SIM_PORT", async () => {
    const { server, port } = await hold();
    held.push(server);
    const r = await serve({ PORT: '0', TAI_SIM_PORT: String(port), TAI_DATA_DIR: dir('sim') });
    expect(r.code).toBe(75);
    expect(oneLine(r)).toMatch(
      new RegExp(
        `^tai serve: the insurer simulator cannot listen on 127\\.0\\.0\\.1:${port}: the port is in use: set TAI_SIM_PORT `,
      ),
    );
  });

  it.concurrent('an unreachable database: exit 69, naming TAI_DB_URL and hiding its credentials', async () => {
    const port = await closedPort();
    const r = await serve({
      PORT: '0',
      TAI_DATA_DIR: dir('db'),
      TAI_INSURER_URL: 'http://127.0.0.1:9',
      TAI_DB_URL: `postgres://tai:hunter2@127.0.0.1:${port}/tai`,
    });
    expect(r.code).toBe(69);
    expect(oneLine(r)).toBe(
      `tai serve: cannot reach the database postgres://***@127.0.0.1:${port}/tai (ECONNREFUSED): check TAI_DB_URL`,
    );
    expect(r.stdout + r.stderr).not.toContain('hunter2');
  });

  it.concurrent('production with a key file missing: exit 66, naming the file and its setting', async () => {
    const r = await serve(
      {
        NODE_ENV: 'production',
        PORT: '0',
        TAI_ADMIN_TOKEN: 'startup-test-admin-token-0123456789',
        TAI_DB_URL: `sqlite:${dir('prod/tai.db')}`,
        TAI_INSURER_URL: 'http://127.0.0.1:9',
        TAI_RECEIPT_KEY_PATH: dir('prod/receipt-keys.json'),
        TAI_AUDIT_SECRET_PATH: dir('prod/audit-secret'),
      },
      true,
    );
    expect(r.code).toBe(66);
    expect(oneLine(r)).toBe(
      `tai serve: the receipt keyring ${dir('prod/receipt-keys.json')}: does not exist: check TAI_RECEIPT_KEY_PATH (tai keys init creates the production key files)`,
    );
  });

  it('a data dir that cannot be created: exit 73, naming TAI_DATA_DIR (in-process)', async () => {
    const file = dir('a-file');
    writeFileSync(file, 'not a directory');
    vi.stubEnv('TAI_DATA_DIR', file);
    vi.stubEnv('PORT', '0');
    vi.stubEnv('TAI_SIM_PORT', '0');
    try {
      const err = new PassThrough();
      const code = await main(['serve'], { stdout: new PassThrough(), stderr: err });
      expect(code).toBe(73);
      expect(String(err.read())).toBe(
        `tai serve: cannot create ${file} (EEXIST): check TAI_DATA_DIR (and TAI_DB_URL or the TAI_*_PATH and TAI_*_DIR settings naming it)\n`,
      );
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
