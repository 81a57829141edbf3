#!/usr/bin/env node
// The `tai` CLI. Production (NODE_ENV=production) runs only the compiled JavaScript in dist/ (`npm run build`,
// which `npm install` also runs), so it needs neither tsx nor a writable cache. Elsewhere the TypeScript
// sources run through tsx's loader, so an edit needs no rebuild; TAI_COMPILED=1 runs dist/ there too, and
// so does an install without dev dependencies, where tsx is absent.
import { existsSync } from 'node:fs';

// `tai verify` loads only what verification needs (src/edges/cli/verify/cli.ts): a large bundle is
// checked in about the time the whole command tree takes to load.
const entry = process.argv[2] === 'verify' ? 'edges/cli/verify/cli' : 'edges/cli/main';
const compiled = new URL(`../dist/${entry}.js`, import.meta.url);

const loadCompiled = async () => {
  if (!existsSync(compiled)) {
    process.stderr.write(
      'tai: no compiled build in dist/ (production runs compiled JavaScript only): run npm run build\n',
    );
    process.exit(78); // EX_CONFIG
  }
  return import(compiled.href);
};

const loadSources = async () => {
  let register;
  try {
    ({ register } = await import('tsx/esm/api'));
  } catch (e) {
    if (e?.code === 'ERR_MODULE_NOT_FOUND') return loadCompiled();
    throw e;
  }
  register();
  return import(`../src/${entry}.ts`);
};

const useCompiled = process.env.NODE_ENV === 'production' || process.env.TAI_COMPILED === '1';
const { main } = await (useCompiled ? loadCompiled() : loadSources());
process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
