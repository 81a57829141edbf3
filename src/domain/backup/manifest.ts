/**
 * The backup manifest: what a backup holds (per table its columns, row count and content hash, the file and
 * that file's hash), every customer log's tree size, root and signed checkpoint, the heads of the hash
 * chains, and the public receipt keys. It is signed with a receipt key over a context prefix of its own,
 * "tai-backup-manifest/1" and a NUL byte, then the RFC 8785 bytes of the manifest without `signature`.
 * Receipt and audit-anchor signatures cover JSON that starts with "{" and checkpoint signatures cover note
 * text, which may not hold a NUL, so none of them can ever be taken for a manifest signature, nor the reverse.
 */
import { canonicalize } from '../shared/canonical-json.ts';
import { err, ok, type Result } from '../shared/result.ts';
import { fromBase64Url, toBase64Url } from '../receipts/encoding.ts';
import { bundleJwks, publicKeysFromJwks, type Jwks } from '../receipts/keyring.ts';
import { signBytes, verifyBytes, type PublicReceiptKey, type SigningKey } from '../receipts/keys.ts';
import { equalBytes } from '../receipts/merkle-verify.ts';
import { isDomainError } from '../errors/domain-error.ts';

export const MANIFEST_FORMAT = 'tai-backup-manifest/1';
const CONTEXT = Buffer.from(`${MANIFEST_FORMAT}\u0000`, 'utf8');

export interface TableEntry {
  readonly name: string;
  readonly columns: readonly string[];
  /** Rows are stored and hashed in this order (all columns when the table has no primary key). */
  readonly orderBy: readonly string[];
  readonly rows: number;
  /** SHA-256 (hex) of the rows as lines: RFC 8785 of the array of a row's values, then "\n". */
  readonly sha256: string;
  /** The file, relative to the backup directory, and the SHA-256 and size of its bytes on disk. */
  readonly file: string;
  readonly fileSha256: string;
  readonly fileBytes: number;
}

export interface LogEntry {
  readonly customerId: string;
  readonly treeSize: number;
  /** Hex Merkle root of the log's receipts. */
  readonly root: string;
  /** The latest signed checkpoint (C2SP signed note), which covers exactly treeSize receipts. */
  readonly checkpoint: string;
}

/** The head of one hash chain (the audit trail; other ledgers register their own). */
export interface ChainEntry {
  readonly seq: number;
  readonly hash: string;
  /** How many rows the chain holds in the backup, and where it continues from (0: its genesis). */
  readonly rows: number;
  readonly from: number;
}

export interface Manifest {
  readonly format: typeof MANIFEST_FORMAT;
  readonly createdAt: string;
  /** The store the backup was taken from: its kind and a description without credentials. */
  readonly source: { readonly kind: 'sqlite' | 'postgres'; readonly description: string };
  readonly schemaVersion: number;
  readonly tables: readonly TableEntry[];
  readonly logs: readonly LogEntry[];
  readonly chains: Readonly<Record<string, ChainEntry>>;
  /** Every public receipt key (retired ones too): checkpoints and anchors may be signed by any. */
  readonly keys: Jwks;
  readonly keyId: string;
  readonly signature: string;
}

export type UnsignedManifest = Omit<Manifest, 'keyId' | 'signature' | 'keys' | 'format'>;

const signedBytes = (m: Omit<Manifest, 'signature'>): Uint8Array =>
  Buffer.concat([CONTEXT, Buffer.from(canonicalize(m), 'utf8')]);

export const signManifest = (body: UnsignedManifest, keys: readonly PublicReceiptKey[], key: SigningKey): Manifest => {
  const unsigned = { format: MANIFEST_FORMAT, ...body, keys: bundleJwks(keys), keyId: key.kid } as const;
  return { ...unsigned, signature: toBase64Url(signBytes(key, signedBytes(unsigned))) };
};

const MEMBERS = [
  'chains',
  'createdAt',
  'format',
  'keyId',
  'keys',
  'logs',
  'schemaVersion',
  'signature',
  'source',
  'tables',
];

const NAME = /^[a-z_][a-z0-9_]*$/;
const HEX64 = /^[0-9a-f]{64}$/;
const count = (n: unknown): boolean => Number.isSafeInteger(n) && (n as number) >= 0;
const names = (v: unknown): boolean => Array.isArray(v) && v.every((c) => typeof c === 'string' && NAME.test(c));

/** The first member of a (signature-checked) manifest whose shape is wrong, or null. */
const shapeProblem = (m: Manifest): string | null => {
  if (typeof m.createdAt !== 'string' || !count(m.schemaVersion)) return 'createdAt or schemaVersion';
  if (!Array.isArray(m.tables)) return 'tables';
  for (const t of m.tables as readonly Partial<TableEntry>[]) {
    const ok =
      typeof t.name === 'string' &&
      NAME.test(t.name) &&
      names(t.columns) &&
      names(t.orderBy) &&
      count(t.rows) &&
      count(t.fileBytes) &&
      HEX64.test(String(t.sha256)) &&
      HEX64.test(String(t.fileSha256)) &&
      t.file === `tables/${t.name}.jsonl.gz`;
    if (!ok) return `tables entry ${String(t.name)}`;
  }
  if (!Array.isArray(m.logs)) return 'logs';
  for (const l of m.logs as readonly Partial<LogEntry>[]) {
    if (
      typeof l.customerId !== 'string' ||
      !count(l.treeSize) ||
      !HEX64.test(String(l.root)) ||
      typeof l.checkpoint !== 'string'
    )
      return `logs entry ${String(l.customerId)}`;
  }
  if (typeof m.chains !== 'object' || m.chains === null) return 'chains';
  for (const [name, c] of Object.entries(m.chains)) {
    if (!count(c.seq) || !count(c.rows) || !count(c.from) || typeof c.hash !== 'string') return `chains entry ${name}`;
  }
  return null;
};

/**
 * Checks the manifest's frame and signature. With `trusted` (keys obtained out of band: the service's keyring
 * or its published JWKS) every key the manifest carries must be one of them; without, its own keys are
 * believed, which proves integrity but not origin. Returns the manifest's keys for the checks that follow.
 */
export const verifyManifest = (
  value: unknown,
  trusted?: readonly PublicReceiptKey[],
): Result<{ manifest: Manifest; keys: PublicReceiptKey[] }, string> => {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return err('the manifest is not a JSON object');
  const m = value as Manifest;
  const names = Object.keys(m).sort().join(',');
  if (names !== MEMBERS.join(',')) return err(`the manifest must have exactly the members ${MEMBERS.join(', ')}`);
  if (m.format !== MANIFEST_FORMAT) return err(`the manifest format is not ${String(MANIFEST_FORMAT)}`);
  let keys: PublicReceiptKey[];
  try {
    keys = publicKeysFromJwks(m.keys);
  } catch (e) {
    if (!isDomainError(e)) throw e;
    return err(`the manifest's keys are malformed: ${e.path ?? ''} ${e.detail ?? e.message}`);
  }
  if (trusted !== undefined) {
    const stranger = keys.find((k) => !trusted.some((t) => t.kid === k.kid && equalBytes(t.raw, k.raw)));
    if (stranger !== undefined) return err(`key ${stranger.kid} of the manifest is not among the trusted keys`);
  }
  const key = keys.find((k) => k.kid === m.keyId);
  if (key === undefined) return err(`the manifest is signed by key ${String(m.keyId)}, which it does not carry`);
  const { signature, ...unsigned } = m;
  const sig = typeof signature === 'string' ? fromBase64Url(signature) : null;
  let bytes: Uint8Array;
  try {
    bytes = signedBytes(unsigned);
  } catch (e) {
    return err(`the manifest cannot be canonicalized: ${String(e)}`);
  }
  if (sig === null || !verifyBytes(key, bytes, sig))
    return err(`the manifest signature does not verify under key ${key.kid} (the manifest was altered or forged)`);
  const bad = shapeProblem(m);
  if (bad !== null) return err(`the manifest's ${bad} is malformed`);
  return ok({ manifest: m, keys });
};
