/**
 * The floor of a contractual write on this stack: what a publish must do at the least, with none of the
 * service's code. A bare Fastify route that, per request, parses a JSON body, builds a receipt (JSON,
 * SHA-256 leaf hash, one Ed25519 signature chained to the previous one) and stores three rows (receipt,
 * listing, audit event), group-committed per event-loop turn and fdatasynced through the thread pool before
 * answering, as the service's SQLite store does. No authentication, validation, canonical JSON, Merkle tree,
 * secondary index or idempotency key: every one of those only adds to it. `npm run bench` measures it beside
 * the raw baseline, so the publish and deploy targets can be read against what is possible at all here.
 */
import Database from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import { createHash, generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { open } from 'node:fs/promises';
import { join } from 'node:path';

interface Pending {
  readonly payload: unknown;
  readonly resolve: (answer: { listingId: string; receipt: { id: string; seq: number; signature: string } }) => void;
  readonly reject: (error: unknown) => void;
}

export const addFloorRoute = async (app: FastifyInstance, dataDir: string): Promise<void> => {
  const file = join(dataDir, 'floor.sqlite');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(`CREATE TABLE receipts (id TEXT PRIMARY KEY, seq INTEGER NOT NULL, leaf BLOB NOT NULL, body TEXT NOT NULL, signature BLOB NOT NULL);
           CREATE TABLE listings (id TEXT PRIMARY KEY, receipt_id TEXT NOT NULL, body TEXT NOT NULL);
           CREATE TABLE audit (id TEXT PRIMARY KEY, receipt_id TEXT NOT NULL, body TEXT NOT NULL);`);
  const insertReceipt = db.prepare('INSERT INTO receipts VALUES (?, ?, ?, ?, ?)');
  const insertListing = db.prepare('INSERT INTO listings VALUES (?, ?, ?)');
  const insertAudit = db.prepare('INSERT INTO audit VALUES (?, ?, ?)');
  const wal = await open(`${file}-wal`, 'r');
  const { privateKey } = generateKeyPairSync('ed25519');
  let seq = 0;
  let prev = createHash('sha256').digest('hex');
  let queue: Pending[] = [];

  const flush = async (batch: Pending[]): Promise<void> => {
    const answers = db.transaction(() =>
      batch.map(({ payload }) => {
        const id = randomUUID();
        const listingId = randomUUID();
        const at = new Date().toISOString();
        const body = JSON.stringify({ id, seq: ++seq, prev, at, kind: 'publish', listingId, payload });
        const bytes = Buffer.from(body);
        const leaf = createHash('sha256').update(bytes).digest();
        const signature = sign(null, bytes, privateKey);
        prev = leaf.toString('hex');
        insertReceipt.run(id, seq, leaf, body, signature);
        insertListing.run(listingId, id, JSON.stringify(payload));
        insertAudit.run(randomUUID(), id, JSON.stringify({ type: 'publish', at, listingId }));
        return { listingId, receipt: { id, seq, signature: signature.toString('base64url') } };
      }),
    )();
    await wal.datasync();
    batch.forEach((p, i) => p.resolve(answers[i] as NonNullable<(typeof answers)[number]>));
  };

  app.post('/publish', (request) => {
    return new Promise((resolve, reject) => {
      if (queue.length === 0) {
        setImmediate(() => {
          const batch = queue;
          queue = [];
          flush(batch).catch((error: unknown) => batch.forEach((p) => p.reject(error)));
        });
      }
      queue.push({ payload: request.body, resolve, reject });
    });
  });
};
