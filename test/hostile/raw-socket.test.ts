/**
 * Raw-socket probes: bytes no HTTP client library would send. Node's parser refusals, router refusals,
 * an unsupported Expect and /docs path tricks all answer a 4xx with the catalog body, never a 5xx.
 */
import { connect } from 'node:net';
import { expect, it } from 'vitest';
import { describeService } from '../support/service.ts';
import { catalogBodyProblem } from './campaign.ts';

interface RawAnswer {
  readonly status: number;
  readonly head: string;
  readonly text: string;
}

/** Writes `bytes` on a fresh connection and reads the first answer (until its body is complete or the socket closes). */
const raw = (url: string, bytes: string): Promise<RawAnswer> =>
  new Promise((resolve, reject) => {
    const { hostname, port } = new URL(url);
    const socket = connect(Number(port), hostname);
    let data = '';
    const finish = () => {
      socket.destroy();
      const split = data.indexOf('\r\n\r\n');
      const head = split < 0 ? data : data.slice(0, split);
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0), head, text: data.slice(split + 4) });
    };
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      data += chunk;
      const split = data.indexOf('\r\n\r\n');
      const length = /content-length: (\d+)/i.exec(data.slice(0, split))?.[1];
      if (split >= 0 && length !== undefined && data.length - split - 4 >= Number(length)) finish();
    });
    socket.on('end', finish);
    socket.on('error', (e) => (data === '' ? reject(e) : finish()));
    socket.write(bytes, 'latin1');
  });

const judged = (a: RawAnswer) => {
  let json: unknown;
  try {
    json = JSON.parse(a.text);
  } catch {
    json = undefined;
  }
  return { status: a.status, problem: catalogBodyProblem({ status: a.status, text: a.text, json, headers: {} }) };
};

const get = (path: string, extra = '') => `GET ${path} HTTP/1.1\r\nHost: x\r\n${extra}\r\n`;

const PROBES: readonly {
  readonly name: string;
  readonly bytes: string;
  readonly status: number;
  readonly code: string;
}[] = [
  { name: 'garbage request line', bytes: 'GARBAGE\r\n\r\n', status: 400, code: 'TAI-REQ-BAD-REQUEST' },
  { name: 'bad method', bytes: get('/health').replace('GET', 'G@T'), status: 400, code: 'TAI-REQ-BAD-REQUEST' },
  { name: 'NUL in a header', bytes: get('/health', 'X-A: a\u0000b\r\n'), status: 400, code: 'TAI-REQ-BAD-REQUEST' },
  {
    name: 'Content-Length with Transfer-Encoding',
    bytes:
      'POST /v1/admin/customers HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
    status: 400,
    code: 'TAI-REQ-BAD-REQUEST',
  },
  {
    name: 'two different Content-Lengths',
    bytes: 'POST /v1/admin/customers HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}',
    status: 400,
    code: 'TAI-REQ-BAD-REQUEST',
  },
  {
    name: 'a bad chunk size',
    bytes:
      'POST /v1/admin/customers HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
    status: 400,
    code: 'TAI-REQ-BAD-REQUEST',
  },
  {
    name: 'headers over the limit',
    bytes: get('/health', `X-Big: ${'a'.repeat(20_000)}\r\n`),
    status: 431,
    code: 'TAI-REQ-HEADERS-TOO-LARGE',
  },
  {
    name: 'a request line over the limit',
    bytes: get(`/health?${'a'.repeat(20_000)}`),
    status: 431,
    code: 'TAI-REQ-HEADERS-TOO-LARGE',
  },
  {
    name: 'Expect other than 100-continue',
    bytes: get('/health', 'Expect: teapot\r\n'),
    status: 417,
    code: 'TAI-REQ-EXPECTATION-FAILED',
  },
  { name: 'bad percent-encoding', bytes: get('/v1/admin/customers/%ff'), status: 400, code: 'TAI-REQ-BAD-URL' },
  { name: 'a lone percent', bytes: get('/v1/admin/customers/%'), status: 400, code: 'TAI-REQ-BAD-URL' },
  {
    name: 'a path parameter over the limit',
    bytes: get(`/v1/admin/customers/${'x'.repeat(150)}`),
    status: 414,
    code: 'TAI-REQ-URI-TOO-LONG',
  },
  {
    name: 'a body that is not UTF-8',
    bytes:
      'POST /v1/admin/customers HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 12\r\n\r\n{"name":"\xff"}',
    status: 400,
    code: 'TAI-REQ-MALFORMED-JSON',
  },
  {
    name: 'a body over the limit',
    bytes: `POST /v1/admin/customers HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2000000\r\n\r\n{`,
    status: 413,
    code: 'TAI-REQ-TOO-LARGE',
  },
  {
    name: 'a media type that is not JSON',
    bytes: 'POST /v1/admin/customers HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nhi',
    status: 415,
    code: 'TAI-REQ-UNSUPPORTED-MEDIA-TYPE',
  },
];

const DOCS_PATHS = [
  '/docs/..',
  '/docs/../package.json',
  '/docs/%2e%2e/package.json',
  '/docs/static/%2e%2e/%2e%2e/package.json',
  '/docs/static/..%2f..%2fpackage.json',
  '/docs/%00',
  '/docs/static/%00',
  '/docs/static/index.html%00.js',
  '/docs/%ff',
  '/docs/static/%c0%ae%c0%ae/package.json',
];

describeService('raw-socket probes', (svc) => {
  it.each(PROBES)('answers $name with $status $code in the catalog body', async (probe) => {
    const answer = await raw(svc().url, probe.bytes);
    expect(judged(answer)).toEqual({ status: probe.status, problem: null });
    expect(JSON.parse(answer.text).error.code).toBe(probe.code);
  });

  it('answers /docs path tricks with a 4xx in the catalog body, never a 5xx or a file outside /docs', async () => {
    for (const path of DOCS_PATHS) {
      const answer = await raw(svc().url, get(path, 'Connection: close\r\n'));
      expect(answer.status, path).toBeGreaterThanOrEqual(400);
      expect(answer.status, path).toBeLessThan(500);
      expect(judged(answer).problem, `${path}: ${answer.text.slice(0, 200)}`).toBeNull();
      expect(answer.text, path).not.toContain('"devDependencies"');
    }
  });
});
