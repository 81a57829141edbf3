/** The /_sim control API (development only, no auth): certificates, scenarios, clock, keys, the call record. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isoOf } from '../../domain/shared/clock.ts';
import {
  applyListener,
  createCertificate,
  rotateKeys,
  setClock,
  setScenario,
  summaryOf,
  type CommandResult,
  type ScenarioSet,
  type SimRuntime,
} from './commands.ts';
import { json, parseBody, providerError, readBody, send, type Answer } from './http.ts';

const answer = <T>(r: CommandResult<T>, okStatus = 200): Answer =>
  r.ok
    ? json(okStatus, r.value)
    : providerError(r.status, r.status === 404 ? 'not_found' : 'invalid_request', r.message);

type Routed = Answer & { readonly after?: ScenarioSet };

const scenarioAnswer = (r: CommandResult<ScenarioSet>): Routed => {
  if (!r.ok) return answer(r);
  const { listener: _listener, ...shown } = r.value;
  return { ...json(200, shown), after: r.value };
};

const route = async (rt: SimRuntime, method: string, path: string, body: unknown): Promise<Routed> => {
  const parts = path.split('/').slice(2).map(decodeURIComponent);
  const key = `${method} ${parts.map((p, i) => (parts[0] === 'certificates' && i === 1 ? ':id' : p)).join('/')}`;
  const id = parts[1] ?? '';
  switch (key) {
    case 'POST certificates':
      return answer(createCertificate(rt, body), 201);
    case 'GET certificates/:id': {
      const doc = rt.state.effectiveDocument(id);
      return doc === undefined ? providerError(404, 'not_found', 'no such certificate') : json(200, summaryOf(doc));
    }
    case 'POST certificates/:id/scenario':
      return scenarioAnswer(setScenario(rt, body, id));
    case 'POST scenario':
      return scenarioAnswer(setScenario(rt, body));
    case 'GET clock':
      return json(200, { now: isoOf(rt.state.clock.now()) });
    case 'POST clock':
      return answer(setClock(rt, body));
    case 'POST keys/rotate':
      return json(200, await rotateKeys(rt));
    case 'GET calls':
      return json(200, { calls: rt.state.calls });
    case 'DELETE calls':
      rt.state.calls.length = 0;
      return json(200, { calls: [] });
    case 'GET certificate-requests':
      return json(200, {
        requests: [...rt.state.requests.values()].map((r) => ({
          requestId: r.requestId,
          kind: r.kind,
          certificateId: r.certificateId ?? null,
        })),
      });
    default:
      return providerError(404, 'not_found', 'No such control endpoint.');
  }
};

export const handleControl = async (
  rt: SimRuntime,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
): Promise<void> => {
  const body = parseBody(await readBody(req));
  if (body === undefined) return send(res, providerError(400, 'invalid_json', 'The request body is not JSON.'));
  const routed = await route(rt, req.method ?? 'GET', path, body);
  const after = routed.after;
  // Up before answering (the caller may call at once); down after (the answer must get out first).
  if (after?.listener === 'up') await applyListener(rt, after);
  if (after?.listener === 'down') res.once('finish', () => void applyListener(rt, after).catch(() => undefined));
  send(res, routed);
};
