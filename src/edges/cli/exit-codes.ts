/**
 * The exit codes of every `tai` command (sysexits.h numbers where one fits). README's table of exit codes
 * is this list; a command that needs a code names it here.
 */
export const EXIT = {
  ok: 0,
  /** What was checked does not verify (a bundle, the audit chain, a backup). */
  failed: 1,
  /** Refused before changing anything: the target store or the output directory is not empty. */
  refused: 3,
  /** The backup's schema version is not this build's. */
  schema: 4,
  /** EX_USAGE: unknown command, option or value. */
  usage: 64,
  /** EX_NOINPUT: a file or directory to read does not exist or cannot be read (key file, data dir, bundle). */
  unreadable: 66,
  /** EX_UNAVAILABLE: the database cannot be reached or opened. */
  unavailable: 69,
  /** EX_SOFTWARE: an internal error (a bug: report it). */
  internal: 70,
  /** EX_CANTCREAT: refusing to overwrite a file that exists, or cannot create a file or directory (the data dir). */
  cantCreate: 73,
  /** EX_TEMPFAIL: a port to listen on is in use, or the SQLite database is served already (another process holds it). */
  portInUse: 75,
  /** EX_NOPERM: not allowed to listen on that port or to open that file. */
  noPermission: 77,
  /** EX_CONFIG: the configuration does not parse (the message names the variable). */
  config: 78,
} as const;
