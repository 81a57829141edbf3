/**
 * What every service verb receives: the ports it may use and who is acting. The start-up module builds
 * one context acting as `system`; an edge derives a context per request with the authenticated actor
 * (asActor), and each verb checks that actor itself (services/auth/require.ts).
 */
import type { FleetPort } from '../adapters/fleet/interface.ts';
import type { ReceiptSigner } from '../adapters/keys/file-keyring.ts';
import type { Logger } from '../adapters/logger/interface.ts';
import type { Metrics } from '../adapters/metrics/interface.ts';
import type { Notifier } from '../adapters/notifier/interface.ts';
import type { Store } from '../adapters/store/interface.ts';
import type { SpanHandle } from '../adapters/tracing/spans.ts';
import type { Scope } from '../domain/customer/types.ts';
import type { Clock } from '../domain/shared/clock.ts';
import type { LifecycleDeps } from './lifecycle/deps.ts';
import type { OperationsDeps } from './operations/deps.ts';
import type { WitnessSubmitter } from './receipts/submit-to-witnesses.ts';

export type Actor =
  | { readonly kind: 'admin' }
  | {
      readonly kind: 'customer';
      readonly customerId: string;
      readonly keyId: string;
      readonly scopes: readonly Scope[];
    }
  /** The service itself: the scheduler, background work, start-up. */
  | { readonly kind: 'system' }
  /** No credentials: only public reads accept it. */
  | { readonly kind: 'anonymous' };

export type CustomerActor = Extract<Actor, { kind: 'customer' }>;

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
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly notifier: Notifier;
  readonly actor: Actor;
  /** Has witnesses cosign each new checkpoint after the commit; absent without TAI_WITNESSES. */
  readonly witnessQueue?: WitnessSubmitter;
  /** What several instances on one PostgreSQL coordinate through; absent or not `shared` on a single instance. */
  readonly fleet?: FleetPort;
  /** The span this work runs under (tracing on, inside a traced request or span): its spans' parent. */
  readonly trace?: SpanHandle;
}

export interface VerbArgs<I> {
  readonly ctx: ServiceContext;
  readonly input: I;
}

/** The same ports, acting as `actor`. */
export const asActor = (ctx: ServiceContext, actor: Actor): ServiceContext => ({ ...ctx, actor });

export const actorName = (actor: Actor): string => (actor.kind === 'customer' ? actor.keyId : actor.kind);

export const nowIso = (ctx: ServiceContext): string => new Date(ctx.clock.now()).toISOString();
