import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeHtml, html, query } from './html.ts';

describe('html', () => {
  it('escapes every interpolated value, joins arrays, and keeps nested templates as markup', () => {
    const name = `<img src=x onerror="alert('1')">&`;
    // prettier-ignore
    const out = html`<td title="${name}">${name}</td>${[html`<b>${'<i>'}</b>`, 'a&b']}${null}${false}${3}`.text;
    expect(out).toBe(
      '<td title="&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt;&amp;">&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt;&amp;</td><b>&lt;i&gt;</b>a&amp;b3',
    );
  });

  it('never lets a markup character through, whatever the text (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 40 }),
        (text) => !/[<>"'`]/.test(escapeHtml(text).replace(/&[a-z0-9#]+;/g, '')),
      ),
      { numRuns: 100, seed: 15 },
    );
  });

  it('builds a query string from the given values only', () => {
    expect(query({ after: 3, type: '', customer: undefined, q: 'a&b' })).toBe('?after=3&q=a%26b');
    expect(query({})).toBe('');
  });
});
