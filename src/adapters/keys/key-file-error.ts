/** A key file that cannot be used: which file, where, and why, so a start-up failure can name the setting. */
type KeyFileKind = 'receipt keyring' | 'audit secret';
type KeyFileProblem = 'missing' | 'unreadable' | 'malformed';

export class KeyFileError extends Error {
  constructor(
    readonly kind: KeyFileKind,
    readonly path: string,
    readonly problem: KeyFileProblem,
    detail: string,
  ) {
    super(`${kind} ${path}: ${detail}`);
    this.name = 'KeyFileError';
  }
}

/** Reads a key file, turning a missing or unreadable file into a KeyFileError. */
export const readKeyFile = (kind: KeyFileKind, path: string, read: () => string): string => {
  try {
    return read();
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (code === 'ENOENT') throw new KeyFileError(kind, path, 'missing', 'does not exist');
    throw new KeyFileError(kind, path, 'unreadable', `cannot be read (${typeof code === 'string' ? code : String(e)})`);
  }
};
