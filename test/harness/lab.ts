// SPDX-License-Identifier: Apache-2.0
/**
 * What tests need from the running lab: its kubeconfig and contexts, clients for each
 * context, and a unique namespace per test that is deleted afterwards.
 */
import * as k8s from '@kubernetes/client-node';
import { readFileSync } from 'node:fs';
import type { LabInfo } from '../lab/lab.ts';
import { labInfoPath } from '../lab/paths.ts';

/** The lab's description, written by `up`. */
export function labInfo(): LabInfo {
  return JSON.parse(readFileSync(labInfoPath, 'utf8')) as LabInfo;
}

/** A client-node KubeConfig set to one lab context. */
export function kubeConfig(context: 'lab-a' | 'lab-b' | 'lab-a-restricted' | 'lab-a-exec' | 'lab-a-cert' = 'lab-a'): k8s.KubeConfig {
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(labInfo().kubeconfig);
  kc.setCurrentContext(context);
  return kc;
}

/** Creates a namespace with a unique name; returns it and a function that deletes it. */
export async function tempNamespace(prefix: string, context: 'lab-a' | 'lab-b' = 'lab-a'): Promise<{ name: string; remove(): Promise<void> }> {
  const core = kubeConfig(context).makeApiClient(k8s.CoreV1Api);
  const name = `${prefix}-${Date.now().toString(36)}-${Math.floor(Math.random() * 1e4)}`.slice(0, 63);
  await core.createNamespace({ body: { metadata: { name, labels: { 'mldeck.dev/test': 'true' } } } });
  // the ServiceAccount controller creates 'default' shortly after; pods need it
  for (let i = 0; i < 100; i++) {
    try {
      await core.readNamespacedServiceAccount({ name: 'default', namespace: name });
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    name,
    async remove() {
      await core.deleteNamespace({ name }).catch(() => undefined);
    },
  };
}

/** Polls until `fn` returns a value that is not undefined, or fails after `timeoutMs`. */
export async function eventually<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${last instanceof Error ? last.message : String(last)}` : ''}`);
}

/**
 * Makes a Kubeflow Notebook (the lab's Jupyter image) in a namespace and waits until its pod
 * `<name>-0` runs (the lab's Notebook controller and KWOK play it; its port-forward reaches the
 * lab's Jupyter).
 */
export async function startNotebookServer(namespace: string, name: string): Promise<void> {
  await kubeConfig('lab-a')
    .makeApiClient(k8s.CustomObjectsApi)
    .createNamespacedCustomObject({
      group: 'kubeflow.org',
      version: 'v1',
      namespace,
      plural: 'notebooks',
      body: {
        apiVersion: 'kubeflow.org/v1',
        kind: 'Notebook',
        metadata: { name, namespace },
        spec: {
          template: {
            spec: {
              containers: [
                {
                  name,
                  image: 'kubeflownotebookswg/jupyter-scipy:v1.9.2',
                  ports: [{ containerPort: 8888, name: 'notebook-port' }],
                  resources: { requests: { cpu: '500m', memory: '1Gi' } },
                },
              ],
            },
          },
        },
      },
    });
  const core = kubeConfig('lab-a').makeApiClient(k8s.CoreV1Api);
  await eventually('the notebook pod runs', async () => {
    const pod = await core.readNamespacedPod({ name: `${name}-0`, namespace }).catch(() => undefined);
    return pod?.status?.phase === 'Running' ? pod : undefined;
  });
}
