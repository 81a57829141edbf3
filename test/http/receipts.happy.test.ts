/** Receipts and the transparency log over real HTTP, on SQLite and PostgreSQL: every proof checks out offline. */
import { beforeAll, expect, it } from 'vitest';
import { verifyBundle } from '../../src/domain/receipts/bundle.ts';
import { verifyCheckpoint } from '../../src/domain/receipts/checkpoint.ts';
import { fromBase64 } from '../../src/domain/receipts/encoding.ts';
import { publicKeysFromJwks } from '../../src/domain/receipts/keyring.ts';
import { verifyConsistency, verifyInclusion } from '../../src/domain/receipts/merkle-verify.ts';
import { receiptLeafHash, verifyReceiptSignature } from '../../src/domain/receipts/receipt.ts';
import { changeMode } from '../../src/services/customers/change-mode.ts';

import { onboard, describeService } from '../support/service.ts';

const b64 = (s: string): Uint8Array => {
  const b = fromBase64(s);
  if (!b) throw new Error(`not base64: ${s}`);
  return b;
};

describeService('receipts', (svc) => {
  let a: Awaited<ReturnType<typeof onboard>>;
  const modes = ['pilot', 'prod', 'eval', 'pilot', 'prod', 'pilot', 'eval'];

  beforeAll(async () => {
    a = await onboard(svc(), 'Ledgerco');
  });

  it('appends a signed receipt per mode change and serves verifiable proofs, checkpoints and exports', async () => {
    const jwks = await svc().call('GET', '/.well-known/tai-receipt-keys.json', { token: null });
    expect(jwks.status).toBe(200);
    const keys = publicKeysFromJwks(jwks.body, true);
    const origin = `tai-autonomics.example/receipts/${a.id}`;

    const checkpoints: string[] = [];
    for (const mode of modes) {
      const res = await svc().admin('PUT', `/v1/admin/customers/${a.id}/mode`, { mode, reason: `move to ${mode}` });
      expect(res.status).toBe(200);
      expect(res.body.customer.mode).toBe(mode);
      expect(res.body.receipt.body).toMatchObject({ kind: 'mode_change', mode, authority: 'advisory' });
      checkpoints.push((await svc().call('GET', '/v1/ledger/checkpoint', { token: a.token })).body.checkpoint);
    }

    const list = await svc().call('GET', '/v1/receipts?limit=3', { token: a.token });
    expect(list.body.items.map((r: any) => r.body.logIndex)).toEqual([0, 1, 2]);
    const rest = await svc().call('GET', `/v1/receipts?limit=100&after=${list.body.next}&kind=mode_change`, {
      token: a.token,
    });
    expect(rest.body.items.map((r: any) => r.body.logIndex)).toEqual([3, 4, 5, 6]);

    const latest = verifyCheckpoint(checkpoints.at(-1) ?? '', keys, origin);
    if (!latest.ok) throw new Error(latest.error);
    expect(latest.value.treeSize).toBe(modes.length);

    for (const item of [...list.body.items, ...rest.body.items]) {
      const one = await svc().call('GET', `/v1/receipts/${item.body.id}`, { token: a.token });
      expect(one.status).toBe(200);
      const key = keys.find((k) => k.kid === one.body.receipt.body.keyId);
      expect(key && verifyReceiptSignature(one.body.receipt, key)).toBe(true);
      const p = one.body.inclusionProof;
      expect(
        verifyInclusion(
          p.leafIndex,
          p.treeSize,
          receiptLeafHash(one.body.receipt),
          p.hashes.map(b64),
          latest.value.rootHash,
        ),
      ).toBe(true);
    }

    for (let size = 1; size < modes.length; size++) {
      const older = verifyCheckpoint(checkpoints[size - 1] ?? '', keys, origin);
      if (!older.ok) throw new Error(older.error);
      const proof = await svc().call('GET', `/v1/ledger/consistency?from=${size}`, { token: a.token });
      expect(proof.status).toBe(200);
      expect(
        verifyConsistency(size, modes.length, proof.body.hashes.map(b64), older.value.rootHash, latest.value.rootHash),
        `consistency ${size} -> ${modes.length}`,
      ).toBe(true);
    }

    const exported = await svc().call('GET', '/v1/ledger/export', { token: a.token });
    expect(exported.status).toBe(200);
    expect(verifyBundle(exported.body, { previousCheckpoint: checkpoints[2] ?? '' })).toMatchObject({
      ok: true,
      treeSize: modes.length,
    });
    const tampered = structuredClone(exported.body);
    tampered.receipts[4].body.requestDigest = '0'.repeat(64);
    expect(verifyBundle(tampered)).toMatchObject({ ok: false, index: 4 });
  });

  it('signs one checkpoint per commit for concurrent appends, and every stored checkpoint is of the one log', async () => {
    const c = await onboard(svc(), 'Busy');
    const jwks = await svc().call('GET', '/.well-known/tai-receipt-keys.json', { token: null });
    const keys = publicKeysFromJwks(jwks.body, true);
    const origin = `tai-autonomics.example/receipts/${c.id}`;
    // Queued in one tick, as a burst of requests is: SQLite's group commit takes them as one batch.
    const changes = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        changeMode({
          ctx: svc().service.ctx,
          input: { customerId: c.id, mode: i % 2 ? 'pilot' : 'prod', reason: `n${i}` },
        }),
      ),
    );
    expect(changes.map((r) => r.receipt.body.logIndex).sort((x, y) => x - y)).toEqual(changes.map((_, i) => i));

    const scope = svc().service.ctx.store.scope(c.id);
    const stored = [];
    for (let size = 1; size <= 40; size++) {
      const cp = await scope.checkpointAt(size);
      if (cp) stored.push(cp);
    }
    // The last append's size is always signed; SQLite's group commit signs once per batch.
    expect(stored.at(-1)?.treeSize).toBe(40);
    if (svc().service.ctx.store.kind === 'sqlite') expect(stored.length).toBeLessThan(40);
    const exported = await svc().call('GET', '/v1/ledger/export', { token: c.token });
    for (const cp of stored) {
      const v = verifyCheckpoint(cp.note, keys, origin);
      if (!v.ok) throw new Error(v.error);
      // Each one is a prefix of the exported log.
      expect(verifyBundle(exported.body, { previousCheckpoint: cp.note })).toMatchObject({ ok: true, treeSize: 40 });
    }
  });

  it('rotates the signing key: new receipts use it, old ones still verify, the JWKS keeps both', async () => {
    const before = await svc().call('GET', '/v1/ledger/checkpoint', { token: a.token });
    const rotated = await svc().admin('POST', '/v1/admin/receipt-keys/rotate');
    expect(rotated.status).toBe(200);
    expect(rotated.body.activeKid).not.toBe(rotated.body.retiredKid);
    const after = await svc().admin('PUT', `/v1/admin/customers/${a.id}/mode`, {
      mode: 'pilot',
      reason: 'after rotation',
    });
    expect(after.body.receipt.body.keyId).toBe(rotated.body.activeKid);
    const jwks = await svc().call('GET', '/.well-known/tai-receipt-keys.json', { token: null });
    const byKid = Object.fromEntries(jwks.body.keys.map((k: { kid: string; status: string }) => [k.kid, k.status]));
    expect(byKid).toMatchObject({ [rotated.body.activeKid]: 'active', [rotated.body.retiredKid]: 'retired' });
    const exported = await svc().call('GET', '/v1/ledger/export', { token: a.token });
    expect(verifyBundle(exported.body, { previousCheckpoint: before.body.checkpoint })).toMatchObject({ ok: true });
    const audit = await svc().admin('GET', '/v1/admin/audit?type=receipts.key_rotated');
    expect(audit.body.items).toHaveLength(1);
  });
});
