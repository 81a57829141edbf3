import { defineErrors } from '../spec.ts';

/** Backups and restores (`tai backup`, `tai backup verify`, `tai restore`, the scheduled backup). */
export const backupErrors = defineErrors({
  'TAI-BACKUP-TARGET-NOT-EMPTY': {
    status: 409,
    message: 'The store to restore into already holds data. Restore only into an empty store.',
    internal:
      'tai restore found rows in the target store (detail lists the tables) and changed nothing. Point --to at a new database, schema or file.',
    retryable: false,
  },
  'TAI-BACKUP-OUT-NOT-EMPTY': {
    status: 409,
    message: 'The backup directory already exists and is not empty. Choose a new directory.',
    internal: 'tai backup --out names a directory that holds files; a backup never overwrites or mixes with another.',
    retryable: false,
  },
  'TAI-BACKUP-UNREADABLE': {
    status: 422,
    message: 'The backup cannot be read: its manifest is missing or is not JSON.',
    internal:
      'No manifest.json in the directory, or it does not parse. An interrupted backup leaves no manifest: use another backup.',
    retryable: false,
  },
  'TAI-BACKUP-INVALID': {
    status: 422,
    message: 'The backup does not verify: it was damaged, truncated or altered since it was taken.',
    internal:
      'The manifest signature, a file hash, a row count or hash, a log against its signed checkpoint or a hash chain does not hold (detail lists each problem). Use another backup.',
    retryable: false,
  },
  'TAI-BACKUP-SCHEMA-MISMATCH': {
    status: 409,
    message: 'The backup was taken at another schema version than this build creates.',
    internal:
      'Restore with the release that took the backup (its schema version is in the manifest), then upgrade by starting the new release on the restored store.',
    retryable: false,
  },
  'TAI-BACKUP-SOURCE-INCONSISTENT': {
    status: 500,
    message: 'The store does not verify, so no backup manifest was signed.',
    internal:
      'While taking a backup, a log did not match its signed checkpoint, its head or its tree nodes, or a hash chain was broken (detail lists each). The table files stay in the directory for inspection; find out what changed the store before trusting it.',
    retryable: false,
  },
  'TAI-BACKUP-RESTORE-UNVERIFIED': {
    status: 500,
    message: 'The restored data did not verify, so nothing was committed: the target store is still empty.',
    internal:
      'After loading, the rows read back from the target, its logs or chains, or a checkpoint saved elsewhere did not hold (detail lists each). The transaction was rolled back.',
    retryable: false,
  },
});
