/**
 * The PostgreSQL fleet port against a real server, in a schema of its own: the shared insurer budget is
 * taken atomically by concurrent callers and never over its limit, a claim is held by one caller at a
 * time, and committed certificate-record and setting changes appear in the change sequence with a hint.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../store/interface.ts';
import { openPostgresStore } from '../store/postgres/postgres-store.ts';
import { dropSchemas, PG_URL } from '../../../test/support/stores.ts';
import type { FleetPort } from './interface.ts';
import { openPostgresFleet } from './postgres.ts';

const schema = `t_fleet_${process.pid}_${Date.now().toString(36)}`;

describe.skipIf(!PG_URL)('PostgreSQL fleet port', () => {
  let store: Store | undefined;
  let fleet: FleetPort | undefined;
  const port = (): FleetPort => {
    if (fleet === undefined) throw new Error('not opened');
    return fleet;
  };

  beforeAll(async () => {
    store = await openPostgresStore(PG_URL ?? '', { schema, maxConnections: 4 });
    fleet = openPostgresFleet({ url: PG_URL ?? '', schema, maxConnections: 12 });
  });
  afterAll(async () => {
    await fleet?.close();
    await store?.close();
    await dropSchemas([schema]);
  });

  it('grants exactly `limit` calls of one window to many concurrent takers, then says when the next opens', async () => {
    // A window of an hour, so the test cannot straddle two.
    const takes = await Promise.all(Array.from({ length: 40 }, () => port().takeInsurerCall(25, 3_600_000)));
    expect(takes.filter((t) => t.granted)).toHaveLength(25);
    expect(
      takes
        .filter((t) => t.granted)
        .map((t) => t.remaining)
        .sort((a, b) => a - b),
    ).toEqual(Array.from({ length: 25 }, (_, i) => i));
    const refused = takes.filter((t) => !t.granted);
    expect(refused).toHaveLength(15);
    for (const t of refused) expect(t.retryAfterMs).toBeGreaterThan(0);
  });

  it('lets one caller at a time hold a claim; the others are told at once', async () => {
    let release: () => void = () => undefined;
    let running: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const started = new Promise<void>((resolve) => (running = resolve));
    const first = port().withClaim('wake:cus_1', () => {
      running();
      return held.then(() => 'first');
    });
    await started;
    const second = await port().withClaim('wake:cus_1', () => Promise.resolve('second'));
    expect(second).toEqual({ claimed: false });
    expect(await port().withClaim('wake:cus_2', () => Promise.resolve('other'))).toEqual({
      claimed: true,
      value: 'other',
    });
    release();
    expect(await first).toEqual({ claimed: true, value: 'first' });
    expect(await port().withClaim('wake:cus_1', () => Promise.resolve('again'))).toEqual({
      claimed: true,
      value: 'again',
    });
  });

  it('records committed setting changes in the sequence and hints at them', async () => {
    const hinted = new Promise<void>((resolve) =>
      port().listen({ onHint: resolve, onReconnect: () => undefined, onError: () => undefined }),
    );
    const before = await port().latestChange();
    // The listener connects in the background; keep changing until a hint arrives.
    let n = 0;
    const writing = (async () => {
      for (let done = false; !done && n < 200; n++) {
        await store?.transaction((tx) =>
          tx.putSetting('system_read_only', JSON.stringify({ enabled: false, reason: `r${n}` })),
        );
        done = await Promise.race([
          hinted.then(() => true),
          new Promise<boolean>((r) => setTimeout(() => r(false), 50)),
        ]);
      }
    })();
    await hinted;
    await writing;
    const changes = await port().changesAfter(before, 500);
    expect(changes.length).toBe(n);
    expect(changes.every((c) => c.kind === 'setting' && c.subject === 'system_read_only')).toBe(true);
    expect(await port().latestChange()).toBe(changes.at(-1)?.seq);
  });
});
