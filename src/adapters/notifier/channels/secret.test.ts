/** A Secret never prints its value; redaction removes it from what the far side says, as is and URL-encoded. */
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { Secret, excerpt, redact } from './secret.ts';

describe('Secret', () => {
  it('prints as [secret] in strings, JSON, inspection and errors; reveal() gives the value', () => {
    const s = new Secret('hunter2hunter2');
    expect(
      `${String(s)} ${JSON.stringify({ s })} ${inspect({ s })} ${new Error(`x ${String(s)}`).message}`,
    ).not.toContain('hunter2');
    expect(s.reveal()).toBe('hunter2hunter2');
  });

  it('redact removes each secret, also URL-encoded; excerpt flattens and caps', () => {
    const s = new Secret('p@ss w0rd');
    expect(redact('bad login p@ss w0rd / p%40ss%20w0rd', [s])).toBe('bad login [secret] / [secret]');
    expect(excerpt(`${'a'.repeat(300)}\n`, [])).toBe(`${'a'.repeat(200)}...`);
    expect(excerpt('  two\n  lines ', [])).toBe('two lines');
  });
});
