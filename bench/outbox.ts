/**
 * Outbox throughput: deliveries per second from the outbox to a local receiver answering as PagerDuty
 * does (202), through the real worker (woken by each commit, per-channel concurrency, one recorded
 * attempt and audit event per delivery) over SQLite. BENCH_DURATION scales the number of notifications
 * (500 per second of it).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildService } from '../src/app/start.ts';
import { loadConfig } from '../src/config/load.ts';
import type { Effect } from '../src/domain/effects/types.ts';
import { commitEffects } from '../src/services/effects/apply-effects.ts';

const COUNT = Math.max(100, Math.round(Number(process.env['BENCH_DURATION'] ?? 5) * 500));
const BATCH = 100;

const notice = (i: number, at: string): Effect => ({
  kind: 'notify',
  notification: {
    type: 'system.read_only',
    severity: 'warning',
    customerId: null,
    at,
    dedupeKey: `bench:${i}`,
    incident: null,
    facts: { reason: 'bench', since: at },
  },
});

export const outboxThroughput = async (): Promise<string[]> => {
  let received = 0;
  const receiver = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received++;
      res.writeHead(202, { 'content-type': 'application/json' });
      res.end('{"status":"success","message":"Event processed"}');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const { port } = receiver.address() as AddressInfo;
  const dir = mkdtempSync(join(tmpdir(), 'tai-bench-outbox-'));
  const service = await buildService(
    loadConfig({
      TAI_DATA_DIR: dir,
      TAI_LOG_LEVEL: 'silent',
      TAI_ADMIN_TOKEN: 'bench-admin-token-0123456789abcdef',
      TAI_PAGERDUTY_ROUTING_KEY: 'benchbenchbenchbenchbenchbench12',
      TAI_PAGERDUTY_EVENTS_URL: `http://127.0.0.1:${port}/v2/enqueue`,
      TAI_NOTIFY_ROUTING: JSON.stringify({ 'system.read_only': [{ channel: 'pagerduty' }] }),
    }),
  );
  try {
    const started = performance.now();
    for (let i = 0; i < COUNT; i += BATCH) {
      const at = new Date().toISOString();
      await commitEffects(
        service.ctx,
        Array.from({ length: Math.min(BATCH, COUNT - i) }, (_, k) => notice(i + k, at)),
      );
    }
    for (;;) {
      const b = await service.ctx.store.read((r) => r.outboxBacklog());
      if (b.pending === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const seconds = (performance.now() - started) / 1000;
    return [
      `outbox: ${COUNT} notifications to a local PagerDuty receiver (sqlite, 8 concurrent sends per channel)`,
      `  ${Math.round(COUNT / seconds)} deliveries/s  (${received} received, ${seconds.toFixed(2)} s)`,
    ];
  } finally {
    await service.close();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  }
};

if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  process.stdout.write(`${(await outboxThroughput()).join('\n')}\n`);
  process.exit(0);
}
