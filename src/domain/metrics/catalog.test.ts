/** The metric catalog follows Prometheus's naming conventions, so an exporter can take it as it is. */
import { describe, expect, it } from 'vitest';
import { METRICS } from './catalog.ts';

describe('metric catalog', () => {
  const entries = Object.entries(METRICS);

  it('names every metric tai_..., counters ending in _total, durations in seconds', () => {
    for (const [name, spec] of entries) {
      expect(name).toMatch(/^tai_[a-z][a-z0-9_]*$/);
      expect(name.endsWith('_total'), name).toBe(spec.kind === 'counter');
      if (name.includes('duration')) expect(name, name).toMatch(/_seconds$/);
      expect(spec.help.length, name).toBeGreaterThan(10);
    }
  });

  it('uses low-cardinality label names only: never a customer, key, receipt or deployment id', () => {
    for (const [name, spec] of entries) {
      for (const label of spec.labels) {
        expect(label, name).toMatch(/^[a-z][a-z_]*$/);
        expect(label, name).not.toMatch(/customer|key|id$|receipt|deployment|certificate/);
      }
    }
  });
});
