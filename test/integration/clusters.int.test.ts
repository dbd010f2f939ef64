// SPDX-License-Identifier: Apache-2.0
/**
 * Clusters end to end in main: the lab's kubeconfig read as a user's, both clusters healthy,
 * the restricted user's 403s explained, the exec context gated by approval and then working,
 * a hostile kubeconfig that runs nothing, and a cluster that stops answering.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { AppError } from '../../shared/errors';
import { clustersContract, type ClusterSummary } from '../../shared/features/clusters/clusters.contract';
import { overviewContract } from '../../shared/features/overview/overview.contract';
import { resourcesContract } from '../../shared/features/resources/resources.contract';
import { startApp, type AppUnderTest } from '../harness/app-under-test';
import { labInfo } from '../harness/lab';
import { startRelay, type TcpRelay } from '../harness/tcp-relay';

async function rejection(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected the call to fail');
}

describe('clusters against the lab', () => {
  let app: AppUnderTest;
  let byName: Record<string, ClusterSummary>;

  beforeAll(async () => {
    app = await startApp(labInfo().kubeconfig);
    const list = await app.api.call(clustersContract.list, {});
    byName = Object.fromEntries(list.clusters.map((c) => [c.contextName, c]));
  });
  afterAll(() => app?.close());

  it('lists every context of the kubeconfig with its auth kind and no secrets', async () => {
    expect(Object.keys(byName).sort()).toEqual(['lab-a', 'lab-a-cert', 'lab-a-exec', 'lab-a-restricted', 'lab-b']);
    expect(byName['lab-a']?.authKind).toBe('token');
    expect(byName['lab-a-cert']?.authKind).toBe('client-cert');
    expect(byName['lab-a-exec']).toMatchObject({ authKind: 'exec', execApproved: false });
    expect(JSON.stringify(await app.api.call(clustersContract.list, {}))).not.toMatch(/mldeck-(admin|alice|exec)-token|BEGIN/);
  });

  it('reaches both clusters (token and client certificate) and reports version and latency', async () => {
    for (const name of ['lab-a', 'lab-b', 'lab-a-cert']) {
      const h = await app.api.call(clustersContract.health, { clusterId: byName[name]?.id ?? '' });
      expect(h).toMatchObject({ reachable: true, auth: 'ok', version: 'v1.35.4' });
      expect(h.latencyMs).toBeGreaterThanOrEqual(0);
    }
  });

  it('tells lab-a (MPIJob v1) from lab-b (MPIJob v2beta1) by discovery', async () => {
    const a = await app.api.call(clustersContract.discover, { clusterId: byName['lab-a']?.id ?? '' });
    const b = await app.api.call(clustersContract.discover, { clusterId: byName['lab-b']?.id ?? '' });
    const served = (d: typeof a) => d.components.filter((c) => c.served).map((c) => c.component);
    expect(served(a)).toEqual(expect.arrayContaining(['training-v1', 'katib', 'kserve', 'notebooks', 'profiles', 'trainer-v2']));
    expect(served(a)).not.toContain('mpi-v2beta1');
    expect(served(b)).toContain('mpi-v2beta1');
    expect(a.components.find((c) => c.component === 'training-v1')?.kinds).toContain('MPIJob');
  });

  it('counts GPUs per model on the overview', async () => {
    const o = await app.api.call(overviewContract.get, { clusterId: byName['lab-a']?.id ?? '' });
    const models = Object.fromEntries(o.gpuModels.map((g) => [g.model, g.allocatable]));
    expect(models).toMatchObject({ 'NVIDIA-A100-SXM4-80GB': 16, 'Tesla-T4': 8 });
  });

  it('explains the restricted user’s limits instead of failing', async () => {
    const id = byName['lab-a-restricted']?.id ?? '';
    const err = await rejection(app.api.call(resourcesContract.list, { clusterId: id, group: '', version: 'v1', resource: 'pods', namespace: 'team-b' }));
    expect(err.code).toBe('forbidden');
    expect(err.message).toMatch(/alice.*cannot list.*pods.*team-b/);
    const own = await app.api.call(resourcesContract.list, { clusterId: id, group: '', version: 'v1', resource: 'pods', namespace: 'team-a' });
    expect(Array.isArray(own.items)).toBe(true);
    const overview = await app.api.call(overviewContract.get, { clusterId: id });
    expect(overview.nodes).toHaveProperty('forbidden');
    const answers = await app.api.call(clustersContract.access, {
      clusterId: id,
      checks: [
        { verb: 'delete', group: 'kubeflow.org', resource: 'pytorchjobs', namespace: 'team-a' },
        { verb: 'delete', group: 'kubeflow.org', resource: 'pytorchjobs', namespace: 'team-b' },
      ],
    });
    expect(answers.map((a) => a.allowed)).toEqual([true, false]);
    expect(answers[1]?.reason).toMatch(/may not delete pytorchjobs in namespace team-b/);
  });

  it('runs the exec plugin only after its invocation is approved', async () => {
    const id = byName['lab-a-exec']?.id ?? '';
    const before = await app.api.call(clustersContract.health, { clusterId: id });
    expect(before).toMatchObject({ reachable: false, auth: 'needs-approval', error: { code: 'unauthenticated' } });
    expect(before.error?.message).toContain(process.execPath);
    const prompt = await app.api.call(clustersContract.describeExec, { clusterId: id });
    const list = await app.api.call(clustersContract.approveExec, { clusterId: id, fingerprint: prompt.invocation.fingerprint });
    expect(list.clusters.find((c) => c.id === id)?.execApproved).toBe(true);
    const after = await app.api.call(clustersContract.health, { clusterId: id });
    expect(after).toMatchObject({ reachable: true, auth: 'ok' });
    // the plugin's stderr reached the user as a notice
    expect(JSON.stringify(app.events.get('app:notice') ?? [])).toContain('signing in to the lab');
  });

  it('never runs a hostile kubeconfig’s command, and says which binary wants approval', async () => {
    const marker = join(tmpdir(), `mldeck-pwned-${Date.now()}`);
    const hostile = stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'evil', cluster: { server: 'https://127.0.0.1:16443', 'insecure-skip-tls-verify': true } }],
      users: [
        {
          name: 'evil',
          user: {
            exec: {
              apiVersion: 'client.authentication.k8s.io/v1',
              interactiveMode: 'Never',
              command: '/bin/sh',
              args: ['-c', `touch ${marker}; echo ';$(id)'`],
            },
          },
        },
      ],
      contexts: [{ name: 'evil', context: { cluster: 'evil', user: 'evil' } }],
    });
    const list = await app.api.call(clustersContract.addText, { text: hostile, label: 'hostile' });
    const evil = list.clusters.find((c) => c.contextName === 'evil');
    expect(evil).toMatchObject({ authKind: 'exec', execApproved: false, insecure: true, execCommand: '/bin/sh' });
    const h = await app.api.call(clustersContract.health, { clusterId: evil?.id ?? '' });
    expect(h).toMatchObject({ auth: 'needs-approval', error: { code: 'unauthenticated' } });
    expect(h.error?.message).toContain('/bin/sh');
    expect(existsSync(marker)).toBe(false);
    await app.api.call(clustersContract.remove, { clusterId: evil?.id ?? '' });
  });

  it('refuses a malformed kubeconfig with the file and the problem, and keeps working', async () => {
    const file = join(tmpdir(), `mldeck-bad-${Date.now()}.yaml`);
    writeFileSync(file, 'apiVersion: v1\nkind: Config\nusers:\n- name: u\n  user:\n    exec:\n      command: 42\n');
    const err = await rejection(app.api.call(clustersContract.addFile, { path: file }));
    expect(err.code).toBe('validation');
    expect(err.message).toContain(file);
    expect(`${err.message} ${err.detail ?? ''}`).toMatch(/users\[0\]\.user\.exec\.command/);
    expect((await app.api.call(clustersContract.list, {})).clusters.length).toBeGreaterThanOrEqual(5);
  });
});

describe('a cluster that stops answering', () => {
  let relay: TcpRelay;
  let app: AppUnderTest;
  let id = '';

  beforeAll(async () => {
    // a TCP relay to lab-a that can stop forwarding while keeping connections open
    relay = await startRelay(16443);
    app = await startApp(relay.kubeconfig(labInfo().kubeconfig, 'lab-a'));
    id = (await app.api.call(clustersContract.list, {})).clusters.find((c) => c.contextName === 'lab-a')?.id ?? '';
  });
  afterAll(async () => {
    app?.close();
    await relay?.close();
  });

  it('is healthy through the relay, then reported unreachable (not hung) when traffic stops', async () => {
    expect(await app.api.call(clustersContract.health, { clusterId: id })).toMatchObject({ reachable: true });
    // traffic is held: open connections stay open but nothing comes back (no FIN, no RST)
    relay.hold();
    const t = Date.now();
    const h = await app.api.call(clustersContract.health, { clusterId: id });
    expect(Date.now() - t).toBeLessThan(20_000);
    expect(h.reachable).toBe(false);
    expect(h.error?.code).toBe('timeout');
    await relay.up();
    expect(await app.api.call(clustersContract.health, { clusterId: id })).toMatchObject({ reachable: true });
  }, 60_000);
});
