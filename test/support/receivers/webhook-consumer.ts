/**
 * A local webhook consumer that verifies each delivery's Standard Webhooks signature with the
 * `standardwebhooks` package (an implementation independent of ours): a valid one is recorded and
 * answered 204, an invalid one 401. It can also answer with a redirect to a path of its own, which
 * counts the requests that followed it (there must be none).
 */
import { Webhook } from 'standardwebhooks';
import { startHttpReceiver, type HttpReceiver, type ReceivedRequest } from './http-receiver.ts';

export interface VerifiedDelivery {
  readonly id: string;
  readonly timestamp: number;
  readonly signatures: readonly string[];
  readonly payload: Record<string, unknown>;
}

export interface WebhookConsumer extends HttpReceiver {
  readonly url: string;
  readonly deliveries: readonly VerifiedDelivery[];
  /** Requests that failed verification. */
  readonly rejected: readonly ReceivedRequest[];
  /** Requests that arrived at the redirect target. */
  readonly followedRedirects: () => number;
  /** From now on, accept a signature by any of these secrets. */
  useSecrets(secrets: readonly string[]): void;
  /** Answer every request with a redirect to the redirect target. */
  redirect(status: 301 | 302 | 307 | 308): void;
}

/** Standard Webhooks' five minutes either way, against the consumer's clock. */
const TOLERANCE_S = 300;

/**
 * A verifier whose clock is `now` (tests on a virtual clock): the library's own timestamp check, with
 * the library's tolerance, reading that clock instead of the wall clock.
 */
const verifierOf = (secret: string, now: (() => number) | undefined): Webhook => {
  const v = new Webhook(secret);
  if (now !== undefined)
    (v as unknown as { verifyTimestamp: (h: string) => Date }).verifyTimestamp = (header: string): Date => {
      const t = Number.parseInt(header, 10);
      const n = Math.floor(now() / 1000);
      if (Number.isNaN(t) || n - t > TOLERANCE_S || t > n + TOLERANCE_S) throw new Error('timestamp out of tolerance');
      return new Date(t * 1000);
    };
  return v;
};

export const startWebhookConsumer = async (
  secrets: readonly string[],
  now?: () => number,
): Promise<WebhookConsumer> => {
  let verifiers = secrets.map((s) => verifierOf(s, now));
  const deliveries: VerifiedDelivery[] = [];
  const rejected: ReceivedRequest[] = [];
  let followed = 0;
  let redirectStatus: number | null = null;
  let origin = '';
  const base = await startHttpReceiver((req) => {
    if (req.path === '/moved') {
      followed++;
      return { status: 204 };
    }
    if (redirectStatus !== null) return { status: redirectStatus, headers: { location: `${origin}/moved` } };
    const headers = {
      'webhook-id': String(req.headers['webhook-id'] ?? ''),
      'webhook-timestamp': String(req.headers['webhook-timestamp'] ?? ''),
      'webhook-signature': String(req.headers['webhook-signature'] ?? ''),
    };
    for (const v of verifiers) {
      try {
        const payload = v.verify(req.body, headers) as Record<string, unknown>;
        deliveries.push({
          id: headers['webhook-id'],
          timestamp: Number(headers['webhook-timestamp']),
          signatures: headers['webhook-signature'].split(' '),
          payload,
        });
        return { status: 204 };
      } catch {
        // try the next secret
      }
    }
    rejected.push(req);
    return { status: 401, body: 'signature verification failed' };
  });
  origin = base.origin;
  return Object.assign(base, {
    url: `${base.origin}/hooks/tai`,
    deliveries,
    rejected,
    followedRedirects: () => followed,
    useSecrets: (s: readonly string[]) => {
      verifiers = s.map((x) => verifierOf(x, now));
    },
    redirect: (status: 301 | 302 | 307 | 308) => {
      redirectStatus = status;
    },
  });
};
