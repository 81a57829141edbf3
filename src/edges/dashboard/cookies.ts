/** The session cookie: read from the Cookie header, written HttpOnly and SameSite=Strict, Secure over TLS. */
export const SESSION_COOKIE = 'tai_ops_session';
const PATH = '/ops';

export const readCookie = (header: string | undefined, name: string): string | undefined => {
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
};

export const sessionCookie = (value: string, maxAgeSeconds: number, secure: boolean): string =>
  [
    `${SESSION_COOKIE}=${value}`,
    `Path=${PATH}`,
    `Max-Age=${maxAgeSeconds}`,
    'HttpOnly',
    'SameSite=Strict',
    ...(secure ? ['Secure'] : []),
  ].join('; ');

export const clearedSessionCookie = (secure: boolean): string => sessionCookie('', 0, secure);
