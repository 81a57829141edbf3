/** `tai insurer-sim --port N [--api-key K]`: runs the simulator in the foreground until SIGINT/SIGTERM. */
import type { CliIo } from '../cli/io.ts';
import { DEFAULT_SIM_API_KEY, startInsurerSimulator, type InsurerSimulatorOptions } from './index.ts';

export interface InsurerSimIo extends CliIo {
  /** Resolves when the simulator should stop; default: the first SIGINT or SIGTERM. */
  readonly untilStopped?: () => Promise<void>;
}

const USAGE = `usage: tai insurer-sim [--port N] [--host H] [--api-key K] [--control-port N] [--seed N] [--issuance-delay-seconds N]
  Runs a SIMULATED insurance provider for development. Never point production at it.`;

const FLAGS = {
  '--port': 'port',
  '--host': 'host',
  '--api-key': 'apiKey',
  '--control-port': 'controlPort',
  '--seed': 'seed',
  '--issuance-delay-seconds': 'issuanceDelaySeconds',
} as const;
type Flag = keyof typeof FLAGS;
type Parsed = Partial<Record<(typeof FLAGS)[Flag], string>>;

const parseArgs = (argv: readonly string[]): Parsed | string => {
  const parsed: Parsed = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const eq = arg.indexOf('=');
    const flag = eq === -1 ? arg : arg.slice(0, eq);
    if (!(flag in FLAGS)) return `unknown argument ${flag}`;
    const value = eq === -1 ? argv[++i] : arg.slice(eq + 1);
    if (value === undefined || value === '') return `${flag} needs a value`;
    parsed[FLAGS[flag as Flag]] = value;
  }
  return parsed;
};

const int = (value: string | undefined, name: string, min: number, max: number): number | undefined | string => {
  if (value === undefined) return undefined;
  const n = Number(value);
  return Number.isInteger(n) && n >= min && n <= max ? n : `${name} must be an integer in [${min}, ${max}]`;
};

const toOptions = (p: Parsed): InsurerSimulatorOptions | string => {
  const port = int(p.port ?? '8787', '--port', 0, 65535);
  const controlPort = int(p.controlPort, '--control-port', 0, 65535);
  const seed = int(p.seed, '--seed', 0, 2 ** 32 - 1);
  const delay = int(p.issuanceDelaySeconds, '--issuance-delay-seconds', 0, 86_400);
  for (const v of [port, controlPort, seed, delay]) if (typeof v === 'string') return v;
  const pick = <T>(key: string, v: T | undefined): Record<string, T> => (v === undefined ? {} : { [key]: v });
  return {
    ...pick('port', port as number | undefined),
    ...pick('controlPort', controlPort as number | undefined),
    ...pick('seed', seed as number | undefined),
    ...pick('issuanceDelayMs', typeof delay === 'number' ? delay * 1000 : undefined),
    ...pick('host', p.host),
    ...pick('apiKey', p.apiKey),
  };
};

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

export const runInsurerSim = async (argv: readonly string[], io: InsurerSimIo): Promise<number> => {
  const out = (line: string): void => void io.stdout.write(`${line}\n`);
  if (argv.includes('--help') || argv.includes('-h')) {
    out(USAGE);
    return 0;
  }
  const parsed = parseArgs(argv);
  const options = typeof parsed === 'string' ? parsed : toOptions(parsed);
  if (typeof options === 'string') {
    io.stderr.write(`insurer-sim: ${options}\n${USAGE}\n`);
    return 64; // EX_USAGE
  }
  let sim;
  try {
    sim = await startInsurerSimulator(options);
  } catch (e) {
    io.stderr.write(`insurer-sim: cannot start: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  for (const line of bannerLines(sim.url, sim.controlUrl, options.apiKey !== undefined)) out(line);
  await (io.untilStopped ?? untilSignal)();
  await sim.close();
  out('insurer-sim: stopped');
  return 0;
};
