/** What a scan found, held against what the signed manifest says: tables, logs and chain heads. */
import type { ChainEntry, LogEntry, Manifest } from './manifest.ts';
import { problem, type Problem } from './problem.ts';

interface ScanSummary {
  readonly tables: ReadonlyMap<string, { readonly rows: number; readonly sha256: string }>;
  readonly logs: readonly LogEntry[];
  readonly chains: Readonly<Record<string, ChainEntry>>;
}

export const compareWithManifest = (manifest: Manifest, scan: ScanSummary, what: string): Problem[] => {
  const out: Problem[] = [];
  for (const t of manifest.tables) {
    const got = scan.tables.get(t.name);
    const where = `table ${t.name}`;
    if (got === undefined) out.push(problem(where, `not in ${what}`));
    else if (got.rows !== t.rows) out.push(problem(where, `${what} has ${got.rows} rows, the manifest says ${t.rows}`));
    else if (got.sha256 !== t.sha256)
      out.push(problem(where, `the rows in ${what} are not the rows the manifest hashed`));
  }
  const listed = new Set(manifest.tables.map((t) => t.name));
  for (const name of scan.tables.keys())
    if (!listed.has(name)) out.push(problem(`table ${name}`, `in ${what} but not in the manifest`));

  const logs = new Map(scan.logs.map((l) => [l.customerId, l]));
  for (const l of manifest.logs) {
    const got = logs.get(l.customerId);
    const where = `log ${l.customerId}`;
    if (got === undefined) out.push(problem(where, `the manifest lists it; ${what} does not hold it`));
    else if (got.treeSize !== l.treeSize)
      out.push(problem(where, `${what} holds ${got.treeSize} receipts, the manifest says ${l.treeSize}`));
    else if (got.root !== l.root || got.checkpoint !== l.checkpoint)
      out.push(problem(where, `its root or checkpoint in ${what} is not the one the manifest records`));
    logs.delete(l.customerId);
  }
  for (const id of logs.keys()) out.push(problem(`log ${id}`, `in ${what} but not in the manifest`));

  for (const [name, want] of Object.entries(manifest.chains)) {
    const got = scan.chains[name];
    if (got === undefined)
      out.push(problem(`chain ${name}`, `the manifest records it; this build cannot check it in ${what}`));
    else if (got.seq !== want.seq || got.hash !== want.hash || got.rows !== want.rows || got.from !== want.from)
      out.push(
        problem(
          `chain ${name}`,
          `its head in ${what} is seq ${got.seq}, the manifest says seq ${want.seq} (or another hash)`,
        ),
      );
  }
  return out;
};
