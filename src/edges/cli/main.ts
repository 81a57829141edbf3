/**
 * The `tai` command: one subcommand per capability, each a spec in COMMANDS parsed by command.ts. A new
 * command is a new entry; `--help` on it and its exit codes come from that one parser.
 */
import { readFileSync } from 'node:fs';
import { configTableMarkdown } from '../../config/load.ts';
import { renderNotificationReference } from '../../domain/delivery/render-docs.ts';
import { renderErrorCatalog } from '../../domain/errors/render-markdown.ts';
import { insurerSimCommand } from '../insurer-sim/cli.ts';
import { auditCommand } from './audit.ts';
import { backupCommand } from './backup/backup.ts';
import { restoreCommand } from './backup/restore.ts';
import { revenueCommand } from './revenue/index.ts';
import { defineCommand, helpText, runCommand, type CommandSpec } from './command.ts';
import { EXIT } from './exit-codes.ts';
import { reportFailure } from './failure.ts';
import type { CliIo } from './io.ts';
import { keysCommand, secretsCommand } from './keys.ts';
import { serveCommand } from './serve.ts';
import { verifyCommand } from './verify/index.ts';
import { witnessCommand } from './witness/serve.ts';

const printing = (summary: string, render: () => string): CommandSpec =>
  defineCommand({
    summary,
    run: (_args, io) => {
      io.stdout.write(`${render()}\n`);
      return Promise.resolve(EXIT.ok);
    },
  });

const docsCommand = defineCommand({
  summary: 'Print generated docs.',
  subcommands: {
    errors: printing('The error catalog (docs/errors.md).', renderErrorCatalog),
    config: printing("The configuration table (README's).", configTableMarkdown),
    notifications: printing('The notification reference (docs/notifications.md).', renderNotificationReference),
  },
});

const COMMANDS: Readonly<Record<string, CommandSpec>> = {
  serve: serveCommand,
  docs: docsCommand,
  audit: auditCommand,
  verify: verifyCommand(),
  keys: keysCommand,
  secrets: secretsCommand,
  backup: backupCommand,
  restore: restoreCommand,
  witness: witnessCommand,
  'insurer-sim': insurerSimCommand(),
  revenue: revenueCommand,
};

/** The whole command tree (tests walk it: every command answers --help without running). */
export const TAI: CommandSpec = defineCommand({
  summary: 'TAI Autonomics: the pricing engine service and its maintenance commands.',
  subcommands: COMMANDS,
  notes: '--version prints the version. Exit codes: README, "Exit codes".',
});

const version = (): string =>
  (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export const main = async (argv: readonly string[], io: CliIo): Promise<number> => {
  const [first, ...rest] = argv;
  if (first === '--version' || first === '-V') {
    io.stdout.write(`tai ${version()}\n`);
    return EXIT.ok;
  }
  if (first === undefined || first === 'help') {
    // `tai help audit prune` is `tai audit prune --help`.
    return rest.length === 0 ? (io.stdout.write(helpText([], TAI)), EXIT.ok) : main([...rest, '--help'], io);
  }
  try {
    return await runCommand(TAI, [], argv, io);
  } catch (e) {
    return reportFailure(`tai ${first}`, e, io);
  }
};
