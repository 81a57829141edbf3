/** A C2SP tlog-witness over HTTP: POST <url>/add-checkpoint, with a time limit; any network failure is "unavailable". */
import type { WitnessKey } from '../../domain/receipts/cosignature.ts';
import { formatAddCheckpoint } from '../../domain/witness/add-checkpoint.ts';
import type { AddCheckpointOutcome, WitnessClient } from './interface.ts';

export const createHttpWitnessClient = (options: {
  readonly url: string;
  readonly key: WitnessKey;
  readonly timeoutMs?: number;
}): WitnessClient => {
  const endpoint = `${options.url.replace(/\/+$/, '')}/add-checkpoint`;
  return {
    key: options.key,
    async addCheckpoint(request): Promise<AddCheckpointOutcome> {
      let res: Response;
      try {
        res = await fetch(endpoint, {
          method: 'POST',
          body: formatAddCheckpoint(request),
          headers: { 'content-type': 'text/plain; charset=utf-8' },
          signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
        });
      } catch (e) {
        return { kind: 'unavailable', detail: e instanceof Error ? e.message : String(e) };
      }
      const text = await res.text().catch(() => '');
      if (res.status === 200) return { kind: 'cosigned', lines: text };
      if (res.status === 409 && /^(?:0|[1-9]\d*)\n$/.test(text)) return { kind: 'conflict', size: Number(text) };
      if (res.status >= 400 && res.status < 500)
        return { kind: 'refused', status: res.status, detail: text.slice(0, 200).trim() };
      return { kind: 'unavailable', detail: `HTTP ${res.status}` };
    },
  };
};
