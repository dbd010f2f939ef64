// SPDX-License-Identifier: Apache-2.0
/**
 * Test-only: what the sync engine's integration tests run on: the real ClusterRegistry on the
 * lab's kubeconfig and a SQLite cache, both in a data directory of their own.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { labInfo } from '../../../../test/harness/lab';
import type { CacheDb } from '../../cache/cache-db';
import { openCache } from '../../cache/sqlite-cache';
import { ClusterRegistry } from '../../kube/cluster-registry';
import { FileExecApprovals } from '../../kube/exec-approvals';
import { ExecCredentialRunner } from '../../kube/exec-credential';

/** The registry and cache, and how to remove them. */
export interface LabSync {
  dataDir: string;
  registry: ClusterRegistry;
  cache: CacheDb;
  dispose(): void;
}

/** Opens them in a new temporary directory named with `prefix`. */
export async function openLabSync(prefix: string): Promise<LabSync> {
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  const execRunner = new ExecCredentialRunner({ approvals: new FileExecApprovals(join(dataDir, 'exec-approvals.json')) });
  const registry = new ClusterRegistry({ dataDir, execRunner, env: { KUBECONFIG: labInfo().kubeconfig }, home: dataDir });
  await registry.reload();
  const cache = await openCache({ file: join(dataDir, 'cache.sqlite') });
  return {
    dataDir,
    registry,
    cache,
    dispose: () => {
      registry.dispose();
      cache.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
