/** The fencing check every write of owned work makes inside its own transaction. */
import type { StoreTx, WorkHold, WorkKind } from '../../adapters/store/interface.ts';
import { DomainError } from '../../domain/errors/domain-error.ts';

/** Throws TAI-INSTANCE-FENCED (the transaction rolls back) unless `hold` is still the work's current holder. */
export const ensureHeld = async (tx: StoreTx, kind: WorkKind, workId: string, hold: WorkHold): Promise<void> => {
  const current = await tx.ownedWork(kind, workId);
  if (current?.owner !== hold.owner || current.fence !== hold.fence) {
    throw new DomainError('TAI-INSTANCE-FENCED', {
      detail: `${kind} ${workId}: held as ${hold.owner}#${hold.fence}, now ${current === undefined ? 'released' : `${current.owner}#${current.fence}`}`,
    });
  }
};
