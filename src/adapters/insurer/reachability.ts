/**
 * Whether the insurer answers at all: one GET of its base URL, no credentials sent. Any HTTP answer
 * (even a 404) means it is reachable; a refused connection, a DNS failure or no answer in time does not.
 */
interface Reachability {
  readonly reachable: boolean;
  readonly detail: string;
}

export const probeReachability = async (baseUrl: string, timeoutMs: number): Promise<Reachability> => {
  try {
    const res = await fetch(baseUrl, { redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    await res.body?.cancel();
    return { reachable: true, detail: `answered HTTP ${res.status}` };
  } catch (e) {
    const cause = (e as { cause?: { code?: unknown } }).cause?.code;
    const name = e instanceof Error ? e.name : 'error';
    return { reachable: false, detail: `unreachable (${typeof cause === 'string' ? cause : name})` };
  }
};
