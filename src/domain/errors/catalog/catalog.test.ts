import { describe, expect, it } from 'vitest';
import { catalogParts, errorCatalog } from './index.ts';

describe('error catalog', () => {
  it('defines each code in exactly one area', () => {
    const seen = new Map<string, string>();
    for (const [area, part] of Object.entries(catalogParts)) {
      for (const code of Object.keys(part)) {
        expect(seen.get(code), `${code} defined in ${seen.get(code)} and ${area}`).toBeUndefined();
        seen.set(code, area);
      }
    }
    expect(seen.size).toBe(Object.keys(errorCatalog).length);
  });

  it('has stable, well-formed codes and sane statuses', () => {
    for (const [code, spec] of Object.entries(errorCatalog)) {
      expect(code).toMatch(/^TAI-[A-Z0-9]+(-[A-Z0-9]+)*$/);
      expect(spec.status).toBeGreaterThanOrEqual(400);
      expect(spec.status).toBeLessThan(600);
      expect(spec.message.length).toBeGreaterThan(0);
      expect(spec.internal.length).toBeGreaterThan(0);
    }
  });
});
