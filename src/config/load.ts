/** Parses the configuration once at start-up from the environment and an optional JSON file (TAI_CONFIG_FILE). */
import { readFileSync } from 'node:fs';
import { ConfigError, REQUIRED_IN_PRODUCTION, SETTINGS, type Config, type Profile } from './schema.ts';

type Env = Readonly<Record<string, string | undefined>>;

const readFile = (path: string): Record<string, unknown> => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new ConfigError([`TAI_CONFIG_FILE (${path}): ${e instanceof Error ? e.message : String(e)}`]);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError([`TAI_CONFIG_FILE (${path}): must contain a JSON object`]);
  }
  return parsed as Record<string, unknown>;
};

const fileValue = (v: unknown): string | undefined => {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
};

/** Environment wins over the file; the file's keys are the Config keys (camelCase). */
export const loadConfig = (env: Env = process.env): Config => {
  const file = env['TAI_CONFIG_FILE'] ? readFile(env['TAI_CONFIG_FILE']) : {};
  const known = new Set<string>(SETTINGS.map((s) => s.key));
  const problems: string[] = [];
  for (const k of Object.keys(file)) if (!known.has(k)) problems.push(`TAI_CONFIG_FILE: unknown key "${k}"`);

  const profile: Profile = env['NODE_ENV'] === 'production' ? 'production' : 'development';
  const out: Record<string, unknown> = {};
  for (const s of SETTINGS) {
    const fromFile = file[s.key];
    const raw = env[s.env] ?? fileValue(fromFile);
    if (raw === undefined || raw === '') {
      out[s.key] = s.fallback(profile);
      continue;
    }
    try {
      out[s.key] = s.parse(raw);
    } catch (e) {
      // Name the variable; never echo a secret's value.
      const why = e instanceof Error ? e.message : String(e);
      problems.push(`${s.env}: ${why}${s.secret ? '' : ` (got "${raw}")`}`);
    }
  }
  out['profile'] = profile;
  if (profile === 'production') {
    for (const key of REQUIRED_IN_PRODUCTION) {
      if (out[key] === undefined) {
        const s = SETTINGS.find((x) => x.key === key);
        problems.push(`${s?.env ?? key}: required when NODE_ENV=production`);
      }
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return out as unknown as Config;
};

/** The configuration table for README, generated from the schema. */
export const configTableMarkdown = (): string => {
  const rows = SETTINGS.map(
    (s) =>
      `| \`${s.env}\` | ${s.defaultText.replaceAll('|', '\\|')} | ${s.description.replaceAll('|', '\\|')}${s.secret ? ' (secret: never logged)' : ''} |`,
  );
  return ['| Variable | Default | Meaning |', '| --- | --- | --- |', ...rows].join('\n');
};
