/**
 * README's walkthrough, end to end, as a new user runs it: `tai serve` on a fresh data dir with the
 * simulator beside it and a witness pinned, then `bash docs/walkthrough.sh`, which checks every step shows
 * what README says and stops at the first that does not.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { portBelowEphemeralRange } from '../support/ports.ts';

const exited = (child: ChildProcess): Promise<number | null> =>
  new Promise((resolve) => child.on('exit', (code) => resolve(code)));

describe('docs/walkthrough.sh', () => {
  const work = mkdtempSync(join(tmpdir(), 'tai-walkthrough-'));
  let service: ChildProcess | undefined;
  afterAll(() => {
    service?.kill('SIGKILL');
    rmSync(work, { recursive: true, force: true });
  });

  it('runs every step of README against a fresh `tai serve`', { timeout: 180_000 }, async () => {
    const witnessKey = join(work, 'witness.key');
    const vkey = spawnSync(process.execPath, ['bin/tai.mjs', 'witness', 'vkey', '--key', witnessKey], {
      encoding: 'utf8',
    });
    expect(vkey.status, vkey.stderr).toBe(0);
    const witnessPort = await portBelowEphemeralRange();
    service = spawn(process.execPath, ['bin/tai.mjs', 'serve'], {
      env: {
        ...process.env,
        PORT: '0',
        HOST: '127.0.0.1',
        TAI_SIM_PORT: '0',
        TAI_DATA_DIR: join(work, 'data'),
        TAI_LOG_LEVEL: 'info',
        TAI_WITNESSES: `http://127.0.0.1:${witnessPort} ${vkey.stdout.trim()}`,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const stopped = exited(service);
    const lines = createInterface({ input: service.stdout ?? process.stdin });
    const seen = { admin: '', control: '', api: '' };
    await new Promise<void>((resolve, reject) => {
      void stopped.then((code) => reject(new Error(`tai serve exited with ${code}`)));
      lines.on('line', (line) => {
        seen.admin ||= /^\s+(tai_admin_\S+)$/.exec(line)?.[1] ?? '';
        seen.control ||= /^Control API:\s+(http:\/\/\S+)\/_sim/.exec(line)?.[1] ?? '';
        if (line.includes('"tai serving"')) {
          seen.api = (JSON.parse(line) as { address: string }).address;
          resolve();
        }
      });
    });
    expect(seen.admin).not.toBe('');
    expect(seen.control).not.toBe('');

    const walk = spawn('bash', ['docs/walkthrough.sh'], {
      env: {
        ...process.env,
        ADMIN: seen.admin,
        WITNESS_KEY: witnessKey,
        MAIL_DIR: join(work, 'data', 'mail'),
        API: seen.api,
        SIM: seen.control,
        WITNESS_PORT: String(witnessPort),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    walk.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    walk.stderr?.on('data', (d: Buffer) => (out += d.toString()));
    const code = await exited(walk);
    expect(code, out).toBe(0);
    expect(out).toContain('ok: "total": "241.00" with a quote receipt');
    expect(out).toContain('ok: publish refused with TAI-READONLY-CUSTOMER');
    // The revenue step: usage entries (a publish beyond the included one, the deployment's unit-days) whose
    // receipts tai revenue verify found in the exported log.
    expect(out).toContain('ok: one usage entry: the second publish, beyond the one included, 0.50');
    expect(Number(/: (\d+) usage entries name receipts of the log/.exec(out)?.[1] ?? 0)).toBeGreaterThan(1);
    expect(out.trimEnd().endsWith('walkthrough: every step showed what the README says')).toBe(true);

    service.kill('SIGTERM');
    expect(await stopped).toBe(0);
  });
});
