/** Every receipt signing public key (JWKS), active and retired: public, so anyone can verify a receipt. */
import { buildJwks } from '../../domain/receipts/keyring.ts';
import type { VerbArgs } from '../context.ts';

export const publishedKeys = ({ ctx }: VerbArgs<Record<string, never>>): ReturnType<typeof buildJwks> =>
  buildJwks(ctx.signer.keyring());
