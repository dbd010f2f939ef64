// SPDX-License-Identifier: Apache-2.0
/**
 * One simulated cluster's control plane: etcd, kube-apiserver, kube-controller-manager and
 * kube-scheduler, all real, built from the pinned Kubernetes and etcd modules.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { join } from 'node:path';
import { bin, stateDir } from './paths.ts';
import { clusterPorts, type ClusterPorts } from './ports.ts';
import { ensurePki, labUsers, type ClusterPki } from './pki.ts';
import { startProcess, waitFor } from './process.ts';
import { startOidcIssuer, writeAuthenticationConfig } from './peers/oidc-issuer.ts';

/** The two lab clusters. */
export const clusterNames = ['lab-a', 'lab-b'] as const;
/** One of {@link clusterNames}. */
export type ClusterName = (typeof clusterNames)[number];

/** Everything known about one lab cluster. */
export interface LabCluster {
  name: ClusterName;
  dir: string;
  ports: ClusterPorts;
  pki: ClusterPki;
  server: string;
  /** A kubeconfig for this cluster alone, admin token, used by the lab's own processes. */
  adminKubeconfig: string;
}

/** Returns (and prepares the files of) a lab cluster. */
export function labCluster(name: ClusterName): LabCluster {
  const dir = join(stateDir, name);
  const ports = clusterPorts[name];
  const pki = ensurePki(join(dir, 'pki'));
  const server = `https://127.0.0.1:${ports.apiserver}`;
  const adminKubeconfig = join(dir, 'admin.kubeconfig');
  writeFileSync(
    adminKubeconfig,
    [
      'apiVersion: v1',
      'kind: Config',
      `clusters: [{name: ${name}, cluster: {server: "${server}", certificate-authority: "${pki.caCrt}"}}]`,
      `users: [{name: admin, user: {token: ${labUsers.admin.token}}}]`,
      `contexts: [{name: ${name}, context: {cluster: ${name}, user: admin}}]`,
      `current-context: ${name}`,
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  return { name, dir, ports, pki, server, adminKubeconfig };
}

/** GET on the cluster's API server with the admin token; resolves to status and body. */
export function apiGet(c: LabCluster, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${c.server}${path}`,
      {
        ca: readFileSync(c.pki.caCrt),
        headers: { Authorization: `Bearer ${labUsers.admin.token}` },
        agent: new Agent({ keepAlive: false }),
        timeout: 3000,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

/** Starts etcd for the cluster and waits for its health endpoint. */
export async function startEtcd(c: LabCluster): Promise<void> {
  const name = `${c.name}-etcd`;
  const data = join(c.dir, 'etcd');
  mkdirSync(data, { recursive: true });
  const client = `http://127.0.0.1:${c.ports.etcdClient}`;
  const peer = `http://127.0.0.1:${c.ports.etcdPeer}`;
  startProcess(name, bin('etcd'), [
    `--name=${c.name}`,
    `--data-dir=${data}`,
    `--listen-client-urls=${client}`,
    `--advertise-client-urls=${client}`,
    `--listen-peer-urls=${peer}`,
    `--initial-advertise-peer-urls=${peer}`,
    `--initial-cluster=${c.name}=${peer}`,
    '--listen-metrics-urls=',
    '--unsafe-no-fsync',
    '--max-request-bytes=10485760',
    '--quota-backend-bytes=8589934592',
    '--log-level=warn',
  ]);
  await waitFor(name, 'etcd health', async () => {
    const res = await fetch(`${client}/health`, { signal: AbortSignal.timeout(2000) });
    return res.ok;
  });
}

/**
 * Starts kube-apiserver and waits for /readyz. lab-a also trusts the lab's OIDC issuer (a structured
 * authentication config), which is started first so the API server finds its discovery document.
 */
export async function startApiserver(c: LabCluster): Promise<void> {
  const name = `${c.name}-apiserver`;
  const p = c.pki;
  const oidc: string[] = [];
  if (c.name === 'lab-a') {
    await startOidcIssuer(c);
    oidc.push(`--authentication-config=${writeAuthenticationConfig(c)}`);
  }
  startProcess(name, bin('kube-apiserver'), [
    ...oidc,
    `--etcd-servers=http://127.0.0.1:${c.ports.etcdClient}`,
    '--bind-address=127.0.0.1',
    `--secure-port=${c.ports.apiserver}`,
    '--advertise-address=127.0.0.1',
    '--endpoint-reconciler-type=none',
    `--tls-cert-file=${p.apiserverCrt}`,
    `--tls-private-key-file=${p.apiserverKey}`,
    `--client-ca-file=${p.caCrt}`,
    `--token-auth-file=${p.tokens}`,
    '--authorization-mode=Node,RBAC',
    '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
    `--service-account-key-file=${p.saPub}`,
    `--service-account-signing-key-file=${p.saKey}`,
    '--service-cluster-ip-range=10.96.0.0/16',
    '--kubelet-preferred-address-types=InternalIP',
    '--allow-privileged=true',
    `--cert-dir=${join(c.dir, 'apiserver-certs')}`,
    '--event-ttl=24h',
    '--v=1',
  ]);
  await waitFor(name, '/readyz', async () => (await apiGet(c, '/readyz')).status === 200, 120_000);
}

/** Starts kube-controller-manager and kube-scheduler and waits for their /healthz. */
export async function startControllers(c: LabCluster): Promise<void> {
  const kcm = `${c.name}-controller-manager`;
  const sched = `${c.name}-scheduler`;
  startProcess(kcm, bin('kube-controller-manager'), [
    `--kubeconfig=${c.adminKubeconfig}`,
    '--leader-elect=false',
    '--bind-address=127.0.0.1',
    `--secure-port=${c.ports.controllerManager}`,
    `--service-account-private-key-file=${c.pki.saKey}`,
    `--root-ca-file=${c.pki.caCrt}`,
    '--use-service-account-credentials=false',
    '--authorization-always-allow-paths=/healthz,/readyz,/livez,/metrics',
    `--cert-dir=${join(c.dir, 'kcm-certs')}`,
    '--v=1',
  ]);
  startProcess(sched, bin('kube-scheduler'), [
    `--kubeconfig=${c.adminKubeconfig}`,
    `--authentication-kubeconfig=${c.adminKubeconfig}`,
    `--authorization-kubeconfig=${c.adminKubeconfig}`,
    '--leader-elect=false',
    '--bind-address=127.0.0.1',
    `--secure-port=${c.ports.scheduler}`,
    `--cert-dir=${join(c.dir, 'scheduler-certs')}`,
    '--authorization-always-allow-paths=/healthz,/readyz,/livez,/metrics',
    '--v=1',
  ]);
  for (const [name, port] of [
    [kcm, c.ports.controllerManager],
    [sched, c.ports.scheduler],
  ] as const) {
    await waitFor(name, '/healthz', () => insecureHealthz(port), 60_000);
  }
}

/** GET https://127.0.0.1:port/healthz with a self-signed certificate. */
export function insecureHealthz(port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const req = request(`https://127.0.0.1:${port}/healthz`, { rejectUnauthorized: false, timeout: 2000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode === 200));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}
