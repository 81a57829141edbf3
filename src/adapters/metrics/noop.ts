/** Metrics that go nowhere: the default when nothing scrapes them. */
import type { Metrics } from './interface.ts';

const nothing = (): void => undefined;

export const noopMetrics: Metrics = { inc: nothing, set: nothing, observe: nothing };
