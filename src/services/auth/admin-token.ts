/**
 * The admin token: TAI_ADMIN_TOKEN when configured (held only as a hash in memory); otherwise, in
 * development, generated on first start, printed once, and stored only as its hash.
 */
import type { ServiceContext } from '../context.ts';
import { newSecret, sha256Hex } from './secrets.ts';

const SETTING = 'admin_token_sha256';

interface AdminTokenResult {
  readonly hash: string;
  /** Set only the one time a token is generated, so the caller can print it. */
  readonly generated?: string;
}

export const ensureAdminToken = async (
  ctx: ServiceContext,
  configured: string | undefined,
): Promise<AdminTokenResult> => {
  if (configured !== undefined) return { hash: sha256Hex(configured) };
  return ctx.store.transaction(async (tx) => {
    const existing = await tx.getSetting(SETTING);
    if (existing !== undefined) return { hash: existing };
    const token = `tai_admin_${newSecret()}`;
    const hash = sha256Hex(token);
    await tx.putSetting(SETTING, hash);
    return { hash, generated: token };
  });
};
