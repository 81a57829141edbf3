/** The options of `tai verify` (parsed by the CLI's one parser, command.ts) and the checks between them. */
import { parseDuration } from '../../../config/schema.ts';
import type { Args, OptionSpec } from '../command.ts';

export const VERIFY_OPTIONS = {
  'previous-checkpoint': {
    type: 'string',
    value: '<file>',
    help: 'an older checkpoint (GET /v1/ledger/checkpoint) the log must have grown from',
  },
  keys: {
    type: 'string',
    value: '<jwks.json>',
    help: 'trust only these receipt keys (GET /.well-known/tai-receipt-keys.json)',
  },
  origin: { type: 'string', value: '<origin>', help: 'the log origin the checkpoint must name' },
  witness: { type: 'string', multiple: true, value: '<vkey>', help: 'a witness key whose cosignature counts' },
  min: { type: 'integer', min: 1, max: 1024, help: 'cosignatures required (default 1; needs --witness)' },
  'max-age': { type: 'string', value: '<duration>', help: 'the newest cosignature may be at most this old, e.g. 1h' },
  workers: {
    type: 'integer',
    min: 1,
    max: 1024,
    help: 'threads checking signatures, the main one included (default: all cores)',
  },
  json: { type: 'boolean', help: 'print the verdict as JSON on stdout' },
} as const satisfies Record<string, OptionSpec>;

type VerifyOption = keyof typeof VERIFY_OPTIONS;

interface VerifyArgs {
  bundle: string;
  previous?: string;
  keys?: string;
  origin?: string;
  witnesses: readonly string[];
  min?: number;
  maxAgeMs?: number;
  workers?: number;
  json: boolean;
}

/** The arguments as `run-verify.ts` uses them, or the usage problem. */
export const verifyArgs = (a: Args<VerifyOption>): VerifyArgs | string => {
  const args: VerifyArgs = { bundle: a.positionals[0] ?? '', json: a.flag('json'), witnesses: a.list('witness') };
  const previous = a.string('previous-checkpoint');
  const keys = a.string('keys');
  const origin = a.string('origin');
  const min = a.integer('min');
  const workers = a.integer('workers');
  if (previous !== undefined) args.previous = previous;
  if (keys !== undefined) args.keys = keys;
  if (origin !== undefined) args.origin = origin;
  if (min !== undefined) args.min = min;
  if (workers !== undefined) args.workers = workers;
  const maxAge = a.string('max-age');
  if (maxAge !== undefined) {
    try {
      args.maxAgeMs = parseDuration(maxAge);
    } catch {
      return '--max-age takes a duration like 90s, 15m, 1h or 7d';
    }
  }
  if ((args.min !== undefined || args.maxAgeMs !== undefined) && args.witnesses.length === 0)
    return '--min and --max-age need at least one --witness';
  if (args.min !== undefined && args.min > args.witnesses.length)
    return `--min ${args.min} is more than the ${args.witnesses.length} witnesses given`;
  return args;
};
