/** Polls a certificate request until the provider issues or rejects it, honouring its poll hints. */
import { insurerError } from '../../domain/insurance/insurer-error.ts';
import type { CertificateRequestState, InsurerError } from '../../domain/insurance/verification.ts';
import type { Clock } from '../../domain/shared/clock.ts';
import { err, type Result } from '../../domain/shared/result.ts';
import type { InsurerClient } from './interface.ts';

interface AwaitIssuanceOptions {
  readonly clock: Clock;
  readonly sleep: (ms: number) => Promise<void>;
  readonly maxWaitMs: number;
  /** Floor between polls when the provider hints nothing (or zero). */
  readonly minPollMs?: number;
}

type FinalRequestState = Exclude<CertificateRequestState, { status: 'pending' }>;

export const awaitIssuance = async (
  client: Pick<InsurerClient, 'pollCertificateRequest'>,
  requestId: string,
  firstPollAfterMs: number,
  options: AwaitIssuanceOptions,
): Promise<Result<FinalRequestState, InsurerError>> => {
  const giveUpAt = options.clock.now() + options.maxWaitMs;
  let waitMs = firstPollAfterMs;
  for (;;) {
    waitMs = Math.max(waitMs, options.minPollMs ?? 1_000);
    if (options.clock.now() + waitMs > giveUpAt) {
      return err(
        insurerError(
          'deadline_exceeded',
          `certificate request ${requestId} still pending after ${options.maxWaitMs} ms`,
        ),
      );
    }
    await options.sleep(waitMs);
    const r = await client.pollCertificateRequest(requestId);
    if (!r.ok) return r;
    if (r.value.status !== 'pending') return { ok: true, value: r.value };
    waitMs = r.value.retryAfterMs;
  }
};
