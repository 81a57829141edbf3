import type { ErrorSpec } from '../spec.ts';
import { backupErrors } from './backup.ts';
import { dashboardErrors } from './dashboard.ts';
import { instanceErrors } from './instances.ts';
import { foundationErrors } from './foundation.ts';
import { insurerErrors } from './insurer.ts';
import { lifecycleErrors } from './lifecycle.ts';
import { notificationsErrors } from './notifications.ts';
import { operationsErrors } from './operations.ts';
import { pricingErrors } from './pricing.ts';
import { receiptsErrors } from './receipts.ts';
import { revenueErrors } from './revenue.ts';
import { usageErrors } from './usage.ts';

/**
 * The one error catalog. Each area owns a file; this merges them. A code defined in two files is
 * caught by catalog.test.ts.
 */
export const catalogParts = {
  foundation: foundationErrors,
  pricing: pricingErrors,
  receipts: receiptsErrors,
  insurer: insurerErrors,
  lifecycle: lifecycleErrors,
  operations: operationsErrors,
  revenue: revenueErrors,
  notifications: notificationsErrors,
  backup: backupErrors,
  instances: instanceErrors,
  usage: usageErrors,
  dashboard: dashboardErrors,
} as const;

export const errorCatalog = {
  ...foundationErrors,
  ...pricingErrors,
  ...receiptsErrors,
  ...insurerErrors,
  ...lifecycleErrors,
  ...operationsErrors,
  ...revenueErrors,
  ...notificationsErrors,
  ...backupErrors,
  ...instanceErrors,
  ...usageErrors,
  ...dashboardErrors,
};

export type ErrorCode = keyof typeof errorCatalog;

export const specOf = (code: ErrorCode): ErrorSpec => errorCatalog[code];
