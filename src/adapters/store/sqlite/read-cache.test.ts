import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ReadCache, writtenTable } from './read-cache.ts';
import { openSqliteStore } from './sqlite-store.ts';

const KEY_SQL = 'SELECT * FROM api_keys WHERE id = ?';
const at = '2026-11-25T12:00:00.000Z';

describe('ReadCache', () => {
  it('names the table a data-changing statement writes, and nothing for reads', () => {
    expect(writtenTable('INSERT INTO api_keys (id) VALUES (?)')).toBe('api_keys');
    expect(writtenTable('  insert or ignore into "Customers" (id) values (?)')).toBe('customers');
    expect(writtenTable('UPDATE contracts SET x = 1')).toBe('contracts');
    expect(writtenTable('DELETE FROM pricing_versions WHERE 1')).toBe('pricing_versions');
    expect(writtenTable('SELECT * FROM api_keys')).toBeUndefined();
  });

  it('serves a cached row until a write to its table, and never caches a miss', () => {
    const cache = new ReadCache();
    let loads = 0;
    const load = (value: unknown) => () => {
      loads++;
      return value;
    };
    expect(cache.through(KEY_SQL, ['k1'], load({ id: 'k1' }))).toEqual({ id: 'k1' });
    expect(cache.through(KEY_SQL, ['k1'], load({ id: 'other' }))).toEqual({ id: 'k1' });
    expect(loads).toBe(1);
    cache.wrote('UPDATE customers SET mode = ?', 1);
    expect(cache.through(KEY_SQL, ['k1'], load({ id: 'other' }))).toEqual({ id: 'k1' });
    cache.wrote('UPDATE api_keys SET revoked_at = ? WHERE id = ?', 0);
    expect(cache.through(KEY_SQL, ['k1'], load({ id: 'other' }))).toEqual({ id: 'k1' });
    cache.wrote('UPDATE api_keys SET revoked_at = ? WHERE id = ?', 1);
    expect(cache.through(KEY_SQL, ['k1'], load({ id: 'revoked' }))).toEqual({ id: 'revoked' });
    expect(cache.through(KEY_SQL, ['nope'], load(undefined))).toBeUndefined();
    expect(cache.through(KEY_SQL, ['nope'], load(undefined))).toBeUndefined();
    expect(loads).toBe(4);
    expect(cache.through('SELECT 1', [], load(1))).toBe(1);
    expect(cache.through('SELECT 1', [], load(1))).toBe(1);
    expect(loads).toBe(6);
  });

  it('drops, when the transaction ends, what was read between a change and its commit', () => {
    const cache = new ReadCache();
    cache.wrote('UPDATE api_keys SET revoked_at = ? WHERE id = ?', 1);
    // A reader outside the transaction still sees the committed (old) row, and caches it.
    cache.through(KEY_SQL, ['k1'], () => ({ revokedAt: null }));
    cache.ended();
    expect(cache.through(KEY_SQL, ['k1'], () => ({ revokedAt: at }))).toEqual({ revokedAt: at });
  });

  it('stays bounded', () => {
    const cache = new ReadCache(3);
    for (let i = 0; i < 10; i++) cache.through(KEY_SQL, [`k${i}`], () => ({ i }));
    let loads = 0;
    cache.through(KEY_SQL, ['k0'], () => {
      loads++;
      return { i: 0 };
    });
    expect(loads).toBe(1);
  });
});

describe('SQLite store with the read cache', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tai-read-cache-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('shows a revocation to the very next read, even one cached while the revocation was uncommitted', async () => {
    const store = await openSqliteStore(join(dir, 'tai.db'));
    const key = {
      id: 'key_1',
      customerId: 'cus_1',
      scopes: ['pricing:read' as const],
      createdAt: at,
      revokedAt: null,
      lastUsedAt: null,
    };
    await store.transaction(async (tx) => {
      await tx.insertCustomer({
        id: 'cus_1',
        name: 'C',
        contactEmail: 'c@example.com',
        mode: 'pilot',
        createdAt: at,
        updatedAt: at,
      });
      await tx.forCustomer('cus_1').insertApiKey(key, 'ab'.repeat(32));
    });
    expect((await store.read((r) => r.apiKeyForAuth('key_1')))?.key.revokedAt).toBeNull();
    await store.transaction(async (tx) => {
      expect(await tx.forCustomer('cus_1').revokeApiKey('key_1', at)).toBe(true);
      // Read (and cached) from the committed state while the revocation is still open.
      expect((await store.read((r) => r.apiKeyForAuth('key_1')))?.key.revokedAt).toBeNull();
    });
    expect((await store.read((r) => r.apiKeyForAuth('key_1')))?.key.revokedAt).toBe(at);
    await store.close();
  });
});
