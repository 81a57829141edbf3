/**
 * A backup directory on disk: `manifest.json` (written last, atomically: a directory without one is an
 * unfinished backup) and one gzip file of lines per table under `tables/`. Writers and readers hash the
 * bytes on disk as they pass, so a file is read once to be both checked and used.
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream, existsSync, readdirSync } from 'node:fs';
import { mkdir, open, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip, createGzip, constants } from 'node:zlib';
import { DomainError } from '../../domain/errors/domain-error.ts';

export const MANIFEST_FILE = 'manifest.json';
const tableFile = (table: string): string => `tables/${table}.jsonl.gz`;

const fsyncPath = async (path: string): Promise<void> => {
  const h = await open(path, 'r');
  try {
    await h.sync();
  } finally {
    await h.close();
  }
};

/** Makes `dir` (and its tables/ folder); refuses one that already holds anything. */
export const createBackupDir = async (dir: string): Promise<void> => {
  if (existsSync(dir) && readdirSync(dir).length > 0)
    throw new DomainError('TAI-BACKUP-OUT-NOT-EMPTY', { detail: `${dir} is not empty` });
  await mkdir(join(dir, 'tables'), { recursive: true });
};

interface WrittenFile {
  readonly file: string;
  readonly fileSha256: string;
  readonly fileBytes: number;
}

interface TableFileWriter {
  write(text: string): Promise<void>;
  /** Flushes, fsyncs and returns the file's hash and size. */
  end(): Promise<WrittenFile>;
}

export const writeTableFile = (dir: string, table: string): TableFileWriter => {
  const file = tableFile(table);
  const path = join(dir, file);
  // Level 1: most of a table is hex digests and signatures, which no level compresses; speed matters more.
  const gzip = createGzip({ level: constants.Z_BEST_SPEED });
  const out = createWriteStream(path, { mode: 0o600 });
  const hash = createHash('sha256');
  let bytes = 0;
  gzip.on('data', (chunk: Buffer) => {
    hash.update(chunk);
    bytes += chunk.length;
    if (!out.write(chunk)) gzip.pause();
  });
  out.on('drain', () => gzip.resume());
  const failed = new Promise<never>((_, reject) => {
    gzip.on('error', reject);
    out.on('error', reject);
  });
  failed.catch(() => undefined);
  return {
    async write(text) {
      if (!gzip.write(text)) await Promise.race([once(gzip, 'drain'), failed]);
    },
    async end() {
      gzip.end();
      await Promise.race([once(gzip, 'end'), failed]);
      out.end();
      await Promise.race([once(out, 'finish'), failed]);
      await fsyncPath(path);
      return { file, fileSha256: hash.digest('hex'), fileBytes: bytes };
    },
  };
};

/** Batches of whole lines from a table file (each batch's text ends in "\n"), about a megabyte each. */
interface LineBatch {
  readonly text: string;
  readonly lines: readonly string[];
}

interface TableFileReader {
  readonly batches: AsyncIterable<LineBatch>;
  /** The hash and size of the bytes read, once `batches` is exhausted. */
  digest(): { readonly fileSha256: string; readonly fileBytes: number };
}

const BATCH_TEXT = 1 << 20;

export const readTableFile = (dir: string, file: string): TableFileReader => {
  const hash = createHash('sha256');
  let bytes = 0;
  let digest: { fileSha256: string; fileBytes: number } | null = null;
  async function* batches(): AsyncGenerator<LineBatch> {
    const input = createReadStream(join(dir, file));
    input.on('data', (chunk) => {
      hash.update(chunk as Buffer);
      bytes += chunk.length;
    });
    const gunzip = input.pipe(createGunzip());
    input.on('error', (e) => gunzip.destroy(e));
    const decoder = new StringDecoder('utf8');
    let pending = '';
    for await (const chunk of gunzip) {
      pending += decoder.write(chunk as Buffer);
      if (pending.length < BATCH_TEXT) continue;
      const cut = pending.lastIndexOf('\n') + 1;
      if (cut === 0) continue;
      const text = pending.slice(0, cut);
      pending = pending.slice(cut);
      yield { text, lines: text.slice(0, -1).split('\n') };
    }
    pending += decoder.end();
    if (pending.length > 0 && !pending.endsWith('\n')) throw new Error('the file ends in the middle of a line');
    if (pending.length > 0) yield { text: pending, lines: pending.slice(0, -1).split('\n') };
    digest = { fileSha256: hash.digest('hex'), fileBytes: bytes };
  }
  return {
    batches: batches(),
    digest: () => {
      if (digest === null) throw new Error('the file was not read to its end');
      return digest;
    },
  };
};

export const writeManifestFile = async (dir: string, manifest: unknown): Promise<void> => {
  const tmp = join(dir, `${MANIFEST_FILE}.tmp`);
  await writeFile(tmp, `${JSON.stringify(manifest, null, 1)}\n`, { mode: 0o600 });
  await fsyncPath(tmp);
  await rename(tmp, join(dir, MANIFEST_FILE));
  await fsyncPath(dir);
};

export const readManifestFile = async (dir: string): Promise<unknown> => {
  let text: string;
  try {
    text = await readFile(join(dir, MANIFEST_FILE), 'utf8');
  } catch (e) {
    throw new DomainError('TAI-BACKUP-UNREADABLE', {
      detail: `${join(dir, MANIFEST_FILE)}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing (not a backup, or one that did not finish)' : String(e)}`,
    });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new DomainError('TAI-BACKUP-UNREADABLE', { detail: `${join(dir, MANIFEST_FILE)} is not JSON` });
  }
};

export const fileExists = (dir: string, file: string): boolean => existsSync(join(dir, file));
