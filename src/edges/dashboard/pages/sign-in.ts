/** The sign-in form (the admin token, exchanged for a session) and the page any refusal renders. */
import { html } from '../html.ts';
import { page } from '../layout.ts';

export const signInPage = (problem: string | undefined, next: string): string =>
  page(
    { title: 'Sign in' },
    html`<div class="card signin">
      <h1>Sign in to the ops dashboard</h1>
      ${problem === undefined ? '' : html`<div class="notice" id="problem">${problem}</div>`}
      <form method="post" action="/ops/sign-in">
        <label for="token">Admin token (TAI_ADMIN_TOKEN)</label>
        <input id="token" name="token" type="password" autocomplete="current-password" required />
        <input type="hidden" name="next" value="${next}" />
        <button class="primary" type="submit" id="sign-in">Sign in</button>
      </form>
      <p class="muted">Customer API keys cannot open this dashboard.</p>
    </div>`,
  );

export const problemPage = (status: number, code: string, message: string, csrf: string | undefined): string =>
  page(
    { title: `Error ${status}`, ...(csrf === undefined ? {} : { csrf }) },
    html`<h1>${status === 403 ? 'Refused' : 'Something went wrong'}</h1>
      <div class="notice" id="problem"><code>${code}</code> ${message}</div>
      <p><a href="/ops">Back to the overview</a></p>`,
  );
