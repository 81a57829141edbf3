/** Every route file has its tests by intent beside the others: <route file>.happy, .error and .security. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';

const ROUTES = join(import.meta.dirname, '../../src/edges/http/routes');

it('has a happy, an error and a security test file for every route file', () => {
  const routeFiles = readdirSync(ROUTES).filter((f) =>
    /\bapp\.(get|post|put|delete|patch)\(/.test(readFileSync(join(ROUTES, f), 'utf8')),
  );
  expect(routeFiles.length).toBeGreaterThan(5);
  const missing = routeFiles.flatMap((f) =>
    ['happy', 'error', 'security']
      .map((intent) => `${f.replace(/\.ts$/, '')}.${intent}.test.ts`)
      .filter((t) => !existsSync(join(import.meta.dirname, t))),
  );
  expect(missing).toEqual([]);
});
