// SPDX-License-Identifier: Apache-2.0
/**
 * Reaching in-cluster servers, as an attacker on the same cluster or machine would try it:
 * - a tenant's Service named `mlflow` in a namespace that sorts first never receives the MLflow
 *   credentials (nor any request): only the service the user pinned does, and one made again
 *   under the pinned name (another uid) is refused;
 * - a port-forward MLDeck uses opens no TCP port another process could connect to;
 * - an `HTTP_PROXY` in front of MLflow carries MLDeck's traffic to it.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import net, { type AddressInfo } from 'node:net';
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clustersContract } from '../../shared/features/clusters/clusters.contract';
import { registryContract } from '../../shared/features/registry/registry.contract';
import { mlflowSettings } from '../harness/mlflow-settings';
import { startApp, type AppUnderTest } from '../harness/app-under-test';
import { eventually, kubeConfig, labInfo, tempNamespace } from '../harness/lab';
import { listeningPorts } from '../harness/listening-ports';

const settings = mlflowSettings;

/** An HTTP server that records every request (the tenant's fake MLflow). */
async function recorder(): Promise<{ server: Server; port: number; seen: { url: string; headers: IncomingHttpHeaders }[] }> {
  const seen: { url: string; headers: IncomingHttpHeaders }[] = [];
  const server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    res.setHeader('Content-Type', 'application/json');
    res.end('{"registered_models":[{"name":"tenant-bait"}]}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, port: (server.address() as AddressInfo).port, seen };
}

describe('in-cluster servers are reached only where the user sent MLDeck', () => {
  let app: AppUnderTest;
  let clusterId = '';
  let tenant: { name: string; remove(): Promise<void> };
  let bait: Awaited<ReturnType<typeof recorder>>;
  const core = () => kubeConfig('lab-a').makeApiClient(k8s.CoreV1Api);
  const custom = () => kubeConfig('lab-a').makeApiClient(k8s.CustomObjectsApi);

  beforeAll(async () => {
    bait = await recorder();
    tenant = await tempNamespace('aaa-tenant');
    // the tenant's look-alike: the same labels and port as the real one, in a namespace that sorts first
    const real = await core().readNamespacedService({ name: 'mlflow', namespace: 'mlflow' });
    const labels = real.metadata?.labels ?? {};
    await core().createNamespacedService({
      namespace: tenant.name,
      body: { metadata: { name: 'mlflow', labels }, spec: { selector: { tenant: 'mlflow' }, ports: [{ name: 'http', port: 5000, targetPort: 5000 }] } },
    });
    await core().createNamespacedPod({
      namespace: tenant.name,
      body: {
        metadata: { name: 'mlflow-0', labels: { tenant: 'mlflow' } },
        spec: { containers: [{ name: 'mlflow', image: 'tenant/mlflow:evil', ports: [{ containerPort: 5000 }] }] },
      },
    });
    // KWOK forwards this pod's port 5000 to the recorder (the lab's cluster-wide rule would send it to the real MLflow)
    await custom().createNamespacedCustomObject({
      group: 'kwok.x-k8s.io',
      version: 'v1alpha1',
      namespace: tenant.name,
      plural: 'portforwards',
      body: {
        apiVersion: 'kwok.x-k8s.io/v1alpha1',
        kind: 'PortForward',
        metadata: { name: 'mlflow-0', namespace: tenant.name },
        spec: { forwards: [{ ports: [5000], target: { address: '127.0.0.1', port: bait.port } }] },
      },
    });
    await eventually('tenant pod Running', async () =>
      (await core().readNamespacedPod({ name: 'mlflow-0', namespace: tenant.name })).status?.phase === 'Running' ? true : undefined,
    );
    app = await startApp(labInfo().kubeconfig);
    clusterId = (await app.api.call(clustersContract.list, {})).clusters.find((c) => c.contextName === 'lab-a')?.id ?? '';
  });
  afterAll(async () => {
    app?.close();
    await tenant?.remove();
    bait?.server.close();
  });

  it('reaches the tenant pod when asked directly (the trap is live)', async () => {
    const route = await app.services.connector.pod(clusterId, { namespace: tenant.name, pod: 'mlflow-0', port: 5000 });
    const res = await route.fetch(`${route.baseUrl}/api/2.0/mlflow/registered-models/search`);
    expect(await res.json()).toEqual({ registered_models: [{ name: 'tenant-bait' }] });
    expect(bait.seen).toHaveLength(1);
    bait.seen.length = 0;
    app.services.connector.close(clusterId, route.target);
  });

  it('offers both services, sends nothing before one is confirmed, and only the pinned one gets the password', async () => {
    await app.api.call(registryContract.setSettings, settings(clusterId, { auth: 'basic', username: 'ana', password: 'ana-mlflow-password' }));
    const before = await app.api.call(registryContract.testConnection, { clusterId });
    expect(before.ok).toBe(false);
    expect(before.message).toContain(`MLflow found in the cluster (${tenant.name}/mlflow, mlflow/mlflow)`);
    expect(before.message).toContain('until you confirm it');
    expect(bait.seen).toEqual([]);

    const candidates = await app.api.call(registryContract.candidates, { clusterId });
    expect(candidates.map((c) => `${c.namespace}/${c.name}`)).toEqual([`${tenant.name}/mlflow`, 'mlflow/mlflow']);
    const real = candidates.find((c) => c.namespace === 'mlflow');
    const pinned = await app.api.call(
      registryContract.setSettings,
      settings(clusterId, {
        auth: 'basic',
        username: 'ana',
        password: 'ana-mlflow-password',
        pin: { namespace: 'mlflow', name: 'mlflow', uid: real?.uid ?? '' },
      }),
    );
    expect(pinned).toMatchObject({ hasPassword: true, pin: { namespace: 'mlflow', name: 'mlflow' } });
    const list = await app.api.call(registryContract.models, { clusterId });
    expect(list.origin).toMatchObject({ kind: 'port-forward', namespace: 'mlflow', service: 'mlflow' });
    expect(list.models.map((m) => m.name)).toContain('fraud-clf');
    expect(list.models.map((m) => m.name)).not.toContain('tenant-bait');
    expect(bait.seen).toEqual([]);
  });

  it('refuses the pinned name once it was made again with another uid, and a new target drops the password', async () => {
    const tenantUid = (await core().readNamespacedService({ name: 'mlflow', namespace: tenant.name })).metadata?.uid ?? '';
    // the user pins the tenant's service by mistake, then the tenant deletes and re-creates it
    const moved = await app.api.call(
      registryContract.setSettings,
      settings(clusterId, { auth: 'basic', username: 'ana', pin: { namespace: tenant.name, name: 'mlflow', uid: tenantUid } }),
    );
    expect(moved.hasPassword).toBe(false);
    const svc = await core().readNamespacedService({ name: 'mlflow', namespace: tenant.name });
    await core().deleteNamespacedService({ name: 'mlflow', namespace: tenant.name });
    await core().createNamespacedService({
      namespace: tenant.name,
      body: {
        metadata: { name: 'mlflow', labels: svc.metadata?.labels ?? {} },
        spec: { selector: { tenant: 'mlflow' }, ports: [{ name: 'http', port: 5000 }] },
      },
    });
    const t = await app.api.call(registryContract.testConnection, { clusterId });
    expect(t.ok).toBe(false);
    expect(t.code).toBe('conflict');
    expect(t.message).toMatch(new RegExp(`The MLflow service ${tenant.name}/mlflow was deleted and made again since you confirmed it`));
    // earlier pinned to it by mistake: the password had been dropped, so nothing was ever sent there with it
    expect(bait.seen.filter((r) => r.headers.authorization)).toEqual([]);
  });

  it('opens no TCP port for a port-forward: nothing else on the machine can use it', async () => {
    const before = listeningPorts();
    const real = (await app.api.call(registryContract.candidates, { clusterId })).find((c) => c.namespace === 'mlflow');
    await app.api.call(registryContract.setSettings, settings(clusterId, { pin: { namespace: 'mlflow', name: 'mlflow', uid: real?.uid ?? '' } }));
    const t = await app.api.call(registryContract.testConnection, { clusterId });
    expect(t.ok).toBe(true);
    expect(app.services.connector.openForwards).toBeGreaterThan(0);
    expect(listeningPorts()).toEqual(before);
  });

  it('sends MLflow traffic through HTTP_PROXY, as kubectl and Go clients do', async () => {
    const targets: string[] = [];
    const proxy = createServer((_req, res) => res.writeHead(405).end());
    proxy.on('connect', (req, client, head) => {
      targets.push(req.url ?? '');
      // `*.lab.test` resolves nowhere: only a request through this proxy reaches MLflow
      const up = net.connect(Number((req.url ?? '').split(':').pop()), '127.0.0.1', () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        if (head.length) up.write(head);
        up.pipe(client);
        client.pipe(up);
      });
      up.on('error', () => client.destroy());
      client.on('error', () => up.destroy());
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    const proxied = await startApp(labInfo().kubeconfig, {
      env: { HTTP_PROXY: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`, NO_PROXY: '127.0.0.1' },
    });
    try {
      const id = (await proxied.api.call(clustersContract.list, {})).clusters.find((c) => c.contextName === 'lab-a')?.id ?? '';
      await proxied.api.call(registryContract.setSettings, settings(id, { mode: 'url', url: 'http://mlflow.lab.test:15000' }));
      const list = await proxied.api.call(registryContract.models, { clusterId: id });
      expect(list.origin).toEqual({ kind: 'url', url: 'http://mlflow.lab.test:15000' });
      expect(list.models.map((m) => m.name)).toContain('fraud-clf');
      expect(targets).toContain('mlflow.lab.test:15000');
    } finally {
      proxied.close();
      proxy.closeAllConnections();
      proxy.close();
    }
  });
});
