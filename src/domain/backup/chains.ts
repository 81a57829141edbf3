/**
 * Hash chains a backup verifies and whose heads its manifest records, one verifier per chain. Each is told
 * the rows of the tables it names (in primary-key order) and says at the end where its chain stands, or
 * what breaks it. The audit trail is the first; another append-only ledger registers its own verifier in
 * CHAIN_VERIFIERS, and backups, verification and restore pick it up.
 */
import { verifyPruneAnchor, type PruneAnchor } from '../receipts/audit-anchor.ts';
import { AUDIT_GENESIS, verifyAuditRows, type AuditRow, type ChainHead } from '../receipts/audit-chain.ts';
import type { PublicReceiptKey } from '../receipts/keys.ts';
import type { ChainEntry } from './manifest.ts';
import { problem, type Problem } from './problem.ts';
import type { Row } from './rows.ts';

export interface ChainVerifier {
  readonly name: string;
  /** The tables whose rows it is shown. */
  readonly tables: readonly string[];
  observe(table: string, columns: readonly string[], rows: readonly Row[]): void;
  /** The head, or null when the chain's tables are not in this store at all. */
  finish(keys: readonly PublicReceiptKey[]): { entry: ChainEntry | null; problems: Problem[] };
}

/** Reads a row's values by column name. */
export const byName = (columns: readonly string[]): ((row: Row, name: string) => Row[number]) => {
  const index = new Map(columns.map((c, i) => [c, i]));
  return (row, name) => {
    const i = index.get(name);
    if (i === undefined) throw new Error(`no column ${name}`);
    return row[i] ?? null;
  };
};

const auditRowOf = (get: ReturnType<typeof byName>, row: Row): AuditRow =>
  ({
    seq: Number(get(row, 'seq')),
    id: get(row, 'id'),
    at: get(row, 'at'),
    type: get(row, 'type'),
    actor: get(row, 'actor'),
    customerPseudonym: get(row, 'customer_pseudonym'),
    outcome: get(row, 'outcome'),
    details: JSON.parse(String(get(row, 'details'))) as unknown,
    prevHash: get(row, 'prev_hash'),
    hash: get(row, 'hash'),
  }) as AuditRow;

/** The audit trail: rows in seq order from genesis, or from the latest signed prune anchor. */
export const auditChainVerifier = (): ChainVerifier => {
  let seen = false;
  let start: ChainHead | null = null;
  let head: ChainHead | null = null;
  let rows = 0;
  let broken: string | null = null;
  let anchor: { through: number; text: string } | null = null;
  return {
    name: 'audit',
    tables: ['audit_events', 'audit_anchors'],
    observe(table, columns, batch) {
      seen = true;
      const get = byName(columns);
      if (table === 'audit_anchors') {
        for (const r of batch) {
          const through = Number(get(r, 'through_seq'));
          if (anchor === null || through > anchor.through) anchor = { through, text: String(get(r, 'anchor')) };
        }
        return;
      }
      if (broken !== null || batch.length === 0) return;
      let parsed: AuditRow[];
      try {
        parsed = batch.map((r) => auditRowOf(get, r));
      } catch {
        broken = `an event near seq ${String(get(batch[0] as Row, 'seq'))} has details that are not JSON`;
        return;
      }
      const first = parsed[0] as AuditRow;
      start ??= { seq: first.seq - 1, hash: first.prevHash };
      const verdict = verifyAuditRows(parsed, head ?? start);
      if (!verdict.ok) broken = `broken at seq ${verdict.seq ?? '?'}: ${verdict.reason}`;
      else head = verdict.head;
      rows += parsed.length;
    },
    finish(keys) {
      if (!seen) return { entry: null, problems: [] };
      const problems: Problem[] = [];
      const bad = (reason: string): void => void problems.push(problem('chain audit', reason));
      if (broken !== null) bad(broken);
      let from: ChainHead = AUDIT_GENESIS;
      if (anchor !== null) {
        let parsed: PruneAnchor | null = null;
        try {
          parsed = JSON.parse(anchor.text) as PruneAnchor;
        } catch {
          bad('the latest prune anchor is not JSON');
        }
        const verified = parsed === null ? null : verifyPruneAnchor(parsed, keys);
        if (verified !== null && !verified.ok) bad(`the latest prune anchor does not verify: ${verified.error}`);
        if (verified?.ok) from = verified.value;
      }
      const begin = start ?? from;
      if (begin.seq !== from.seq || begin.hash !== from.hash) {
        bad(
          from.seq === 0
            ? `the first event is seq ${begin.seq + 1} and there is no prune anchor: events were removed from the start`
            : `the events do not continue from the prune anchor at seq ${from.seq}`,
        );
      }
      const end = head ?? from;
      return { entry: { seq: end.seq, hash: end.hash, rows, from: from.seq }, problems };
    },
  };
};

export const CHAIN_VERIFIERS: readonly (() => ChainVerifier)[] = [auditChainVerifier];
