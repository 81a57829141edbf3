/**
 * Every metric the service records, by name: its kind, help text and label names. Effects and the
 * Metrics port take names from this table, so a typo is a type error and an exporter can register
 * everything up front. Prometheus conventions: base units, `_total` counters, no customer ids in labels.
 */

type MetricKind = 'counter' | 'gauge' | 'histogram';

interface MetricSpec {
  readonly kind: MetricKind;
  readonly help: string;
  readonly labels: readonly string[];
}

export const METRICS = {
  tai_insurance_cert_checks_total: {
    kind: 'counter',
    help: 'Certificate checks with the insurer, by outcome (ok; rejected: not live; error: no answer; stale: for a replaced certificate).',
    labels: ['outcome'],
  },
  tai_certificate_transitions_total: {
    kind: 'counter',
    help: 'Certificate lifecycle state changes.',
    labels: ['from', 'to'],
  },
  tai_certificate_degradations_total: {
    kind: 'counter',
    help: 'Customers made read-only by their certificate, by reason.',
    labels: ['reason'],
  },
  tai_certificate_recoveries_total: {
    kind: 'counter',
    help: 'Customers whose writes resumed after a degradation, by recovery policy.',
    labels: ['policy'],
  },
  tai_certificate_warnings_total: {
    kind: 'counter',
    help: 'Expiry warnings raised, by threshold.',
    labels: ['threshold'],
  },
  tai_certificate_renewals_total: {
    kind: 'counter',
    help: 'Certificate renewal steps, by outcome.',
    labels: ['outcome'],
  },
  tai_certificate_rotations_total: { kind: 'counter', help: 'Certificates rotated to a new one.', labels: [] },
  tai_certificate_renewal_requests_total: {
    kind: 'counter',
    help: 'Renewal requests sent to the insurer, by trigger.',
    labels: ['trigger'],
  },
  tai_publish_requests_total: {
    kind: 'counter',
    help: 'Marketplace publish requests, by outcome (success, refused, error).',
    labels: ['outcome'],
  },
  tai_deploy_requests_total: {
    kind: 'counter',
    help: 'Deploy requests, by outcome (success, refused, error).',
    labels: ['outcome'],
  },
  tai_deployments_finished_total: {
    kind: 'counter',
    help: 'Deployments that reached a final outcome, by state.',
    labels: ['state'],
  },
  tai_receipts_appended_total: { kind: 'counter', help: 'Receipts appended to customer logs.', labels: [] },
  tai_audit_write_failures_total: {
    kind: 'counter',
    help: 'Audit events that could not be written (the change they describe was refused).',
    labels: [],
  },
  tai_insurer_requests_total: {
    kind: 'counter',
    help: 'Requests to the insurer API, by operation and outcome (ok, or the error class).',
    labels: ['operation', 'outcome'],
  },
  tai_insurer_request_duration_seconds: {
    kind: 'histogram',
    help: 'Duration of requests to the insurer API, by operation and outcome.',
    labels: ['operation', 'outcome'],
  },
  tai_insurer_retries_total: {
    kind: 'counter',
    help: 'Insurer requests retried, by operation and the error that caused the retry.',
    labels: ['operation', 'reason'],
  },
  tai_insurer_jwks_fetches_total: {
    kind: 'counter',
    help: "Fetches of the insurer's signing keys, by outcome.",
    labels: ['outcome'],
  },
  tai_insurer_cache_total: {
    kind: 'counter',
    help: 'Insurer certificate cache lookups, by result (hit, miss, stale).',
    labels: ['result'],
  },
  tai_insurer_breaker_transitions_total: {
    kind: 'counter',
    help: 'Insurer circuit breaker state changes.',
    labels: ['to'],
  },
  tai_insurer_breaker_open: { kind: 'gauge', help: '1 while the insurer circuit breaker is open.', labels: [] },
  tai_insurer_budget_remaining: {
    kind: 'gauge',
    help: 'Insurer calls left in the current rate-limit window.',
    labels: [],
  },
  tai_notifications_enqueued_total: {
    kind: 'counter',
    help: 'Notifications written to the outbox, by type.',
    labels: ['type'],
  },
  tai_notifications_sent_total: {
    kind: 'counter',
    help: 'Delivery attempts, by channel and outcome (delivered; retry: tried again later; dead: given up).',
    labels: ['channel', 'outcome'],
  },
  tai_notifications_misconfigured_total: {
    kind: 'counter',
    help: 'Attempts a channel refused because our side of it is misconfigured (Slack 400/403/404/410, PagerDuty 400), by channel and status.',
    labels: ['channel', 'status'],
  },
  tai_outbox_pending: {
    kind: 'gauge',
    help: 'Notifications in the outbox not yet delivered on every target.',
    labels: [],
  },
  tai_outbox_oldest_pending_age_seconds: {
    kind: 'gauge',
    help: 'Age of the oldest notification not yet delivered on every target (0 when none).',
    labels: [],
  },
  tai_http_request_duration_seconds: {
    kind: 'histogram',
    help: 'HTTP request duration, by method, route template and status class (2xx, 4xx, 5xx).',
    labels: ['method', 'route', 'status_class'],
  },
  tai_group_commit_batch_size: {
    kind: 'histogram',
    help: 'Transactions committed together in one SQLite group-commit batch.',
    labels: [],
  },
  tai_commit_fsync_duration_seconds: {
    kind: 'histogram',
    help: 'Duration of the WAL fsync that makes a SQLite group-commit batch durable.',
    labels: [],
  },
  // Computed from the service's state at each scrape (src/adapters/metrics/scrape.ts).
  tai_insurance_certificates: {
    kind: 'gauge',
    help: "Customers' certificates by lifecycle state (as of the scrape) and the customer's effective mode.",
    labels: ['state', 'mode'],
  },
  tai_insurance_cert_expiry_min_days: {
    kind: 'gauge',
    help: 'Least days remaining before expiry of any live certificate (absent when there is none).',
    labels: [],
  },
  tai_insurance_certs_expiring: {
    kind: 'gauge',
    help: 'Live certificates expiring within 1, 7 and 30 days.',
    labels: ['within'],
  },
  tai_system_mode: { kind: 'gauge', help: '1 while the service accepts writes, 0 while it is read-only.', labels: [] },
  tai_customers_read_only: {
    kind: 'gauge',
    help: 'Customers read-only because of their certificate (the system switch not counted).',
    labels: [],
  },
  tai_backup_last_success_timestamp_seconds: {
    kind: 'gauge',
    help: 'When the last verified scheduled backup finished, Unix seconds (absent before the first).',
    labels: [],
  },
  tai_witness_cosign_lag_seconds: {
    kind: 'gauge',
    help: 'Seconds since the newest witness cosignature this instance holds (absent before the first).',
    labels: [],
  },
  tai_instance_takeovers_total: {
    kind: 'counter',
    help: 'Work taken over from a gone instance, by kind (instance, deployment, idempotency_claim).',
    labels: ['kind'],
  },
} as const satisfies Record<string, MetricSpec>;

export type MetricName = keyof typeof METRICS;
type NamesOf<K extends MetricKind> = {
  [N in MetricName]: (typeof METRICS)[N]['kind'] extends K ? N : never;
}[MetricName];
export type CounterName = NamesOf<'counter'>;
export type GaugeName = NamesOf<'gauge'>;
export type HistogramName = NamesOf<'histogram'>;

export type MetricLabels = Readonly<Record<string, string>>;
