/** The audit hash chain: exact hashing, tampering named by row, pseudonyms, pruning with a signed anchor. */
import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { DomainError } from '../errors/domain-error.ts';
import { canonicalize } from '../shared/canonical-json.ts';
import { signPruneAnchor, verifyAuditChain, verifyPruneAnchor } from './audit-anchor.ts';
import { AUDIT_GENESIS, chainAuditEvent, eventOf, pseudonymize } from './audit-chain.ts';
import type { AuditInput, AuditRow } from './audit-chain.ts';
import { generateSigningKey } from './keys.ts';
import { seedKey } from '../../../test/support/sample-log.ts';

const secret = 'pseudonym secret';
const t0 = Date.UTC(2026, 0, 1);
const input = (i: number): AuditInput => ({
  nowMs: t0 + i * 1000,
  type: ['auth.failure', 'onboarding.changed', 'certificate.checked', 'deploy.attempt'][i % 4] ?? 'x',
  actor: i % 2 === 0 ? 'key_01kf0000000000000000000000' : 'system',
  customerPseudonym: i % 3 === 0 ? null : pseudonymize('cus_A', secret),
  outcome: i % 5 === 0 ? 'denied' : 'success',
  details: { n: i, note: 'é' },
});
const chain = (n: number): AuditRow[] => {
  const rows: AuditRow[] = [];
  for (let i = 0; i < n; i++) rows.push(chainAuditEvent(rows.at(-1) ?? AUDIT_GENESIS, input(i)));
  return rows;
};

describe('audit chain', () => {
  const rows = chain(10);

  it('hashes SHA-256(prevHash bytes || RFC 8785 of the event) from 64 zeros', () => {
    const [first, second] = rows as [AuditRow, AuditRow];
    expect(first.prevHash).toBe('0'.repeat(64));
    const want = createHash('sha256')
      .update(Buffer.alloc(32))
      .update(canonicalize(eventOf(first)))
      .digest('hex');
    expect(first.hash).toBe(want);
    expect(second.prevHash).toBe(first.hash);
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('verifies an intact chain and reports its head', () => {
    expect(verifyAuditChain(rows)).toEqual({ ok: true, count: 10, head: { seq: 10, hash: rows[9]?.hash } });
  });

  it('names the first bad row after a change, a deletion, a reorder or an insertion', () => {
    const changed = rows.map((r, i) => (i === 4 ? { ...r, outcome: 'success' as const, details: { n: 99 } } : r));
    expect(verifyAuditChain(changed)).toMatchObject({
      ok: false,
      position: 4,
      seq: 5,
      reason: expect.stringMatching(/altered/) as unknown,
    });
    expect(verifyAuditChain(rows.filter((_, i) => i !== 3))).toMatchObject({ ok: false, position: 3, seq: 5 });
    const swapped = [...rows];
    [swapped[2], swapped[6]] = [rows[6] as AuditRow, rows[2] as AuditRow];
    expect(verifyAuditChain(swapped)).toMatchObject({ ok: false, position: 2, seq: 7 });
    const forged = chainAuditEvent(rows[5] as AuditRow, input(42));
    expect(verifyAuditChain([...rows.slice(0, 6), forged, ...rows.slice(6)])).toMatchObject({ ok: false, position: 7 });
    const rehashed = rows.map((r, i) => (i === 8 ? { ...r, hash: 'a'.repeat(64) } : r));
    expect(verifyAuditChain(rehashed)).toMatchObject({ ok: false, position: 8 });
  });

  it('detects rows cut off the end only against a recorded head', () => {
    const head = { seq: 10, hash: rows[9]?.hash ?? '' };
    expect(verifyAuditChain(rows.slice(0, 8)).ok).toBe(true);
    expect(verifyAuditChain(rows.slice(0, 8), { head })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/ends at seq 8/) as unknown,
    });
    expect(verifyAuditChain(rows, { head }).ok).toBe(true);
  });

  it('refuses malformed events when chaining', () => {
    const fails = (over: Partial<AuditInput>): string | undefined => {
      try {
        chainAuditEvent(AUDIT_GENESIS, { ...input(1), ...over });
      } catch (e) {
        expect((e as DomainError).code).toBe('TAI-AUDIT-EVENT-INVALID');
        return (e as DomainError).path;
      }
      return undefined;
    };
    expect(fails({ type: 'Auth Failure' })).toBe('/type');
    expect(fails({ actor: '' })).toBe('/actor');
    expect(fails({ customerPseudonym: 'cus_A' })).toBe('/customerPseudonym');
    expect(fails({ details: { bad: Number.NaN } })).toBe('/details');
    expect(fails({})).toBeUndefined();
  });
});

describe('pseudonymize', () => {
  it('is the first 16 bytes of HMAC-SHA-256(secret, customer id), stable and keyed', () => {
    const want = createHmac('sha256', secret).update('cus_A').digest('hex').slice(0, 32);
    expect(pseudonymize('cus_A', secret)).toBe(want);
    expect(pseudonymize('cus_A', 'other secret')).not.toBe(want);
    expect(pseudonymize('cus_B', secret)).not.toBe(want);
    expect(want).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('pruning with a signed anchor', () => {
  const key = seedKey('audit anchor');
  const rows = chain(10);
  const anchor = signPruneAnchor({ seq: 6, hash: rows[5]?.hash ?? '' }, t0 + 99_000, key);
  const remaining = rows.slice(6);

  it('lets the remaining rows verify from the anchor', () => {
    expect(verifyAuditChain(remaining)).toMatchObject({ ok: false, position: 0 });
    expect(verifyAuditChain(remaining, { anchor, keys: [key] })).toMatchObject({
      ok: true,
      count: 4,
      head: { seq: 10 },
    });
    expect(verifyPruneAnchor(anchor, [key])).toEqual({ ok: true, value: { seq: 6, hash: rows[5]?.hash } });
  });

  it('rejects an anchor that was altered, signed by an unknown key, or does not meet the rows', () => {
    expect(verifyAuditChain(remaining, { anchor: { ...anchor, prunedThroughSeq: 5 }, keys: [key] })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/signature/) as unknown,
    });
    expect(verifyAuditChain(remaining, { anchor, keys: [generateSigningKey()] })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/unknown key/) as unknown,
    });
    const early = signPruneAnchor({ seq: 5, hash: rows[4]?.hash ?? '' }, t0, key);
    expect(verifyAuditChain(remaining, { anchor: early, keys: [key] })).toMatchObject({
      ok: false,
      position: 0,
      seq: 7,
    });
    expect(verifyAuditChain(rows.slice(7), { anchor, keys: [key] })).toMatchObject({ ok: false, position: 0, seq: 8 });
  });
});
