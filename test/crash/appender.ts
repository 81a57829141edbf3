/**
 * Child process for the crash test: appends receipts from many concurrent writers to one customer's
 * log and prints each receipt id on stdout only after its transaction committed. The parent kills it
 * with SIGKILL at a random moment. Usage: appender.ts <sqlite-file|postgres-url> <keyring-file> [schema]
 */
import { openFileKeyring } from '../../src/adapters/keys/file-keyring.ts';
import type { Store } from '../../src/adapters/store/interface.ts';
import { openPostgresStore } from '../../src/adapters/store/postgres/postgres-store.ts';
import { openSqliteStore } from '../../src/adapters/store/sqlite/sqlite-store.ts';
import { systemClock } from '../../src/domain/shared/clock.ts';
import { appendReceipt } from '../../src/services/receipts/append-receipt.ts';

export const CRASH_CUSTOMER = 'cus_01crashcrashcrashcrashcras';
const [target = '', keyringPath = '', schema] = process.argv.slice(2);
const store: Store = target.startsWith('postgres')
  ? await openPostgresStore(target, schema === undefined ? {} : { schema })
  : await openSqliteStore(target);
const signer = openFileKeyring(keyringPath, { create: true, nowMs: Date.now() });
const deps = { signer, clock: systemClock, originPrefix: 'crash.test/receipts' };

await store.transaction(async (tx) => {
  if (await tx.forCustomer(CRASH_CUSTOMER).get()) return;
  const at = new Date().toISOString();
  await tx.insertCustomer({
    id: CRASH_CUSTOMER,
    name: 'Crash',
    contactEmail: 'c@example.com',
    mode: 'pilot',
    createdAt: at,
    updatedAt: at,
  });
});
process.stdout.write('ready\n');

const writer = async (w: number): Promise<never> => {
  for (let n = 0; ; n++) {
    const { receipt } = await store.transaction((tx) =>
      appendReceipt(tx, deps, {
        customerId: CRASH_CUSTOMER,
        kind: 'quote',
        mode: 'pilot',
        authority: 'advisory',
        request: { writer: w, n },
        result: { ok: true },
        contractReference: null,
        insurance: null,
        disclaimer: 'crash test',
      }),
    );
    process.stdout.write(`${receipt.body.id}\n`);
  }
};
await Promise.all(Array.from({ length: 100 }, (_, w) => writer(w)));
