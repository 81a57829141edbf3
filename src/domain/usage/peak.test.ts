import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEPLOYMENT_STATES, HOLDS_CAPACITY, type Deployment, type DeploymentState } from '../deployment/types.ts';
import { peakUsage } from './peak.ts';

const H = 3_600_000;
const deployment = (createdH: number, updatedH: number, state: DeploymentState, units: number): Deployment =>
  ({
    id: `dep_${createdH}_${updatedH}`,
    capacityUnits: units,
    state,
    createdAt: new Date(createdH * H).toISOString(),
    updatedAt: new Date(updatedH * H).toISOString(),
  }) as Deployment;

/** The peak by brute force: what is held at every hour boundary of the range. */
const naive = (ds: readonly Deployment[], fromH: number, toH: number) => {
  let peak = { activeDeployments: 0, capacityUnits: 0 };
  for (let h = fromH; h < toH; h++) {
    const held = ds.filter((d) => {
      const start = Date.parse(d.createdAt) / H;
      const end = HOLDS_CAPACITY[d.state] ? Infinity : Date.parse(d.updatedAt) / H;
      return Math.max(start, fromH) <= h && h < end && start < toH;
    });
    peak = {
      activeDeployments: Math.max(peak.activeDeployments, held.length),
      capacityUnits: Math.max(
        peak.capacityUnits,
        held.reduce((a, d) => a + d.capacityUnits, 0),
      ),
    };
  }
  return peak;
};

describe('peak usage in a range', () => {
  it('counts what was held at once, released capacity no longer', () => {
    const ds = [deployment(0, 10, 'removed', 5), deployment(5, 6, 'running', 3), deployment(10, 12, 'succeeded', 4)];
    expect(peakUsage(ds, 0, 24 * H)).toEqual({ activeDeployments: 2, capacityUnits: 8 });
    expect(peakUsage(ds, 11 * H, 24 * H)).toEqual({ activeDeployments: 2, capacityUnits: 7 });
  });

  it('agrees with a brute-force count on whole hours', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            c: fc.integer({ min: 0, max: 40 }),
            len: fc.integer({ min: 0, max: 20 }),
            state: fc.constantFrom(...DEPLOYMENT_STATES),
            units: fc.integer({ min: 1, max: 9 }),
          }),
          { maxLength: 12 },
        ),
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 1, max: 30 }),
        (specs, fromH, span) => {
          const ds = specs.map((s) => deployment(s.c, s.c + s.len, s.state, s.units));
          expect(peakUsage(ds, fromH * H, (fromH + span) * H)).toEqual(naive(ds, fromH, fromH + span));
        },
      ),
    );
  });
});
