import { describe, expect, it } from 'vitest';
import { MODES } from '../customer/types.ts';
import { authority, effectiveMode } from './policy.ts';

describe('mode policy', () => {
  it('caps the customer mode at TAI_MAX_MODE', () => {
    const table = MODES.map((c) => MODES.map((m) => effectiveMode(c, m)));
    expect(table).toEqual([
      ['eval', 'eval', 'eval'],
      ['eval', 'pilot', 'pilot'],
      ['eval', 'pilot', 'prod'],
    ]);
  });

  it('eval and pilot are advisory, prod contractual', () => {
    expect(MODES.map(authority)).toEqual(['advisory', 'advisory', 'contractual']);
  });
});
