/**
 * The witness's HTTP server (node:http): POST /add-checkpoint per C2SP tlog-witness. Requests for one
 * log are serialized (check and persist are one step per origin, as the protocol requires); requests
 * for different logs run together and share the state's fsync. A request is at most MAX_BODY bytes, so a
 * client that has not sent all of it within LIMITS.requestTimeout (its headers within headersTimeout) is
 * answered 408 and disconnected, instead of holding its connection for Node's default of five minutes.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerOptions, ServerResponse } from 'node:http';
import type { WitnessState } from '../../../adapters/witness/journal-state.ts';
import { decideAddCheckpoint, originOf, parseAddCheckpoint } from '../../../domain/witness/add-checkpoint.ts';
import type { WitnessIdentity } from '../../../domain/witness/add-checkpoint.ts';

const MAX_BODY = 64 * 1024;
type Limits = Required<Pick<ServerOptions, 'requestTimeout' | 'headersTimeout' | 'connectionsCheckingInterval'>>;
/** Milliseconds; connectionsCheckingInterval is how often Node looks for connections past the other two. */
const LIMITS: Limits = { requestTimeout: 10_000, headersTimeout: 5_000, connectionsCheckingInterval: 1_000 };

const readBody = (req: IncomingMessage): Promise<string | null> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        resolve(null);
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => {
      try {
        resolve(new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(Buffer.concat(chunks)));
      } catch {
        resolve('');
      }
    });
    req.on('error', reject);
  });

const send = (res: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8'): void => {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(body);
};

interface WitnessServerOptions {
  readonly identity: () => WitnessIdentity;
  readonly state: WitnessState;
  readonly now: () => number;
  /** Tests make them short; default LIMITS. */
  readonly limits?: Limits;
}

export const createWitnessServer = (options: WitnessServerOptions): Server => {
  const locks = new Map<string, Promise<unknown>>();
  const serialized = <T>(origin: string, work: () => Promise<T>): Promise<T> => {
    const before = locks.get(origin) ?? Promise.resolve();
    const run = before.then(work, work);
    const tail = run.catch(() => undefined);
    locks.set(origin, tail);
    void tail.then(() => {
      if (locks.get(origin) === tail) locks.delete(origin);
    });
    return run;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.url !== '/add-checkpoint') return send(res, 404, 'not found\n');
    if (req.method !== 'POST') return send(res, 405, 'POST only\n');
    const body = await readBody(req);
    if (body === null) return send(res, 413, 'request too large\n');
    const request = parseAddCheckpoint(body);
    if (!request.ok) return send(res, 400, `${request.error}\n`);
    const origin = originOf(request.value.note);
    await serialized(origin, async () => {
      const answer = decideAddCheckpoint(options.identity(), request.value, options.state.get(origin), options.now());
      if (answer.status !== 200) {
        return send(res, answer.status, answer.body, answer.status === 409 ? 'text/x.tlog.size' : undefined);
      }
      await options.state.commit(answer.head);
      return send(res, 200, answer.cosignature);
    });
  };

  return createServer(options.limits ?? LIMITS, (req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) send(res, 500, `internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    });
  });
};
