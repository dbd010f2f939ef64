// SPDX-License-Identifier: Apache-2.0
/**
 * Benchmark B4 (benchmarks-and-faults.md §7): the cache writing and reading 50,000 pods of about
 * 4 KB of JSON, against baselines measured in the same run on the same disk: a plain
 * better-sqlite3 prepared insert loop (100 rows per transaction) and `JSON.parse` of the same
 * objects from one flat JSON file. Goals: write ≥ 0.5× the baseline rows/s; read-all + parse
 * ≤ 1.5× the flat-file parse. The baseline and the cache write the same rows in turns of 5,000
 * (a shared machine's load changes over a run; taking turns charges it to both alike). Run Node with `--expose-gc` so both reads start from a collected heap.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import type { KubeObject } from '../../../shared/kube/object';
import type { Gvr } from './cache-db';
import { openCache } from './sqlite-cache';

/** What B4 measured. */
export interface B4Result {
  /** Rows per second written through `replaceSlice`, 500 rows per transaction (one namespace each). */
  writeRowsPerSec: number;
  /** Rows per second of a bare prepared insert loop, 100 rows per transaction, WAL. */
  baselineInsertRowsPerSec: number;
  /** `listObjects` of every object (read and parse), ms. */
  readParseMs: number;
  /** Reading one flat JSON file of the same objects and `JSON.parse`, ms. */
  baselineJsonParseMs: number;
  /** Opening the cache file fresh (quick_check included) and reading the first 100 rows of the slice, ms. */
  coldFirstRowsMs: number;
  /** Of `coldFirstRowsMs`, the open alone (settings, quick_check, migrations), ms. */
  coldOpenMs: number;
  /** `JSON.stringify` of every object alone, ms: part of the cache's write cost that the insert baseline (pre-serialized strings) does not pay. */
  serializeMs: number;
  /** Objects written, and their mean JSON size in bytes. */
  objects: number;
  meanObjectBytes: number;
}

/** Sizes (tests run a small B4). */
export interface B4Options {
  /** How many objects (default 50,000, in namespaces of 500). */
  objects?: number;
}

const perNamespace = 500;
const cluster = 'bench';
const podsGvr: Gvr = { group: '', version: 'v1', resource: 'pods' };

/** A pod of about 4 KB of JSON, shaped like a kubeflow training pod. */
export function benchPod(i: number): KubeObject {
  const ns = `team-${String(Math.floor(i / perNamespace)).padStart(3, '0')}`;
  const name = `pytorchjob-${i}-worker-${i % 8}`;
  const hex = (n: number) => (n * 2654435761).toString(16).padStart(8, '0').slice(-8);
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: ns,
      uid: `${hex(i)}-${hex(i + 1).slice(0, 4)}-4${hex(i + 2).slice(0, 3)}-8${hex(i + 3).slice(0, 3)}-${hex(i + 4)}${hex(i + 5).slice(0, 4)}`,
      resourceVersion: String(100_000 + i),
      creationTimestamp: '2026-11-28T12:00:00Z',
      labels: {
        'training.kubeflow.org/job-name': `pytorchjob-${i}`,
        'training.kubeflow.org/replica-type': 'worker',
        'training.kubeflow.org/replica-index': String(i % 8),
        'training.kubeflow.org/operator-name': 'pytorchjob-controller',
        app: 'llm-finetune',
      },
      annotations: {
        'sidecar.istio.io/inject': 'false',
        'kubectl.kubernetes.io/last-applied-configuration': `{"apiVersion":"kubeflow.org/v1","kind":"PyTorchJob","metadata":{"name":"pytorchjob-${i}","namespace":"${ns}"},"spec":{"pytorchReplicaSpecs":{"Worker":{"replicas":8}}}}`,
      },
      ownerReferences: [{ apiVersion: 'kubeflow.org/v1', kind: 'PyTorchJob', name: `pytorchjob-${i}`, uid: hex(i * 7), controller: true }],
    },
    spec: {
      nodeName: `gpu-node-${i % 64}`,
      schedulerName: 'default-scheduler',
      restartPolicy: 'OnFailure',
      serviceAccountName: 'default-editor',
      containers: [
        {
          name: 'pytorch',
          image: 'ghcr.io/example/llm-finetune:2026.11.1',
          command: ['torchrun', '--nnodes=8', '--nproc-per-node=8', 'train.py', `--run-id=${hex(i)}`],
          env: Array.from({ length: 24 }, (_, k) => ({ name: `TRAIN_SETTING_${k}`, value: `value-${(i * 31 + k) % 997}` })),
          resources: { limits: { 'nvidia.com/gpu': '8', cpu: '32', memory: '256Gi' }, requests: { 'nvidia.com/gpu': '8', cpu: '32', memory: '256Gi' } },
          ports: [{ containerPort: 23456, name: 'pytorchjob-port', protocol: 'TCP' }],
          volumeMounts: [
            { name: 'dshm', mountPath: '/dev/shm' },
            { name: 'data', mountPath: '/data', readOnly: true },
            { name: 'kube-api-access', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true },
          ],
        },
      ],
      volumes: [
        { name: 'dshm', emptyDir: { medium: 'Memory' } },
        { name: 'data', persistentVolumeClaim: { claimName: `dataset-${i % 20}` } },
      ],
      tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
    },
    status: {
      phase: 'Running',
      hostIP: `10.0.${i % 250}.${(i * 7) % 250}`,
      podIP: `10.244.${i % 250}.${(i * 13) % 250}`,
      startTime: '2026-11-28T12:00:05Z',
      qosClass: 'Guaranteed',
      conditions: ['PodScheduled', 'Initialized', 'ContainersReady', 'Ready'].map((type) => ({
        type,
        status: 'True',
        lastProbeTime: null,
        lastTransitionTime: '2026-11-28T12:00:10Z',
      })),
      containerStatuses: [
        {
          name: 'pytorch',
          ready: true,
          restartCount: i % 3,
          image: 'ghcr.io/example/llm-finetune:2026.11.1',
          imageID: `ghcr.io/example/llm-finetune@sha256:${hex(i).repeat(8)}`,
          containerID: `containerd://${hex(i + 9).repeat(8)}`,
          state: { running: { startedAt: '2026-11-28T12:00:09Z' } },
        },
      ],
    },
  };
}

/** Runs a full GC when Node was started with `--expose-gc` (the bench runner should). */
function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function ms(start: number): number {
  return performance.now() - start;
}

/**
 * Runs B4 once in `dir` (use a fresh directory on the disk under test).
 * @returns the measurements; compare them as ratios (write/baseline, read/baseline)
 */
export async function runB4(dir: string, opts: B4Options = {}): Promise<B4Result> {
  const count = opts.objects ?? 50_000;
  const file = path.join(dir, 'b4-cache.sqlite');
  const flat = path.join(dir, 'b4-flat.json');
  // The objects and their JSON live only inside the write phase.
  const written = await writePhase(dir, file, flat, count);

  // Both reads start from the same heap (nothing else alive), one after the other.
  let cache = await openCache({ file });
  collectGarbage();
  let t = performance.now();
  const parsedCount = (JSON.parse(readFileSync(flat, 'utf8')) as KubeObject[]).length;
  const baselineJsonParseMs = ms(t);
  if (parsedCount !== count) throw new Error('B4: flat file parse lost objects');
  collectGarbage();
  t = performance.now();
  const readCount = (await cache.listObjects(cluster, podsGvr)).length;
  const readParseMs = ms(t);
  if (readCount !== count) throw new Error(`B4: read ${readCount} of ${count} objects`);
  cache.dispose();

  // Cold start: open the file again and read the first rows of the all-namespaces slice.
  t = performance.now();
  cache = await openCache({ file });
  const coldOpenMs = ms(t);
  const first = await cache.listObjectsPage(cluster, podsGvr, undefined, 100);
  const coldFirstRowsMs = ms(t);
  cache.dispose();
  if (first.items.length !== Math.min(100, count)) throw new Error('B4: first page is short');

  return { ...written, readParseMs, baselineJsonParseMs, coldFirstRowsMs, coldOpenMs, objects: count };
}

/** Makes the objects, runs the insert baseline, writes the flat file and writes the cache. */
async function writePhase(
  dir: string,
  file: string,
  flat: string,
  count: number,
): Promise<Pick<B4Result, 'writeRowsPerSec' | 'baselineInsertRowsPerSec' | 'serializeMs' | 'meanObjectBytes'>> {
  const objects = Array.from({ length: count }, (_, i) => benchPod(i));
  let t = performance.now();
  const jsonOf = objects.map((o) => JSON.stringify(o));
  const serializeMs = ms(t);
  const meanObjectBytes = Math.round(jsonOf.reduce((s, j) => s + Buffer.byteLength(j), 0) / count);

  // Baseline: a bare prepared insert loop, 100 rows per transaction, same settings and disk.
  const bare = new Database(path.join(dir, 'b4-baseline.sqlite'));
  bare.pragma('journal_mode = WAL');
  bare.pragma('synchronous = NORMAL');
  bare.exec('CREATE TABLE bare (id INTEGER PRIMARY KEY, json TEXT NOT NULL)');
  const insert = bare.prepare<[number, string]>('INSERT INTO bare (id, json) VALUES (?, ?)');
  const insertMany = bare.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) insert.run(i, jsonOf[i] ?? '');
  });
  // The cache: one relist per namespace of 500 objects (a 500-row transaction each).
  const cache = await openCache({ file });
  // Both write the same rows in turns of `round` rows, so a change in the machine's load (other
  // processes on a shared machine) weighs on both alike instead of on whichever ran second.
  const round = perNamespace * 10;
  let baselineMs = 0;
  let cacheMs = 0;
  for (let start = 0; start < count; start += round) {
    const end = Math.min(count, start + round);
    t = performance.now();
    for (let from = start; from < end; from += 100) insertMany(from, Math.min(end, from + 100));
    baselineMs += ms(t);
    t = performance.now();
    for (let from = start; from < end; from += perNamespace) {
      const batch = objects.slice(from, Math.min(end, from + perNamespace));
      const namespace = batch[0]?.metadata.namespace ?? '';
      await cache.replaceSlice({ cluster, ...podsGvr, namespace }, batch, String(100_000 + from));
    }
    cacheMs += ms(t);
  }
  bare.close();
  cache.dispose();
  writeFileSync(flat, `[${jsonOf.join(',')}]`);
  const baselineInsertRowsPerSec = count / (baselineMs / 1000);
  const writeRowsPerSec = count / (cacheMs / 1000);
  return { writeRowsPerSec, baselineInsertRowsPerSec, serializeMs, meanObjectBytes };
}
