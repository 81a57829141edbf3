/** Worker thread of `tai backup verify` and `tai restore`: checks runs of stored receipt rows (checkStoredReceipts). */
import { parentPort, workerData } from 'node:worker_threads';
import { checkStoredReceipts, type StoredReceiptJob } from '../../../domain/backup/stored-receipts.ts';
import { publicKeysFromJwks } from '../../../domain/receipts/keyring.ts';

const port = parentPort;
if (port === null) throw new Error('the receipt check worker must run in a worker thread');
const keys = new Map(publicKeysFromJwks((workerData as { jwks: unknown }).jwks).map((k) => [k.kid, k]));

port.on('message', (m: { id: number; job: StoredReceiptJob }) => {
  port.postMessage({ id: m.id, verdict: checkStoredReceipts(m.job, keys) });
});
