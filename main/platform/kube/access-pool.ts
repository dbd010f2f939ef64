// SPDX-License-Identifier: Apache-2.0
/**
 * One connection per cluster to an in-cluster service (MLflow, KFP…): made on first use,
 * shared by every call, dropped when it failed to be made or when the service was not
 * reached through it (the next call makes a new one).
 */

/** How connections are made and let go of. */
export interface AccessMaker<A> {
  make(clusterId: string): Promise<A>;
  /** Lets go of what the connection holds (its port-forward). */
  release(clusterId: string, access: A): void;
}

/** The connections of one feature, by cluster. */
export class AccessPool<A> {
  private readonly access = new Map<string, Promise<A>>();

  constructor(private readonly maker: AccessMaker<A>) {}

  /** The cluster's connection, made if there is none; a failed making is not kept. */
  get(clusterId: string): Promise<A> {
    const existing = this.access.get(clusterId);
    if (existing) return existing;
    const made = this.maker.make(clusterId);
    this.access.set(clusterId, made);
    made.catch(() => {
      if (this.access.get(clusterId) === made) this.access.delete(clusterId);
    });
    return made;
  }

  /** Whether a connection is kept (or being made) for the cluster. */
  has(clusterId: string): boolean {
    return this.access.has(clusterId);
  }

  /**
   * Drops a cluster's connection so the next call connects afresh; with `release`, also lets
   * go of what it holds (the service was not reached through it).
   */
  forget(clusterId: string, release = true): void {
    const a = this.access.get(clusterId);
    this.access.delete(clusterId);
    if (!release) return;
    void a?.then(
      (x) => this.maker.release(clusterId, x),
      () => undefined,
    );
  }

  /** Drops every connection, releasing each. */
  clear(): void {
    for (const id of [...this.access.keys()]) this.forget(id);
  }
}
