/** Which product feature an operation kind exercises, for adoption: the contract's names where it has them. */

const FEATURE_BY_KIND: Readonly<Record<string, string>> = {
  'POST /v1/marketplace/publish': 'publish',
  'POST /v1/customer/deploy': 'deploy',
  'POST /v1/pricing/calculate': 'quote',
  'GET /v1/ledger/export': 'receipts',
  'GET /v1/ledger/checkpoint': 'receipts',
  'GET /v1/ledger/consistency': 'receipts',
  'GET /v1/receipts': 'receipts',
  'GET /v1/receipts/{id}': 'receipts',
  'POST /v1/me/webhooks': 'webhooks',
  'GET /v1/me/usage': 'usage',
};

export const featureOf = (kind: string): string | undefined => FEATURE_BY_KIND[kind];
