/**
 * A service and the insurer simulator on one virtual clock, over real HTTP: the rig for lifecycle,
 * degradation and contractual-operation tests. Sleeps are instant; time moves only when a test says so.
 */
import { createHttpInsurerClient } from '../../src/adapters/insurer/http-client.ts';
import { createPinoLogger } from '../../src/adapters/logger/pino.ts';
import type { Store } from '../../src/adapters/store/interface.ts';
import { ManualClock } from '../../src/domain/shared/clock.ts';
import { startInsurerSimulator, type InsurerSimulator } from '../../src/edges/insurer-sim/index.ts';
import { contractBody, onboard, startTestService, type TestService } from './service.ts';
import { describePerStore, type StoreFixture } from './stores.ts';

const SIM_KEY = 'sk_test_insurer_for_service_tests';
const START = '2026-03-01T00:00:00.000Z';
export const DAY = 86_400_000;

interface InsuredRig {
  readonly clock: ManualClock;
  readonly sim: InsurerSimulator;
  readonly svc: TestService;
  scenario(scenario: string, certificateId?: string): Promise<void>;
  /** Advances virtual time and runs whatever the scheduler finds due. */
  advance(ms: number): Promise<void>;
  close(): Promise<void>;
}

export const startInsuredRig = async (
  store: Store,
  env: Record<string, string> = {},
  extra: Pick<Parameters<typeof startTestService>[1] & object, 'spanProcessor' | 'logStream'> = {},
): Promise<InsuredRig> => {
  const clock = new ManualClock(START);
  const sim = await startInsurerSimulator({ clock, apiKey: SIM_KEY, seed: 11, issuanceDelayMs: 1_000 });
  // Given a log stream, the insurer client logs to it too, as the service's own client does.
  const insurer = createHttpInsurerClient({
    baseUrl: sim.url,
    apiKey: SIM_KEY,
    clock,
    sleep: () => Promise.resolve(),
    ...(extra.logStream === undefined
      ? {}
      : { logger: createPinoLogger({ level: 'info', stream: extra.logStream }).child({ component: 'insurer' }) }),
  });
  // Waiting for the insurer moves virtual time, which the simulator shares.
  const sleep = (ms: number): Promise<void> => {
    clock.advance(ms);
    return Promise.resolve();
  };
  const svc = await startTestService(store, { clock, insurer, env, sleep, ...extra });
  return {
    clock,
    sim,
    svc,
    scenario: (scenario, certificateId) =>
      sim.setScenario({ scenario } as Parameters<InsurerSimulator['setScenario']>[0], certificateId),
    advance: async (ms) => {
      // A discrete-event run: step the clock to each wake-up due before the target, and run it.
      const target = clock.now() + ms;
      const { scheduler } = svc.service;
      for (let next = scheduler.nextAt(); next !== null && next <= target; next = scheduler.nextAt()) {
        if (next > clock.now()) clock.set(next);
        await scheduler.runDue();
      }
      if (target > clock.now()) clock.set(target);
    },
    close: async () => {
      await svc.close();
      await insurer.close();
      await sim.close();
    },
  };
};

/** A prod customer with a contract, pricing-free, and a live certificate of `days` days linked and verified. */
export const insuredCustomer = async (rig: InsuredRig, name: string, days = 365) => {
  const c = await onboard(rig.svc, name, undefined, 'prod');
  await rig.svc.admin(
    'PUT',
    `/v1/admin/customers/${c.id}/contract`,
    contractBody({ startsOn: '2026-01-01', endsOn: '2027-12-31' }),
  );
  const cert = rig.sim.createCertificate({
    insured: { name, reference: c.id },
    effectiveFrom: new Date(rig.clock.now() - DAY).toISOString(),
    expiresAt: new Date(rig.clock.now() + days * DAY).toISOString(),
  });
  const linked = await rig.svc.admin('PUT', `/v1/admin/customers/${c.id}/insurance`, {
    certificateId: cert.certificateId,
  });
  if (linked.status !== 200) throw new Error(`link failed: ${JSON.stringify(linked.body)}`);
  return { ...c, certificateId: cert.certificateId };
};

/**
 * One describe block per store (SQLite, PostgreSQL), each with its own insured rig started before and
 * closed after; `rig()` reaches it inside tests.
 */
export const describeInsured = (
  title: string,
  body: (rig: () => InsuredRig, fixture: StoreFixture) => void,
  env: Record<string, string> = {},
): void => describePerStore(title, (store) => startInsuredRig(store, env), body);
