/** What the certificate lifecycle needs beyond the store: the insurer, its policy, randomness and the mode cap. */
import type { InsurerClient } from '../../adapters/insurer/interface.ts';
import type { LifecyclePolicy, RandomSource } from '../../domain/certificate/index.ts';
import type { Mode } from '../../domain/customer/types.ts';
import type { LifecycleState } from './state.ts';

export interface LifecycleDeps {
  readonly insurer: InsurerClient;
  readonly policy: LifecyclePolicy;
  readonly random: RandomSource;
  /** TAI_MAX_MODE: no customer acts above it. */
  readonly maxMode: Mode;
  readonly state: LifecycleState;
  /** Waits between insurer polls (real timers in production; virtual time in tests). */
  readonly sleep: (ms: number) => Promise<void>;
}
