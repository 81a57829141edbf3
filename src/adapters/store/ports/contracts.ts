/** Contracts and pricing versions: immutable documents, one current contract, numbered pricing versions. */
import type { Contract } from '../../../domain/customer/types.ts';

export interface PricingVersionRow {
  readonly customerId: string;
  readonly version: number;
  readonly effectiveFrom: string;
  readonly document: unknown;
  readonly createdAt: string;
  readonly frozenAt: string | null;
}

export interface ContractReads {
  currentContract(): Promise<Contract | undefined>;
  pricingVersions(): Promise<readonly PricingVersionRow[]>;
  /** Version numbers and effective dates only: cheap, for choosing the version in force. */
  pricingVersionIndex(): Promise<readonly { readonly version: number; readonly effectiveFrom: string }[]>;
  pricingVersion(version: number): Promise<PricingVersionRow | undefined>;
}

export interface ContractWrites {
  insertContract(contract: Contract): Promise<void>;
  /** Stores the next immutable pricing version and returns its number (1, 2, ...). */
  insertPricingVersion(effectiveFrom: string, document: unknown, at: string): Promise<number>;
  /** Sets frozen_at once; a frozen version can never change again (the database enforces it). */
  freezePricingVersion(version: number, at: string): Promise<void>;
}
