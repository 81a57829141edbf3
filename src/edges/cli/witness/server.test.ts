/**
 * The witness's HTTP server against slow clients: one that never finishes its headers, and one that never
 * finishes its body, are each answered 408 and disconnected once the (here shortened) timeouts pass. Whole
 * requests under the default timeouts are the crash test's and the walkthrough's (a whole request here
 * would have to arrive within the shortened timeout, which a loaded machine need not meet).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openJournalState } from '../../../adapters/witness/journal-state.ts';
import { seedKey } from '../../../../test/support/sample-log.ts';
import { createWitnessServer } from './server.ts';

const dir = mkdtempSync(join(tmpdir(), 'tai-witness-server-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const logKey = seedKey('witness server test log');
const PREFIX = 'server.example/receipts';

/** Everything the server writes on a raw connection, once it closes it. */
const rawExchange = (port: number, text: string): Promise<string> =>
  new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(text));
    let answer = '';
    socket.on('data', (d: Buffer) => (answer += d.toString('latin1')));
    socket.on('error', reject);
    socket.on('close', () => resolve(answer));
  });

describe('the witness server', () => {
  it('answers 408 to a client that does not finish its headers or its body, and disconnects it', async () => {
    const state = await openJournalState(join(dir, 'state'));
    const server = createWitnessServer({
      identity: () => ({
        name: 'server.example/w',
        key: seedKey('witness server test witness'),
        originPrefix: PREFIX,
        logKeys: [
          { ...logKey, lifecycle: { createdAt: '2025-01-01T00:00:00.000Z', retiredAt: null, compromisedAt: null } },
        ],
      }),
      state,
      now: () => Date.UTC(2026, 0, 1),
      limits: { requestTimeout: 300, headersTimeout: 300, connectionsCheckingInterval: 50 },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const [noHeadersEnd, noBodyEnd] = await Promise.all([
        rawExchange(port, 'POST /add-checkpoint HTTP/1.1\r\nHost: w\r\nContent-Length: 10'),
        rawExchange(port, 'POST /add-checkpoint HTTP/1.1\r\nHost: w\r\nContent-Length: 1000\r\n\r\nold 0\n'),
      ]);
      expect(noHeadersEnd).toMatch(/^HTTP\/1\.1 408 /);
      expect(noBodyEnd).toMatch(/^HTTP\/1\.1 408 /);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await state.close();
    }
  });
});
