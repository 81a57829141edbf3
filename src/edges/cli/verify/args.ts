/** The arguments of `tai verify`, parsed strictly: unknown options and repeated single-valued ones are usage errors. */
import { parseDuration } from '../../../config/schema.ts';

export const USAGE =
  'usage: tai verify <bundle.json> [--previous-checkpoint <file>] [--keys <jwks.json>] [--origin <origin>]\n' +
  '                  [--witness <vkey>]... [--min <n>] [--max-age <duration>] [--workers <n>] [--json]\n';

interface VerifyArgs {
  bundle: string;
  previous?: string;
  keys?: string;
  origin?: string;
  witnesses: string[];
  min?: number;
  maxAgeMs?: number;
  workers?: number;
  json: boolean;
}

const VALUED = ['--previous-checkpoint', '--keys', '--workers', '--origin', '--witness', '--min', '--max-age'];

const positiveInt = (flag: string, v: string): number | string => {
  const n = Number(v);
  return Number.isInteger(n) && n >= 1 && /^\d+$/.test(v) ? n : `${flag} takes a positive integer`;
};

export const parseVerifyArgs = (argv: readonly string[]): VerifyArgs | string => {
  const positional: string[] = [];
  const flags = new Map<string, string>();
  const witnesses: string[] = [];
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    if (flag === '--json') json = true;
    else if (VALUED.includes(flag)) {
      const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined || value === '') return `${flag} needs a value`;
      if (flag === '--witness') witnesses.push(value);
      else if (flags.has(flag)) return `${flag} is given twice`;
      else flags.set(flag, value);
    } else if (flag.startsWith('-')) return `unknown option ${flag}`;
    else positional.push(arg);
  }
  const [bundle, ...more] = positional;
  if (bundle === undefined || more.length > 0) return 'give exactly one bundle file';
  const args: VerifyArgs = { bundle, json, witnesses };
  const get = (f: string): string | undefined => flags.get(f);
  const previous = get('--previous-checkpoint');
  const keys = get('--keys');
  const origin = get('--origin');
  if (previous !== undefined) args.previous = previous;
  if (keys !== undefined) args.keys = keys;
  if (origin !== undefined) args.origin = origin;
  for (const [flag, set] of [
    ['--workers', (n: number) => (args.workers = n)],
    ['--min', (n: number) => (args.min = n)],
  ] as const) {
    const v = get(flag);
    if (v === undefined) continue;
    const n = positiveInt(flag, v);
    if (typeof n === 'string') return n;
    set(n);
  }
  const maxAge = get('--max-age');
  if (maxAge !== undefined) {
    try {
      args.maxAgeMs = parseDuration(maxAge);
    } catch {
      return '--max-age takes a duration like 90s, 15m, 1h or 7d';
    }
  }
  if ((args.min !== undefined || args.maxAgeMs !== undefined) && witnesses.length === 0)
    return '--min and --max-age need at least one --witness';
  if (args.min !== undefined && args.min > witnesses.length)
    return `--min ${args.min} is more than the ${witnesses.length} witnesses given`;
  return args;
};
