/** Which mode a customer effectively runs in, and the authority that mode carries. */
import type { Authority, Mode } from '../customer/types.ts';

const RANK: Readonly<Record<Mode, number>> = { eval: 0, pilot: 1, prod: 2 };

/** The customer's mode, capped by the installation's TAI_MAX_MODE: an eval-only installation never acts contractually. */
export const effectiveMode = (customerMode: Mode, maxMode: Mode): Mode =>
  RANK[customerMode] <= RANK[maxMode] ? customerMode : maxMode;

/** eval and pilot are advisory; prod is contractual (and then needs a live certificate, see ensureAuthorized). */
export const authority = (mode: Mode): Authority => (mode === 'prod' ? 'contractual' : 'advisory');
