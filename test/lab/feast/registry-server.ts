// SPDX-License-Identifier: Apache-2.0
/**
 * Feast's REST registry server (`feast serve_registry --rest-api --no-grpc`, FastAPI under
 * `/api/v1`, see REST.md) as a lab process per cluster, on 127.0.0.1 at the cluster's
 * `restPort`, over that cluster's registry in the lab S3. Process `feast-registry-<cluster>`,
 * log `.lab/logs/feast-registry-<cluster>.log`; `down` stops it by its recorded id. Where the
 * cluster has a `grpcPort` (lab-b), also Feast's gRPC registry server (`feast serve_registry`
 * without `--rest-api`: the `feast.registry.RegistryServer` service) over the same registry, process
 * `feast-grpc-registry-<cluster>` (Feast binds it on every interface; it only reads the registry).
 */
import { connect } from 'node:net';
import type { ClusterName } from '../control-plane.ts';
import { isRunning, readPid, startProcess, waitFor } from '../process.ts';
import { errorText, probe } from '../peers/http.ts';
import { feastCli, feastClusters, feastEnv, registryUri, repoDir } from './feast-repos.ts';

/** Process name of a cluster's registry server. */
export function registryProcess(cluster: ClusterName): string {
  return `feast-registry-${cluster}`;
}

/** Loopback base URL of a cluster's REST registry API (`…/api/v1`). */
export function registryApiUrl(cluster: ClusterName): string {
  return `http://127.0.0.1:${feastClusters[cluster].restPort}/api/v1`;
}

/** The project names the server lists, read past its cache (`allow_cache=false`). */
export async function servedProjects(cluster: ClusterName): Promise<string[]> {
  const res = await probe(`${registryApiUrl(cluster)}/projects?allow_cache=false`);
  const body = (await res.json()) as { projects?: { spec?: { name?: string } }[]; error?: string };
  if (!res.ok || body.error) throw new Error(`GET /projects: HTTP ${res.status} ${body.error ?? ''}`);
  return (body.projects ?? []).map((p) => p.spec?.name ?? '').sort();
}

/** Healthy when the process runs and the server lists every project of the cluster's registry. */
export async function registryServerHealth(cluster: ClusterName): Promise<{ name: string; ok: boolean; detail: string }> {
  const name = registryProcess(cluster);
  const rec = readPid(name);
  if (!rec) return { name, ok: false, detail: 'not started' };
  if (!isRunning(rec)) return { name, ok: false, detail: `pid ${rec.pid} is gone` };
  const want = [...feastClusters[cluster].projects].sort();
  try {
    const have = await servedProjects(cluster);
    const ok = want.every((p) => have.includes(p));
    return {
      name,
      ok,
      detail: `${registryApiUrl(cluster)} projects: ${have.join(', ') || '(none)'}${ok ? '' : ` (expected ${want.join(', ')})`}; registry ${registryUri(cluster)}`,
    };
  } catch (e) {
    return { name, ok: false, detail: `${registryApiUrl(cluster)}: ${errorText(e)}` };
  }
}

/** Starts the cluster's server unless it runs, then waits until it lists the cluster's projects. */
export async function startRegistryServer(cluster: ClusterName): Promise<void> {
  const name = registryProcess(cluster);
  const dir = repoDir(cluster, feastClusters[cluster].projects[0] ?? '');
  startProcess(
    name,
    feastCli(),
    ['-c', dir, 'serve_registry', '--rest-api', '--no-grpc', '--rest-port', String(feastClusters[cluster].restPort), '--host', '127.0.0.1'],
    { env: feastEnv(cluster), cwd: dir },
  );
  // imports take 10-30 s on a busy 2-core machine
  await waitFor(name, 'GET /api/v1/projects to list every project', async () => (await registryServerHealth(cluster)).ok, 180_000);
}

/** Process name of a cluster's gRPC registry server. */
export function grpcRegistryProcess(cluster: ClusterName): string {
  return `feast-grpc-registry-${cluster}`;
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port });
    s.setTimeout(2_000, () => {
      s.destroy();
      resolve(false);
    });
    s.once('connect', () => {
      s.end();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/** Healthy when the process runs and its gRPC port accepts connections (undefined for a cluster without one). */
export async function grpcServerHealth(cluster: ClusterName): Promise<{ name: string; ok: boolean; detail: string } | undefined> {
  const port = feastClusters[cluster].grpcPort;
  if (port === undefined) return undefined;
  const name = grpcRegistryProcess(cluster);
  const rec = readPid(name);
  if (!rec) return { name, ok: false, detail: 'not started' };
  if (!isRunning(rec)) return { name, ok: false, detail: `pid ${rec.pid} is gone` };
  const ok = await portOpen(port);
  return {
    name,
    ok,
    detail: `gRPC RegistryServer on 127.0.0.1:${port} ${ok ? 'accepts connections' : 'refuses connections'}; registry ${registryUri(cluster)}`,
  };
}

/** Starts the cluster's gRPC server (if it has a port) unless it runs, then waits until its port accepts connections. */
export async function startGrpcRegistryServer(cluster: ClusterName): Promise<void> {
  const port = feastClusters[cluster].grpcPort;
  if (port === undefined) return;
  const name = grpcRegistryProcess(cluster);
  const dir = repoDir(cluster, feastClusters[cluster].projects[0] ?? '');
  startProcess(name, feastCli(), ['-c', dir, 'serve_registry', '--port', String(port)], { env: feastEnv(cluster), cwd: dir });
  await waitFor(name, `gRPC port ${port} to accept connections`, async () => (await grpcServerHealth(cluster))?.ok === true, 180_000);
}
