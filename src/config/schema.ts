/**
 * The one configuration schema. Each setting is data: its environment
 * variable, its key in the optional JSON config file, its parser and default. The README's table is
 * generated from this list (`tai docs config`), so the two cannot drift.
 */
import { DEFAULT_RATE_RULES, parseRateRules, type RateRule } from '../domain/delivery/rate-limits.ts';
import { DEFAULT_ROUTING, parseRouting, type RoutingTable } from '../domain/delivery/routing.ts';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
export type RecoveryPolicy = 'manual' | 'automatic';
export type Profile = 'development' | 'production';
export type MaxMode = 'eval' | 'pilot' | 'prod';
export type OrphanedDeployments = 'rollback' | 'operator';

export interface Config {
  readonly profile: Profile;
  readonly port: number;
  readonly host: string;
  readonly simPort: number;
  readonly dataDir: string;
  /** undefined = SQLite file in dataDir. */
  readonly dbUrl: string | undefined;
  readonly adminToken: string | undefined;
  readonly insurerUrl: string | undefined;
  readonly insurerApiKey: string | undefined;
  readonly certCheckIntervalMs: number;
  readonly graceMs: number;
  readonly recoveryPolicy: RecoveryPolicy;
  readonly recoveryGoodChecks: number;
  readonly maxMode: MaxMode;
  readonly logLevel: LogLevel;
  readonly bodyLimitBytes: number;
  readonly authFailureBurst: number;
  readonly authFailureWindowMs: number;
  readonly servedOverTls: boolean;
  readonly receiptKeyPath: string | undefined;
  readonly receiptOrigin: string;
  readonly auditSecretPath: string | undefined;
  readonly deployCommand: string | undefined;
  readonly deployTimeoutMs: number;
  readonly deployMaxOutputBytes: number;
  readonly deployWorkDir: string | undefined;
  readonly auditRetentionDays: number;
  readonly smtpUrl: string | undefined;
  readonly mailFrom: string;
  readonly opsEmail: string | undefined;
  readonly slackWebhookUrl: string | undefined;
  readonly pagerDutyRoutingKey: string | undefined;
  readonly pagerDutyEventsUrl: string;
  readonly notifyRouting: RoutingTable;
  readonly notifyRateLimits: readonly RateRule[];
  readonly backupDir: string | undefined;
  readonly backupIntervalMs: number;
  readonly backupRetention: number;
  /** Witnesses that cosign every customer's checkpoints: each a URL and the witness's vkey. */
  readonly witnesses: readonly WitnessSetting[];
  readonly witnessRefreshMs: number;
  /** Bearer token GET /metrics requires; undefined = open. */
  readonly metricsToken: string | undefined;
  /** Serve /metrics on this port instead of the API's; undefined = on the API's port. */
  readonly metricsPort: number | undefined;
  /** How long an instance's heartbeat lease lasts (database time) before another may take over its work. */
  readonly instanceLeaseMs: number;
  /** What recovery does with a deployment whose instance was lost: roll it back, or leave it to an operator. */
  readonly orphanedDeployments: OrphanedDeployments;
}

export interface WitnessSetting {
  readonly url: string;
  readonly vkey: string;
}

/** `<url> <vkey>` entries separated by commas; the vkey is checked where the key is used (start-up). */
const parseWitnesses = (raw: string): readonly WitnessSetting[] =>
  raw
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '')
    .map((entry) => {
      const [u, vkey, ...more] = entry.split(/\s+/);
      if (u === undefined || vkey === undefined || more.length > 0 || !/^https?:\/\//.test(u))
        return bad('each entry is "<http(s) URL> <vkey>", entries separated by commas');
      if (!/^[^+\s]+\+[0-9a-f]{8}\+[A-Za-z0-9+/=]+$/.test(vkey))
        return bad(`"${vkey}" is not a vkey <name>+<hex id>+<base64 key>`);
      return { url: u, vkey };
    });

interface Setting<K extends keyof Config = keyof Config> {
  readonly key: K;
  readonly env: string;
  readonly description: string;
  readonly secret?: boolean;
  /** Human-readable default for docs; `undefined` = unset. */
  readonly defaultText: string;
  readonly parse: (raw: string) => Config[K];
  readonly fallback: (profile: Profile) => Config[K];
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

const bad = (what: string): never => {
  throw new Error(what);
};

const oneOf =
  <T extends string>(values: readonly T[]) =>
  (raw: string): T =>
    (values as readonly string[]).includes(raw) ? (raw as T) : bad(`must be one of ${values.join(', ')}`);

const positiveInt = (raw: string): number => {
  if (!/^\d+$/.test(raw)) bad('must be a positive integer');
  const n = Number(raw);
  return n > 0 && Number.isSafeInteger(n) ? n : bad('must be a positive integer');
};

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
/** `6h`, `7d`, `90s`, `250ms`; a bare number is milliseconds. */
export const parseDuration = (raw: string): number => {
  const m = /^(\d+)(ms|s|m|h|d)?$/.exec(raw.trim());
  if (!m) return bad('must be a duration like 250ms, 90s, 15m, 6h or 7d');
  const n = Number(m[1]) * (DURATION_UNITS[m[2] ?? 'ms'] ?? 1);
  return n > 0 ? n : bad('must be greater than zero');
};

const url =
  (protocols: readonly string[]) =>
  (raw: string): string => {
    let u: URL;
    try {
      u = new URL(raw);
    } catch {
      return bad('must be a URL');
    }
    return protocols.includes(u.protocol) ? raw : bad(`must use ${protocols.join(' or ')}`);
  };

const text = (raw: string): string => (raw.length > 0 ? raw : bad('must not be empty'));

const none = (): undefined => undefined;

const jsonOf = (raw: string): unknown => {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return bad('must be JSON');
  }
};

const email = (raw: string): string => (/^[^\s@<>]+@[^\s@<>]+$/.test(raw) ? raw : bad('must be an email address'));

export const SETTINGS: readonly Setting[] = [
  {
    key: 'profile',
    env: 'NODE_ENV',
    description: '`production` enforces the production checks; anything else is development.',
    defaultText: 'development',
    parse: (raw) => (raw === 'production' ? 'production' : 'development'),
    fallback: () => 'development',
  },
  {
    key: 'port',
    env: 'PORT',
    description: 'HTTP port (0: any free port).',
    defaultText: '8080',
    parse: (raw) =>
      /^\d+$/.test(raw) && Number(raw) <= 65535 ? Number(raw) : bad('must be a port number, 0 to 65535'),
    fallback: () => 8080,
  },
  {
    key: 'host',
    env: 'HOST',
    description: 'Interface to listen on. Development listens on loopback only unless HOST is set.',
    defaultText: '127.0.0.1 (development), 0.0.0.0 (production)',
    parse: text,
    fallback: (profile) => (profile === 'production' ? '0.0.0.0' : '127.0.0.1'),
  },
  {
    key: 'simPort',
    env: 'TAI_SIM_PORT',
    description:
      'Development without TAI_INSURER_URL: the insurer simulator started beside the service serves its provider API on this port and its control API on the next (0: any free ports). Never used in production.',
    defaultText: '8090',
    parse: (raw) =>
      /^\d+$/.test(raw) && Number(raw) <= 65534
        ? Number(raw)
        : bad('must be a port number, 0 to 65534 (it also uses the next)'),
    fallback: () => 8090,
  },
  {
    key: 'dataDir',
    env: 'TAI_DATA_DIR',
    description: 'Directory for the SQLite database, signing keys and generated secrets.',
    defaultText: './data',
    parse: text,
    fallback: () => './data',
  },
  {
    key: 'dbUrl',
    env: 'TAI_DB_URL',
    description:
      'Database. Unset: SQLite file `tai.db` in the data dir. `postgres://...`: PostgreSQL. `sqlite:/path/file.db`: that SQLite file.',
    secret: true,
    defaultText: '(SQLite in data dir)',
    parse: url(['postgres:', 'postgresql:', 'sqlite:']),
    fallback: none,
  },
  {
    key: 'adminToken',
    env: 'TAI_ADMIN_TOKEN',
    description:
      'Bearer token for /v1/admin/*. Development: generated on first start, printed once, stored hashed. Required in production.',
    secret: true,
    defaultText: '(generated in development)',
    parse: (raw) => (raw.length >= 24 ? raw : bad('must be at least 24 characters')),
    fallback: none,
  },
  {
    key: 'insurerUrl',
    env: 'TAI_INSURER_URL',
    description:
      'Insurer API base URL. Development without it starts the insurer simulator beside the service. Required in production.',
    defaultText: '(simulator in development)',
    parse: url(['http:', 'https:']),
    fallback: none,
  },
  {
    key: 'insurerApiKey',
    env: 'TAI_INSURER_API_KEY',
    description: 'API key for the insurer.',
    secret: true,
    defaultText: '(none)',
    parse: text,
    fallback: none,
  },
  {
    key: 'certCheckIntervalMs',
    env: 'TAI_CERT_CHECK_INTERVAL',
    description: 'How often each certificate is re-verified.',
    defaultText: '6h',
    parse: parseDuration,
    fallback: () => 6 * 3_600_000,
  },
  {
    key: 'graceMs',
    env: 'TAI_GRACE_PERIOD',
    description:
      'Fallback validity: how long the last verified certificate stays usable while the insurer is unreachable (never past its expiry).',
    defaultText: '7d',
    parse: parseDuration,
    fallback: () => 7 * 86_400_000,
  },
  {
    key: 'recoveryPolicy',
    env: 'TAI_RECOVERY_POLICY',
    description:
      '`manual`: writes resume after good checks AND an operator verification. `automatic`: good checks suffice.',
    defaultText: 'manual',
    parse: oneOf(['manual', 'automatic'] as const),
    fallback: () => 'manual',
  },
  {
    key: 'recoveryGoodChecks',
    env: 'TAI_RECOVERY_GOOD_CHECKS',
    description: 'Consecutive good certificate checks required before writes resume.',
    defaultText: '2',
    parse: positiveInt,
    fallback: () => 2,
  },
  {
    key: 'maxMode',
    env: 'TAI_MAX_MODE',
    description: 'Caps the whole installation: `eval` can never act contractually.',
    defaultText: 'prod',
    parse: oneOf(['eval', 'pilot', 'prod'] as const),
    fallback: () => 'prod',
  },
  {
    key: 'logLevel',
    env: 'TAI_LOG_LEVEL',
    description: 'fatal, error, warn, info, debug, trace or silent.',
    defaultText: 'info',
    parse: oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const),
    fallback: () => 'info',
  },
  {
    key: 'bodyLimitBytes',
    env: 'TAI_BODY_LIMIT_BYTES',
    description: 'Largest accepted request body.',
    defaultText: '1048576',
    parse: positiveInt,
    fallback: () => 1_048_576,
  },
  {
    key: 'authFailureBurst',
    env: 'TAI_AUTH_FAILURE_BURST',
    description:
      'Failed authentications allowed per source address, and per API key id, in one window; past it: 429 TAI-AUTH-THROTTLED with Retry-After.',
    defaultText: '20',
    parse: positiveInt,
    fallback: () => 20,
  },
  {
    key: 'authFailureWindowMs',
    env: 'TAI_AUTH_FAILURE_WINDOW',
    description: 'The window authentication failures are counted in (and the longest a throttled caller waits).',
    defaultText: '1m',
    parse: parseDuration,
    fallback: () => 60_000,
  },
  {
    key: 'servedOverTls',
    env: 'TAI_SERVED_OVER_TLS',
    description:
      '`true` when clients reach the service over HTTPS (a TLS-terminating proxy): answers then carry Strict-Transport-Security.',
    defaultText: 'false',
    parse: (raw) => oneOf(['true', 'false'] as const)(raw) === 'true',
    fallback: () => false,
  },
  {
    key: 'receiptKeyPath',
    env: 'TAI_RECEIPT_KEY_PATH',
    description:
      'Receipt signing key file. Development: generated in the data dir on first start. Production: read from this path.',
    defaultText: '(data dir)',
    parse: text,
    fallback: none,
  },
  {
    key: 'receiptOrigin',
    env: 'TAI_RECEIPT_ORIGIN',
    description: "Prefix of each customer's log origin in signed checkpoints: `<prefix>/<customerId>`.",
    defaultText: 'tai-autonomics.example/receipts',
    parse: (raw) => (/^[^\s+]+$/.test(raw) ? raw : bad('must not contain spaces or plus signs')),
    fallback: () => 'tai-autonomics.example/receipts',
  },
  {
    key: 'auditSecretPath',
    env: 'TAI_AUDIT_SECRET_PATH',
    description:
      'File holding the key of customer pseudonyms in the audit trail. Development: generated in the data dir. Required in production.',
    defaultText: '(data dir)',
    parse: text,
    fallback: none,
  },
  {
    key: 'deployCommand',
    env: 'TAI_DEPLOY_COMMAND',
    description:
      'Absolute path of the one executable the `command` deployment target runs (no shell, scrubbed environment). Unset: only `record`.',
    defaultText: '(none)',
    parse: (raw) => (raw.startsWith('/') ? raw : bad('must be an absolute path')),
    fallback: none,
  },
  {
    key: 'deployTimeoutMs',
    env: 'TAI_DEPLOY_TIMEOUT',
    description: 'Time limit of a `command` deployment; it is killed (process group) at the limit.',
    defaultText: '10m',
    parse: parseDuration,
    fallback: () => 10 * 60_000,
  },
  {
    key: 'deployMaxOutputBytes',
    env: 'TAI_DEPLOY_MAX_OUTPUT_BYTES',
    description: 'Output of a `command` deployment kept (the first bytes); the rest is dropped and marked truncated.',
    defaultText: '65536',
    parse: positiveInt,
    fallback: () => 65_536,
  },
  {
    key: 'deployWorkDir',
    env: 'TAI_DEPLOY_WORK_DIR',
    description: 'Where each `command` deployment gets its own 0700 working directory.',
    defaultText: '(data dir)/deployments',
    parse: (raw) => (raw.startsWith('/') ? raw : bad('must be an absolute path')),
    fallback: none,
  },
  {
    key: 'auditRetentionDays',
    env: 'TAI_AUDIT_RETENTION_DAYS',
    description: 'Audit events older than this may be pruned with `tai audit prune`.',
    defaultText: '365',
    parse: positiveInt,
    fallback: () => 365,
  },
  {
    key: 'smtpUrl',
    env: 'TAI_SMTP_URL',
    description:
      'Mail server for notification email: `smtp://host:587` (STARTTLS when offered) or `smtps://user:pass@host`. Unset: development writes each message to `<data dir>/mail/*.eml`; production sends no email.',
    secret: true,
    defaultText: '(none)',
    parse: url(['smtp:', 'smtps:']),
    fallback: none,
  },
  {
    key: 'mailFrom',
    env: 'TAI_MAIL_FROM',
    description: 'From address of notification email; Message-IDs are minted under its domain.',
    defaultText: '`TAI Autonomics <notifications@tai-autonomics.example>`',
    parse: (raw) => (/@[^\s>]+>?\s*$/.test(raw) ? raw : bad('must contain an email address')),
    fallback: () => 'TAI Autonomics <notifications@tai-autonomics.example>',
  },
  {
    key: 'opsEmail',
    env: 'TAI_OPS_EMAIL',
    description: 'Where the internal team receives notification email. Unset: routes to the team by email are skipped.',
    defaultText: '(none)',
    parse: email,
    fallback: none,
  },
  {
    key: 'slackWebhookUrl',
    env: 'TAI_SLACK_WEBHOOK_URL',
    description: 'Slack incoming-webhook URL for the internal channel. Unset: nothing goes to Slack.',
    secret: true,
    defaultText: '(none)',
    parse: url(['https:', 'http:']),
    fallback: none,
  },
  {
    key: 'pagerDutyRoutingKey',
    env: 'TAI_PAGERDUTY_ROUTING_KEY',
    description: 'PagerDuty Events API v2 integration (routing) key. Unset: nothing pages.',
    secret: true,
    defaultText: '(none)',
    parse: (raw) => (/^[A-Za-z0-9]{32}$/.test(raw) ? raw : bad('must be the 32-character integration key')),
    fallback: none,
  },
  {
    key: 'pagerDutyEventsUrl',
    env: 'TAI_PAGERDUTY_EVENTS_URL',
    description: 'PagerDuty Events API v2 endpoint.',
    defaultText: 'https://events.pagerduty.com/v2/enqueue',
    parse: url(['https:', 'http:']),
    fallback: () => 'https://events.pagerduty.com/v2/enqueue',
  },
  {
    key: 'notifyRouting',
    env: 'TAI_NOTIFY_ROUTING',
    description:
      'JSON: routes per notification type replacing the defaults of the types named, e.g. `{"deployment.failed":[{"channel":"email","to":"customer"},{"channel":"slack"}]}` (docs/notifications.md).',
    defaultText: '(docs/notifications.md)',
    parse: (raw) => {
      const r = parseRouting(jsonOf(raw));
      return r.ok ? r.table : bad(r.problems.join('; '));
    },
    fallback: () => DEFAULT_ROUTING,
  },
  {
    key: 'notifyRateLimits',
    env: 'TAI_NOTIFY_RATE_LIMITS',
    description:
      'JSON: rate limits before the defaults, e.g. `[{"channel":"email","max":2,"per":"1h"}]`; email and Slack only (pages and webhooks are never limited).',
    defaultText: '(docs/notifications.md)',
    parse: (raw) => {
      const r = parseRateRules(jsonOf(raw), parseDuration);
      return r.ok ? r.rules : bad(r.problems.join('; '));
    },
    fallback: () => DEFAULT_RATE_RULES,
  },
  {
    key: 'backupDir',
    env: 'TAI_BACKUP_DIR',
    description:
      'Directory for scheduled backups (`tai-backup-<UTC time>` each, verifiable with `tai backup verify`). Unset: no scheduled backups.',
    defaultText: '(none)',
    parse: text,
    fallback: none,
  },
  {
    key: 'backupIntervalMs',
    env: 'TAI_BACKUP_INTERVAL',
    description: 'How often the service takes a scheduled backup (when TAI_BACKUP_DIR is set).',
    defaultText: '1d',
    parse: parseDuration,
    fallback: () => 86_400_000,
  },
  {
    key: 'backupRetention',
    env: 'TAI_BACKUP_RETENTION',
    description: 'Complete scheduled backups kept; older ones are deleted after each good backup.',
    defaultText: '7',
    parse: positiveInt,
    fallback: () => 7,
  },
  {
    key: 'witnesses',
    env: 'TAI_WITNESSES',
    description:
      'C2SP tlog-witnesses that cosign every new checkpoint, after the commit and in the background: comma-separated `<URL> <vkey>` entries (the vkey `tai witness serve` prints). Unset: no witnesses.',
    defaultText: '(none)',
    parse: parseWitnesses,
    fallback: () => [],
  },
  {
    key: 'witnessRefreshMs',
    env: 'TAI_WITNESS_REFRESH',
    description:
      'A log whose newest cosignature is older than this is submitted again (same size), so idle logs stay fresh for `tai verify --max-age`.',
    defaultText: '15m',
    parse: parseDuration,
    fallback: () => 15 * 60_000,
  },
  {
    key: 'metricsToken',
    env: 'TAI_METRICS_TOKEN',
    description:
      'Bearer token GET /metrics requires (`Authorization: Bearer <token>`, at least 16 characters). Unset: /metrics answers anyone who reaches it.',
    secret: true,
    defaultText: '(none)',
    parse: (raw) => (raw.length >= 16 ? raw : bad('must be at least 16 characters')),
    fallback: none,
  },
  {
    key: 'metricsPort',
    env: 'TAI_METRICS_PORT',
    description:
      'Serve GET /metrics on this port (same HOST) and not on the API port, so a network policy can keep scrapes internal. Unset: on the API port.',
    defaultText: '(none)',
    parse: (raw) =>
      /^\d+$/.test(raw) && Number(raw) >= 1 && Number(raw) <= 65535
        ? Number(raw)
        : bad('must be a port number, 1 to 65535'),
    fallback: none,
  },
  {
    key: 'instanceLeaseMs',
    env: 'TAI_INSTANCE_LEASE',
    description:
      "An instance's heartbeat lease, in the database's clock; renewed every third of it. When it lapses, another instance (or this one restarted) takes over its deployments and idempotency claims (docs/runbooks/instance-takeover.md).",
    defaultText: '20s',
    parse: (raw) => {
      const ms = parseDuration(raw);
      return ms >= 500 && ms <= 600_000 ? ms : bad('must be between 500ms and 10m');
    },
    fallback: () => 20_000,
  },
  {
    key: 'orphanedDeployments',
    env: 'TAI_ORPHANED_DEPLOYMENTS',
    description:
      'What recovery does with a deployment whose instance was lost (its command is stopped on that host either way, never run again): `rollback` records it rolled back and frees its capacity; `operator` leaves it reserved or running, holding its capacity, until an operator resolves it with POST /v1/admin/deployments/{id}/resolve (docs/runbooks/instance-takeover.md).',
    defaultText: 'rollback',
    parse: oneOf(['rollback', 'operator'] as const),
    fallback: () => 'rollback',
  },
];

/** Settings production refuses to start without. */
export const REQUIRED_IN_PRODUCTION: readonly (keyof Config)[] = [
  'adminToken',
  'dbUrl',
  'insurerUrl',
  'receiptKeyPath',
  'auditSecretPath',
];
