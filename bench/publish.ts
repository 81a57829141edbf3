/** The in-process publish measurement the micro benches share: no network, so its CPU per publish is steady. */
import { performance } from 'node:perf_hooks';
import { BENCH_SCENARIOS } from './scenarios.ts';
import type { BenchService } from './service.ts';

/** One publish of the bench's request through Fastify's inject (no network); anything but 201 throws. */
export const publishInjector = async (bench: BenchService): Promise<() => Promise<void>> => {
  const scenario = BENCH_SCENARIOS.find((sc) => sc.name === 'POST /v1/marketplace/publish');
  if (scenario === undefined) throw new Error('the publish scenario is missing');
  const request = await scenario.prepare(bench.url);
  return async () => {
    const res = await bench.service.app.inject({
      method: 'POST',
      url: request.path ?? '/',
      headers: request.headers ?? {},
      payload: request.body ?? '',
    });
    if (res.statusCode !== 201) throw new Error(`publish answered ${res.statusCode}: ${res.body}`);
  };
};

/** Publishes through Fastify's inject, 100 in flight, after a one-second warm-up: rate and CPU per publish. */
export const measurePublishes = async (
  bench: BenchService,
  seconds: number,
): Promise<{ count: number; cpuUs: number }> => {
  const inject = await publishInjector(bench);
  const run = async (s: number): Promise<{ count: number; cpuUs: number }> => {
    let count = 0;
    const deadline = performance.now() + s * 1000;
    const cpuBefore = process.cpuUsage();
    await Promise.all(
      Array.from({ length: 100 }, async () => {
        for (; performance.now() < deadline; count++) await inject();
      }),
    );
    const cpu = process.cpuUsage(cpuBefore);
    return { count, cpuUs: (cpu.user + cpu.system) / Math.max(1, count) };
  };
  await run(1); // warm-up: compile the path, fill the caches
  return run(seconds);
};
