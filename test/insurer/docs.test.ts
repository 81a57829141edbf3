/** The architecture doc quotes the client's defaults; this keeps the quote and the code from drifting apart. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_INSURER_POLICY } from '../../src/domain/insurance/policy.ts';

describe('docs/INSURANCE_ARCHITECTURE.md', () => {
  it('lists exactly the defaults in DEFAULT_INSURER_POLICY', () => {
    const doc = readFileSync(new URL('../../docs/INSURANCE_ARCHITECTURE.md', import.meta.url), 'utf8');
    const section = doc.slice(doc.indexOf('### 15.1 Defaults'), doc.indexOf('## 16.'));
    const rows = [...section.matchAll(/^\| `(\w+)`\s*\| (\d+(?:\.\d+)?)\s*\|$/gm)].map((m) => [m[1], Number(m[2])]);
    expect(Object.fromEntries(rows)).toEqual(DEFAULT_INSURER_POLICY);
  });
});
