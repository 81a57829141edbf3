/**
 * Deployments executing right now in this process, with the AbortController that stops each. When a
 * customer stops being writable (certificate expired, revoked, read-only), its running deployments are
 * aborted so none is committed as contractual without live insurance.
 */
export class RunningDeployments {
  readonly #byCustomer = new Map<string, Map<string, AbortController>>();

  start(customerId: string, deploymentId: string): AbortSignal {
    const controller = new AbortController();
    let mine = this.#byCustomer.get(customerId);
    if (!mine) {
      mine = new Map();
      this.#byCustomer.set(customerId, mine);
    }
    mine.set(deploymentId, controller);
    return controller.signal;
  }

  finish(customerId: string, deploymentId: string): void {
    const mine = this.#byCustomer.get(customerId);
    mine?.delete(deploymentId);
    if (mine?.size === 0) this.#byCustomer.delete(customerId);
  }

  abortCustomer(customerId: string, reason: string): number {
    const mine = this.#byCustomer.get(customerId);
    if (!mine) return 0;
    for (const c of mine.values()) c.abort(reason);
    return mine.size;
  }

  abortAll(reason: string): void {
    for (const id of this.#byCustomer.keys()) this.abortCustomer(id, reason);
  }

  /** Settles when every running deployment has finished (shutdown, tests). */
  get count(): number {
    let n = 0;
    for (const m of this.#byCustomer.values()) n += m.size;
    return n;
  }
}
