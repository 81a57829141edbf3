import { defineErrors } from '../spec.ts';

/** The ops dashboard (/ops): its form submissions. */
export const dashboardErrors = defineErrors({
  'TAI-OPS-CSRF-INVALID': {
    status: 403,
    message:
      'This form was refused: it did not come from a page of your dashboard session. Reload the page and try again.',
    internal:
      "The form's csrf field is missing or is not the session's synchronizer token (src/edges/dashboard/sessions.ts): a cross-site request, or a page left open across a sign-out.",
    retryable: false,
  },
});
