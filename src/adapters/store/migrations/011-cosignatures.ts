/**
 * Witness cosignatures of checkpoints (C2SP tlog-cosignature), stored beside the checkpoint they sign:
 * one row per (checkpoint size, witness, witness timestamp), since a witness re-cosigns the same size as
 * time passes. Append-only in the database itself, like the checkpoints.
 */
import type { Migration } from './index.ts';

const table = `
CREATE TABLE checkpoint_cosignatures (
  customer_id TEXT NOT NULL,
  tree_size INTEGER NOT NULL,
  witness TEXT NOT NULL,
  cosigned_at BIGINT NOT NULL,
  line TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  PRIMARY KEY (customer_id, tree_size, witness, cosigned_at)
);
CREATE INDEX cosignatures_by_witness ON checkpoint_cosignatures (customer_id, witness, tree_size);
`;

export const m011Cosignatures: Migration = {
  version: 11,
  name: 'cosignatures',
  sql: {
    sqlite:
      table +
      `CREATE TRIGGER checkpoint_cosignatures_no_update BEFORE UPDATE ON checkpoint_cosignatures BEGIN SELECT RAISE(ABORT, 'checkpoint_cosignatures is append-only'); END;
CREATE TRIGGER checkpoint_cosignatures_no_delete BEFORE DELETE ON checkpoint_cosignatures BEGIN SELECT RAISE(ABORT, 'checkpoint_cosignatures is append-only'); END;`,
    postgres:
      table +
      'CREATE TRIGGER checkpoint_cosignatures_append_only BEFORE UPDATE OR DELETE ON checkpoint_cosignatures FOR EACH ROW EXECUTE FUNCTION tai_append_only();',
  },
};
