/**
 * A witness in memory, for tests: the real decision (decideAddCheckpoint) over a Map, on an injected
 * clock. `down` makes it unavailable; `heads` shows what it holds.
 */
import { witnessKey } from '../../domain/receipts/cosignature.ts';
import type { LifecycleKey } from '../../domain/receipts/key-lifecycle.ts';
import type { SigningKey } from '../../domain/receipts/keys.ts';
import { decideAddCheckpoint, originOf } from '../../domain/witness/add-checkpoint.ts';
import type { WitnessedHead } from '../../domain/witness/add-checkpoint.ts';
import type { Clock } from '../../domain/shared/clock.ts';
import type { WitnessClient } from './interface.ts';

export interface InMemoryWitness extends WitnessClient {
  down: boolean;
  readonly heads: Map<string, WitnessedHead>;
  /** Requests answered, cosigned or not. */
  readonly requests: number;
}

export const createInMemoryWitness = (options: {
  readonly name: string;
  readonly key: SigningKey;
  readonly originPrefix: string;
  readonly logKeys: () => readonly LifecycleKey[];
  readonly clock: Clock;
}): InMemoryWitness => {
  const heads = new Map<string, WitnessedHead>();
  let requests = 0;
  const self: InMemoryWitness = {
    key: witnessKey(options.name, options.key.raw),
    down: false,
    heads,
    get requests() {
      return requests;
    },
    addCheckpoint(request) {
      if (self.down) return Promise.resolve({ kind: 'unavailable', detail: 'witness is down' });
      requests++;
      const me = { ...options, logKeys: options.logKeys() };
      const answer = decideAddCheckpoint(me, request, heads.get(originOf(request.note)), options.clock.now());
      if (answer.status === 200) {
        heads.set(answer.head.origin, answer.head);
        return Promise.resolve({ kind: 'cosigned', lines: answer.cosignature });
      }
      if (answer.status === 409) return Promise.resolve({ kind: 'conflict', size: Number(answer.body) });
      return Promise.resolve({ kind: 'refused', status: answer.status, detail: answer.body.trim() });
    },
  };
  return self;
};
