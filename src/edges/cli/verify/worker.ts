/** Worker thread of `tai verify`: verifies the signatures the main thread hands it on the ring (ring.ts). */
import { workerData } from 'node:worker_threads';
import { serveRing } from './ring.ts';
import type { Ring } from './ring.ts';

serveRing(workerData as Ring);
