/**
 * Durability under SIGKILL: a child appends receipts from 100 concurrent writers and is killed at a
 * random moment, many times over the same log. After each restart, every receipt the child had
 * acknowledged is present and the whole log verifies offline. TAI_CRASH_ROUNDS sets the number of kills.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { openFileKeyring } from '../../src/adapters/keys/file-keyring.ts';
import { verifyBundle } from '../../src/domain/receipts/bundle.ts';
import { systemClock } from '../../src/domain/shared/clock.ts';
import { exportBundle } from '../../src/services/receipts/ledger-reads.ts';
import { storeFixtures } from '../support/stores.ts';

const ROUNDS = Number(process.env['TAI_CRASH_ROUNDS'] ?? 6);
const CUSTOMER = 'cus_01crashcrashcrashcrashcras';

const runAndKill = (args: string[], seed: number): Promise<string[]> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/crash/appender.ts', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const acked: string[] = [];
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line === 'ready') {
        // Kill somewhere between 50 and 400 ms into the load.
        setTimeout(() => child.kill('SIGKILL'), 50 + ((seed * 7919) % 350));
      } else acked.push(line);
    });
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(acked);
      else reject(new Error(`appender exited by itself (code ${code}): ${stderr}`));
    });
  });

for (const fixture of storeFixtures()) {
  describe.skipIf(!fixture.available)(`receipts survive SIGKILL (${fixture.name})`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'tai-crash-'));
    afterAll(async () => {
      rmSync(dir, { recursive: true, force: true });
      await fixture.cleanup();
    });

    it(
      `keeps every acknowledged receipt across ${ROUNDS} kills, and the log verifies`,
      { timeout: 120_000 },
      async () => {
        const keyring = join(dir, 'keys.json');
        const probe = await fixture.open(); // creates the schema / file and applies migrations
        await probe.close();
        const location = fixture.location() ?? '';
        const target = fixture.name === 'sqlite' ? join(location, 'tai.db') : (process.env['TAI_TEST_PG_URL'] ?? '');
        const args = fixture.name === 'sqlite' ? [target, keyring] : [target, keyring, location];
        const allAcked: string[] = [];
        for (let round = 0; round < ROUNDS; round++) {
          const acked = await runAndKill(args, round + 1);
          allAcked.push(...acked);
          const store = await fixture.reopen();
          try {
            const signer = openFileKeyring(keyring, { create: false, nowMs: Date.now() });
            const bundle = await exportBundle(store.scope(CUSTOMER), {
              signer,
              clock: systemClock,
              originPrefix: 'crash.test/receipts',
            });
            const present = new Set(bundle.receipts.map((r) => r.body.id));
            const missing = allAcked.filter((id) => !present.has(id));
            expect(missing, `round ${round}: acknowledged but lost`).toEqual([]);
            expect(verifyBundle(bundle), `round ${round}`).toMatchObject({
              ok: true,
              treeSize: bundle.receipts.length,
            });
          } finally {
            await store.close();
          }
        }
        expect(allAcked.length).toBeGreaterThan(ROUNDS);
      },
    );
  });
}
