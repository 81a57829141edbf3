import { describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { runInsurerSim, type InsurerSimIo } from './cli.ts';

const sink = (lines: string[]): InsurerSimIo['stdout'] => {
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(
        ...chunk
          .toString('utf8')
          .split('\n')
          .filter((l) => l !== ''),
      );
      done();
    },
  });
  return stream;
};

const io = (stop?: (out: string[]) => Promise<void>) => {
  const out: string[] = [];
  const errs: string[] = [];
  const cliIo: InsurerSimIo = {
    stdout: sink(out),
    stderr: sink(errs),
    untilStopped: () => (stop ? stop(out) : Promise.resolve()),
  };
  return { out, errs, io: cliIo };
};

describe('tai insurer-sim', () => {
  it('prints a loud banner with the URL, serves until stopped, and hides a custom key', async () => {
    let jwksStatus = 0;
    const t = io(async (out) => {
      const url = /Provider API: (http:\/\/\S+)/.exec(out.join('\n'))?.[1];
      jwksStatus = (await fetch(`${url}/.well-known/jwks.json`)).status;
    });
    const code = await runInsurerSim(['--port', '0', '--api-key', 'sk_custom_secret', '--seed=3'], t.io);
    expect(code).toBe(0);
    expect(jwksStatus).toBe(200);
    const text = t.out.join('\n');
    expect(text).toContain('SIMULATED INSURER');
    expect(text).toMatch(/Provider API: http:\/\/127\.0\.0\.1:\d+/);
    expect(text).not.toContain('sk_custom_secret');
    expect(t.out.at(-1)).toBe('insurer-sim: stopped');
  });

  it.each([[['--port', 'abc']], [['--bogus']], [['--api-key']]])(
    'rejects bad arguments %j with exit code 64 (EX_USAGE)',
    async (argv) => {
      const t = io();
      expect(await runInsurerSim(argv, t.io)).toBe(64);
      expect(t.errs.join('\n')).toContain('usage: tai insurer-sim');
    },
  );

  it('prints usage for --help', async () => {
    const t = io();
    expect(await runInsurerSim(['--help'], t.io)).toBe(0);
    expect(t.out.join('\n')).toContain('SIMULATED');
  });
});
