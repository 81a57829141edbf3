/**
 * Cases every channel adapter must pass, each run against the adapter and a real local receiver that
 * answers as the far side does (test/support/receivers): delivery, the same id on a resend, retryable and
 * permanent answers, an abort while the receiver hangs, a dropped connection, and no secret in any
 * outcome. Each channel's test file supplies a harness.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Channel } from '../../../domain/delivery/notification.ts';
import type { ChannelAdapter, ChannelInputs, SendOutcome } from './interface.ts';

interface ChannelHarness<C extends Channel> {
  readonly adapter: ChannelAdapter<C>;
  /** A message whose id (Message-ID, webhook-id, dedup_key...) the receiver will report as `id`. */
  input(id: string): ChannelInputs[C];
  /** The ids of what the receiver accepted, in order. */
  accepted(): readonly string[];
  /** The receiver's next answer is one that a later attempt can overcome (a 5xx, an SMTP 4xx...). */
  answerRetryable(): void;
  /** The receiver's next answer is one that repeating cannot fix. */
  answerPermanent(): void;
  hangNext(): void;
  dropNext(): void;
  /** Resolves once the receiver has seen `count` attempts in all. */
  arrived(count: number): Promise<void>;
  /** Every secret in play, the wrong ones of `misconfigured` too. */
  readonly secrets: readonly string[];
  /** An adapter for the same receiver holding a wrong credential. */
  misconfigured(): ChannelAdapter<C>;
  close(): Promise<void>;
}

export const describeChannelContract = <C extends Channel>(
  name: string,
  start: () => Promise<ChannelHarness<C>>,
): void => {
  describe(`channel contract: ${name}`, () => {
    let h: ChannelHarness<C>;
    const outcomes: SendOutcome[] = [];
    const send = async (adapter: ChannelAdapter<C>, id: string, signal?: AbortSignal): Promise<SendOutcome> => {
      const outcome = await adapter.send(h.input(id), signal ? { signal } : {});
      outcomes.push(outcome);
      return outcome;
    };

    beforeEach(async () => {
      outcomes.length = 0;
      h = await start();
    });

    afterEach(async () => {
      // No outcome of the test, whatever it was, names a secret.
      for (const o of outcomes) {
        const text = JSON.stringify(o);
        for (const s of h.secrets) {
          expect(text).not.toContain(s);
          expect(text).not.toContain(encodeURIComponent(s));
        }
      }
      await h.adapter.close();
      await h.close();
    });

    it('delivers a message, and the receiver has it once under its id', async () => {
      const outcome = await send(h.adapter, 'ntf_contract_1');
      expect(outcome.kind).toBe('delivered');
      expect(outcome.kind === 'delivered' && outcome.latencyMs).toBeGreaterThanOrEqual(0);
      expect(h.accepted()).toEqual(['ntf_contract_1']);
    });

    it('resends with the same id, so the receiver can tell the repeat', async () => {
      await send(h.adapter, 'ntf_contract_2');
      await send(h.adapter, 'ntf_contract_2');
      expect(h.accepted()).toEqual(['ntf_contract_2', 'ntf_contract_2']);
    });

    it('reports a retryable answer as retry, and the next attempt delivers', async () => {
      h.answerRetryable();
      expect((await send(h.adapter, 'ntf_contract_3')).kind).toBe('retry');
      expect((await send(h.adapter, 'ntf_contract_3')).kind).toBe('delivered');
      expect(h.accepted()).toEqual(['ntf_contract_3']);
    });

    it('reports an answer that repeating cannot fix as permanent', async () => {
      h.answerPermanent();
      const outcome = await send(h.adapter, 'ntf_contract_4');
      expect(outcome.kind).toBe('permanent');
      expect(outcome.kind !== 'delivered' && outcome.error.length).toBeGreaterThan(0);
      expect(h.accepted()).toEqual([]);
    });

    it('gives up at once when the caller aborts while the receiver hangs: a retry', async () => {
      h.hangNext();
      const controller = new AbortController();
      const pending = send(h.adapter, 'ntf_contract_5', controller.signal);
      await h.arrived(1);
      controller.abort();
      expect((await pending).kind).toBe('retry');
      expect(h.accepted()).toEqual([]);
    });

    it('reports a dropped connection as retry', async () => {
      h.dropNext();
      expect((await send(h.adapter, 'ntf_contract_6')).kind).toBe('retry');
    });

    it('with a wrong credential delivers nothing, and says so without the credential', async () => {
      const wrong = h.misconfigured();
      try {
        const outcome = await send(wrong, 'ntf_contract_7');
        expect(outcome.kind).not.toBe('delivered');
        expect(h.accepted()).toEqual([]);
      } finally {
        await wrong.close();
      }
    });
  });
};
