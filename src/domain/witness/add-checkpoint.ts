/**
 * C2SP tlog-witness `add-checkpoint` (https://c2sp.org/tlog-witness), as data: the request body
 * ("old <size>\n", up to 63 base64 proof lines, an empty line, the signed checkpoint), and the witness's
 * decision. The decision is pure: given what it last cosigned for the origin, it answers 404 (unknown
 * origin), 403 (no trusted log signature), 400 (old size above the checkpoint's), 409 (old size is not its
 * size, or same size with another root: the body then is its size), 422 (the proof does not verify), or
 * 200 with the new state to persist before the cosignature is returned.
 */
import { err, ok } from '../shared/result.ts';
import type { Result } from '../shared/result.ts';
import { verifyCheckpoint } from '../receipts/checkpoint.ts';
import { cosign } from '../receipts/cosignature.ts';
import { fromBase64, toBase64 } from '../receipts/encoding.ts';
import { keyEndMs } from '../receipts/key-lifecycle.ts';
import type { LifecycleKey } from '../receipts/key-lifecycle.ts';
import type { SigningKey } from '../receipts/keys.ts';
import { HASH_SIZE } from '../receipts/merkle.ts';
import { equalBytes, verifyConsistency } from '../receipts/merkle-verify.ts';

const MAX_PROOF_LINES = 63;

export interface AddCheckpointRequest {
  readonly oldSize: number;
  readonly proof: readonly Uint8Array[];
  readonly note: string;
}

/** What a witness keeps per log: the latest checkpoint it cosigned. */
export interface WitnessedHead {
  readonly origin: string;
  readonly size: number;
  readonly rootHash: Uint8Array;
}

export const formatAddCheckpoint = (r: AddCheckpointRequest): string =>
  `old ${r.oldSize}\n${r.proof.map((h) => `${toBase64(h)}\n`).join('')}\n${r.note}`;

const DECIMAL = /^(?:0|[1-9]\d*)$/;

export const parseAddCheckpoint = (body: string): Result<AddCheckpointRequest, string> => {
  const blank = body.indexOf('\n\n');
  if (blank < 0) return err('no empty line before the checkpoint');
  const [head, ...proofLines] = body.slice(0, blank).split('\n');
  const size = head?.startsWith('old ') ? head.slice(4) : '';
  if (!DECIMAL.test(size) || !Number.isSafeInteger(Number(size))) return err('the first line must be "old <size>"');
  if (proofLines.length > MAX_PROOF_LINES) return err(`more than ${MAX_PROOF_LINES} proof lines`);
  const proof: Uint8Array[] = [];
  for (const line of proofLines) {
    const h = fromBase64(line);
    if (h === null || h.length !== HASH_SIZE) return err('a proof line is not base64 of 32 bytes');
    proof.push(h);
  }
  return ok({ oldSize: Number(size), proof, note: body.slice(blank + 2) });
};

type WitnessAnswer =
  | { readonly status: 200; readonly head: WitnessedHead; readonly cosignature: string }
  | { readonly status: 400 | 403 | 404 | 409 | 422; readonly body: string };

export interface WitnessIdentity {
  readonly name: string;
  readonly key: SigningKey;
  /** Logs it witnesses: origins `<prefix>/<anything without a slash>`. */
  readonly originPrefix: string;
  /** The logs' keys, with their lifecycle: a key past its end is not trusted. */
  readonly logKeys: readonly LifecycleKey[];
}

const refuse = (status: 400 | 403 | 404 | 409 | 422, body: string): WitnessAnswer => ({ status, body: `${body}\n` });

export const originOf = (note: string): string => note.slice(0, Math.max(0, note.indexOf('\n')));

/** The witness's answer to a request, given the head it holds for the origin (undefined: none yet). */
export const decideAddCheckpoint = (
  me: WitnessIdentity,
  request: AddCheckpointRequest,
  held: WitnessedHead | undefined,
  nowMs: number,
): WitnessAnswer => {
  const origin = originOf(request.note);
  const rest = origin.startsWith(`${me.originPrefix}/`) ? origin.slice(me.originPrefix.length + 1) : '';
  if (rest === '' || rest.includes('/')) return refuse(404, `unknown log ${origin.slice(0, 200)}`);
  const live = me.logKeys.filter((k) => (keyEndMs(k.lifecycle) ?? Infinity) >= nowMs);
  const cp = verifyCheckpoint(request.note, live, origin);
  if (!cp.ok) return refuse(403, cp.error);
  const { treeSize, rootHash, text } = cp.value;
  if (request.oldSize > treeSize) return refuse(400, `old size ${request.oldSize} is above the checkpoint's`);
  const heldSize = held?.size ?? 0;
  if (request.oldSize !== heldSize) return refuse(409, String(heldSize));
  if (held !== undefined && treeSize === held.size) {
    if (!equalBytes(rootHash, held.rootHash)) return refuse(409, String(heldSize));
  } else if (held !== undefined && held.size > 0) {
    if (!verifyConsistency(held.size, treeSize, request.proof, held.rootHash, rootHash))
      return refuse(422, 'the consistency proof does not verify');
  } else if (request.proof.length > 0) return refuse(422, 'the proof from size 0 must be empty');
  return {
    status: 200,
    head: { origin, size: treeSize, rootHash },
    cosignature: cosign(text, me.name, me.key, Math.floor(nowMs / 1000)),
  };
};
