/** Simulator control commands, shared by the /_sim HTTP API and the programmatic handle. */
import type { CertificateDocument } from '../../domain/insurance/certificate.ts';
import { isoOf } from '../../domain/shared/clock.ts';
import type { NewCertificateInput } from './documents.ts';
import { parseScenarioSpec, type ScenarioSpec } from './scenarios.ts';
import type { SimState } from './state.ts';

export interface SimRuntime {
  readonly state: SimState;
  /** Close the provider listener (connection refused) / open it again on the same port. */
  goDown(): Promise<void>;
  comeUp(): Promise<void>;
}

export type CommandResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly status: number; readonly message: string };

const bad = (message: string, status = 400): CommandResult<never> => ({ ok: false, status, message });
const good = <T>(value: T): CommandResult<T> => ({ ok: true, value });

const instantOr = (v: unknown, name: string): string | undefined | Error => {
  if (v === undefined) return undefined;
  const ms = typeof v === 'string' || typeof v === 'number' ? new Date(v).getTime() : Number.NaN;
  return Number.isNaN(ms) ? new Error(`${name} must be an ISO 8601 instant`) : isoOf(ms);
};

export interface CertificateSummary {
  readonly certificateId: string;
  readonly policyNumber: string;
  readonly insured: CertificateDocument['insured'];
  readonly effectiveFrom: string;
  readonly expiresAt: string;
  readonly status: CertificateDocument['status'];
}

export const summaryOf = (d: CertificateDocument): CertificateSummary => ({
  certificateId: d.certificateId,
  policyNumber: d.policyNumber,
  insured: d.insured,
  effectiveFrom: d.effectiveFrom,
  expiresAt: d.expiresAt,
  status: d.status,
});

const slug = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]+/g, '-');

/** A bare name, or {name, reference?}. */
const insuredOf = (raw: unknown): NewCertificateInput['insured'] | undefined => {
  if (typeof raw === 'string') return { name: raw, reference: slug(raw) };
  if (typeof raw !== 'object' || raw === null) return undefined;
  const { name, reference } = raw as Record<string, unknown>;
  if (typeof name !== 'string') return undefined;
  return { name, reference: typeof reference === 'string' && reference !== '' ? reference : slug(name) };
};

export const createCertificate = (rt: SimRuntime, body: unknown): CommandResult<CertificateSummary> => {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const insured = insuredOf(b['insured']);
  if (insured === undefined || insured.name === '') return bad('insured (a name, or {name, reference}) is required');
  const effectiveFrom = instantOr(b['effectiveFrom'], 'effectiveFrom');
  const expiresAt = instantOr(b['expiresAt'], 'expiresAt');
  if (effectiveFrom instanceof Error) return bad(effectiveFrom.message);
  if (expiresAt instanceof Error) return bad(expiresAt.message);
  const policyNumber = b['policyNumber'];
  if (policyNumber !== undefined && (typeof policyNumber !== 'string' || policyNumber === ''))
    return bad('policyNumber must be a string');
  const from = effectiveFrom ?? isoOf(rt.state.clock.now());
  if (expiresAt !== undefined && Date.parse(expiresAt) <= Date.parse(from))
    return bad('expiresAt must be after effectiveFrom');
  const input: NewCertificateInput = {
    insured,
    effectiveFrom: from,
    ...(expiresAt === undefined ? {} : { expiresAt }),
    ...(typeof policyNumber === 'string' ? { policyNumber } : {}),
  };
  return good(summaryOf(rt.state.createCertificate(input)));
};

export interface ScenarioSet {
  readonly scenario: ScenarioSpec['scenario'];
  readonly certificateId?: string;
  /** What the provider listener must do once the caller has its answer. */
  readonly listener?: 'down' | 'up';
}

export const setScenario = (rt: SimRuntime, body: unknown, certificateId?: string): CommandResult<ScenarioSet> => {
  const parsed = parseScenarioSpec(body);
  if (!parsed.ok) return bad(parsed.message);
  if (!rt.state.setScenario(parsed.spec, certificateId)) return bad('no such certificate', 404);
  const { scenario } = parsed.spec;
  if (certificateId !== undefined) return good({ scenario, certificateId });
  if (scenario === 'down') return good({ scenario, listener: 'down' });
  return good(scenario === 'healthy' ? { scenario, listener: 'up' } : { scenario });
};

export const applyListener = (rt: SimRuntime, set: ScenarioSet): Promise<void> =>
  set.listener === 'down' ? rt.goDown() : set.listener === 'up' ? rt.comeUp() : Promise.resolve();

export const setClock = (rt: SimRuntime, body: unknown): CommandResult<{ readonly now: string }> => {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const { advanceSeconds, now } = b;
  if (typeof advanceSeconds === 'number' && Number.isFinite(advanceSeconds) && advanceSeconds >= 0) {
    rt.state.clock.advance(Math.round(advanceSeconds * 1000));
  } else if (now !== undefined) {
    const at = instantOr(now, 'now');
    if (at === undefined || at instanceof Error) return bad('now must be an ISO 8601 instant');
    rt.state.clock.set(Date.parse(at));
  } else {
    return bad('send {advanceSeconds: n >= 0} or {now: instant}');
  }
  return good({ now: isoOf(rt.state.clock.now()) });
};

export const rotateKeys = async (
  rt: SimRuntime,
): Promise<{ readonly kid: string; readonly published: readonly string[] }> => {
  const kid = await rt.state.keys.rotate();
  return { kid, published: rt.state.keys.jwks().keys.map((k) => String(k.kid)) };
};
