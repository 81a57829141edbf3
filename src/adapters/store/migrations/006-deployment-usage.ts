/**
 * Per-customer usage of active deployments (count and capacity units), kept beside the deployments in the
 * same transaction, so the capacity check reads one row instead of counting every active deployment.
 */
import type { Migration } from './index.ts';

export const m006DeploymentUsage: Migration = {
  version: 6,
  name: 'deployment-usage',
  sql: `
CREATE TABLE deployment_usage (
  customer_id TEXT PRIMARY KEY REFERENCES customers(id),
  active_count INTEGER NOT NULL CHECK (active_count >= 0),
  active_units INTEGER NOT NULL CHECK (active_units >= 0)
);
INSERT INTO deployment_usage (customer_id, active_count, active_units)
  SELECT customer_id, COUNT(*), SUM(capacity_units) FROM deployments
  WHERE state IN ('reserved', 'running', 'succeeded') GROUP BY customer_id;
`,
};
