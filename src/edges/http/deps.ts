/** What the HTTP edge needs from the wired application. */
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../../config/schema.ts';
import type { AuthDeps } from '../../services/auth/authenticate.ts';
import type { AuthFailureThrottle } from '../../services/auth/failure-throttle.ts';
import type { ServiceContext } from '../../services/context.ts';
import type { HealthRegistry } from '../../services/health/registry.ts';
import type { UsageAccumulator } from '../../services/usage/accumulator.ts';
import type { MetricsEndpoint } from './routes/metrics.ts';

export interface HttpDeps {
  readonly ctx: ServiceContext;
  readonly auth: AuthDeps;
  readonly health: HealthRegistry;
  readonly config: Pick<Config, 'bodyLimitBytes' | 'profile' | 'servedOverTls'>;
  /** Authentication failures per source address, shared by the API, /metrics and the dashboard's sign-in. */
  readonly authThrottle: AuthFailureThrottle;
  /** The process's pino logger; Fastify writes its request lines through it. */
  readonly logger: FastifyBaseLogger;
  /** Where customer requests are counted (usage reports); absent, nothing is recorded. */
  readonly usage?: UsageAccumulator;
  /** GET /metrics on this app; absent when it is served on its own port (TAI_METRICS_PORT) or not at all. */
  readonly metricsEndpoint?: MetricsEndpoint;
}
