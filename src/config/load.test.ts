import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configTableMarkdown, loadConfig } from './load.ts';
import { ConfigError, SETTINGS } from './schema.ts';

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return [...e.problems];
    throw e;
  }
  return [];
};

describe('configuration', () => {
  it('has development defaults that need nothing set', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      profile: 'development',
      port: 8080,
      dataDir: './data',
      dbUrl: undefined,
      certCheckIntervalMs: 6 * 3_600_000,
      graceMs: 7 * 86_400_000,
      recoveryPolicy: 'manual',
      recoveryGoodChecks: 2,
      maxMode: 'prod',
      logLevel: 'info',
    });
  });

  it('refuses to start production without admin token, database and insurer, naming each variable', () => {
    const problems = problemsOf({ NODE_ENV: 'production' });
    expect(problems).toEqual([
      'TAI_ADMIN_TOKEN: required when NODE_ENV=production',
      'TAI_DB_URL: required when NODE_ENV=production',
      'TAI_INSURER_URL: required when NODE_ENV=production',
      'TAI_RECEIPT_KEY_PATH: required when NODE_ENV=production',
      'TAI_AUDIT_SECRET_PATH: required when NODE_ENV=production',
    ]);
    expect(
      loadConfig({
        NODE_ENV: 'production',
        TAI_ADMIN_TOKEN: 'a'.repeat(32),
        TAI_DB_URL: 'postgres://db/tai',
        TAI_INSURER_URL: 'https://insurer.example',
        TAI_RECEIPT_KEY_PATH: '/etc/tai/receipt-keys.json',
        TAI_AUDIT_SECRET_PATH: '/etc/tai/audit-secret',
      }).profile,
    ).toBe('production');
  });

  it('names the variable at fault and never echoes a secret', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      TAI_CERT_CHECK_INTERVAL: '6 hours',
      TAI_ADMIN_TOKEN: 'short-secret',
      TAI_RECOVERY_POLICY: 'yolo',
    });
    expect(problems.map((p) => p.split(':')[0])).toEqual([
      'PORT',
      'TAI_ADMIN_TOKEN',
      'TAI_CERT_CHECK_INTERVAL',
      'TAI_RECOVERY_POLICY',
    ]);
    expect(problems.join('\n')).not.toContain('short-secret');
    expect(problems.join('\n')).toContain('"eighty"');
  });

  it('parses durations and reads an optional JSON file that the environment overrides', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tai-config-'));
    const file = join(dir, 'tai.json');
    writeFileSync(file, JSON.stringify({ certCheckIntervalMs: '90m', graceMs: '2d', port: 9000, logLevel: 'warn' }));
    const c = loadConfig({ TAI_CONFIG_FILE: file, PORT: '9100' });
    expect([c.certCheckIntervalMs, c.graceMs, c.port, c.logLevel]).toEqual([90 * 60_000, 2 * 86_400_000, 9100, 'warn']);
    writeFileSync(file, JSON.stringify({ prot: 1 }));
    expect(problemsOf({ TAI_CONFIG_FILE: file })).toEqual(['TAI_CONFIG_FILE: unknown key "prot"']);
    writeFileSync(file, '{');
    expect(problemsOf({ TAI_CONFIG_FILE: file })[0]).toMatch(/^TAI_CONFIG_FILE/);
  });

  it('documents every setting in the generated table', () => {
    const table = configTableMarkdown();
    for (const s of SETTINGS) expect(table).toContain(`\`${s.env}\``);
  });
});
