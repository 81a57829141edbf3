/** Generated docs must match the code they are generated from. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configTableMarkdown } from '../../src/config/load.ts';
import { renderErrorCatalog } from '../../src/domain/errors/render-markdown.ts';

describe('generated docs', () => {
  it('docs/errors.md is the rendered error catalog (run `npm run docs:errors` after changing the catalog)', () => {
    expect(readFileSync('docs/errors.md', 'utf8')).toBe(`${renderErrorCatalog()}\n`);
  });

  it("README's configuration table is the rendered config schema (`node bin/tai.mjs docs config`)", () => {
    expect(readFileSync('README.md', 'utf8')).toContain(configTableMarkdown());
  });
});
