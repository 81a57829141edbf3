/** `tai verify`: exit codes, messages naming the first bad entry, worker threads, progress, and a real process. */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { buildJwks, newKeyring, rotateKeyring } from '../../../domain/receipts/keyring.ts';
import type { SignedReceipt } from '../../../domain/receipts/receipt-format.ts';
import { formatVkey, witnessKey } from '../../../domain/receipts/cosignature.ts';
import { sampleLog, sampleWitness } from '../../../../test/support/sample-log.ts';
import type { CliIo } from '../io.ts';
import { runVerify } from './run-verify.ts';
import type { VerifyCommandOptions } from './run-verify.ts';

const dir = mkdtempSync(join(tmpdir(), 'tai-verify-'));
const file = (name: string, content: unknown): string => {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' || Buffer.isBuffer(content) ? content : JSON.stringify(content));
  return path;
};

const captureIo = (tty = false): { io: CliIo; out: () => string; err: () => string } => {
  const chunks = { out: [] as string[], err: [] as string[] };
  const stream = (sink: string[], isTTY: boolean): CliIo['stdout'] => {
    const s = new PassThrough() as PassThrough & { isTTY?: boolean };
    s.on('data', (d: Buffer) => sink.push(d.toString()));
    s.isTTY = isTTY;
    return s;
  };
  return {
    io: { stdout: stream(chunks.out, false), stderr: stream(chunks.err, tty) },
    out: () => chunks.out.join(''),
    err: () => chunks.err.join(''),
  };
};

const run = async (
  argv: string[],
  options: VerifyCommandOptions = {},
  tty = false,
): Promise<{ code: number; out: string; err: string }> => {
  const c = captureIo(tty);
  const code = await runVerify(argv, c.io, options);
  await new Promise((r) => setImmediate(r));
  return { code, out: c.out(), err: c.err() };
};

const log = sampleLog({ count: 40, rotateAt: 20 });
const good = log.bundle();
const goodPath = file('good.json', good);
const parallel: VerifyCommandOptions = { workers: 3, minPerWorker: 1 };
const tamper = (name: string, f: (r: SignedReceipt[]) => SignedReceipt[]): string =>
  file(name, { ...good, receipts: f([...log.receipts]) });

describe('tai verify', () => {
  it('accepts a good bundle, in-process and on worker threads (loaded through tsx)', async () => {
    for (const options of [{ workers: 1 }, parallel]) {
      const r = await run([goodPath], options);
      expect(r).toMatchObject({ code: 0, err: '' });
      expect(r.out).toContain(`OK: 40 receipts of ${log.origin}`);
      expect(r.out).toContain(Buffer.from(log.tree.root()).toString('hex'));
    }
  });

  it('names the first bad receipt and the key, on one thread and on several', async () => {
    const r25 = log.receipts[25] as SignedReceipt;
    const changed = tamper('changed.json', (rs) =>
      rs.map((r, i) => (i === 25 ? { ...r, body: { ...r.body, kind: 'deploy' } } : r)),
    );
    for (const options of [{ workers: 1 }, parallel]) {
      const r = await run([changed], options);
      expect(r.code).toBe(1);
      expect(r.err).toBe(
        `tai verify: FAILED at receipt 25 (${r25.body.id}): the signature does not verify under key ${r25.body.keyId}\n`,
      );
    }
    // A deletion: the receipts after it claim log indexes one too high.
    const deleted = await run([tamper('deleted.json', (rs) => rs.filter((_, i) => i !== 26))], parallel);
    expect(deleted.err).toContain('FAILED at receipt 26');
    // A validly signed receipt from a forked history.
    const fork = sampleLog({ count: 40, rotateAt: 20, startMs: Date.UTC(2031, 0, 1) });
    const seam = await run(
      [tamper('seam.json', (rs) => rs.map((r, i) => (i === 26 ? (fork.receipts[26] as SignedReceipt) : r)))],
      parallel,
    );
    expect(seam.err).toMatch(/FAILED at receipt 26 \(rcpt_\w+\): previousHash/);
  });

  it('checks an older checkpoint, given as the note or as the API JSON', async () => {
    const older = file('older.txt', log.checkpointAt(17));
    const asJson = file('older.json', {
      treeSize: 30,
      rootHash: Buffer.from(log.tree.root(30)).toString('hex'),
      checkpoint: log.checkpointAt(30),
    });
    expect(await run([goodPath, '--previous-checkpoint', older], parallel)).toMatchObject({ code: 0 });
    const r = await run([goodPath, `--previous-checkpoint=${asJson}`]);
    expect(r.out).toContain('consistent with the previous checkpoint (30 receipts)');
    const fork = sampleLog({ count: 40, rotateAt: 20, startMs: Date.UTC(2031, 0, 1) });
    const forked = await run([goodPath, '--previous-checkpoint', file('fork.txt', fork.checkpointAt(12))]);
    expect(forked).toMatchObject({ code: 1 });
    expect(forked.err).toContain('FAILED at the previous-checkpoint');
  });

  it('pins keys from a published JWKS', async () => {
    const [k1, k2] = log.keys;
    if (k1 === undefined || k2 === undefined) throw new Error('two keys expected');
    // The sample log rotates at receipt 20, issued 20 s into 2026.
    const published = file(
      'jwks.json',
      buildJwks(rotateKeyring(newKeyring(k1, Date.UTC(2025, 0, 1)), k2, Date.UTC(2026, 0, 1) + 20_000)),
    );
    expect(await run([goodPath, '--keys', published])).toMatchObject({ code: 0 });
    const wrong = file('wrong-jwks.json', buildJwks(newKeyring(k2, Date.UTC(2025, 0, 1))));
    const r = await run([goodPath, '--keys', wrong]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`FAILED at the keys: key ${k1.kid} is not among the trusted keys`);
  });

  it('speaks of the --keys file given when it is not a usable JWKS', async () => {
    const notJson = file('not-json.jwks', 'nope');
    expect((await run([goodPath, '--keys', notJson])).err).toBe(
      `tai verify: FAILED at the keys: the --keys file ${notJson} is not a JWKS: not JSON\n`,
    );
    const badMember = file('bad-member.jwks', { keys: [{ kty: 'OKP', crv: 'X448', x: 'AA' }] });
    const r = await run([goodPath, '--keys', badMember]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      new RegExp(`^tai verify: FAILED at the keys: the --keys file ${badMember} at /keys/0/\\w+: `),
    );
    expect(r.err).not.toContain('cannot sign receipts');
    expect((await run([goodPath, '--keys', join(dir, 'absent.jwks')])).code).toBe(66);
  });

  it('names the receipt holding a lone surrogate, exit 1', async () => {
    const target = log.receipts[7];
    if (target === undefined) throw new Error('receipt 7 expected');
    const text = JSON.stringify(good).replace(
      `"id":"${target.body.id}",`,
      `"id":"${target.body.id}","note":"\\ud800",`,
    );
    const r = await run([file('surrogate.json', text)]);
    expect(r).toMatchObject({
      code: 1,
      err: `tai verify: FAILED at receipt 7 (${target.body.id}): a lone surrogate escape at /body/note (not well-formed Unicode)\n`,
    });
  });

  it('prints the verdict as JSON with --json', async () => {
    const r = await run([goodPath, '--json']);
    expect(JSON.parse(r.out)).toMatchObject({ ok: true, treeSize: 40 });
  });

  it('fails a file that is not a bundle; usage and unreadable input have their own codes', async () => {
    const bytes = Buffer.from(JSON.stringify(good));
    bytes[100] = (bytes[100] ?? 0) ^ 0x80;
    const flipped = await run([file('flipped.json', bytes)]);
    expect(flipped).toMatchObject({
      code: 1,
      err: 'tai verify: FAILED at the bundle: the file is not strict UTF-8 JSON: not UTF-8\n',
    });
    expect((await run([file('junk.json', '{"format":')])).err).toContain(
      'FAILED at the bundle: the file is not strict UTF-8 JSON: not JSON',
    );
    expect((await run([])).code).toBe(64);
    expect((await run([goodPath, '--workers', '0'])).code).toBe(64);
    expect((await run([goodPath, '--frobnicate'])).code).toBe(64);
    expect((await run([join(dir, 'missing.json')])).code).toBe(66);
    expect((await run(['--help'])).out).toContain('usage: tai verify');
  });

  it('shows a bar on a terminal and plain lines otherwise', async () => {
    const tty = await run([goodPath], { ...parallel, progressThreshold: 1 }, true);
    expect(tty.err).toMatch(/\r\[#+\] 100% 40\/40 receipts/);
    expect(tty.err.endsWith('\n')).toBe(true);
    const plain = await run([goodPath], { workers: 1, progressThreshold: 1 });
    expect(plain.err).toContain('verified 40/40 receipt signatures (100%)\n');
    expect(plain.err).not.toContain('\r');
    // On three threads: out of the claimed tree size too, rising to it.
    const threads = await run([goodPath], { ...parallel, progressThreshold: 1 });
    const counts = threads.err.split('\n').flatMap((l) => /^verified (\d+)\/40 receipt/.exec(l)?.[1] ?? []);
    expect(counts.map(Number).every((d, i, all) => i === 0 || d >= (all[i - 1] ?? 0))).toBe(true);
    expect(counts.at(-1)).toBe('40');
    expect((await run([goodPath], { workers: 1 })).err).toBe('');
  });

  it('on one thread counts against the claimed tree size, and starts over when a bad bundle is checked again', async () => {
    const long = sampleLog({ count: 2100 });
    // Receipt 2050 changed: the chunks check 2,050 receipts and decline; the whole text is checked again.
    const receipts = long.receipts.map((r, i) => (i === 2050 ? { ...r, body: { ...r.body, kind: 'deploy' } } : r));
    const path = file('changed-late.json', { ...long.bundle(), receipts });
    const r = await run([path], { workers: 1, progressThreshold: 1 });
    expect(r.code).toBe(1);
    expect(r.err).toContain('FAILED at receipt 2050');
    // 2,100 is the last checkpoint's claim; what was checked before the bad receipt is counted twice.
    const lines = r.err.split('\n').filter((l) => l.startsWith('verified'));
    const done = lines.map((l) => Number(/^verified (\d+)\/2100 receipt signatures \(\d+%\)$/.exec(l)?.[1]));
    expect(done.every((d) => d > 0 && d < 2100)).toBe(true);
    const restart = done.findIndex((d, i) => i > 0 && d < (done[i - 1] ?? 0));
    expect(restart).toBeGreaterThan(0);
    // The whole-text pass counts from 0 again, up to the last full batch before the bad receipt.
    expect(done.slice(restart)).toEqual([1024, 2048]);
  });
});

describe('tai verify as a process', () => {
  const entry = fileURLToPath(new URL('./main-entry.ts', import.meta.url));
  const big = sampleLog({ count: 4200 });
  const bigPath = file('big.json', big.bundle());
  const exec = promisify(execFile);
  const spawnVerify = async (path: string): Promise<{ code: number; stdout: string; stderr: string }> => {
    try {
      const { stdout, stderr } = await exec(process.execPath, ['--import', 'tsx', entry, path, '--workers', '2'], {
        cwd: fileURLToPath(new URL('../../../../', import.meta.url)),
      });
      return { code: 0, stdout, stderr };
    } catch (e) {
      const x = e as { code: number; stdout: string; stderr: string };
      return { code: x.code, stdout: x.stdout, stderr: x.stderr };
    }
  };

  it(
    'verifies with two workers under node --import tsx, and exits 1 naming a bad receipt',
    { timeout: 120_000 },
    async () => {
      const ok = await spawnVerify(bigPath);
      expect(ok).toMatchObject({ code: 0, stderr: '' });
      expect(ok.stdout).toContain('OK: 4200 receipts');
      const receipts = [...big.receipts];
      const r = receipts[3000] as SignedReceipt;
      receipts[3000] = { ...r, signature: (log.receipts[0] as SignedReceipt).signature };
      const bad = await spawnVerify(file('big-bad.json', { ...big.bundle(), receipts }));
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain(`FAILED at receipt 3000 (${r.body.id}): the signature does not verify`);
    },
  );
});

describe('tai verify: witnesses, origin and strict inputs', () => {
  const T0 = Date.UTC(2026, 0, 1) / 1000;
  const w = sampleWitness('cli');
  const vkey = formatVkey(witnessKey(w.name, w.key.raw));
  const witnessed = file('witnessed.json', log.bundle2({ cosign: () => [{ witness: w, at: T0 + 100 }] }));
  const at = (s: number) => ({ nowMs: () => (T0 + s) * 1000 });

  it('verifies with --witness and --max-age, and refuses a stale one', async () => {
    const ok = await run([witnessed, '--witness', vkey, '--max-age', '1h', '--origin', log.origin], at(200));
    expect(ok).toMatchObject({ code: 0 });
    expect(ok.out).toContain(`cosigned by ${w.name}`);
    const stale = await run([witnessed, '--witness', vkey, '--max-age', '1h'], at(2 * 3600));
    expect(stale.code).toBe(1);
    expect(stale.err).toContain('FAILED at the checkpoint: the newest cosignature');
    const other = sampleWitness('other');
    const unknown = await run([witnessed, `--witness=${formatVkey(witnessKey(other.name, other.key.raw))}`], at(200));
    expect(unknown.err).toContain('cosigned by 0 of the pinned witnesses; 1 required');
  });

  it('ties a bundle to a customer with --origin', async () => {
    const r = await run([witnessed, '--origin', 'tai-autonomics.example/receipts/cus_someone_else']);
    expect(r).toMatchObject({ code: 1 });
    expect(r.err).toContain('FAILED at the bundle: this is the log of');
  });

  it('refuses duplicate member names and a byte-order mark, naming the bundle', async () => {
    const text = JSON.stringify(good);
    const dup = text.replace('"signature":', '"signature":"AAAA","signature":');
    expect((await run([file('dup.json', dup)])).err).toContain(
      'FAILED at the bundle: the file is not strict UTF-8 JSON: the member name "signature" appears twice',
    );
    expect((await run([file('bom.json', `\ufeff${text}`)])).err).toContain('byte-order mark');
  });

  it('holds the previous checkpoint JSON to its note', async () => {
    const wrong = file('wrong-prev.json', { treeSize: 31, rootHash: '0'.repeat(64), checkpoint: log.checkpointAt(30) });
    const r = await run([goodPath, '--previous-checkpoint', wrong]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('FAILED at the previous-checkpoint: treeSize 31 is not the signed tree size 30');
    const noNote = await run([goodPath, '--previous-checkpoint', file('no-note.json', { treeSize: 3 })]);
    expect(noNote.err).toContain('FAILED at the previous-checkpoint: the JSON has no checkpoint member');
  });

  it('refuses bad witness arguments as usage errors', async () => {
    expect((await run([witnessed, '--min', '1'])).code).toBe(64);
    expect((await run([witnessed, '--witness', 'not-a-vkey'])).code).toBe(64);
    expect((await run([witnessed, '--witness', vkey, '--min', '2'])).code).toBe(64);
    expect((await run([witnessed, '--witness', vkey, '--max-age', 'soon'])).code).toBe(64);
  });
});

describe('tai verify: the same verdicts when worker threads verify the signatures', () => {
  const T0 = Date.UTC(2026, 0, 1) / 1000;
  const w = sampleWitness('split');
  const vkey = formatVkey(witnessKey(w.name, w.key.raw));
  const text = JSON.stringify(good);
  const flipped = Buffer.from(text);
  const mid = text.indexOf('"signature":', text.length >> 1);
  flipped[mid + 20] = (flipped[mid + 20] ?? 0) ^ 0x80;
  const compromised = [
    {
      createdAt: '2025-01-01T00:00:00.000Z',
      retiredAt: '2026-01-01T00:00:20.000Z',
      compromisedAt: '2026-01-01T00:00:25.000Z',
    },
    { createdAt: '2026-01-01T00:00:20.000Z', retiredAt: null, compromisedAt: null },
  ];
  const { receipts, ...frame } = good;
  const id7 = log.receipts[7]?.body.id ?? '';
  const id38 = log.receipts[38]?.body.id ?? '';
  const cases: [name: string, content: string | Buffer, argv: string[]][] = [
    ['good v1', text, []],
    [
      'good v2, three checkpoints',
      JSON.stringify(log.bundle2({ sizes: [10, 25, 40] })),
      ['--previous-checkpoint', file('p17.txt', log.checkpointAt(17))],
    ],
    [
      'witnessed',
      JSON.stringify(log.bundle2({ sizes: [20, 40], cosign: (s) => [{ witness: w, at: T0 + s + 2 }] })),
      ['--witness', vkey],
    ],
    [
      'a compromised key unwitnessed',
      JSON.stringify(log.bundle2({ lifecycles: compromised, cosign: () => [{ witness: w, at: T0 + 40 }] })),
      ['--witness', vkey],
    ],
    ['receipts past the checkpoint', JSON.stringify(log.bundle2({ sizes: [30] })), []],
    ['a member twice in a receipt', text.replace(`"id":"${id7}",`, `"id":"${id7}","id":"${id7}",`), []],
    ['a lone surrogate in a receipt', text.replace(`"id":"${id7}",`, `"id":"${id7}","note":"\\ud800",`), []],
    ['a byte-order mark', `\ufeff${text}`, []],
    // Not strict JSON wins over a bad receipt before it, wherever the two fall.
    [
      'a bad signature early, a member twice late',
      text
        .replace(log.receipts[1]?.signature ?? '', log.receipts[2]?.signature ?? '')
        .replace(`"id":"${id38}",`, `"id":"${id38}","id":"${id38}",`),
      [],
    ],
    [
      'a bad signature in the first range',
      text.replace(log.receipts[1]?.signature ?? '', log.receipts[2]?.signature ?? ''),
      [],
    ],
    ['invalid UTF-8 in a receipt', flipped, []],
    // Receipts removed, repeated or moved: the log indexes no longer add up.
    ['a receipt removed early', JSON.stringify({ ...good, receipts: receipts.filter((_, i) => i !== 3) }), []],
    ['a receipt removed late', JSON.stringify({ ...good, receipts: receipts.filter((_, i) => i !== 35) }), []],
    [
      'a receipt repeated',
      JSON.stringify({ ...good, receipts: receipts.flatMap((r, i) => (i === 30 ? [r, r] : [r])) }),
      [],
    ],
    [
      'the last receipt first',
      JSON.stringify({ ...good, receipts: [...receipts.slice(-1), ...receipts.slice(0, -1)] }),
      [],
    ],
    [
      'a seam inside every receipt',
      JSON.stringify({
        ...good,
        receipts: receipts.map((r) => ({ ...r, body: { ...r.body, x: [{ a: 1 }, { body: 2 }] } })),
      }),
      [],
    ],
    ['pretty-printed', JSON.stringify(good, null, 1), []],
    ['receipts first', JSON.stringify({ receipts, ...frame }), []],
    ['a member too many', JSON.stringify({ ...frame, extra: 1, receipts }), []],
    ['cut short', text.slice(0, text.length - 300) + ']}', []],
  ];

  it('answers as the single-threaded path does, for good and bad bundles', { timeout: 60_000 }, async () => {
    const codes: number[] = [];
    for (const [name, content, argv] of cases) {
      const path = file(`split-${name.replaceAll(' ', '-')}.json`, content);
      const nowMs = { nowMs: () => (T0 + 100) * 1000 };
      const single = await run([path, ...argv], { workers: 1, ...nowMs });
      // Three threads and two: the signatures handed to the workers, a bad one found by any thread.
      for (const workers of [3, 2]) {
        const split = await run([path, ...argv], { workers, minPerWorker: 1, ...nowMs });
        expect({ name, workers, ...split }).toEqual({ name, workers, ...single });
      }
      codes.push(single.code);
    }
    // Good: v1, v2 with three checkpoints, witnessed, pretty-printed and receipts first (both parsed
    // whole, their signatures still verified on the workers).
    expect(codes.filter((c) => c === 0)).toHaveLength(5);
    expect(codes.filter((c) => c === 1)).toHaveLength(cases.length - 5);
  });
});
