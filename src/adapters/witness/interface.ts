/**
 * The witness port: submit a checkpoint with a consistency proof to one C2SP tlog-witness and learn what
 * it answered. Implementations: http-client.ts (a real witness over HTTP) and in-memory.ts (tests).
 */
import type { WitnessKey } from '../../domain/receipts/cosignature.ts';
import type { AddCheckpointRequest } from '../../domain/witness/add-checkpoint.ts';

export type AddCheckpointOutcome =
  /** 200: the witness's signature lines (cosignatures), unverified. */
  | { readonly kind: 'cosigned'; readonly lines: string }
  /** 409: the witness holds another size for this log (or the same size with another root). */
  | { readonly kind: 'conflict'; readonly size: number }
  /** 400, 403, 404, 422: the witness will not cosign this request as it stands. */
  | { readonly kind: 'refused'; readonly status: number; readonly detail: string }
  /** Down, slow, or a 5xx: try again later. */
  | { readonly kind: 'unavailable'; readonly detail: string };

export interface WitnessClient {
  /** The witness's pinned key (name and public key), as configured in TAI_WITNESSES. */
  readonly key: WitnessKey;
  addCheckpoint(request: AddCheckpointRequest): Promise<AddCheckpointOutcome>;
}
