/**
 * A real local HTTP server that the Slack, PagerDuty and webhook receivers answer through. Tests can
 * queue faults for the next requests: a status with a body, hanging until the client gives up, or
 * dropping the connection. Every request that arrives is recorded, whatever it was answered.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { arrivals } from './arrivals.ts';

export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

interface Answer {
  readonly status: number;
  readonly body?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export type Fault =
  { readonly kind: 'answer'; readonly answer: Answer } | { readonly kind: 'hang' } | { readonly kind: 'drop' };

type Handler = (req: ReceivedRequest) => Answer;

export interface HttpReceiver {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  readonly requests: readonly ReceivedRequest[];
  /** The next `times` requests get this fault instead of the handler's answer. */
  fail(fault: Fault, times?: number): void;
  /** While down, every request is answered 503 (an outage of any length, in virtual time). */
  setDown(down: boolean): void;
  /** Resolves once `count` requests in all have arrived (their bodies read). */
  readonly arrived: (count: number) => Promise<void>;
  readonly close: () => Promise<void>;
}

export const startHttpReceiver = async (handler: Handler): Promise<HttpReceiver> => {
  const requests: ReceivedRequest[] = [];
  const faults: Fault[] = [];
  const sockets = new Set<Socket>();
  const arrived = arrivals();
  let down = false;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const received: ReceivedRequest = {
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      const fault: Fault | undefined = down
        ? { kind: 'answer', answer: { status: 503, body: 'down' } }
        : faults.shift();
      requests.push(received);
      arrived.bump();
      if (fault?.kind === 'hang') return;
      if (fault?.kind === 'drop') {
        req.socket.destroy();
        return;
      }
      const answer = fault?.kind === 'answer' ? fault.answer : handler(received);
      res.writeHead(answer.status, { 'content-type': 'text/plain; charset=utf-8', ...answer.headers });
      res.end(answer.body ?? '');
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    fail(fault, times = 1) {
      for (let i = 0; i < times; i++) faults.push(fault);
    },
    setDown(d) {
      down = d;
    },
    arrived: arrived.arrived,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};

export const json = (status: number, body: unknown): Answer => ({
  status,
  body: JSON.stringify(body),
  headers: { 'content-type': 'application/json' },
});
