import { expect, it } from 'vitest';
import { checkPeriodClose } from './closed-period.ts';

const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
    return undefined;
  } catch (e) {
    return (e as { code?: string }).code;
  }
};

it('moves the closed period forward only, over ended months whose last day a close has covered', () => {
  const base = { current: '2026-01', lastClosedDay: '2026-03-02', today: '2026-03-03' };
  expect(checkPeriodClose({ ...base, period: '2026-02' })).toBe(true);
  expect(checkPeriodClose({ ...base, period: '2026-01' })).toBe(false);
  expect(checkPeriodClose({ ...base, current: null, period: '2025-11' })).toBe(true);
  expect(codeOf(() => checkPeriodClose({ ...base, period: '2025-12' }))).toBe('TAI-REVENUE-PERIOD-BACKWARDS');
  expect(codeOf(() => checkPeriodClose({ ...base, period: '2026-03' }))).toBe('TAI-REVENUE-PERIOD-NOT-ENDED');
  expect(codeOf(() => checkPeriodClose({ ...base, lastClosedDay: '2026-02-27', period: '2026-02' }))).toBe(
    'TAI-REVENUE-PERIOD-DAYS-OPEN',
  );
  expect(codeOf(() => checkPeriodClose({ ...base, lastClosedDay: null, period: '2026-02' }))).toBe(
    'TAI-REVENUE-PERIOD-DAYS-OPEN',
  );
  for (const bad of ['2026-13', '2026-2', '0000-01', '2026-02-01'])
    expect(codeOf(() => checkPeriodClose({ ...base, period: bad }))).toBe('TAI-REVENUE-MONTH-INVALID');
});
