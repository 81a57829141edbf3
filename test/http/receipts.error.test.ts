/** Bad requests to the receipt log answer with stable codes: malformed ids, unknown receipts, impossible ranges. */
import { beforeAll, expect, it } from 'vitest';
import { describeService, onboard } from '../support/service.ts';

describeService('receipts errors', (svc) => {
  let a: Awaited<ReturnType<typeof onboard>>;
  beforeAll(async () => {
    a = await onboard(svc(), 'Ranges');
    await svc().admin('PUT', `/v1/admin/customers/${a.id}/mode`, { mode: 'prod', reason: 'one receipt' });
  });
  const code = async (path: string) => {
    const r = await svc().call('GET', path, { token: a.token });
    return [r.status, r.body.error?.code, r.body.error?.path];
  };

  it('refuses a malformed receipt id and an unknown one with their own codes', async () => {
    expect((await code('/v1/receipts/not-an-id')).slice(0, 2)).toEqual([400, 'TAI-REQ-VALIDATION']);
    expect(await code(`/v1/receipts/rcpt_${'0'.repeat(26)}`)).toEqual([404, 'TAI-RECEIPT-NOT-FOUND', undefined]);
  });

  it('refuses consistency ranges the log cannot prove and bad paging', async () => {
    expect((await code('/v1/ledger/consistency?from=99')).slice(0, 2)).toEqual([400, 'TAI-LEDGER-RANGE-INVALID']);
    expect((await code('/v1/ledger/consistency?from=1&to=0')).slice(0, 2)).toEqual([400, 'TAI-LEDGER-RANGE-INVALID']);
    expect((await code('/v1/ledger/consistency')).slice(0, 2)).toEqual([400, 'TAI-REQ-VALIDATION']);
    expect(await code('/v1/receipts?limit=0')).toEqual([400, 'TAI-REQ-VALIDATION', '/limit']);
    expect(await code('/v1/receipts?from=yesterday')).toEqual([400, 'TAI-REQ-VALIDATION', '/from']);
  });
});
