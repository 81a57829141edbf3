/**
 * Tampering with receipts in the database itself, by someone who first removes the append-only triggers:
 * change, delete or reorder a row, and the exported bundle fails verification naming the entry.
 */
import { beforeAll, expect, it } from 'vitest';
import { RAW_CONN } from '../../src/adapters/store/sql/repositories.ts';
import { verifyBundle } from '../../src/domain/receipts/bundle.ts';

import { onboard, describeService } from '../support/service.ts';

describeService('receipt tampering in the database', (svc, fixture) => {
  let c: Awaited<ReturnType<typeof onboard>>;
  const raw = (sql: string, params: unknown[] = []) =>
    svc().service.ctx.store.transaction(async (tx) => {
      const conn = (
        tx as unknown as {
          [RAW_CONN]: { exec(s: string): Promise<void>; run(s: string, p: unknown[]): Promise<number> };
        }
      )[RAW_CONN];
      if (params.length === 0) await conn.exec(sql);
      else await conn.run(sql, params);
    });
  const verdict = async () => verifyBundle((await svc().call('GET', '/v1/ledger/export', { token: c.token })).body);
  const bodyAt = async (i: number): Promise<string> => {
    const rows = await svc().service.ctx.store.read((r) => r.forCustomer(c.id).receiptRange(i, i + 1));
    return rows[0]?.body ?? '';
  };

  beforeAll(async () => {
    c = await onboard(svc(), 'Tampered');
    for (const mode of ['prod', 'pilot', 'eval', 'pilot', 'prod', 'pilot']) {
      await svc().admin('PUT', `/v1/admin/customers/${c.id}/mode`, { mode, reason: 'history' });
    }
    await raw(
      fixture.name === 'sqlite'
        ? 'DROP TRIGGER receipts_no_update; DROP TRIGGER receipts_no_delete;'
        : 'ALTER TABLE receipts DISABLE TRIGGER USER;',
    );
  });

  it('starts from a log that verifies', async () => {
    expect(await verdict()).toMatchObject({ ok: true, treeSize: 6 });
  });

  it('names a changed receipt', async () => {
    const original = await bodyAt(3);
    await raw('UPDATE receipts SET body = ? WHERE customer_id = ? AND log_index = 3', [
      original.replace('"history"', '"forged"').replace('"mode":"pilot"', '"mode":"prod"'),
      c.id,
    ]);
    expect(await verdict()).toMatchObject({ ok: false, entry: 'receipt', index: 3 });
    await raw('UPDATE receipts SET body = ? WHERE customer_id = ? AND log_index = 3', [original, c.id]);
    expect(await verdict()).toMatchObject({ ok: true });
  });

  it('names the place of a reordered pair', async () => {
    const [b1, b2] = [await bodyAt(1), await bodyAt(2)];
    await raw('UPDATE receipts SET body = ? WHERE customer_id = ? AND log_index = 1', [b2, c.id]);
    await raw('UPDATE receipts SET body = ? WHERE customer_id = ? AND log_index = 2', [b1, c.id]);
    const v = await verdict();
    expect(v).toMatchObject({ ok: false, entry: 'receipt' });
    expect(v.ok ? -1 : v.index).toBe(1);
    await raw('UPDATE receipts SET body = ? WHERE customer_id = ? AND log_index = 1', [b1, c.id]);
    await raw('UPDATE receipts SET body = ? WHERE customer_id = ? AND log_index = 2', [b2, c.id]);
  });

  it('notices a deleted receipt', async () => {
    await raw('DELETE FROM receipts WHERE customer_id = ? AND log_index = 4', [c.id]);
    expect(await verdict()).toMatchObject({ ok: false });
  });
});
