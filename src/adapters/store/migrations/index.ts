/**
 * Versioned migrations, applied in order at start-up inside one transaction each. A migration is
 * never edited once released: add a new one. Where the dialects agree, one script serves both.
 */
import { m001Init } from './001-init.ts';
import { m002Ledger } from './002-ledger.ts';
import { m003Idempotency } from './003-idempotency.ts';
import { m004Lifecycle } from './004-lifecycle.ts';
import { m005Operations } from './005-operations.ts';
import { m006DeploymentUsage } from './006-deployment-usage.ts';
import { m007PagingIndexes } from './007-paging-indexes.ts';
import { m008LogHeadLastReceipt } from './008-log-head-last-receipt.ts';
import { m009NotificationDelivery } from './009-notification-delivery.ts';
import { m010Revenue } from './010-revenue.ts';
import { m011Cosignatures } from './011-cosignatures.ts';
import { m012RevenuePeriods } from './012-revenue-periods.ts';
import { m014Instances } from './014-instances.ts';
import { m013Usage } from './013-usage.ts';
import { m015Fleet } from './015-fleet.ts';
import { m016NotificationTemplates } from './016-notification-templates.ts';
import { m017OrphanedDeployments } from './017-orphaned-deployments.ts';
import { m018OpsSessions } from './018-ops-sessions.ts';
import { m019RevenueCloseMarks } from './019-revenue-close-marks.ts';

export type Dialect = 'sqlite' | 'postgres';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string | Readonly<Record<Dialect, string>>;
}

export const MIGRATIONS: readonly Migration[] = [
  m001Init,
  m002Ledger,
  m003Idempotency,
  m004Lifecycle,
  m005Operations,
  m006DeploymentUsage,
  m007PagingIndexes,
  m008LogHeadLastReceipt,
  m009NotificationDelivery,
  m010Revenue,
  m011Cosignatures,
  m012RevenuePeriods,
  m014Instances,
  m013Usage,
  m015Fleet,
  m016NotificationTemplates,
  m017OrphanedDeployments,
  m018OpsSessions,
  m019RevenueCloseMarks,
];

export const LATEST_VERSION = MIGRATIONS.reduce((max, m) => Math.max(max, m.version), 0);

export const scriptFor = (m: Migration, dialect: Dialect): string =>
  typeof m.sql === 'string' ? m.sql : m.sql[dialect];
