/** Verifies a provider JWS: compact form, alg EdDSA, the expected typ, a kid from the provider's JWKS. */
import { compactVerify, decodeProtectedHeader } from 'jose';
import { insurerError } from '../../domain/insurance/insurer-error.ts';
import type { InsurerError } from '../../domain/insurance/verification.ts';
import { err, ok, type Result } from '../../domain/shared/result.ts';
import type { ProviderKeys } from './jwks.ts';

export const CERTIFICATE_TYP = 'tai-certificate+jws';
export const REVOCATION_TYP = 'tai-revocation+jws';

interface VerifiedJws {
  readonly payload: unknown;
  readonly kid: string;
}

export const verifyProviderJws = async (
  jws: string,
  typ: string,
  keys: ProviderKeys,
): Promise<Result<VerifiedJws, InsurerError>> => {
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(jws);
  } catch {
    return err(insurerError('malformed_response', 'not a compact JWS'));
  }
  if (header.alg !== 'EdDSA') return err(insurerError('bad_signature', `unexpected alg ${String(header.alg)}`));
  if (header.typ !== typ) return err(insurerError('malformed_response', `unexpected JWS typ ${String(header.typ)}`));
  if (typeof header.kid !== 'string') return err(insurerError('malformed_response', 'JWS header has no kid'));
  const key = await keys.keyFor(header.kid);
  if (!key.ok) return key;
  let payload: Uint8Array;
  try {
    ({ payload } = await compactVerify(jws, key.value, { algorithms: ['EdDSA'] }));
  } catch {
    return err(insurerError('bad_signature', `signature does not verify under kid ${header.kid}`));
  }
  try {
    return ok({ payload: JSON.parse(new TextDecoder().decode(payload)) as unknown, kid: header.kid });
  } catch {
    return err(insurerError('malformed_response', 'JWS payload is not JSON'));
  }
};
