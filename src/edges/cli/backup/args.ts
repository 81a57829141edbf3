/** A small argument parser for the backup commands: `--flag value` or `--flag=value`, switches, positionals. */
interface ParsedArgs {
  readonly positional: readonly string[];
  readonly values: ReadonlyMap<string, string>;
  readonly switches: ReadonlySet<string>;
}

export const parseArgs = (
  argv: readonly string[],
  valued: readonly string[],
  switches: readonly string[] = [],
): ParsedArgs | string => {
  const positional: string[] = [];
  const values = new Map<string, string>();
  const on = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    if (switches.includes(flag)) on.add(flag);
    else if (valued.includes(flag)) {
      const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined || value === '') return `${flag} needs a value`;
      values.set(flag, value);
    } else if (flag.startsWith('-')) return `unknown option ${flag}`;
    else positional.push(arg);
  }
  return { positional, values, switches: on };
};

/** `--workers`: a positive integer, or undefined when not given. */
export const workersOf = (args: ParsedArgs): number | undefined | string => {
  const raw = args.values.get('--workers');
  if (raw === undefined) return undefined;
  const n = Number(raw);
  return Number.isInteger(n) && n >= 1 ? n : '--workers takes a positive integer';
};
