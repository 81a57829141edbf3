import { describe, expect, it } from 'vitest';
import { signPruneAnchor } from '../receipts/audit-anchor.ts';
import { AUDIT_GENESIS, chainAuditEvent, type AuditRow, type ChainHead } from '../receipts/audit-chain.ts';
import { signingKeyFromSeed } from '../receipts/keys.ts';
import { canonicalize } from '../shared/canonical-json.ts';
import { auditChainVerifier } from './chains.ts';
import type { Row } from './rows.ts';

const key = signingKeyFromSeed(new Uint8Array(32).fill(4));
const COLUMNS = ['seq', 'id', 'at', 'type', 'actor', 'customer_pseudonym', 'outcome', 'details', 'prev_hash', 'hash'];

const chain = (n: number): AuditRow[] => {
  const rows: AuditRow[] = [];
  let head: ChainHead = AUDIT_GENESIS;
  for (let i = 0; i < n; i++) {
    const row = chainAuditEvent(head, {
      nowMs: Date.UTC(2026, 0, 1) + i,
      type: 'x.y',
      actor: 'system',
      customerPseudonym: null,
      outcome: 'success',
      details: { i },
    });
    rows.push(row);
    head = { seq: row.seq, hash: row.hash };
  }
  return rows;
};
const asRow = (r: AuditRow): Row => [
  r.seq,
  r.id,
  r.at,
  r.type,
  r.actor,
  r.customerPseudonym,
  r.outcome,
  canonicalize(r.details),
  r.prevHash,
  r.hash,
];

describe('the audit chain verifier', () => {
  it('verifies a chain from genesis in batches and reports its head', () => {
    const rows = chain(10);
    const v = auditChainVerifier();
    v.observe('audit_events', COLUMNS, rows.slice(0, 4).map(asRow));
    v.observe('audit_events', COLUMNS, rows.slice(4).map(asRow));
    expect(v.finish([key])).toEqual({ entry: { seq: 10, hash: rows[9]?.hash, rows: 10, from: 0 }, problems: [] });
  });

  it('continues from a signed prune anchor, whichever table comes first', () => {
    const rows = chain(10);
    const last = rows[5] as AuditRow;
    const anchor = signPruneAnchor({ seq: last.seq, hash: last.hash }, Date.UTC(2026, 1, 1), key);
    const v = auditChainVerifier();
    v.observe('audit_events', COLUMNS, rows.slice(6).map(asRow));
    v.observe(
      'audit_anchors',
      ['through_seq', 'last_hash', 'anchor', 'created_at'],
      [[6, last.hash, JSON.stringify(anchor), anchor.at]],
    );
    expect(v.finish([key])).toEqual({ entry: { seq: 10, hash: rows[9]?.hash, rows: 4, from: 6 }, problems: [] });
  });

  it('refuses events cut from the start without an anchor, and an altered event', () => {
    const rows = chain(6);
    const cut = auditChainVerifier();
    cut.observe('audit_events', COLUMNS, rows.slice(2).map(asRow));
    expect(cut.finish([key]).problems.map((p) => p.reason)).toEqual([
      'the first event is seq 3 and there is no prune anchor: events were removed from the start',
    ]);
    const altered = auditChainVerifier();
    altered.observe(
      'audit_events',
      COLUMNS,
      rows.map((r, i) => asRow(i === 3 ? { ...r, actor: 'mallory' } : r)),
    );
    expect(altered.finish([key]).problems.map((p) => p.reason)).toEqual([
      'broken at seq 4: hash does not match the row contents (the row was altered)',
    ]);
  });
});
