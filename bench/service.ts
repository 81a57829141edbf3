/** tai as the bench runs it: a fresh SQLite data directory, the insurer simulator beside it (as `npm start`). */
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildService, type Service } from '../src/app/start.ts';
import { loadConfig } from '../src/config/load.ts';
import { startInsurerSimulator } from '../src/edges/insurer-sim/index.ts';
import { BENCH_ADMIN_TOKEN } from './token.ts';

export interface BenchService {
  readonly service: Service;
  readonly url: string;
  readonly dataDir: string;
  /** Stops the service and the simulator and removes the data directory. */
  readonly close: () => Promise<void>;
}

/**
 * `exportMetrics: false` leaves the Prometheus registry out (the telemetry bench's "off" side);
 * `spanProcessor` turns tracing on with that processor instead of the OTLP exporter; `dbUrl` runs it on
 * that database instead of a fresh SQLite file.
 */
export const startBenchService = async (
  options: { readonly exportMetrics?: boolean; readonly spanProcessor?: SpanProcessor; readonly dbUrl?: string } = {},
): Promise<BenchService> => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tai-bench-'));
  const sim = await startInsurerSimulator({ host: '127.0.0.1' });
  const service = await buildService(
    loadConfig({
      TAI_DATA_DIR: dataDir,
      TAI_ADMIN_TOKEN: BENCH_ADMIN_TOKEN,
      TAI_LOG_LEVEL: 'warn',
      TAI_INSURER_URL: sim.url,
      TAI_INSURER_API_KEY: sim.apiKey,
      ...(options.dbUrl === undefined ? {} : { TAI_DB_URL: options.dbUrl }),
    }),
    {
      ...(options.exportMetrics === undefined ? {} : { exportMetrics: options.exportMetrics }),
      ...(options.spanProcessor === undefined ? {} : { spanProcessor: options.spanProcessor }),
    },
  );
  const url = await service.app.listen({ port: 0, host: '127.0.0.1' });
  return {
    service,
    url,
    dataDir,
    close: async () => {
      await service.close();
      await sim.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
};
