/**
 * Every `tai` command, enumerated from the parser's own table (a new command is covered without editing
 * this file): `--help` and `-h` print its help and exit 0 without running it, an unknown option is exit 64,
 * and neither touches the data dir. In-process through `main`, plus one real `bin/tai.mjs` for the codes.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { commandPaths } from '../../src/edges/cli/command.ts';
import { EXIT } from '../../src/edges/cli/exit-codes.ts';
import { main, TAI } from '../../src/edges/cli/main.ts';
import { isFree, portBelowEphemeralRange } from '../support/ports.ts';

const run = async (argv: string[]): Promise<{ code: number; out: string; err: string }> => {
  const out = new PassThrough();
  const err = new PassThrough();
  const code = await main(argv, { stdout: out, stderr: err });
  return { code, out: String(out.read() ?? ''), err: String(err.read() ?? '') };
};

const PATHS = commandPaths(TAI);

describe('tai --help on every command', () => {
  let work = '';
  let dataDir = '';
  let port = 0;
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'tai-help-'));
    dataDir = join(work, 'data');
    port = await portBelowEphemeralRange();
    // Were any command to run, it would use this data dir and these ports.
    vi.stubEnv('TAI_DATA_DIR', dataDir);
    vi.stubEnv('PORT', String(port));
    vi.stubEnv('HOST', '127.0.0.1');
    vi.stubEnv('TAI_SIM_PORT', '0');
  });
  afterAll(() => {
    vi.unstubAllEnvs();
    rmSync(work, { recursive: true, force: true });
  });

  it('the table has every command, nested ones too', () => {
    const names = PATHS.map((p) => p.join(' '));
    for (const expected of ['serve', 'audit prune', 'audit verify', 'keys init', 'backup verify', 'witness serve'])
      expect(names).toContain(expected);
  });

  it.each(PATHS.map((p) => [p.join(' '), p]))('tai %s --help and -h print help and run nothing', async (_, path) => {
    for (const flag of ['--help', '-h']) {
      const r = await run([...path, flag]);
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      expect(r.out.startsWith(`usage: tai ${path.join(' ')}`)).toBe(true);
      expect(r.out).toContain('-h, --help');
    }
    // Help wins wherever it stands, even beside options the command would act on.
    expect((await run([...path, '--older-than-days', '1', '--help'])).code).toBe(0);
    expect((await run(['help', ...path])).out.startsWith(`usage: tai ${path.join(' ')}`)).toBe(true);
    expect(existsSync(dataDir)).toBe(false);
    expect(await isFree(port)).toBe(true);
  });

  it.each(PATHS.map((p) => [p.join(' '), p]))(
    'tai %s with an unknown option is exit 64 and runs nothing',
    async (_, path) => {
      const r = await run([...path, '--no-such-option']);
      expect(r.code).toBe(64);
      expect(r.out).toBe('');
      expect(r.err).toMatch(new RegExp(`^tai ${path.join(' ')}: `));
      expect(r.err).toMatch(/no-such-option/);
      expect(existsSync(dataDir)).toBe(false);
    },
  );

  it('refuses unknown commands, stray arguments, repeated options and bad values with exit 64', async () => {
    for (const argv of [
      ['frobnicate'],
      ['audit'],
      ['audit', 'check'],
      ['serve', 'now'],
      ['audit', 'prune', '--older-than-days', '0'],
      ['audit', 'prune', '--older-than-days=soon'],
      ['audit', 'prune', '--older-than-days'],
      ['audit', 'prune', '--older-than-days', '3', '--older-than-days', '4'],
      ['verify', 'a.json', 'b.json'],
      ['verify', 'a.json', '--json=yes'],
      ['verify', 'a.json', '--keys', '--json'],
      ['keys', 'init', '--receipt-keys='],
      ['restore', 'dir'],
    ]) {
      const r = await run(argv);
      expect(r.code, argv.join(' ')).toBe(64);
      expect(r.err, argv.join(' ')).toMatch(/^tai /);
    }
    expect((await run(['audit', 'prune', '--older-than-days', '3', '--older-than-days', '4'])).err).toContain(
      '--older-than-days is given twice',
    );
    expect(existsSync(dataDir)).toBe(false);
  });

  it('tai, tai help and tai --help list every command; --version prints package.json', async () => {
    const top = await run([]);
    expect(top.code).toBe(0);
    for (const name of Object.keys(TAI.subcommands ?? {})) expect(top.out).toContain(`  ${name} `);
    expect((await run(['--help'])).out).toBe(top.out);
    expect((await run(['help'])).out).toBe(top.out);
    const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    expect(await run(['--version'])).toEqual({ code: 0, out: `tai ${version}\n`, err: '' });
  });

  it('bin/tai.mjs: help exits 0 and creates nothing, an unknown option exits 64', () => {
    const env = { ...process.env, TAI_DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', TAI_SIM_PORT: '0' };
    const help = spawnSync(process.execPath, ['bin/tai.mjs', 'audit', 'prune', '--help'], { env, encoding: 'utf8' });
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout).toContain('usage: tai audit prune');
    const bad = spawnSync(process.execPath, ['bin/tai.mjs', 'serve', '--prot', '8080'], { env, encoding: 'utf8' });
    expect(bad.status).toBe(64);
    expect(bad.stderr).toContain("tai serve: Unknown option '--prot'");
    expect(existsSync(dataDir)).toBe(false);
  });
});

describe('exit codes', () => {
  it("README's table lists every code of exit-codes.ts, and no other", () => {
    const readme = readFileSync('README.md', 'utf8');
    const start = readme.indexOf('### Exit codes');
    const table = readme.slice(start, readme.indexOf('\n## ', start));
    const rows = [...table.matchAll(/^\| (\d+) +\|/gm)].map((m) => Number(m[1]));
    expect(rows).toEqual([...new Set(Object.values(EXIT))].sort((a, b) => a - b));
  });
});
