/** Signs in to the ops dashboard through its form (fastify inject) and keeps the session cookie and CSRF token. */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { ADMIN_TOKEN } from '../support/service.ts';

interface OpsSession {
  readonly cookie: string;
  get(path: string): Promise<LightMyRequestResponse>;
  post(path: string, form: Record<string, string>): Promise<LightMyRequestResponse>;
  /** The CSRF token the pages embed in their forms. */
  csrf(): Promise<string>;
}

const form = (fields: Record<string, string>): string => new URLSearchParams(fields).toString();

export const postForm = (app: FastifyInstance, path: string, fields: Record<string, string>, cookie?: string) =>
  app.inject({
    method: 'POST',
    url: path,
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(cookie === undefined ? {} : { cookie }),
    },
    payload: form(fields),
  });

const csrfOf = (page: string): string => {
  const m = /name="csrf" value="([^"]+)"/.exec(page);
  if (!m?.[1]) throw new Error('no CSRF token on the page');
  return m[1];
};

export const signInOps = async (app: FastifyInstance, token = ADMIN_TOKEN): Promise<OpsSession> => {
  const res = await postForm(app, '/ops/sign-in', { token, next: '/ops' });
  if (res.statusCode !== 303) throw new Error(`sign-in answered ${res.statusCode}: ${res.body}`);
  const setCookie = String(res.headers['set-cookie']);
  const cookie = setCookie.split(';')[0] ?? '';
  const get = (path: string) => app.inject({ method: 'GET', url: path, headers: { cookie } });
  return {
    cookie,
    get,
    post: (path, fields) => postForm(app, path, fields, cookie),
    csrf: async () => csrfOf((await get('/ops')).body),
  };
};

/** Markup without the whitespace between tags (insignificant in HTML), so tests can match `id="x">value<`. */
export const flat = (markup: string): string => markup.replace(/>\s+/g, '>').replace(/\s+</g, '<');
