/**
 * A hostile campaign against every operation in /openapi.json: each body leaf, query parameter, path
 * parameter and header replaced by every malformed value of its type, plus seeded generated requests.
 * Every answer is judged: a 5xx, an error without the catalog body, or a 2xx whose stored value differs
 * from what was acknowledged (read back) is a finding.
 */
import fc from 'fast-check';
import { Pool } from 'undici';
import { errorCatalog } from '../../src/domain/errors/catalog/index.ts';
import {
  BODY_TEXTS,
  BOOLEAN_FRAGMENTS,
  HEADER_VALUES,
  NUMBER_FRAGMENTS,
  PATH_VALUES,
  QUERY_VALUES,
  STRING_FRAGMENTS,
} from './values.ts';

export interface Operation {
  readonly key: string;
  readonly method: string;
  readonly template: string;
  readonly scope: string;
  readonly query: readonly string[];
  readonly pathParams: readonly string[];
  readonly headers: readonly string[];
}

/** One well-formed request per operation: the base every mutation starts from. */
export interface Example {
  readonly params?: Readonly<Record<string, string>>;
  readonly query?: Readonly<Record<string, string>>;
  readonly body?: unknown;
}

export interface HostileRequest {
  readonly op: Operation;
  readonly method: string;
  readonly path: string;
  readonly body?: string;
  readonly headers: Readonly<Record<string, string>>;
  /** What was mutated, for the report. */
  readonly what: string;
}

export interface Finding {
  readonly what: string;
  readonly request: string;
  readonly status: number;
  readonly problem: string;
}

export interface CampaignTally {
  sent: number;
  fiveXx: number;
  withoutCode: number;
  differs: number;
  readonly findings: Finding[];
}

interface OpenApiDoc {
  paths: Record<
    string,
    Record<string, { 'x-tai-scope'?: string; parameters?: { in: string; name: string }[]; requestBody?: unknown }>
  >;
}

export const operationsOf = (doc: OpenApiDoc): Operation[] =>
  Object.entries(doc.paths).flatMap(([template, ops]) =>
    Object.entries(ops).map(([method, op]) => {
      const names = (where: string) => (op.parameters ?? []).filter((p) => p.in === where).map((p) => p.name);
      return {
        key: `${method.toUpperCase()} ${template}`,
        method: method.toUpperCase(),
        template,
        scope: op['x-tai-scope'] ?? 'public',
        query: names('query'),
        pathParams: names('path'),
        headers: names('header'),
      };
    }),
  );

const MARK = '\u0001HOSTILE\u0001';
const MARK_JSON = JSON.stringify(MARK);

type Leaf = { readonly at: readonly (string | number)[]; readonly value: unknown };

const leavesOf = (value: unknown, at: (string | number)[] = []): Leaf[] => {
  if (Array.isArray(value)) return value.flatMap((v, i) => leavesOf(v, [...at, i]));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => leavesOf(v, [...at, k]));
  }
  return [{ at, value }];
};

const replaced = (value: unknown, at: readonly (string | number)[], by: unknown): unknown => {
  if (at.length === 0) return by;
  const [head, ...rest] = at;
  if (Array.isArray(value)) return value.map((v, i) => (i === head ? replaced(v, rest, by) : v));
  const o = value as Record<string, unknown>;
  return { ...o, [head as string]: replaced(o[head as string], rest, by) };
};

const fragmentsFor = (value: unknown): readonly string[] => {
  if (typeof value === 'number') return NUMBER_FRAGMENTS;
  if (typeof value === 'boolean') return BOOLEAN_FRAGMENTS;
  return STRING_FRAGMENTS;
};

const pathOf = (op: Operation, params: Readonly<Record<string, string>>): string =>
  op.template.replace(/\{([^}]+)\}/g, (_m, name: string) => params[name] ?? 'missing');

const queryText = (query: Readonly<Record<string, string>>): string => {
  const parts = Object.entries(query).map(([k, v]) => `${k}=${v}`);
  return parts.length === 0 ? '' : `?${parts.join('&')}`;
};

/** Every table-driven mutation of one operation's example. */
export const tableRequests = (
  op: Operation,
  example: Example,
  headersFor: (op: Operation) => Record<string, string>,
): HostileRequest[] => {
  const params = example.params ?? {};
  const query = example.query ?? {};
  const base = { op, method: op.method, headers: headersFor(op) };
  const bodyText = example.body === undefined ? undefined : JSON.stringify(example.body);
  const path = pathOf(op, params) + queryText(query);
  const out: HostileRequest[] = [];
  if (example.body !== undefined) {
    for (const leaf of leavesOf(example.body)) {
      const text = JSON.stringify(replaced(example.body, leaf.at, MARK));
      for (const fragment of fragmentsFor(leaf.value)) {
        out.push({ ...base, path, body: text.replace(MARK_JSON, fragment), what: `body /${leaf.at.join('/')}` });
      }
    }
    // An unknown member, and a known object given a hostile extra member.
    const extra = JSON.stringify({ ...(example.body as object), [MARK]: 1 });
    for (const fragment of ['"\\ud800"', '"x"']) {
      out.push({ ...base, path, body: extra.replace(MARK_JSON, fragment), what: 'body unknown member' });
    }
  }
  if (op.method !== 'GET' && op.method !== 'DELETE') {
    for (const text of BODY_TEXTS) out.push({ ...base, path, body: text, what: 'whole body' });
  }
  for (const name of op.query) {
    for (const value of QUERY_VALUES) {
      const q = pathOf(op, params) + queryText({ ...query, [name]: value });
      out.push({ ...base, path: q, ...(bodyText === undefined ? {} : { body: bodyText }), what: `query ${name}` });
    }
  }
  for (const name of op.pathParams) {
    for (const value of PATH_VALUES) {
      const p = pathOf(op, { ...params, [name]: value }) + queryText(query);
      out.push({ ...base, path: p, ...(bodyText === undefined ? {} : { body: bodyText }), what: `path ${name}` });
    }
  }
  for (const name of op.headers) {
    for (const value of HEADER_VALUES) {
      out.push({
        ...base,
        headers: { ...base.headers, [name]: value },
        path,
        ...(bodyText === undefined ? {} : { body: bodyText }),
        what: `header ${name}`,
      });
    }
  }
  return out;
};

/** JSON text for a generated value: non-finite numbers are written as 1e400, which JSON.parse reads as Infinity. */
const toJsonText = (value: unknown): string => {
  if (typeof value === 'number') return Number.isFinite(value) ? JSON.stringify(value) : value > 0 ? '1e400' : '-1e400';
  if (Array.isArray(value)) return `[${value.map(toJsonText).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const members = Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}:${toJsonText(v)}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
};

/** Percent-encodes each UTF-16 code unit's WTF-8 bytes, so lone surrogates reach the URL too. */
const wtf8Percent = (s: string): string =>
  [...Array(s.length).keys()]
    .map((i) => {
      const c = s.charCodeAt(i);
      if (c < 0x80) return /[A-Za-z0-9._~-]/.test(s[i] ?? '') ? s[i] : `%${c.toString(16).padStart(2, '0')}`;
      const bytes =
        c < 0x800 ? [0xc0 | (c >> 6), 0x80 | (c & 63)] : [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63)];
      return bytes.map((b) => `%${b.toString(16)}`).join('');
    })
    .join('');

const hostileLeaf = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  fc.constantFrom('2026-06-30T23:59:60Z', '9999-12-31', '0000-01-01', '..', '.', ''),
);

/** Seeded generated requests: each leaf kept or replaced, plus random extra members and query values. */
export const generatedRequests = (
  op: Operation,
  example: Example,
  headersFor: (op: Operation) => Record<string, string>,
  seed: number,
  count: number,
): HostileRequest[] => {
  const leaves = example.body === undefined ? [] : leavesOf(example.body);
  const arb = fc.record({
    swaps: fc.array(fc.tuple(fc.nat(Math.max(leaves.length - 1, 0)), hostileLeaf), { maxLength: 4 }),
    extra: fc.option(fc.dictionary(fc.string({ unit: 'binary', maxLength: 8 }), hostileLeaf, { maxKeys: 2 })),
    query: fc.array(fc.tuple(fc.constantFrom(...op.query, 'zz'), fc.string({ unit: 'binary', maxLength: 20 })), {
      maxLength: 2,
    }),
  });
  return fc.sample(arb, { seed, numRuns: count }).map((g) => {
    let body = example.body;
    for (const [i, v] of g.swaps) {
      const leaf = leaves[i];
      if (leaf) body = replaced(body, leaf.at, v);
    }
    if (g.extra && body !== undefined && typeof body === 'object') body = { ...(body as object), ...g.extra };
    const query: Record<string, string> = { ...example.query };
    for (const [k, v] of g.query) query[k] = wtf8Percent(v);
    return {
      op,
      method: op.method,
      headers: headersFor(op),
      path: pathOf(op, example.params ?? {}) + queryText(query),
      ...(body === undefined ? {} : { body: toJsonText(body) }),
      what: 'generated',
    };
  });
};

export interface Answer {
  readonly status: number;
  readonly text: string;
  readonly json: unknown;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

const parse = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

/** A keep-alive client over a small pool, answering raw status, text and parsed JSON. */
export const hostileClient = (origin: string) => {
  const pool = new Pool(origin, { connections: 8, pipelining: 1, keepAliveTimeout: 10_000 });
  const send = async (
    method: string,
    path: string,
    headers: Readonly<Record<string, string>>,
    body?: string,
  ): Promise<Answer> => {
    const res = await pool.request({
      method,
      path,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body }),
    });
    const text = await res.body.text();
    return { status: res.statusCode, text, json: parse(text), headers: res.headers };
  };
  return { send, close: () => pool.close() };
};

const CODES = new Set(Object.keys(errorCatalog));

/** Why this error answer is not the catalog body, or null when it is. */
export const catalogBodyProblem = (answer: Answer): string | null => {
  const e = (answer.json as { error?: Record<string, unknown> } | undefined)?.error;
  if (!e) return `no error body: ${answer.text.slice(0, 120)}`;
  const code = e['code'];
  if (typeof code !== 'string' || !CODES.has(code)) return `code ${String(code)} is not in the catalog`;
  if (typeof e['message'] !== 'string' || typeof e['requestId'] !== 'string') return 'no message or requestId';
  if (e['docs'] !== `/errors#${code.toLowerCase()}`) return `docs ${String(e['docs'])}`;
  if (typeof e['retryable'] !== 'boolean') return 'no retryable';
  const status = (errorCatalog as Record<string, { status: number }>)[code]?.status;
  if (status !== answer.status) return `status ${answer.status} but ${code} is ${String(status)}`;
  return null;
};

/** Sends requests `width` at a time, judging each answer; `readBack` checks what a 2xx stored. */
export const runRequests = async (
  client: ReturnType<typeof hostileClient>,
  requests: readonly HostileRequest[],
  tally: CampaignTally,
  readBack: (req: HostileRequest, answer: Answer) => Promise<string | null>,
  width = 8,
): Promise<void> => {
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < requests.length; i = next++) {
      const req = requests[i];
      if (!req) continue;
      if (!req) continue;
      const answer = await client.send(req.method, req.path, req.headers, req.body);
      tally.sent++;
      const record = (problem: string) =>
        tally.findings.push({
          what: `${req.op.key} ${req.what}`,
          request: `${req.method} ${req.path.slice(0, 200)} ${req.body?.slice(0, 200) ?? ''}`,
          status: answer.status,
          problem,
        });
      if (answer.status >= 500) {
        tally.fiveXx++;
        record(`5xx: ${answer.text.slice(0, 200)}`);
      } else if (answer.status >= 400) {
        const problem = catalogBodyProblem(answer);
        if (problem !== null) {
          tally.withoutCode++;
          record(problem);
        }
      } else if (answer.status < 300) {
        const problem = await readBack(req, answer);
        if (problem !== null) {
          tally.differs++;
          record(problem);
        }
      }
    }
  };
  await Promise.all(Array.from({ length: width }, worker));
};
