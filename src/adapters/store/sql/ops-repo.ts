/** Reads the ops dashboard needs across customers, over SqlConn. */
import type { Deployment } from '../../../domain/deployment/types.ts';
import type { Page, PageQuery } from '../interface.ts';
import type { SqlConn } from './conn.ts';
import { toDeployment, type DeploymentRow } from './operations-repo.ts';
import { pageOf } from './page.ts';

/** Newest first by id (time-sortable), served by the primary key. Parameters: ([after,] limit). */
const deploymentsAcrossSql = (after: boolean): string =>
  `SELECT * FROM deployments${after ? ' WHERE id < ?' : ''} ORDER BY id DESC LIMIT ?`;

export const opsReads = (db: SqlConn) => ({
  async deploymentsAcross(page: PageQuery): Promise<Page<Deployment>> {
    const rows = await db.all<DeploymentRow>(
      deploymentsAcrossSql(Boolean(page.after)),
      page.after ? [page.after, page.limit + 1] : [page.limit + 1],
    );
    return pageOf(rows, page, toDeployment, (d) => d.id);
  },
  async deploymentAcross(id: string): Promise<Deployment | undefined> {
    const r = await db.get<DeploymentRow>('SELECT * FROM deployments WHERE id = ?', [id]);
    return r && toDeployment(r);
  },
});
