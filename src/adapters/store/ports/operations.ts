/** Listings and deployments, with the per-customer capacity usage kept beside them, and the public catalog. */
import type { Deployment, DeploymentState, DeploymentUsage } from '../../../domain/deployment/types.ts';
import type { UsageDelta } from '../../../domain/effects/types.ts';
import type { Listing } from '../../../domain/listing/types.ts';
import type { Page, PageQuery } from './common.ts';

/** Public catalog entry: no private data. */
export interface CatalogEntry {
  readonly listingId: string;
  readonly seller: string;
  readonly segment: string;
  readonly pricingVersion: number;
  readonly pricing: unknown;
  readonly insured: boolean;
  readonly publishedAt: string;
}

export interface OperationsReads {
  listings(page: PageQuery): Promise<Page<Listing>>;
  deployments(page: PageQuery): Promise<Page<Deployment>>;
  deployment(id: string): Promise<Deployment | undefined>;
  /** How many deployments hold capacity and how much they hold, as the usage deltas have kept it. */
  activeDeploymentUsage(): Promise<DeploymentUsage>;
}

export interface OperationsWrites {
  insertListing(listing: Listing): Promise<void>;
  /** Stores a new deployment and adds `usage` to the customer's capacity usage. */
  insertDeployment(deployment: Deployment, usage: UsageDelta): Promise<void>;
  /** Moves a deployment from `from` and applies `usage`; false (and nothing changed) when it was no longer in `from`. */
  updateDeployment(deployment: Deployment, from: DeploymentState, usage: UsageDelta): Promise<boolean>;
}

export interface OperationsGlobalReads {
  /** Public listings of every customer, newest first. */
  catalog(page: PageQuery): Promise<Page<CatalogEntry>>;
  /** Every customer's deployments, newest first (the ops dashboard); `after` is the last id of the previous page. */
  deploymentsAcross(page: PageQuery): Promise<Page<Deployment>>;
  /** One deployment by id, whichever customer's it is (admin). */
  deploymentAcross(id: string): Promise<Deployment | undefined>;
}
