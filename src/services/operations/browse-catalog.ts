/** The public catalog: every customer's public listings, newest first. Public: no credentials needed. */
import type { CatalogEntry, Page, PageQuery } from '../../adapters/store/interface.ts';
import type { VerbArgs } from '../context.ts';

export const browseCatalog = ({ ctx, input }: VerbArgs<PageQuery>): Promise<Page<CatalogEntry>> =>
  ctx.store.read((r) => r.catalog(input));
