/**
 * /openapi.json documents what the operations do: optional `limit`, the catalog codes each can answer
 * (all of them in the catalog), the response headers and the read-only banner, shared schemas by name.
 */
import { expect, it } from 'vitest';
import { errorCatalog } from '../../src/domain/errors/catalog/index.ts';
import { describeService } from '../support/service.ts';

interface Op {
  'x-tai-scope': string;
  'x-tai-errors': string[];
  parameters?: { in: string; name: string; required?: boolean }[];
  responses: Record<string, { headers?: Record<string, unknown>; content?: Record<string, { schema: unknown }> }>;
}

describeService('the OpenAPI document', (svc) => {
  it('documents codes from the catalog, headers, the banner, optional limits and shared schemas', async () => {
    const doc = (await svc().call('GET', '/openapi.json', { token: null })).body as {
      paths: Record<string, Record<string, Op>>;
      components: { schemas: Record<string, unknown> };
    };
    const ops = Object.entries(doc.paths).flatMap(([p, o]) =>
      Object.entries(o).map(([m, op]) => ({ key: `${m} ${p}`, op })),
    );
    const catalog = new Set(Object.keys(errorCatalog));
    for (const { key, op } of ops) {
      expect(
        op['x-tai-errors'].filter((c) => !catalog.has(c)),
        key,
      ).toEqual([]);
      expect(op['x-tai-errors'], key).toContain('TAI-REQ-VALIDATION');
      if (op['x-tai-scope'] !== 'public') expect(op['x-tai-errors'], key).toContain('TAI-AUTH-MISSING');
      for (const r of Object.values(op.responses)) expect(Object.keys(r.headers ?? {}), key).toContain('tai-read-only');
      const limit = (op.parameters ?? []).find((p) => p.name === 'limit');
      if (limit) expect(limit.required ?? false, key).toBe(false);
    }
    const publish = doc.paths['/v1/marketplace/publish']?.['post'];
    expect(publish?.['x-tai-errors']).toContain('TAI-READONLY-CUSTOMER');
    expect(Object.keys(publish?.responses['201']?.headers ?? {})).toContain('idempotent-replayed');
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['ErrorBody', 'ReadOnlyBanner']));
    expect(JSON.stringify(doc.paths['/v1/me']?.['get']?.responses['401'])).toContain('#/components/schemas/ErrorBody');
  });
});
