// SPDX-License-Identifier: Apache-2.0
/** Notebooks through the status driver: pod `<name>-0`, stop with the annotation, start again, PodDefaults. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, tempNamespace } from '../../harness/lab.ts';
import { coreApi, customApi, getObject, mergePatch } from './test-helpers.ts';

const nbRes = { group: 'kubeflow.org', version: 'v1', plural: 'notebooks' };

describe('Notebook (driven)', () => {
  let ns: { name: string; remove(): Promise<void> };
  const api = customApi('lab-a');
  const readyReplicas = async () =>
    ((await getObject(api, nbRes.group, nbRes.version, nbRes.plural, ns.name, 'nb')).status as { readyReplicas?: number }).readyReplicas;

  beforeAll(async () => {
    ns = await tempNamespace('notebooks');
  });
  afterAll(async () => {
    await ns?.remove();
  });

  it('runs, stops with kubeflow-resource-stopped and starts again', async () => {
    await api.createNamespacedCustomObject({
      group: 'kubeflow.org',
      version: 'v1alpha1',
      plural: 'poddefaults',
      namespace: ns.name,
      body: {
        apiVersion: 'kubeflow.org/v1alpha1',
        kind: 'PodDefault',
        metadata: { name: 'team-env' },
        spec: { desc: 'team env', selector: { matchLabels: { 'team-env': 'true' } }, env: [{ name: 'TEAM', value: 'ml' }] },
      },
    });
    await api.createNamespacedCustomObject({
      ...nbRes,
      namespace: ns.name,
      body: {
        apiVersion: 'kubeflow.org/v1',
        kind: 'Notebook',
        metadata: { name: 'nb' },
        spec: {
          template: { metadata: { labels: { 'team-env': 'true' } }, spec: { containers: [{ name: 'nb', image: 'kubeflownotebookswg/jupyter-scipy:v1.9.0' }] } },
        },
      },
    });
    await eventually('readyReplicas 1', async () => ((await readyReplicas()) === 1 ? true : undefined));
    const pod = await coreApi().readNamespacedPod({ namespace: ns.name, name: 'nb-0' });
    expect(pod.metadata?.labels).toMatchObject({ 'notebook-name': 'nb', statefulset: 'nb' });
    const env = pod.spec?.containers[0]?.env ?? [];
    expect(env).toEqual(
      expect.arrayContaining([
        { name: 'NB_PREFIX', value: `/notebook/${ns.name}/nb` },
        { name: 'TEAM', value: 'ml' },
      ]),
    );
    const nb = await getObject(api, nbRes.group, nbRes.version, nbRes.plural, ns.name, 'nb');
    const st = nb.status as { conditions?: { type: string; status: string }[]; containerState?: { running?: unknown } };
    expect(st.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
    expect(st.containerState?.running).toBeDefined();

    await mergePatch(api, nbRes.group, nbRes.version, nbRes.plural, ns.name, 'nb', {
      metadata: { annotations: { 'kubeflow-resource-stopped': new Date().toISOString() } },
    });
    await eventually('stopped', async () => {
      const pods = await coreApi().listNamespacedPod({ namespace: ns.name, labelSelector: 'notebook-name=nb' });
      return pods.items.length === 0 && (await readyReplicas()) === 0 ? true : undefined;
    });

    await mergePatch(api, nbRes.group, nbRes.version, nbRes.plural, ns.name, 'nb', { metadata: { annotations: { 'kubeflow-resource-stopped': null } } });
    await eventually('started again', async () => ((await readyReplicas()) === 1 ? true : undefined));
  });
});
