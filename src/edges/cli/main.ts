/** The `tai` command: one subcommand per capability. */
import { configTableMarkdown } from '../../config/load.ts';
import { renderNotificationReference } from '../../domain/delivery/render-docs.ts';
import { renderErrorCatalog } from '../../domain/errors/render-markdown.ts';
import { runAudit } from './audit.ts';
import { runBackup } from './backup/backup.ts';
import { runRestore } from './backup/restore.ts';
import { runInsurerSim } from '../insurer-sim/cli.ts';
import type { CliIo } from './io.ts';
import { runVerify } from './verify/index.ts';
import { runSecrets } from './secrets.ts';
import { runServe } from './serve.ts';
import { runWitness } from './witness/serve.ts';

type Command = (argv: readonly string[], io: CliIo) => Promise<number>;

const docs: Command = (argv, io) => {
  const what = argv[0];
  if (what === 'errors') io.stdout.write(`${renderErrorCatalog()}\n`);
  else if (what === 'config') io.stdout.write(`${configTableMarkdown()}\n`);
  else if (what === 'notifications') io.stdout.write(`${renderNotificationReference()}\n`);
  else {
    io.stderr.write('usage: tai docs errors|config|notifications\n');
    return Promise.resolve(64);
  }
  return Promise.resolve(0);
};

const COMMANDS: Record<string, { run: Command; help: string }> = {
  serve: { run: runServe, help: 'run the HTTP service (what npm start runs)' },
  docs: { run: docs, help: 'print generated docs: errors (docs/errors.md), config (README table) or notifications' },
  audit: { run: runAudit, help: 'verify the audit chain, or prune events past retention behind a signed anchor' },
  verify: {
    run: runVerify,
    help: 'verify an exported receipt bundle offline: tai verify <bundle.json> [--previous-checkpoint file]',
  },
  secrets: {
    run: runSecrets,
    help: 'create the receipt keyring and audit secret production reads: tai secrets init DIR',
  },
  backup: { run: runBackup, help: 'take an online backup (--out DIR), or verify one offline: tai backup verify DIR' },
  restore: { run: runRestore, help: 'restore a backup into an empty store and verify it: tai restore DIR --to URL' },
  witness: { run: runWitness, help: 'run a C2SP tlog-witness: tai witness serve --key F --state D --log-keys F' },
  'insurer-sim': { run: runInsurerSim, help: 'run the insurer simulator: tai insurer-sim --port N [--api-key K]' },
};

const usage = (): string =>
  `usage: tai <command> [options]\n\n${Object.entries(COMMANDS)
    .map(([name, c]) => `  ${name.padEnd(14)} ${c.help}`)
    .join('\n')}\n`;

export const main = async (argv: readonly string[], io: CliIo): Promise<number> => {
  const [name, ...rest] = argv;
  const command = name === undefined ? undefined : COMMANDS[name];
  if (!command) {
    (name === undefined || name === '--help' || name === 'help' ? io.stdout : io.stderr).write(usage());
    return name === undefined || name === '--help' || name === 'help' ? 0 : 64;
  }
  return command.run(rest, io);
};
