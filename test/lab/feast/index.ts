// SPDX-License-Identifier: Apache-2.0
/**
 * The lab's Feast (issue #16 item 5): per cluster, the seeded feature repositories applied with
 * the real `feast apply` into a registry in the lab S3 (`feast-repos.ts`), Feast's REST registry
 * server over it as a lab process (`registry-server.ts`), and the in-cluster Service and KWOK
 * pod that lead to it through a port-forward (`in-cluster.ts`); on lab-b also Feast's gRPC registry
 * server over the same registry, behind its own Service on the same pod. REST.md records the API.
 */
import type { LabCluster } from '../control-plane.ts';
import { Kube } from '../controllers/kube.ts';
import { labUsers } from '../pki.ts';
import { ensureEnv } from '../peers/python-envs.ts';
import * as s3 from '../peers/s3.ts';
import { registryUri, seedRegistry } from './feast-repos.ts';
import { applyFeastInCluster, feastInCluster, feastPodPhase } from './in-cluster.ts';
import { grpcServerHealth, registryServerHealth, startGrpcRegistryServer, startRegistryServer } from './registry-server.ts';

function kubeOf(c: LabCluster): Kube {
  return new Kube({ name: c.name, server: c.server, caFile: c.pki.caCrt, token: labUsers.admin.token });
}

function log(msg: string): void {
  process.stderr.write(`[feast] ${msg}\n`);
}

/**
 * Builds the `feast` environment if needed, then per cluster: applies the repositories when
 * their sources changed, starts (or reuses) the registry server, applies the in-cluster objects.
 * Needs the S3 peer and the clusters running.
 */
export async function startFeast(clusters: LabCluster[]): Promise<void> {
  await ensureEnv('feast');
  await s3.start();
  const t = Date.now();
  const applied: string[] = [];
  for (const c of clusters) if (await seedRegistry(c.name)) applied.push(c.name);
  // the servers start side by side: most of their start-up is Python imports
  await Promise.all([...clusters.map((c) => startRegistryServer(c.name)), ...clusters.map((c) => startGrpcRegistryServer(c.name))]);
  for (const c of clusters) {
    const kube = kubeOf(c);
    try {
      await applyFeastInCluster(kube, c.name);
    } finally {
      kube.close();
    }
  }
  const where = clusters.map((c) => registryUri(c.name)).join(', ');
  log(`${applied.length ? `applied ${applied.join(', ')}` : 'registries current'} (${where}); servers up in ${((Date.now() - t) / 1000).toFixed(1)} s`);
}

/** One status line per cluster: the server's projects and the in-cluster pod's phase; one per gRPC server. */
export async function feastHealth(clusters: LabCluster[]): Promise<{ name: string; ok: boolean; detail: string }[]> {
  const grpc = (await Promise.all(clusters.map((c) => grpcServerHealth(c.name)))).filter((h) => h !== undefined);
  const rest = await Promise.all(
    clusters.map(async (c) => {
      const h = await registryServerHealth(c.name);
      const kube = kubeOf(c);
      try {
        const phase = await feastPodPhase(kube);
        const where = `${feastInCluster.namespace}/${feastInCluster.pod} ${phase}`;
        return { ...h, ok: h.ok && phase === 'Running', detail: `${h.detail}; ${where}` };
      } catch (e) {
        return { ...h, ok: false, detail: `${h.detail}; ${e instanceof Error ? e.message : String(e)}` };
      } finally {
        kube.close();
      }
    }),
  );
  return [...rest, ...grpc];
}
