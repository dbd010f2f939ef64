// SPDX-License-Identifier: Apache-2.0
/**
 * The lab's peers through their own APIs: MLflow's registry, S3 with SigV4 (and refusal
 * without it), the inference server, Jupyter, and Prometheus holding GPU utilisation of a
 * running GPU pod scraped from the lab's DCGM-style exporter.
 */
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, kubeConfig, tempNamespace } from '../harness/lab.ts';
import { inferenceUrl } from './peers/inference.ts';
import { JUPYTER_TOKEN, jupyterUrl } from './peers/jupyter.ts';
import { mlflowUrl } from './peers/mlflow.ts';
import { prometheusUrl } from './peers/prometheus.ts';
import { s3Endpoint, s3Target } from './peers/s3.ts';
import { seededRegisteredModels } from './peers/seed.ts';
import { s3Fetch } from './peers/sigv4.ts';

describe('lab peers', () => {
  it('MLflow returns the seeded registered models with aliases', async () => {
    const res = await fetch(`${mlflowUrl}/api/2.0/mlflow/registered-models/search?max_results=100`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { registered_models: { name: string; aliases?: { alias: string; version: string }[] }[] };
    const names = body.registered_models.map((m) => m.name);
    expect(names).toEqual(expect.arrayContaining([...seededRegisteredModels]));
    const fraud = body.registered_models.find((m) => m.name === 'fraud-clf');
    expect(fraud?.aliases?.map((a) => a.alias)).toEqual(expect.arrayContaining(['champion', 'challenger']));
  });

  it('S3 lists objects with a SigV4-signed ListObjectsV2 and refuses unsigned requests', async () => {
    const signed = await s3Fetch(s3Target, 'datasets', '', { query: { 'list-type': '2' } });
    expect(signed.status).toBe(200);
    const xml = await signed.text();
    expect(xml).toContain('<ListBucketResult');
    expect(xml).toMatch(/<Key>[^<]+\.csv<\/Key>/);
    const unsigned = await fetch(`${s3Endpoint}/datasets?list-type=2`);
    expect(unsigned.status).toBe(403);
  });

  it('the inference server answers V1 and V2 requests', async () => {
    const v1 = await fetch(`${inferenceUrl}/v1/models/iris:predict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ instances: [[5.1, 3.5, 1.4, 0.2]] }),
    });
    expect(await v1.json()).toEqual({ predictions: [0] });
    const v2 = await fetch(`${inferenceUrl}/v2/models/iris-v2/infer`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ inputs: [{ name: 'input-0', shape: [1, 4], datatype: 'FP32', data: [6.7, 3.0, 5.2, 2.3] }] }),
    });
    const out = (await v2.json()) as { outputs: { data: number[] }[] };
    expect(out.outputs[0]?.data).toHaveLength(1);
  });

  it('Jupyter needs its token', async () => {
    expect((await fetch(`${jupyterUrl}/api/status`)).status).toBe(403);
    expect((await fetch(`${jupyterUrl}/api/status`, { headers: { Authorization: `token ${JUPYTER_TOKEN}` } })).status).toBe(200);
  });

  describe('GPU metrics', () => {
    let ns: { name: string; remove(): Promise<void> };
    beforeAll(async () => {
      ns = await tempNamespace('gpumetrics');
    });
    afterAll(async () => {
      await ns?.remove();
    });

    it('Prometheus returns GPU utilisation for a running GPU pod', async () => {
      const core = kubeConfig('lab-a').makeApiClient(k8s.CoreV1Api);
      await core.createNamespacedPod({
        namespace: ns.name,
        body: {
          metadata: { name: 'gpu-burn' },
          spec: { containers: [{ name: 'main', image: 'nvcr.io/nvidia/pytorch:24.05-py3', resources: { limits: { 'nvidia.com/gpu': '2' } } }] },
        },
      });
      const query = encodeURIComponent(`DCGM_FI_DEV_GPU_UTIL{cluster="lab-a",namespace="${ns.name}",pod="gpu-burn"}`);
      const series = await eventually(
        'GPU utilisation series in Prometheus',
        async () => {
          const r = (await (await fetch(`${prometheusUrl}/api/v1/query?query=${query}`)).json()) as {
            data: { result: { metric: Record<string, string>; value: [number, string] }[] };
          };
          return r.data.result.length === 2 ? r.data.result : undefined;
        },
        60_000,
      );
      for (const s of series) {
        expect(Number(s.value[1])).toBeGreaterThan(0);
        expect(s.metric.Hostname).toMatch(/^gpu-/);
      }
    });
  });
});
