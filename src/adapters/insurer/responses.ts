/** Turning provider answers into results: error classification, and signed bodies into verified values. */
import { parseCertificateDocument, parseRevocationPayload } from '../../domain/insurance/document.ts';
import { codeForHttpStatus, insurerError } from '../../domain/insurance/insurer-error.ts';
import type {
  CertificateRequestState,
  CertificateRequestTicket,
  InsurerError,
  RevocationStatus,
  VerifiedCertificate,
} from '../../domain/insurance/verification.ts';
import { err, ok, type Result } from '../../domain/shared/result.ts';
import { CERTIFICATE_TYP, REVOCATION_TYP, verifyProviderJws } from './jws.ts';
import type { ProviderKeys } from './jwks.ts';
import { parseRetryAfterMs } from './policies/retry-after.ts';
import type { HttpExchange } from './transport.ts';

type Json = Readonly<Record<string, unknown>>;

const parseObject = (body: string): Json | undefined => {
  try {
    const v: unknown = JSON.parse(body);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : undefined;
  } catch {
    return undefined;
  }
};

export const parseJson = (ex: HttpExchange): Result<Json, InsurerError> => {
  const v = parseObject(ex.body);
  return v === undefined
    ? err(insurerError('malformed_response', `status ${ex.status} body is not a JSON object`))
    : ok(v);
};

/** Only the provider's error code goes into the detail: its message might echo personal data. */
export const errorFromExchange = (ex: HttpExchange, nowMs: number): InsurerError => {
  const code = codeForHttpStatus(ex.status);
  const body = parseObject(ex.body);
  const inner = body?.['error'];
  const providerCode =
    typeof inner === 'object' && inner !== null && 'code' in inner && typeof inner.code === 'string'
      ? ` (${inner.code.slice(0, 64)})`
      : '';
  const retryAfterMs = parseRetryAfterMs(ex.headers['retry-after'], nowMs);
  const honoursRetryAfter = code === 'rate_limited' || code === 'server_error';
  return insurerError(code, `provider answered ${ex.status}${providerCode}`, {
    httpStatus: ex.status,
    ...(honoursRetryAfter && retryAfterMs !== undefined ? { retryAfterMs } : {}),
  });
};

const stringField = (json: Json, key: string): Result<string, InsurerError> => {
  const v = json[key];
  return typeof v === 'string' && v.length > 0
    ? ok(v)
    : err(insurerError('malformed_response', `response has no ${key}`));
};

const certificateFromJws = async (
  jws: string,
  expectedId: string,
  keys: ProviderKeys,
  nowMs: number,
): Promise<Result<VerifiedCertificate, InsurerError>> => {
  const verified = await verifyProviderJws(jws, CERTIFICATE_TYP, keys);
  if (!verified.ok) return verified;
  const doc = parseCertificateDocument(verified.value.payload);
  if (!doc.ok) return err(insurerError('malformed_response', `certificate document invalid at ${doc.error}`));
  // A genuine certificate for another party must not pass as this one.
  if (doc.value.certificateId !== expectedId)
    return err(insurerError('malformed_response', 'signed certificate id differs from the one asked for'));
  return ok({ document: doc.value, jws, kid: verified.value.kid, verifiedAt: nowMs, source: 'network' });
};

export const certificateFrom = async (ex: HttpExchange, id: string, keys: ProviderKeys, nowMs: number) => {
  const json = parseJson(ex);
  if (!json.ok) return json;
  const jws = stringField(json.value, 'jws');
  return jws.ok ? certificateFromJws(jws.value, id, keys, nowMs) : jws;
};

export const revocationFrom = async (
  ex: HttpExchange,
  id: string,
  keys: ProviderKeys,
): Promise<Result<RevocationStatus, InsurerError>> => {
  const json = parseJson(ex);
  if (!json.ok) return json;
  const jws = stringField(json.value, 'jws');
  if (!jws.ok) return jws;
  const verified = await verifyProviderJws(jws.value, REVOCATION_TYP, keys);
  if (!verified.ok) return verified;
  const p = parseRevocationPayload(verified.value.payload);
  if (!p.ok) return err(insurerError('malformed_response', `revocation status invalid at ${p.error}`));
  if (p.value.certificateId !== id)
    return err(insurerError('malformed_response', 'signed revocation is for another certificate'));
  return ok({ ...p.value, kid: verified.value.kid });
};

const secondsField = (json: Json, key: string): number | undefined => {
  const v = json[key];
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v * 1000 : undefined;
};

export const ticketFrom = (ex: HttpExchange, nowMs: number): Result<CertificateRequestTicket, InsurerError> => {
  const json = parseJson(ex);
  if (!json.ok) return json;
  const requestId = stringField(json.value, 'requestId');
  if (!requestId.ok) return requestId;
  const pollAfterMs =
    secondsField(json.value, 'pollAfterSeconds') ?? parseRetryAfterMs(ex.headers['retry-after'], nowMs) ?? 0;
  return ok({ requestId: requestId.value, pollAfterMs });
};

export const requestStateFrom = async (
  ex: HttpExchange,
  keys: ProviderKeys,
  nowMs: number,
): Promise<Result<CertificateRequestState, InsurerError>> => {
  const json = parseJson(ex);
  if (!json.ok) return json;
  const requestId = stringField(json.value, 'requestId');
  if (!requestId.ok) return requestId;
  switch (json.value['status']) {
    case 'pending': {
      const retryAfterMs =
        secondsField(json.value, 'retryAfterSeconds') ?? parseRetryAfterMs(ex.headers['retry-after'], nowMs) ?? 0;
      return ok({ status: 'pending', requestId: requestId.value, retryAfterMs });
    }
    case 'issued': {
      const [certificateId, jws] = [stringField(json.value, 'certificateId'), stringField(json.value, 'jws')];
      if (!certificateId.ok) return certificateId;
      if (!jws.ok) return jws;
      const cert = await certificateFromJws(jws.value, certificateId.value, keys, nowMs);
      return cert.ok ? ok({ status: 'issued', requestId: requestId.value, certificate: cert.value }) : cert;
    }
    case 'rejected': {
      const reason = json.value['reason'];
      return ok({
        status: 'rejected',
        requestId: requestId.value,
        reason: typeof reason === 'string' ? reason : 'unspecified',
      });
    }
    default:
      return err(insurerError('malformed_response', 'unknown certificate request status'));
  }
};
