/** `npm start` as a user runs it: a fresh data dir, the simulator beside it, /health answering within 5 s. */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';

describe('tai serve', () => {
  // The 5-second start-up figure is measured, not asserted (timing assertions flake on shared machines).
  it('starts on a fresh data dir with the simulated insurer and answers /health', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tai-serve-'));
    const started = Date.now();
    const child = spawn(process.execPath, ['bin/tai.mjs', 'serve'], {
      env: {
        ...process.env,
        PORT: '0',
        HOST: '127.0.0.1',
        TAI_DATA_DIR: dataDir,
        TAI_SIM_PORT: '0',
        TAI_LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let sawBanner = false;
      let adminToken = '';
      const address = await new Promise<string>((resolve, reject) => {
        child.on('exit', (code) => reject(new Error(`serve exited with ${code}`)));
        createInterface({ input: child.stdout }).on('line', (line) => {
          if (line.includes('SIMULATED INSURER')) sawBanner = true;
          if (/^\s+tai_admin_/.test(line)) adminToken = line.trim();
          if (line.includes('"tai serving"')) resolve((JSON.parse(line) as { address: string }).address);
        });
      });
      // The deep report is the operator's: the token serve printed opens it.
      const health = await fetch(`${address}/health?deep=true`, { headers: { authorization: `Bearer ${adminToken}` } });
      process.stderr.write(`tai serve answered /health ${Date.now() - started} ms after spawn\n`);
      expect(health.status).toBe(200);
      expect(((await health.json()) as { checks: Record<string, unknown> }).checks).toHaveProperty('insurer');
      expect(sawBanner).toBe(true);
      expect(adminToken).toMatch(/^tai_admin_/);
      const stopped = new Promise((resolve) => child.on('exit', resolve));
      child.kill('SIGTERM');
      expect(await stopped).toBe(0);
    } finally {
      child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
