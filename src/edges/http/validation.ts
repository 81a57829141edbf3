/**
 * Request validation. Bodies are checked strictly: no type coercion, and unknown fields are an error
 * rather than silently dropped. Path and query strings are coerced to their declared types.
 *
 * Every schema is hardened once, when its route is registered, so the rules hold by class on every current
 * and future route (README "Hostile input and limits"):
 * - every string is well-formed Unicode and passes its text rule: `strict` (the default: names, references,
 *   identifiers) refuses control characters (C0, DEL, C1), bidirectional overrides and isolates
 *   (U+202A..U+202E, U+2066..U+2069) and U+FEFF; `prose` (fields marked `x-tai-text: prose`) allows tab, line
 *   feed, carriage return and bidirectional controls, and refuses the other control characters;
 * - every number is finite, and a numeric field without a declared maximum is a registration error;
 * - `date` is a real calendar day and `date-time` an RFC 3339 instant without a leap second.
 */
import { Ajv, type Options } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

// ajv-formats ships CommonJS; under NodeNext its default import is the module object.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

type TextRule = 'strict' | 'prose';

// With the u flag a surrogate in a class matches only when unpaired: this finds lone surrogates.
const LONE_SURROGATE = /[\ud800-\udfff]/u;
const REFUSED: Readonly<Record<TextRule, RegExp>> = {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  strict: /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ufeff]/,
  // eslint-disable-next-line no-control-regex -- as above
  prose: /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufeff]/,
};

/** Why `text` breaks its rule, or null. */
export const textProblem = (text: string, rule: TextRule): string | null => {
  if (LONE_SURROGATE.test(text)) return 'holds a lone surrogate (not Unicode text)';
  const bad = REFUSED[rule].exec(text);
  if (bad === null) return null;
  const u = `U+${(bad[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
  return rule === 'strict'
    ? `holds ${u}: control characters and bidirectional overrides are refused here`
    : `holds ${u}: control characters other than tab and line breaks are refused`;
};

// RFC 3339 date-time with a UTC offset; seconds 00-59 (a leap second is refused, not reinterpreted).
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ]([01]\d|2[0-3]):([0-5]\d):([0-5]\d)(\.\d{1,9})?([Zz]|[+-]([01]\d|2[0-3]):[0-5]\d)$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const realDay = (y: string, m: string, d: string): boolean => {
  const month = Number(m);
  const day = Number(d);
  const year = Number(y);
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
};

export const isCalendarDate = (s: string): boolean => {
  const m = DATE.exec(s);
  return m !== null && realDay(m[1] ?? '', m[2] ?? '', m[3] ?? '');
};

export const isInstant = (s: string): boolean => {
  const m = DATE_TIME.exec(s);
  return m !== null && realDay(m[1] ?? '', m[2] ?? '', m[3] ?? '') && Number.isFinite(Date.parse(s));
};

const withRules = (ajv: Ajv): Ajv => {
  addFormats(ajv);
  ajv.addFormat('date', { type: 'string', validate: isCalendarDate });
  ajv.addFormat('date-time', { type: 'string', validate: isInstant });
  ajv.addKeyword({
    keyword: 'taiText',
    type: 'string',
    schemaType: 'string',
    errors: false,
    validate: (rule: TextRule, data: string) => textProblem(data, rule) === null,
  });
  ajv.addKeyword({
    keyword: 'taiFinite',
    type: 'number',
    schemaType: 'boolean',
    errors: false,
    validate: (_on: boolean, data: number) => Number.isFinite(data),
  });
  return ajv;
};

const base: Options = { allErrors: false, removeAdditional: false, useDefaults: true, strict: false };
const strictAjv = withRules(new Ajv({ ...base, coerceTypes: false }));
const coercingAjv = withRules(new Ajv({ ...base, coerceTypes: 'array' }));

type Schema = Record<string, unknown>;

const typesOf = (s: Schema): readonly unknown[] => (Array.isArray(s['type']) ? s['type'] : [s['type']]);

/** A copy of `schema` with the text, finiteness and maximum rules applied to every node. */
export const harden = (schema: unknown, at = ''): unknown => {
  if (Array.isArray(schema)) return schema.map((s, i) => harden(s, `${at}/${i}`));
  if (schema === null || typeof schema !== 'object') return schema;
  const s = schema as Schema;
  const out: Schema = {};
  for (const [k, v] of Object.entries(s)) {
    // Under properties and patternProperties the keys are names, their values schemas.
    if ((k === 'properties' || k === 'patternProperties') && v !== null && typeof v === 'object') {
      out[k] = Object.fromEntries(Object.entries(v).map(([name, sub]) => [name, harden(sub, `${at}/${name}`)]));
    } else if (k === 'examples' || k === 'default' || k === 'const' || k === 'enum') {
      out[k] = v;
    } else out[k] = typeof v === 'object' ? harden(v, at) : v;
  }
  const types = typesOf(s);
  if (types.includes('string')) out['taiText'] = s['x-tai-text'] === 'prose' ? 'prose' : 'strict';
  if (types.includes('number') || types.includes('integer')) {
    if (s['maximum'] === undefined && s['exclusiveMaximum'] === undefined && s['const'] === undefined) {
      throw new Error(`the numeric field ${at || '/'} declares no maximum (every number the API accepts has one)`);
    }
    out['taiFinite'] = true;
  }
  return out;
};

export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) =>
  (httpPart === 'body' ? strictAjv : coercingAjv).compile(harden(schema) as object);
