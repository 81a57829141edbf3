/** The witness clients TAI_WITNESSES names: one HTTP client each, its vkey checked at start-up. */
import { createHttpWitnessClient } from '../adapters/witness/http-client.ts';
import type { WitnessClient } from '../adapters/witness/interface.ts';
import { ConfigError } from '../config/schema.ts';
import type { WitnessSetting } from '../config/schema.ts';
import { parseVkey } from '../domain/receipts/cosignature.ts';

export const witnessClientsFrom = (settings: readonly WitnessSetting[]): WitnessClient[] =>
  settings.map((s) => {
    const key = parseVkey(s.vkey);
    if (!key.ok) throw new ConfigError([`TAI_WITNESSES: ${key.error}`]);
    return createHttpWitnessClient({ url: s.url, key: key.value });
  });
