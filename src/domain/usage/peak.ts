/**
 * The most deployments and capacity units held at once during a range, from the deployments' own
 * records: a deployment holds its capacity from its creation until its last change when that change
 * released it (removed, failed, rolled back), and still holds it when its state does.
 */
import { HOLDS_CAPACITY, type Deployment } from '../deployment/types.ts';

export interface PeakUsage {
  readonly activeDeployments: number;
  readonly capacityUnits: number;
}

export const peakUsage = (deployments: readonly Deployment[], fromMs: number, toMs: number): PeakUsage => {
  const edges: { at: number; count: number; units: number }[] = [];
  for (const d of deployments) {
    const start = Date.parse(d.createdAt);
    const end = HOLDS_CAPACITY[d.state] ? Infinity : Date.parse(d.updatedAt);
    if (end <= fromMs || start >= toMs || end <= start) continue;
    edges.push({ at: Math.max(start, fromMs), count: 1, units: d.capacityUnits });
    if (end < toMs) edges.push({ at: end, count: -1, units: -d.capacityUnits });
  }
  // Releases before acquisitions at the same instant: a replacement is not counted twice.
  edges.sort((a, b) => a.at - b.at || a.count - b.count);
  let count = 0;
  let units = 0;
  let peak = { activeDeployments: 0, capacityUnits: 0 };
  for (const e of edges) {
    count += e.count;
    units += e.units;
    peak = {
      activeDeployments: Math.max(peak.activeDeployments, count),
      capacityUnits: Math.max(peak.capacityUnits, units),
    };
  }
  return peak;
};
