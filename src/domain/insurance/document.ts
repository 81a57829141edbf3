/** Structural checks for what the provider signs: the certificate document and the revocation status. Pure. */
import type { CertificateDocument, CertificateStatus, Coverage } from './certificate.ts';
import { err, ok, type Result } from '../shared/result.ts';

const STATUSES: readonly string[] = ['active', 'suspended', 'revoked'] satisfies CertificateStatus[];
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
const DECIMAL = /^(0|[1-9]\d*)(\.\d+)?$/;
const CURRENCY = /^[A-Z]{3}$/;

type Obj = Readonly<Record<string, unknown>>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

class Invalid extends Error {}
const fail = (path: string, why: string): never => {
  throw new Invalid(`${path}: ${why}`);
};

const str = (o: Obj, key: string, path: string): string => {
  const v = o[key];
  if (typeof v !== 'string' || v.length === 0) return fail(`${path}/${key}`, 'expected a non-empty string');
  return v;
};
const instant = (o: Obj, key: string, path: string): string => {
  const v = str(o, key, path);
  if (!INSTANT.test(v) || Number.isNaN(Date.parse(v))) fail(`${path}/${key}`, 'expected an ISO 8601 UTC instant');
  return v;
};
const obj = (o: Obj, key: string, path: string): Obj => {
  const v = o[key];
  return isObj(v) ? v : fail(`${path}/${key}`, 'expected an object');
};
const status = (o: Obj, path: string): CertificateStatus => {
  const v = str(o, 'status', path);
  return STATUSES.includes(v) ? (v as CertificateStatus) : fail(`${path}/status`, 'unknown status');
};

const coverage = (v: unknown, path: string): Coverage => {
  if (!isObj(v)) return fail(path, 'expected an object');
  const c: Coverage = {
    type: str(v, 'type', path),
    eachOccurrence: str(v, 'eachOccurrence', path),
    aggregate: str(v, 'aggregate', path),
    currency: str(v, 'currency', path),
  };
  if (!DECIMAL.test(c.eachOccurrence)) fail(`${path}/eachOccurrence`, 'expected a decimal string');
  if (!DECIMAL.test(c.aggregate)) fail(`${path}/aggregate`, 'expected a decimal string');
  if (!CURRENCY.test(c.currency)) fail(`${path}/currency`, 'expected an ISO 4217 code');
  return c;
};

const guard = <T>(build: () => T): Result<T, string> => {
  try {
    return ok(build());
  } catch (e) {
    if (e instanceof Invalid) return err(e.message);
    throw e;
  }
};

/** Rebuilds the document from known fields only (unknown fields are dropped), or names the first bad field. */
export const parseCertificateDocument = (value: unknown): Result<CertificateDocument, string> =>
  guard(() => {
    if (!isObj(value)) return fail('', 'expected an object');
    const insurer = obj(value, 'insurer', '');
    const insured = obj(value, 'insured', '');
    const coverages = value['coverages'];
    if (!Array.isArray(coverages) || coverages.length === 0) fail('/coverages', 'expected a non-empty array');
    const doc: CertificateDocument = {
      certificateId: str(value, 'certificateId', ''),
      policyNumber: str(value, 'policyNumber', ''),
      insurer: { name: str(insurer, 'name', '/insurer'), naic: str(insurer, 'naic', '/insurer') },
      insured: { name: str(insured, 'name', '/insured'), reference: str(insured, 'reference', '/insured') },
      coverages: (coverages as unknown[]).map((c, i) => coverage(c, `/coverages/${i}`)),
      effectiveFrom: instant(value, 'effectiveFrom', ''),
      expiresAt: instant(value, 'expiresAt', ''),
      status: status(value, ''),
      issuedAt: instant(value, 'issuedAt', ''),
    };
    if (Date.parse(doc.effectiveFrom) >= Date.parse(doc.expiresAt)) fail('/expiresAt', 'must be after effectiveFrom');
    return doc;
  });

interface RevocationPayload {
  readonly certificateId: string;
  readonly status: CertificateStatus;
  readonly asOf: string;
  readonly reason?: string;
}

export const parseRevocationPayload = (value: unknown): Result<RevocationPayload, string> =>
  guard(() => {
    if (!isObj(value)) return fail('', 'expected an object');
    const base = {
      certificateId: str(value, 'certificateId', ''),
      status: status(value, ''),
      asOf: instant(value, 'asOf', ''),
    };
    const reason = value['reason'];
    if (reason === undefined || reason === null) return base;
    return typeof reason === 'string' ? { ...base, reason } : fail('/reason', 'expected a string');
  });
