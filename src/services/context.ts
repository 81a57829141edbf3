/** What every service verb receives: the ports it may use and who is acting. */
import type { ReceiptSigner } from '../adapters/keys/file-keyring.ts';
import type { Store } from '../adapters/store/interface.ts';
import type { Scope } from '../domain/customer/types.ts';
import type { Clock } from '../domain/shared/clock.ts';
import type { LifecycleDeps } from './lifecycle/deps.ts';
import type { OperationsDeps } from './operations/deps.ts';
import type { WitnessSubmitter } from './receipts/submit-to-witnesses.ts';

export interface ServiceContext {
  readonly store: Store;
  readonly clock: Clock;
  /** Signs receipts and checkpoints. */
  readonly signer: ReceiptSigner;
  /** Prefix of each customer's log origin. */
  readonly originPrefix: string;
  /** Key of the customer pseudonyms in the audit trail (HMAC-SHA-256). */
  readonly auditSecret: Uint8Array;
  readonly lifecycle: LifecycleDeps;
  readonly operations: OperationsDeps;
  /** Has witnesses cosign each new checkpoint after the commit; absent without TAI_WITNESSES. */
  readonly witnessQueue?: WitnessSubmitter;
}

export type Actor =
  | { readonly kind: 'admin' }
  | {
      readonly kind: 'customer';
      readonly customerId: string;
      readonly keyId: string;
      readonly scopes: readonly Scope[];
    };

export interface VerbArgs<I> {
  readonly ctx: ServiceContext;
  readonly input: I;
}

export const nowIso = (ctx: ServiceContext): string => new Date(ctx.clock.now()).toISOString();
