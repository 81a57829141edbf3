/** The provider API the simulator imitates: /v1/* (bearer API key, 1000/min) and the public JWKS. */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NewCertificateInput } from './documents.ts';
import { json, parseBody, providerError, readBody, send, type Answer } from './http.ts';
import type { SigningMode } from './keys.ts';
import type { ScenarioSpec } from './scenarios.ts';
import type { SimRequest, SimState } from './state.ts';

export interface ProviderContext {
  readonly state: SimState;
  readonly apiKeyDigest: Buffer;
  /** Pending `slow` answers, cleared on close. */
  readonly timers: Set<NodeJS.Timeout>;
}

type Route =
  | { readonly name: 'get_certificate' | 'revocation' | 'renew'; readonly id: string }
  | { readonly name: 'poll'; readonly id: string }
  | { readonly name: 'request' };

const matchRoute = (method: string, path: string): Route | undefined => {
  const parts = path.split('/').slice(1).map(decodeURIComponent);
  const [v1, collection, id, action] = parts;
  if (v1 !== 'v1' || parts.length > 4) return undefined;
  if (collection === 'certificates') {
    if (id === undefined) return method === 'POST' ? { name: 'request' } : undefined;
    if (action === undefined) return method === 'GET' ? { name: 'get_certificate', id } : undefined;
    if (action === 'revocation' && method === 'GET') return { name: 'revocation', id };
    if (action === 'renew' && method === 'POST') return { name: 'renew', id };
  }
  if (collection === 'certificate-requests' && id !== undefined && action === undefined && method === 'GET')
    return { name: 'poll', id };
  return undefined;
};

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

type FaultAction =
  | { readonly kind: 'respond'; readonly answer: Answer }
  | { readonly kind: 'drop' }
  | { readonly kind: 'continue'; readonly delayMs: number; readonly signing: SigningMode };

const MALFORMED: Answer = { status: 200, body: '{"certificateId": "cert_01', headers: {} };

const faultAction = (spec: ScenarioSpec | undefined, random: () => number): FaultAction => {
  const fine: FaultAction = { kind: 'continue', delayMs: 0, signing: 'normal' };
  const status = spec?.status ?? 503;
  switch (spec?.scenario) {
    case undefined:
      return fine;
    case 'not_found':
      return { kind: 'respond', answer: providerError(404, 'certificate_not_found', 'No certificate with this id.') };
    case 'unauthorized':
      return {
        kind: 'respond',
        answer: providerError(401, 'unauthorized', 'Invalid API key.', { 'www-authenticate': 'Bearer' }),
      };
    case 'rate_limited': {
      const retryAfter = String(spec.retryAfter ?? 30);
      return {
        kind: 'respond',
        answer: providerError(429, 'rate_limited', 'Too many requests.', { 'retry-after': retryAfter }),
      };
    }
    case 'server_error':
      return { kind: 'respond', answer: providerError(status, 'server_error', 'Internal error.') };
    case 'flaky':
      return random() < (spec.failureProbability ?? 0.5)
        ? { kind: 'respond', answer: providerError(status, 'server_error', 'Internal error.') }
        : fine;
    case 'malformed':
      return { kind: 'respond', answer: MALFORMED };
    case 'slow':
      return { ...fine, delayMs: spec.delayMs ?? 6_000 };
    case 'bad_signature':
    case 'unknown_key':
      return { ...fine, signing: spec.scenario };
    case 'down':
      return { kind: 'drop' };
    default:
      return fine;
  }
};

const insuredOf = (body: unknown): NewCertificateInput['insured'] | undefined => {
  const insured = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['insured'] : undefined;
  if (typeof insured !== 'object' || insured === null) return undefined;
  const { name, reference } = insured as Record<string, unknown>;
  return typeof name === 'string' && name !== '' && typeof reference === 'string' && reference !== ''
    ? { name, reference }
    : undefined;
};

const ticket = (ctx: ProviderContext, r: SimRequest): Answer => {
  const pollAfterSeconds = Math.max(1, Math.ceil(ctx.state.options.issuanceDelayMs / 1000));
  return json(
    202,
    { requestId: r.requestId, status: 'pending', pollAfterSeconds },
    {
      location: `/v1/certificate-requests/${r.requestId}`,
      'retry-after': String(pollAfterSeconds),
    },
  );
};

const notFound = providerError(404, 'certificate_not_found', 'No certificate with this id.');

const answerRoute = async (
  ctx: ProviderContext,
  route: Route,
  body: unknown,
  signing: SigningMode,
): Promise<Answer> => {
  const { state } = ctx;
  switch (route.name) {
    case 'get_certificate': {
      const jws = await state.signedCertificate(route.id, signing);
      return jws === undefined ? notFound : json(200, { certificateId: route.id, jws });
    }
    case 'revocation': {
      const jws = await state.signedRevocation(route.id, signing);
      return jws === undefined ? notFound : json(200, { certificateId: route.id, jws });
    }
    case 'renew': {
      const doc = state.effectiveDocument(route.id);
      const input = state.renewalOf(route.id);
      if (doc === undefined || input === undefined) return notFound;
      if (doc.status === 'revoked')
        return providerError(409, 'certificate_revoked', 'A revoked certificate cannot be renewed.');
      return ticket(ctx, state.newRequest('renewal', input));
    }
    case 'request': {
      const insured = insuredOf(body);
      if (insured === undefined)
        return providerError(400, 'invalid_request', 'insured.name and insured.reference are required.');
      return ticket(ctx, state.newRequest('issue', { insured }));
    }
    case 'poll': {
      const r = state.pollRequest(route.id);
      if (r === undefined) return providerError(404, 'request_not_found', 'No certificate request with this id.');
      if (r.certificateId === undefined) {
        const retryAfterSeconds = Math.max(1, Math.ceil((r.readyAt - state.clock.now()) / 1000));
        return json(
          200,
          { requestId: r.requestId, status: 'pending', retryAfterSeconds },
          { 'retry-after': String(retryAfterSeconds) },
        );
      }
      const jws = await state.signedCertificate(r.certificateId, signing);
      return json(200, { requestId: r.requestId, status: 'issued', certificateId: r.certificateId, jws });
    }
  }
};

/** POSTs carrying an Idempotency-Key are answered once; a replay with the same body gets the same answer. */
const idempotent = async (
  ctx: ProviderContext,
  req: IncomingMessage,
  path: string,
  text: string,
  run: () => Promise<Answer>,
): Promise<Answer> => {
  const key = req.headers['idempotency-key'];
  if (req.method !== 'POST' || typeof key !== 'string') return run();
  const fingerprint = `${path}\n${text}`;
  const seen = ctx.state.idempotency.get(key);
  if (seen !== undefined) {
    return seen.fingerprint === fingerprint
      ? json(seen.status, seen.body)
      : providerError(422, 'idempotency_key_reused', 'Idempotency-Key reused with another request.');
  }
  const answer = await run();
  if (answer.status < 500)
    ctx.state.idempotency.set(key, { fingerprint, status: answer.status, body: JSON.parse(answer.body) as unknown });
  return answer;
};

export const handleProvider = async (
  ctx: ProviderContext,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
): Promise<void> => {
  const method = req.method ?? 'GET';
  const call = ctx.state.record(method, path);
  const finish = (answer: Answer): void => {
    call.status = answer.status;
    send(res, answer);
  };
  if (path === '/.well-known/jwks.json' && method === 'GET')
    return finish(json(200, ctx.state.keys.jwks(), { 'cache-control': 'max-age=300' }));
  const presented = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
  if (presented === undefined || !timingSafeEqual(digest(presented), ctx.apiKeyDigest)) {
    return finish(providerError(401, 'unauthorized', 'Missing or invalid API key.', { 'www-authenticate': 'Bearer' }));
  }
  const retryAfter = ctx.state.overQuota(ctx.apiKeyDigest.toString('hex'));
  if (retryAfter !== undefined) {
    return finish(
      providerError(429, 'rate_limited', 'Rate limit of the API key exceeded.', { 'retry-after': String(retryAfter) }),
    );
  }
  const route = matchRoute(method, path);
  if (route === undefined) return finish(providerError(404, 'not_found', 'No such endpoint.'));
  const text = await readBody(req);
  const body = parseBody(text);
  if (body === undefined) return finish(providerError(400, 'invalid_json', 'The request body is not JSON.'));
  const action = faultAction(
    ctx.state.takeFault('id' in route && route.name !== 'poll' ? route.id : undefined),
    ctx.state.random,
  );
  if (action.kind === 'respond') return finish(action.answer);
  if (action.kind === 'drop') {
    call.status = 0;
    req.socket.destroy();
    return;
  }
  const answer = await idempotent(ctx, req, path, text, () => answerRoute(ctx, route, body, action.signing));
  if (action.delayMs === 0) return finish(answer);
  const timer = setTimeout(() => {
    ctx.timers.delete(timer);
    finish(answer);
  }, action.delayMs);
  ctx.timers.add(timer);
};
