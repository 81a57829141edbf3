/**
 * The one argument parser of every `tai` command (node:util parseArgs, strict). A command is data: its
 * options, positionals and subcommands. Before anything runs, `--help`/`-h` anywhere before `--` prints the
 * command's help and exits 0; an unknown option, a missing or malformed value, an option given twice or a
 * wrong number of positionals is a usage error on stderr, exit 64. A command's `run` sees only parsed,
 * checked arguments.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { CliIo } from './io.ts';
import { EXIT } from './exit-codes.ts';

interface BaseOption {
  readonly help: string;
  /** The value's placeholder in the help, e.g. `<dir>`. */
  readonly value?: string;
  readonly required?: boolean;
}
export type OptionSpec =
  | (BaseOption & { readonly type: 'string'; readonly multiple?: boolean })
  | (BaseOption & { readonly type: 'boolean' })
  | (BaseOption & { readonly type: 'integer'; readonly min: number; readonly max: number });

/** Parsed, checked arguments: values by option name (without the dashes) and the positionals. */
export interface Args<K extends string = string> {
  readonly positionals: readonly string[];
  string(name: K): string | undefined;
  list(name: K): readonly string[];
  flag(name: K): boolean;
  integer(name: K): number | undefined;
}

export interface CommandSpec<K extends string = string> {
  readonly summary: string;
  /** The positionals in the usage line, e.g. `<bundle.json>`. */
  readonly args?: string;
  /** How many positionals it takes: [min, max]; default none. */
  readonly positionals?: readonly [number, number];
  readonly options?: Readonly<Record<K, OptionSpec>>;
  /** Help text after the options (exit codes, examples). */
  readonly notes?: string;
  /** Another name for a subcommand, kept for scripts that use it. */
  readonly aliasOf?: string;
  readonly run?: (args: Args<K>, io: CliIo) => Promise<number>;
  readonly subcommands?: Readonly<Record<string, CommandSpec>>;
}

/** Keeps each command's option names checked against its own `run`. */
export const defineCommand = <const K extends string = never>(spec: CommandSpec<K>): CommandSpec => spec;

const HELP: OptionSpec = { type: 'boolean', help: 'print this help and exit' };

const optionEntries = (spec: CommandSpec): [string, OptionSpec][] => Object.entries(spec.options ?? {});

const optionLabel = (name: string, o: OptionSpec): string =>
  `--${name}${o.type === 'boolean' ? '' : ` ${o.value ?? (o.type === 'integer' ? '<n>' : '<value>')}`}`;

const usageLine = (path: readonly string[], spec: CommandSpec): string => {
  const required = optionEntries(spec)
    .filter(([, o]) => o.required === true)
    .map(([n, o]) => optionLabel(n, o));
  const optional = optionEntries(spec).some(([, o]) => o.required !== true);
  return [
    'tai',
    ...path,
    ...(spec.subcommands !== undefined && spec.run === undefined ? ['<command>'] : []),
    ...(spec.args === undefined ? [] : [spec.args]),
    ...required,
    ...(optional ? ['[options]'] : []),
  ].join(' ');
};

const firstSentence = (text: string): string => /^.*?\.(?=\s|$)/.exec(text)?.[0] ?? text;

export const helpText = (path: readonly string[], spec: CommandSpec): string => {
  const lines = [`usage: ${usageLine(path, spec)}`];
  const subs = Object.entries(spec.subcommands ?? {});
  if (spec.run !== undefined && subs.length > 0) {
    for (const [name, sub] of subs) lines.push(`       ${usageLine([...path, name], sub)}`);
  }
  lines.push('', spec.summary);
  if (subs.length > 0) {
    lines.push('', 'commands:');
    for (const [name, sub] of subs) {
      const alias = sub.aliasOf === undefined ? '' : ` (same as tai ${sub.aliasOf})`;
      lines.push(`  ${name.padEnd(20)} ${firstSentence(sub.summary)}${alias}`);
    }
  }
  const options = [...optionEntries(spec), ['help', HELP] as [string, OptionSpec]];
  const labels = options.map(([name, o]) => `${name === 'help' ? '-h, ' : ''}${optionLabel(name, o)}`);
  const width = Math.max(...labels.map((l) => l.length)) + 2;
  lines.push('', 'options:');
  options.forEach(([, o], i) => {
    const extra =
      o.type === 'string' && o.multiple === true ? ' (repeatable)' : o.required === true ? ' (required)' : '';
    lines.push(`  ${(labels[i] ?? '').padEnd(width)}${o.help}${extra}`);
  });
  if (subs.length > 0) lines.push('', `Run "tai ${[...path, '<command>'].join(' ')} --help" for a command's options.`);
  if (spec.notes !== undefined) lines.push('', spec.notes);
  return `${lines.join('\n')}\n`;
};

/** Every command path in the tree, parents before children (the CLI tests walk it). */
export const commandPaths = (spec: CommandSpec, path: readonly string[] = []): string[][] => [
  ...(path.length === 0 ? [] : [[...path]]),
  ...Object.entries(spec.subcommands ?? {}).flatMap(([name, sub]) => commandPaths(sub, [...path, name])),
];

const wantsHelp = (argv: readonly string[]): boolean => {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).some((a) => a === '--help' || a === '-h');
};

/** Parses argv against the spec; a string is the usage problem. */
const parse = (spec: CommandSpec, argv: readonly string[]): Args | string => {
  const entries = optionEntries(spec);
  const config: ParseArgsConfig = {
    args: [...argv],
    strict: true,
    allowPositionals: true,
    tokens: true,
    options: Object.fromEntries(
      entries.map(([name, o]) => [
        name,
        o.type === 'boolean'
          ? { type: 'boolean' }
          : { type: 'string', multiple: o.type === 'string' && o.multiple === true },
      ]),
    ),
  };
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs(config);
  } catch (e) {
    return e instanceof Error ? e.message.replace(/\. To specify .*$/s, '') : String(e);
  }
  const values = parsed.values;
  const seen = new Set<string>();
  for (const t of parsed.tokens ?? []) {
    if (t.kind !== 'option') continue;
    const o = spec.options?.[t.name];
    if (o?.type !== 'string' || o.multiple !== true) {
      if (seen.has(t.name)) return `--${t.name} is given twice`;
      seen.add(t.name);
    }
    if (o !== undefined && o.type !== 'boolean' && t.value === '') return `--${t.name} needs a value`;
  }
  const integers = new Map<string, number>();
  for (const [name, o] of entries) {
    const v = values[name];
    if (v === undefined) {
      if (o.required === true) return `--${name} is required`;
      continue;
    }
    if (o.type === 'integer') {
      const n = Number(v);
      if (typeof v !== 'string' || !/^\d+$/.test(v) || n < o.min || n > o.max)
        return `--${name} takes an integer from ${o.min} to ${o.max} (got "${String(v)}")`;
      integers.set(name, n);
    }
  }
  const [min, max] = spec.positionals ?? [0, 0];
  const positionals = parsed.positionals;
  if (positionals.length < min || positionals.length > max) {
    const extra = positionals[max];
    if (positionals.length > max && extra !== undefined) return `unexpected argument "${extra}"`;
    return `give ${spec.args ?? 'the arguments'}`;
  }
  return {
    positionals,
    string: (name) => (typeof values[name] === 'string' ? values[name] : undefined),
    list: (name) => {
      const v = values[name];
      return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
    },
    flag: (name) => values[name] === true,
    integer: (name) => integers.get(name),
  };
};

/**
 * Runs the command at `path` (already chosen) with its remaining arguments: a subcommand when the first
 * argument names one, else help, or a usage error, or the command itself.
 */
export const runCommand = async (
  spec: CommandSpec,
  path: readonly string[],
  argv: readonly string[],
  io: CliIo,
): Promise<number> => {
  const [first, ...rest] = argv;
  const sub = first === undefined ? undefined : spec.subcommands?.[first];
  if (sub !== undefined && first !== undefined) return runCommand(sub, [...path, first], rest, io);
  if (wantsHelp(argv)) {
    io.stdout.write(helpText(path, spec));
    return EXIT.ok;
  }
  const name = `tai ${path.join(' ')}`;
  if (spec.run === undefined) {
    const why = first === undefined ? 'give a command' : `unknown command "${first}"`;
    io.stderr.write(`${name}: ${why}\n${helpText(path, spec)}`);
    return EXIT.usage;
  }
  const args = parse(spec, argv);
  if (typeof args === 'string') {
    io.stderr.write(`${name}: ${args}\nusage: ${usageLine(path, spec)}   (tai ${path.join(' ')} --help)\n`);
    return EXIT.usage;
  }
  return spec.run(args, io);
};
