/**
 * The alert rules and the Alertmanager example, checked by Prometheus's own tools, plus what promtool
 * cannot see: the alerts the service promises exist, each with a severity, a runbook page that exists, and
 * unit tests that both fire it and leave it silent.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { METRICS } from '../../src/domain/metrics/catalog.ts';
import { run, toolAvailable } from './tools.ts';

const DIR = 'deploy/prometheus';
const REQUIRED = [
  'TaiCertificateExpiringSoon',
  'TaiCertificateExpired',
  'TaiPublishErrorRateHigh',
  'TaiDeployErrorRateHigh',
  'TaiSystemReadOnly',
  'TaiInsurerUnreachable',
  'TaiLatencyHigh',
  'TaiOutboxStuck',
  'TaiAuditWriteFailing',
  'TaiInstanceDown',
  'TaiBackupStale',
  'TaiWitnessLagging',
  'TaiNotificationChannelFailing',
];

interface Rule {
  alert: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
interface AlertTest {
  alertname: string;
  exp_alerts: unknown[];
}
const yamlFile = (path: string): any => parse(readFileSync(path, 'utf8'));
const rules = (): Rule[] => (yamlFile(`${DIR}/alerts.yml`).groups as { rules: Rule[] }[]).flatMap((g) => g.rules);
const alertTests = (): AlertTest[] =>
  (yamlFile(`${DIR}/alerts.test.yml`).tests as { alert_rule_test: AlertTest[] }[]).flatMap((t) => t.alert_rule_test);

describe('alert rules', () => {
  it('are the promised alerts, each with a severity and a runbook page that exists', () => {
    const all = rules();
    expect(all.map((r) => r.alert).sort()).toEqual([...REQUIRED].sort());
    for (const r of all) {
      expect(['page', 'warning', 'ticket'], r.alert).toContain(r.labels?.['severity']);
      expect(r.annotations?.['runbook'], r.alert).toBe(`docs/runbooks/${r.alert}.md`);
      expect(existsSync(`docs/runbooks/${r.alert}.md`), r.alert).toBe(true);
    }
  });

  it('have one runbook page each, and no page without an alert', () => {
    const pages = readdirSync('docs/runbooks').filter((f) => /^Tai[A-Za-z]+\.md$/.test(f));
    expect(pages.sort()).toEqual(REQUIRED.map((a) => `${a}.md`).sort());
  });

  it('each have a test that fires them and one that does not', () => {
    const tests = alertTests();
    for (const alert of REQUIRED) {
      const mine = tests.filter((t) => t.alertname === alert);
      expect(
        mine.some((t) => t.exp_alerts.length > 0),
        `${alert} fires`,
      ).toBe(true);
      expect(
        mine.some((t) => t.exp_alerts.length === 0),
        `${alert} stays silent`,
      ).toBe(true);
    }
  });

  it.runIf(toolAvailable('promtool'))('pass promtool check rules and promtool test rules', () => {
    const checked = run('promtool', ['check', 'rules', 'alerts.yml'], DIR);
    expect(checked.status, checked.output).toBe(0);
    const tested = run('promtool', ['test', 'rules', 'alerts.test.yml'], DIR);
    expect(tested.status, tested.output).toBe(0);
  });
});

/** Series names and the labels selected on them, as `tai_x{a="..."}` or bare `tai_x` in PromQL or a series string. */
const selectors = (text: string): { name: string; labels: string[] }[] =>
  [...text.matchAll(/\b(tai_[a-z0-9_]+)(\{[^}]*\})?/g)].map((m) => ({
    name: m[1] ?? '',
    labels: [...(m[2] ?? '').matchAll(/([a-z_]+)\s*(?:=~|!~|!=|=)/g)].map((l) => l[1] ?? ''),
  }));

const HISTOGRAM_PARTS = /_(bucket|sum|count)$/;
const catalogName = (series: string): string | undefined => {
  if (series in METRICS) return series;
  const base = series.replace(HISTOGRAM_PARTS, '');
  return base in METRICS && METRICS[base as keyof typeof METRICS].kind === 'histogram' ? base : undefined;
};
// Labels Prometheus adds (target labels) or histograms carry, not the service's own.
const ADDED = new Set(['job', 'instance', 'pod', 'le']);

describe('alert rules and the catalog', () => {
  it('read only series the service exports, with labels the catalog declares', () => {
    const exprs = rules().map((r) => (r as Rule & { expr: string }).expr);
    const tests = (yamlFile(`${DIR}/alerts.test.yml`).tests as { input_series: { series: string }[] }[]).flatMap((t) =>
      t.input_series.map((i) => i.series),
    );
    const used = [...exprs, ...tests].flatMap(selectors);
    expect(used.length).toBeGreaterThan(20);
    for (const { name, labels } of used) {
      const known = catalogName(name);
      expect(known, `${name} is not in src/domain/metrics/catalog.ts`).toBeDefined();
      const declared = new Set<string>(known === undefined ? [] : METRICS[known as keyof typeof METRICS].labels);
      for (const l of labels) if (!ADDED.has(l)) expect(declared.has(l), `${name} has no label ${l}`).toBe(true);
    }
  });
});

describe('alertmanager example', () => {
  it.runIf(toolAvailable('amtool'))('passes amtool check-config', () => {
    const checked = run('amtool', ['check-config', `${DIR}/alertmanager.yml`]);
    expect(checked.status, checked.output).toBe(0);
  });

  it('routes each severity somewhere: page to PagerDuty, warning to Slack, ticket to email', () => {
    const am = yamlFile(`${DIR}/alertmanager.yml`);
    const receivers = new Map<string, Record<string, unknown>>(
      (am.receivers as { name: string }[]).map((r) => [r.name, r as Record<string, unknown>]),
    );
    const routes = am.route.routes as { matchers: string[]; receiver: string }[];
    const kindsFor = (severity: string) =>
      routes
        .filter((r) => r.matchers.includes(`severity="${severity}"`))
        .flatMap((r) => Object.keys(receivers.get(r.receiver) ?? {}).filter((k) => k.endsWith('_configs')));
    expect(kindsFor('page')).toContain('pagerduty_configs');
    expect(kindsFor('warning')).toContain('slack_configs');
    expect(kindsFor('warning')).toContain('email_configs');
    expect(kindsFor('ticket')).toContain('email_configs');
  });
});
