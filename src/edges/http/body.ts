/**
 * The JSON body parser: UTF-8 only (a byte that is not UTF-8 is refused, never replaced by U+FFFD), strict
 * JSON (docs/receipts.md section 1: no byte-order mark, no member name twice), and a lone surrogate refused
 * with the JSON path where it sits. An empty body sent as application/json (what curl does for a bare POST)
 * is no body at all; routes that need one still refuse it through their schema.
 */
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../../domain/errors/domain-error.ts';
import { strictJsonProblem } from '../../domain/receipts/strict-json.ts';

type Done = (err: Error | null, body?: unknown) => void;
type TextParser = (request: FastifyRequest, body: string, done: Done) => void;

const LONE_SURROGATE = /[\ud800-\udfff]/u;
// One decoder for every request: fatal (a byte that is not UTF-8 throws), keeping a BOM so it can be refused.
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const decodeUtf8 = (bytes: Uint8Array): string | null => {
  try {
    return UTF8.decode(bytes);
  } catch {
    return null;
  }
};
const escape = (name: string): string => name.replaceAll('~', '~0').replaceAll('/', '~1');

/** The JSON pointer of the first member name or string holding a lone surrogate. */
export const loneSurrogatePath = (value: unknown, at = ''): string | null => {
  if (typeof value === 'string') return LONE_SURROGATE.test(value) ? at || '/' : null;
  if (value === null || typeof value !== 'object') return null;
  for (const [k, v] of Object.entries(value)) {
    const here = `${at}/${escape(k)}`;
    if (LONE_SURROGATE.test(k)) return here;
    const found = loneSurrogatePath(v, here);
    if (found !== null) return found;
  }
  return null;
};

const surrogateError = (text: string): DomainError => {
  let path = '/';
  try {
    path = loneSurrogatePath(JSON.parse(text)) ?? '/';
  } catch {
    // Not JSON either: the pointer stays at the root.
  }
  return new DomainError('TAI-REQ-TEXT-INVALID', {
    path,
    message: `body ${path} holds a lone surrogate (not Unicode text).`,
    detail: 'lone surrogate in the JSON body',
  });
};

export const jsonBodyParser =
  (parseText: TextParser) =>
  (request: FastifyRequest, body: Buffer, done: Done): void => {
    if (body.length === 0) return done(null, undefined);
    const text = decodeUtf8(body);
    if (text === null) return done(new DomainError('TAI-REQ-MALFORMED-JSON', { detail: 'the body is not UTF-8' }));
    const problem = strictJsonProblem(text);
    if (problem === null) return parseText(request, text, done);
    if (problem.includes('lone surrogate')) return done(surrogateError(text));
    return done(new DomainError('TAI-REQ-MALFORMED-JSON', { detail: problem }));
  };
