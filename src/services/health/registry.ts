/** Deep health checks register here (store now; certificate manager and insurer later). */
type CheckStatus = 'ok' | 'fail';

export interface CheckResult {
  readonly status: CheckStatus;
  readonly detail?: string;
}

type HealthCheck = () => Promise<CheckResult>;

export class HealthRegistry {
  readonly #checks = new Map<string, HealthCheck>();

  register(name: string, check: HealthCheck): void {
    if (this.#checks.has(name)) throw new Error(`health check ${name} registered twice`);
    this.#checks.set(name, check);
  }

  async run(timeoutMs = 2000): Promise<{ status: CheckStatus; checks: Record<string, CheckResult> }> {
    const entries = await Promise.all(
      [...this.#checks].map(async ([name, check]): Promise<[string, CheckResult]> => {
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<CheckResult>((resolve) => {
          timer = setTimeout(() => resolve({ status: 'fail', detail: `no answer within ${timeoutMs} ms` }), timeoutMs);
        });
        try {
          return [name, await Promise.race([check(), timeout])];
        } catch (e) {
          return [name, { status: 'fail', detail: e instanceof Error ? e.message : String(e) }];
        } finally {
          clearTimeout(timer);
        }
      }),
    );
    const checks = Object.fromEntries(entries);
    return { status: entries.every(([, r]) => r.status === 'ok') ? 'ok' : 'fail', checks };
  }
}
