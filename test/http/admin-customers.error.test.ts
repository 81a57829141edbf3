/** Bad input on onboarding routes: each answered 4xx with a stable code, and nothing changed. */
import { beforeAll, expect, it } from 'vitest';
import { issueExampleConfig } from '../fixtures/pricing/issue-example.ts';

import { contractBody, onboard, describeService } from '../support/service.ts';

describeService(
  'onboarding bad input',
  (svc) => {
    let id: string;
    const customerCount = async () =>
      (await svc().admin('GET', '/v1/admin/customers?limit=500')).body.items.length as number;

    beforeAll(async () => {
      id = (await onboard(svc(), 'Existing')).id;
    });

    const cases: [
      string,
      { body?: unknown; raw?: string; headers?: Record<string, string> },
      number,
      string,
      string?,
    ][] = [
      [
        'an unknown field',
        { body: { name: 'X', contactEmail: 'x@example.com', mode: 'eval', extra: 1 } },
        400,
        'TAI-REQ-VALIDATION',
        '/extra',
      ],
      [
        'a wrong type',
        { body: { name: 42, contactEmail: 'x@example.com', mode: 'eval' } },
        400,
        'TAI-REQ-VALIDATION',
        '/name',
      ],
      [
        'a number as a string is not coerced',
        { body: { name: 'X', contactEmail: 'x@example.com', mode: 7 } },
        400,
        'TAI-REQ-VALIDATION',
        '/mode',
      ],
      ['a missing field', { body: { name: 'X', mode: 'eval' } }, 400, 'TAI-REQ-VALIDATION', '/contactEmail'],
      [
        'a bad email',
        { body: { name: 'X', contactEmail: 'not-an-email', mode: 'eval' } },
        400,
        'TAI-REQ-VALIDATION',
        '/contactEmail',
      ],
      [
        'an unknown mode',
        { body: { name: 'X', contactEmail: 'x@example.com', mode: 'god' } },
        400,
        'TAI-REQ-VALIDATION',
      ],
      ['malformed JSON', { raw: '{"name": "X",' }, 400, 'TAI-REQ-MALFORMED-JSON'],
      ['an empty JSON body', { raw: '' }, 400, 'TAI-REQ-VALIDATION'],
      [
        'an oversized body',
        { body: { name: 'X'.repeat(5000), contactEmail: 'x@example.com', mode: 'eval' } },
        413,
        'TAI-REQ-TOO-LARGE',
      ],
      [
        'a non-JSON content type',
        { raw: 'name=X', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
        415,
        'TAI-REQ-UNSUPPORTED-MEDIA-TYPE',
      ],
    ];
    for (const [what, request, status, code, path] of cases) {
      it(`refuses ${what} with ${code} and creates nothing`, async () => {
        const before = await customerCount();
        const res = await svc().call('POST', '/v1/admin/customers', request);
        expect(res.status).toBe(status);
        expect(res.body.error.code).toBe(code);
        expect(res.body.error.requestId).toBe(res.headers.get('x-request-id'));
        expect(res.body.error.docs).toBe(`/errors#${code.toLowerCase()}`);
        if (path) expect(res.body.error.path).toBe(path);
        expect(await customerCount()).toBe(before);
      });
    }

    it('answers unknown customers, keys and routes with their own codes', async () => {
      const ghost = 'cus_00000000000000000000000000';
      expect((await svc().admin('GET', `/v1/admin/customers/${ghost}`)).body.error.code).toBe('TAI-CUSTOMER-NOT-FOUND');
      expect(
        (await svc().admin('POST', `/v1/admin/customers/${ghost}/api-keys`, { scopes: ['pricing:read'] })).body.error
          .code,
      ).toBe('TAI-CUSTOMER-NOT-FOUND');
      expect((await svc().admin('PUT', `/v1/admin/customers/${ghost}/contract`, contractBody())).status).toBe(404);
      expect(
        (await svc().admin('DELETE', `/v1/admin/customers/${id}/api-keys/key_00000000000000000000000000`)).body.error
          .code,
      ).toBe('TAI-API-KEY-NOT-FOUND');
      expect((await svc().admin('GET', '/v1/admin/customers/not-an-id')).body.error.code).toBe('TAI-REQ-VALIDATION');
      expect((await svc().admin('GET', '/v1/nothing-here')).body.error.code).toBe('TAI-REQ-NOT-FOUND');
      expect((await svc().admin('GET', `/v1/admin/customers/${id}/contract`)).body.error.code).toBe(
        'TAI-CONTRACT-NOT-FOUND',
      );
    });

    it('refuses contracts that are not valid, naming the field, and records none', async () => {
      const bad: [Record<string, unknown>, number, string, string][] = [
        [{ endsOn: '2025-12-31' }, 422, 'TAI-CONTRACT-INVALID', '/endsOn'],
        [{ startsOn: '2026-02-30' }, 400, 'TAI-REQ-VALIDATION', '/startsOn'],
        [{ startsOn: '2026-13-01' }, 400, 'TAI-REQ-VALIDATION', '/startsOn'],
        [{ endsOn: '0000-00-00' }, 400, 'TAI-REQ-VALIDATION', '/endsOn'],
        [
          { limits: { maxActiveDeployments: 1, capacityUnits: 1e300 } },
          400,
          'TAI-REQ-VALIDATION',
          '/limits/capacityUnits',
        ],
        [{ reference: 'MSA\u202e1' }, 400, 'TAI-REQ-TEXT-INVALID', '/reference'],
        [{ features: ['publish', 'publish'] }, 422, 'TAI-CONTRACT-INVALID', '/features/1'],
        [{ monthlyFee: '-5' }, 400, 'TAI-REQ-VALIDATION', '/monthlyFee'],
        [{ monthlyFee: 5 }, 400, 'TAI-REQ-VALIDATION', '/monthlyFee'],
        [{ limits: { maxActiveDeployments: 1 } }, 400, 'TAI-REQ-VALIDATION', '/limits/capacityUnits'],
        [{ signature: { signedBy: 'x' } }, 400, 'TAI-REQ-VALIDATION', '/signature/signedAt'],
      ];
      for (const [override, status, code, path] of bad) {
        const res = await svc().admin('PUT', `/v1/admin/customers/${id}/contract`, contractBody(override));
        expect([res.status, res.body.error.code, res.body.error.path], JSON.stringify(override)).toEqual([
          status,
          code,
          path,
        ]);
      }
      expect((await svc().admin('GET', `/v1/admin/customers/${id}/contract`)).status).toBe(404);
    });

    it('refuses a pricing configuration without an effective date', async () => {
      const { effectiveFrom: _omitted, ...noDate } = issueExampleConfig;
      const res = await svc().admin('PUT', `/v1/admin/customers/${id}/pricing`, noDate);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('TAI-REQ-VALIDATION');
      expect((await svc().admin('GET', `/v1/admin/customers/${id}/pricing`)).body.error.code).toBe(
        'TAI-PRICING-NOT-FOUND',
      );
    });
  },
  { env: { TAI_BODY_LIMIT_BYTES: '4096' } },
);
