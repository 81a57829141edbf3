/** Customers, their keys and contracts: the tenancy model every capability is scoped by. */

/** eval: advisory only. pilot: contract, no insurance. prod: contract and live insurance. */
export const MODES = ['eval', 'pilot', 'prod'] as const;
export type Mode = (typeof MODES)[number];

export type Authority = 'advisory' | 'contractual';

/**
 * What a customer API key may do. Each customer route names one; a write scope implies reading what it
 * writes (SCOPE_IMPLIES), so a key that may deploy may also watch its deployments.
 */
export const SCOPES = [
  'account:read',
  'pricing:read',
  'marketplace:read',
  'marketplace:publish',
  'deploy:read',
  'deploy:write',
  'receipts:read',
  'webhooks:write',
  'usage:read',
] as const;
export type Scope = (typeof SCOPES)[number];

export const SCOPE_IMPLIES: Readonly<Partial<Record<Scope, readonly Scope[]>>> = {
  'marketplace:publish': ['marketplace:read'],
  'deploy:write': ['deploy:read'],
};

/** Whether keys holding `held` may act under `needed`. */
export const grants = (held: readonly Scope[], needed: Scope): boolean =>
  held.some((s) => s === needed || (SCOPE_IMPLIES[s]?.includes(needed) ?? false));

export interface Customer {
  readonly id: string;
  readonly name: string;
  readonly contactEmail: string;
  readonly mode: Mode;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface ApiKey {
  readonly id: string;
  readonly customerId: string;
  readonly scopes: readonly Scope[];
  readonly createdAt: string;
  readonly revokedAt: string | null;
  readonly lastUsedAt: string | null;
}

export interface ContractLimits {
  readonly maxActiveDeployments: number;
  readonly capacityUnits: number;
  readonly allowedTargets?: readonly string[];
}

/** The contract document as the operator records it; hashed canonically (RFC 8785) for the signature record. */
export interface ContractDocument {
  readonly reference: string;
  readonly startsOn: string; // YYYY-MM-DD, inclusive
  readonly endsOn: string; // YYYY-MM-DD, inclusive
  readonly currency: string;
  readonly monthlyFee: string; // decimal string
  readonly features: readonly string[];
  readonly limits: ContractLimits;
  readonly cancellationTerms: string;
}

export interface SignatureRecord {
  readonly signedBy: string;
  readonly signedAt: string;
  /** SHA-256 (hex) of the RFC 8785 canonical bytes of the ContractDocument. Added by the service. */
  readonly documentSha256: string;
}

export interface Contract {
  readonly id: string;
  readonly customerId: string;
  readonly document: ContractDocument;
  readonly signature: SignatureRecord;
  readonly recordedAt: string;
}

/** Whether a contract is in force on a calendar day (YYYY-MM-DD, UTC); both ends inclusive. */
export const contractActiveOn = (doc: Pick<ContractDocument, 'startsOn' | 'endsOn'>, day: string): boolean =>
  doc.startsOn <= day && day <= doc.endsOn;

export const utcDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
