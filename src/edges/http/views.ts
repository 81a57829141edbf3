/** Domain values as response bodies (the schemas' static types use mutable arrays). */
import type { Page } from '../../adapters/store/interface.ts';
import type { Contract, Customer } from '../../domain/customer/types.ts';

export const contractView = (c: Contract) => ({
  ...c,
  document: {
    ...c.document,
    features: [...c.document.features],
    limits: {
      maxActiveDeployments: c.document.limits.maxActiveDeployments,
      capacityUnits: c.document.limits.capacityUnits,
      ...(c.document.limits.allowedTargets ? { allowedTargets: [...c.document.limits.allowedTargets] } : {}),
    },
  },
});

export const customerPageView = (p: Page<Customer>) => ({ items: [...p.items], next: p.next });
