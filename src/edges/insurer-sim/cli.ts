/** `tai insurer-sim --port N [--api-key K]`: runs the simulator in the foreground until SIGINT/SIGTERM. */
import { defineCommand, runCommand, type Args } from '../cli/command.ts';
import { listenFailure, reportFailure } from '../cli/failure.ts';
import type { CliIo } from '../cli/io.ts';
import { DEFAULT_SIM_API_KEY, startInsurerSimulator, type InsurerSimulatorOptions } from './index.ts';

export interface InsurerSimIo extends CliIo {
  /** Resolves when the simulator should stop; default: the first SIGINT or SIGTERM. */
  readonly untilStopped?: () => Promise<void>;
}

const untilSignal = (): Promise<void> =>
  new Promise((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });

export const bannerLines = (url: string, controlUrl: string, customKey: boolean): string[] => [
  '#'.repeat(72),
  '#  SIMULATED INSURER: NOT A REAL INSURANCE PROVIDER',
  '#  Certificates it issues carry no cover. Never use it in production.',
  '#'.repeat(72),
  `Provider API: ${url}  (Authorization: Bearer ${customKey ? '<the key given with --api-key>' : DEFAULT_SIM_API_KEY})`,
  `JWKS:         ${url}/.well-known/jwks.json`,
  `Control API:  ${controlUrl}/_sim  (also on the provider URL while it is up)`,
];

type SimOption = 'port' | 'host' | 'api-key' | 'control-port' | 'seed' | 'issuance-delay-seconds';

const toOptions = (args: Args<SimOption>): InsurerSimulatorOptions => {
  const pick = <T>(key: string, v: T | undefined): Record<string, T> => (v === undefined ? {} : { [key]: v });
  const delay = args.integer('issuance-delay-seconds');
  return {
    port: args.integer('port') ?? 8787,
    ...pick('controlPort', args.integer('control-port')),
    ...pick('seed', args.integer('seed')),
    ...pick('issuanceDelayMs', delay === undefined ? undefined : delay * 1000),
    ...pick('host', args.string('host')),
    ...pick('apiKey', args.string('api-key')),
  };
};

const run = async (args: Args<SimOption>, io: CliIo, untilStopped: () => Promise<void>): Promise<number> => {
  const out = (line: string): void => void io.stdout.write(`${line}\n`);
  const options = toOptions(args);
  let sim;
  try {
    sim = await startInsurerSimulator(options);
  } catch (e) {
    return reportFailure(
      'tai insurer-sim',
      e,
      io,
      listenFailure(e, 'the insurer simulator', '--port or --control-port') ?? undefined,
    );
  }
  for (const line of bannerLines(sim.url, sim.controlUrl, options.apiKey !== undefined)) out(line);
  await untilStopped();
  await sim.close();
  out('insurer-sim: stopped');
  return 0;
};

const PORT_HELP = { type: 'integer', min: 0, max: 65535 } as const;

/** The command; `untilStopped` resolves when it should stop (default: the first SIGINT or SIGTERM). */
export const insurerSimCommand = (untilStopped: () => Promise<void> = untilSignal) =>
  defineCommand({
    summary: 'Run a SIMULATED insurance provider for development, in the foreground. Never point production at it.',
    options: {
      port: { ...PORT_HELP, help: 'provider API port (default 8787; 0: any free port)' },
      host: { type: 'string', value: '<h>', help: 'interface to listen on (default 127.0.0.1)' },
      'api-key': { type: 'string', value: '<k>', help: 'the API key it accepts (default: the development key)' },
      'control-port': { ...PORT_HELP, help: 'control API port (default: any free port)' },
      seed: { type: 'integer', min: 0, max: 2 ** 32 - 1, help: 'seed of its randomness' },
      'issuance-delay-seconds': { type: 'integer', min: 0, max: 86_400, help: 'how long issuing a certificate takes' },
    },
    notes: 'exit: 0 stopped, 64 usage, 75 a port is in use',
    run: (args, io) => run(args, io, untilStopped),
  });

export const runInsurerSim = (argv: readonly string[], io: InsurerSimIo): Promise<number> =>
  runCommand(insurerSimCommand(io.untilStopped), ['insurer-sim'], argv, io);
