// SPDX-License-Identifier: Apache-2.0
/**
 * The lab's clusters, seen through @kubernetes/client-node as any client would see them:
 * GPU nodes, pod lifecycles, the scheduler's GPU verdicts, logs, port-forward, RBAC and
 * exec authentication.
 */
import * as k8s from '@kubernetes/client-node';
import { spawn } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, kubeConfig, labInfo, tempNamespace } from '../harness/lab.ts';
import { bin } from './paths.ts';

const gpuPod = (name: string, gpus: number, labels: Record<string, string> = {}, annotations: Record<string, string> = {}): k8s.V1Pod => ({
  metadata: { name, labels, annotations },
  spec: {
    containers: [{ name: 'main', image: 'pytorch/pytorch:2.4.0-cuda12.1', resources: gpus ? { limits: { 'nvidia.com/gpu': String(gpus) } } : {} }],
    restartPolicy: 'Never',
  },
});

describe('lab clusters', () => {
  let ns: { name: string; remove(): Promise<void> };
  const core = () => kubeConfig('lab-a').makeApiClient(k8s.CoreV1Api);

  beforeAll(async () => {
    ns = await tempNamespace('labtest');
  });
  afterAll(async () => {
    await ns?.remove();
  });

  it('has Ready GPU nodes of two models in each cluster', async () => {
    for (const ctx of ['lab-a', 'lab-b'] as const) {
      const nodes = await kubeConfig(ctx).makeApiClient(k8s.CoreV1Api).listNode();
      const gpu = nodes.items.filter((n) => Number(n.status?.allocatable?.['nvidia.com/gpu'] ?? 0) > 0);
      const models = new Set(gpu.map((n) => n.metadata?.labels?.['nvidia.com/gpu.product']));
      expect(models.size).toBeGreaterThanOrEqual(2);
      for (const n of nodes.items) expect(n.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
    }
  });

  it('schedules a GPU pod onto a GPU node and runs it to Succeeded', async () => {
    await core().createNamespacedPod({
      namespace: ns.name,
      body: gpuPod('ok', 2, { 'mldeck.dev/sim-outcome': 'succeeded' }, { 'mldeck.dev/sim-duration': '2s' }),
    });
    const pod = await eventually('pod Succeeded', async () => {
      const p = await core().readNamespacedPod({ name: 'ok', namespace: ns.name });
      return p.status?.phase === 'Succeeded' ? p : undefined;
    });
    expect(pod.spec?.nodeName).toMatch(/^gpu-/);
    expect(pod.status?.containerStatuses?.[0]?.state?.terminated?.exitCode).toBe(0);
  });

  it('fails a pod labelled to fail, with the reason in its status', async () => {
    await core().createNamespacedPod({
      namespace: ns.name,
      body: gpuPod('bad', 0, { 'mldeck.dev/sim-outcome': 'failed' }, { 'mldeck.dev/sim-duration': '1s' }),
    });
    const pod = await eventually('pod Failed', async () => {
      const p = await core().readNamespacedPod({ name: 'bad', namespace: ns.name });
      return p.status?.phase === 'Failed' ? p : undefined;
    });
    expect(pod.status?.containerStatuses?.[0]?.state?.terminated?.message).toContain('CUDA out of memory');
  });

  it('leaves a pod asking for too many GPUs Pending with the scheduler reason', async () => {
    await core().createNamespacedPod({ namespace: ns.name, body: gpuPod('greedy', 64) });
    const event = await eventually('FailedScheduling event', async () => {
      const evs = await core().listNamespacedEvent({ namespace: ns.name, fieldSelector: 'involvedObject.name=greedy' });
      return evs.items.find((e) => e.reason === 'FailedScheduling');
    });
    expect(event.message).toContain('Insufficient nvidia.com/gpu');
    expect((await core().readNamespacedPod({ name: 'greedy', namespace: ns.name })).status?.phase).toBe('Pending');
  });

  it('streams a running container’s growing training log', async () => {
    await core().createNamespacedPod({ namespace: ns.name, body: gpuPod('trainer', 1) });
    await eventually('pod Running', async () =>
      (await core().readNamespacedPod({ name: 'trainer', namespace: ns.name })).status?.phase === 'Running' ? true : undefined,
    );
    const out = new PassThrough();
    let text = '';
    out.on('data', (d: Buffer) => (text += d.toString()));
    const ctl = await new k8s.Log(kubeConfig('lab-a')).log(ns.name, 'trainer', 'main', out, { follow: true, tailLines: 5 });
    const lines = await eventually(
      'two log lines with steps',
      async () => {
        const steps = [...text.matchAll(/step=(\d+)/g)].map((m) => Number(m[1]));
        return steps.length >= 7 ? steps : undefined; // 5 from the tail, then new ones as the file grows
      },
      20_000,
    );
    ctl.abort();
    expect(lines[lines.length - 1]).toBeGreaterThan(lines[0] as number);
  });

  it('port-forwards from a pod to the lab’s Jupyter server', async () => {
    // kubectl 1.30+ speaks the WebSocket port-forward protocol (v2.portforward.k8s.io), which the
    // API server translates to SPDY for the kubelet (here KWOK). client-node 1.x only offers the
    // legacy protocol, which the API server passes through to a kubelet that does not serve it.
    await core().createNamespacedPod({ namespace: ns.name, body: gpuPod('nb', 0) });
    await eventually('pod Running', async () =>
      (await core().readNamespacedPod({ name: 'nb', namespace: ns.name })).status?.phase === 'Running' ? true : undefined,
    );
    const pf = spawn(bin('kubectl'), ['--kubeconfig', labInfo().kubeconfig, '--context', 'lab-a', '-n', ns.name, 'port-forward', 'pod/nb', ':8888'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let out = '';
      pf.stdout.on('data', (d: Buffer) => (out += d.toString()));
      const port = await eventually('kubectl to print the local port', async () => /127\.0\.0\.1:(\d+) ->/.exec(out)?.[1], 20_000);
      const res = await fetch(`http://127.0.0.1:${port}/api/status`, { headers: { Authorization: 'token mldeck-lab-token' } });
      expect(res.status).toBe(200);
      expect(await res.json()).toHaveProperty('started');
    } finally {
      pf.kill();
    }
  });

  it('forbids the restricted user outside team-a and allows it inside', async () => {
    const alice = kubeConfig('lab-a-restricted').makeApiClient(k8s.CoreV1Api);
    await expect(alice.listNamespacedPod({ namespace: 'team-b' })).rejects.toMatchObject({ code: 403 });
    await expect(alice.listNode()).rejects.toMatchObject({ code: 403 });
    const pods = await alice.listNamespacedPod({ namespace: 'team-a' });
    expect(Array.isArray(pods.items)).toBe(true);
  });

  it('authenticates the exec context through the lab’s credential plugin', async () => {
    const review = await kubeConfig('lab-a-exec')
      .makeApiClient(k8s.AuthenticationV1Api)
      .createSelfSubjectReview({ body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' } });
    expect(review.status?.userInfo?.username).toBe('exec-user');
  });

  it('serves the Kubeflow kinds, with MPIJob v1 on lab-a and v2beta1 on lab-b', async () => {
    const groups = async (ctx: 'lab-a' | 'lab-b') => (await kubeConfig(ctx).makeApiClient(k8s.ApisApi).getAPIVersions()).groups;
    const a = await groups('lab-a');
    const b = await groups('lab-b');
    const versions = (gs: k8s.V1APIGroup[], name: string) => gs.find((g) => g.name === name)?.versions.map((v) => v.version) ?? [];
    expect(versions(a, 'kubeflow.org')).toEqual(expect.arrayContaining(['v1', 'v1beta1']));
    expect(versions(a, 'kubeflow.org')).not.toContain('v2beta1');
    expect(versions(b, 'kubeflow.org')).toContain('v2beta1');
    expect(versions(a, 'serving.kserve.io')).toContain('v1beta1');
    expect(versions(a, 'trainer.kubeflow.org')).toContain('v1alpha1');
  });
});
