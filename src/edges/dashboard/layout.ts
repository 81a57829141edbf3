/** The page frame every dashboard page shares: navigation, the sign-out form (with its CSRF token), the stylesheet. */
import { html, type Html } from './html.ts';

interface Frame {
  readonly title: string;
  /** The session's CSRF token; absent on the sign-in page. */
  readonly csrf?: string;
  /** Seconds between automatic reloads (meta refresh needs no script). */
  readonly refreshSeconds?: number;
}

export const page = (frame: Frame, body: Html): string =>
  html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        ${frame.refreshSeconds === undefined ? '' : html`<meta http-equiv="refresh" content="${frame.refreshSeconds}" />`}
        <title>${frame.title} · TAI ops</title>
        <link rel="stylesheet" href="/ops/assets/ops.css" />
      </head>
      <body>
        <header>
          <a class="brand" href="/ops">TAI ops</a>
          ${
            frame.csrf === undefined
              ? ''
              : html`<nav>
                    <a href="/ops">Overview</a> &nbsp; <a href="/ops/deployments">Deployments</a> &nbsp;
                    <a href="/ops/audit">Audit</a>
                  </nav>
                  <form method="post" action="/ops/sign-out">
                    <input type="hidden" name="csrf" value="${frame.csrf}" /><button type="submit">Sign out</button>
                  </form>`
          }
        </header>
        <main>${body}</main>
      </body>
    </html> `.text;

/** An instant as the dashboard shows it (UTC, to the second), or a dash. */
export const when = (ms: number | string | null | undefined): string => {
  if (ms === null || ms === undefined) return '—';
  const d = typeof ms === 'number' ? new Date(ms) : new Date(ms);
  return Number.isNaN(d.getTime()) ? String(ms) : `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
};
