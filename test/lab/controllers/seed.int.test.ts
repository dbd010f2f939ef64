// SPDX-License-Identifier: Apache-2.0
/**
 * The seeded ML team (seed-workloads/): at least 30 training jobs across the kinds and in
 * every phase, notebooks running and stopped, experiments with trials, InferenceServices
 * with one mid-canary. Phases are read from conditions by type, as the app must.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../harness/lab.ts';
import { seedWorkloads } from '../seed-workloads/index.ts';
import { customApi, isTrue, listAll, type CustomObject } from './test-helpers.ts';

type Phase = 'Succeeded' | 'Failed' | 'Suspended' | 'Running' | 'Pending';

/** A job's phase from its conditions (v1 Kubeflow shape or TrainJob metav1). */
function phaseOf(o: CustomObject, kind: string): Phase {
  if (isTrue(o, 'Succeeded') || isTrue(o, 'Complete')) return 'Succeeded';
  if (isTrue(o, 'Failed')) return 'Failed';
  if (isTrue(o, 'Suspended')) return 'Suspended';
  if (kind === 'TrainJob')
    return ((o.status?.['jobsStatus'] as { ready?: number }[] | undefined) ?? []).some((j) => (j.ready ?? 0) > 0) ? 'Running' : 'Pending';
  return isTrue(o, 'Running') ? 'Running' : 'Pending';
}

const kinds = [
  { ctx: 'lab-a', group: 'kubeflow.org', version: 'v1', plural: 'tfjobs', kind: 'TFJob' },
  { ctx: 'lab-a', group: 'kubeflow.org', version: 'v1', plural: 'pytorchjobs', kind: 'PyTorchJob' },
  { ctx: 'lab-a', group: 'kubeflow.org', version: 'v1', plural: 'xgboostjobs', kind: 'XGBoostJob' },
  { ctx: 'lab-a', group: 'kubeflow.org', version: 'v1', plural: 'paddlejobs', kind: 'PaddleJob' },
  { ctx: 'lab-a', group: 'kubeflow.org', version: 'v1', plural: 'jaxjobs', kind: 'JAXJob' },
  { ctx: 'lab-a', group: 'kubeflow.org', version: 'v1', plural: 'mxjobs', kind: 'MXJob' },
  { ctx: 'lab-a', group: 'kubeflow.org', version: 'v1', plural: 'mpijobs', kind: 'MPIJob' },
  { ctx: 'lab-a', group: 'trainer.kubeflow.org', version: 'v1alpha1', plural: 'trainjobs', kind: 'TrainJob' },
  { ctx: 'lab-b', group: 'kubeflow.org', version: 'v1', plural: 'tfjobs', kind: 'TFJob' },
  { ctx: 'lab-b', group: 'kubeflow.org', version: 'v1', plural: 'pytorchjobs', kind: 'PyTorchJob' },
  { ctx: 'lab-b', group: 'kubeflow.org', version: 'v1', plural: 'xgboostjobs', kind: 'XGBoostJob' },
  { ctx: 'lab-b', group: 'kubeflow.org', version: 'v1', plural: 'paddlejobs', kind: 'PaddleJob' },
  { ctx: 'lab-b', group: 'kubeflow.org', version: 'v1', plural: 'jaxjobs', kind: 'JAXJob' },
  { ctx: 'lab-b', group: 'kubeflow.org', version: 'v1', plural: 'mxjobs', kind: 'MXJob' },
  { ctx: 'lab-b', group: 'kubeflow.org', version: 'v2beta1', plural: 'mpijobs', kind: 'MPIJob' },
  { ctx: 'lab-b', group: 'trainer.kubeflow.org', version: 'v1alpha1', plural: 'trainjobs', kind: 'TrainJob' },
] as const;

interface Seen {
  kind: string;
  cluster: string;
  name: string;
  phase: Phase;
}

async function seededJobs(): Promise<Seen[]> {
  const out: Seen[] = [];
  for (const k of kinds) {
    const items = await listAll(customApi(k.ctx), k.group, k.version, k.plural);
    for (const o of items) {
      const labels = (o.metadata as { labels?: Record<string, string> }).labels ?? {};
      if (labels['mldeck.dev/seed'] !== 'workloads') continue;
      out.push({ kind: `${k.kind}@${k.version}`, cluster: k.ctx, name: o.metadata.name, phase: phaseOf(o, k.kind) });
    }
  }
  return out;
}

describe('seeded workloads', () => {
  beforeAll(async () => {
    await seedWorkloads(); // idempotent; `up` has run it already
  }, 120_000);

  it('has ≥30 training jobs across kinds and phases', async () => {
    const jobs = await eventually(
      'seeded jobs in every phase',
      async () => {
        const all = await seededJobs();
        const phases = new Set(all.map((j) => j.phase));
        return ['Running', 'Succeeded', 'Failed', 'Pending', 'Suspended'].every((p) => phases.has(p as Phase)) ? all : undefined;
      },
      110_000,
    );
    expect(jobs.length).toBeGreaterThanOrEqual(30);
    const kindsSeen = new Set(jobs.map((j) => j.kind));
    for (const k of ['TFJob@v1', 'PyTorchJob@v1', 'XGBoostJob@v1', 'PaddleJob@v1', 'JAXJob@v1', 'MXJob@v1', 'MPIJob@v1', 'MPIJob@v2beta1', 'TrainJob@v1alpha1'])
      expect(kindsSeen).toContain(k);
    expect(jobs.filter((j) => j.phase === 'Pending').length).toBeGreaterThanOrEqual(3);
  });

  it('has notebooks running and stopped, experiments with trials, and a mid-canary InferenceService', async () => {
    const nbs = await listAll(customApi('lab-a'), 'kubeflow.org', 'v1', 'notebooks');
    const ready = nbs.map((n) => (n.status as { readyReplicas?: number } | undefined)?.readyReplicas ?? 0);
    expect(ready.filter((r) => r > 0).length).toBeGreaterThanOrEqual(3);
    expect(
      nbs.filter((n) => (n.metadata as { annotations?: Record<string, string> }).annotations?.['kubeflow-resource-stopped']).length,
    ).toBeGreaterThanOrEqual(2);
    const exps = await listAll(customApi('lab-a'), 'kubeflow.org', 'v1beta1', 'experiments');
    const algorithms = new Set(exps.map((e) => (e.spec?.['algorithm'] as { algorithmName: string }).algorithmName));
    for (const a of ['random', 'grid', 'bayesianoptimization']) expect(algorithms).toContain(a);
    expect(exps.every((e) => ((e.status?.['trials'] as number | undefined) ?? 0) > 0)).toBe(true);
    const isvcs = await listAll(customApi('lab-a'), 'serving.kserve.io', 'v1beta1', 'inferenceservices');
    const canary = isvcs.find((i) => i.metadata.name === 'iris-canary');
    const traffic = (canary?.status?.['components'] as { predictor?: { traffic?: { percent?: number }[] } } | undefined)?.predictor?.traffic ?? [];
    expect(traffic.map((t) => t.percent).sort()).toEqual([20, 80]);
  });
});
