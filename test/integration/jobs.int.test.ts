// SPDX-License-Identifier: Apache-2.0
/**
 * Creating and changing training jobs against lab-a, through the real services: a PyTorchJob
 * built by the form model asks for GPUs, passes the dry-run, is created, the real Training
 * Operator runs it on GPU nodes to Succeeded; bad objects come back as field problems; the
 * schema comes from the cluster; suspend/resume; delete; and the restricted user is told why
 * she may not delete in team-b.
 */
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clustersContract } from '../../shared/features/clusters/clusters.contract';
import { jobsContract } from '../../shared/features/jobs/jobs.contract';
import { resourcesContract } from '../../shared/features/resources/resources.contract';
import { formToManifest, newJobForm, type JobForm } from '../../shared/kube/job-form';
import { trainingKindKey, trainingKinds } from '../../shared/kube/training-kinds';
import type { KubeObject } from '../../shared/kube/object';
import { AppError } from '../../shared/errors';
import { startApp, type AppUnderTest } from '../harness/app-under-test';
import { eventually, kubeConfig, labInfo, tempNamespace } from '../harness/lab';

const pytorch = { group: 'kubeflow.org', version: 'v1', resource: 'pytorchjobs' };

interface JobStatus {
  conditions?: { type: string; status: string; reason?: string }[];
}

describe('creating and changing training jobs', () => {
  let ns: { name: string; remove(): Promise<void> };
  let app: AppUnderTest;
  let labA = '';
  let restricted = '';
  const custom = () => kubeConfig('lab-a').makeApiClient(k8s.CustomObjectsApi);
  const core = () => kubeConfig('lab-a').makeApiClient(k8s.CoreV1Api);
  const getJob = async (name: string, namespace = ns.name) =>
    (await custom().getNamespacedCustomObject({ ...pytorch, plural: 'pytorchjobs', namespace, name })) as KubeObject & {
      status?: JobStatus;
      spec: { runPolicy?: { suspend?: boolean } };
    };
  const condition = (o: { status?: JobStatus }, type: string) => o.status?.conditions?.find((c) => c.type === type);

  /** The form a user fills for a PyTorchJob the lab finishes on its own. */
  const gpuForm = (name: string, opts: { finish?: boolean; gpus?: string } = {}): JobForm => {
    const f = newJobForm(pytorch, ns.name);
    f.name = name;
    f.replicas = f.replicas.map((r) => ({
      ...r,
      replicas: r.type === 'Worker' ? 2 : 1,
      image: 'pytorch/pytorch:2.4.0',
      command: ['python', 'train.py'],
      cpu: '1',
      memory: '2Gi',
      gpus: opts.gpus ?? '2',
      podLabels: opts.finish === false ? [] : [{ name: 'mldeck.dev/sim-outcome', value: 'succeeded' }],
      podAnnotations: opts.finish === false ? [] : [{ name: 'mldeck.dev/sim-duration', value: '6s' }],
    }));
    return f;
  };

  beforeAll(async () => {
    ns = await tempNamespace('jobs');
    app = await startApp(labInfo().kubeconfig);
    const list = await app.api.call(clustersContract.list, {});
    labA = list.clusters.find((c) => c.contextName === 'lab-a')?.id ?? '';
    restricted = list.clusters.find((c) => c.contextName === 'lab-a-restricted')?.id ?? '';
    expect(labA).not.toBe('');
    expect(restricted).not.toBe('');
  });
  afterAll(async () => {
    app?.close();
    await ns?.remove();
  });

  it('reads the kind’s schema from the cluster’s /openapi/v3', async () => {
    const s = await app.api.call(jobsContract.schema, { clusterId: labA, ...pytorch });
    expect(s.kind).toBe('PyTorchJob');
    expect(s.root).toBe('org.kubeflow.v1.PyTorchJob');
    const spec = (s.schema.properties as Record<string, { required?: string[] }>).spec;
    expect(spec?.required).toContain('pytorchReplicaSpecs');
    expect(Object.keys(s.components)).toContain('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta');
    const tj = await app.api.call(jobsContract.schema, { clusterId: labA, group: 'trainer.kubeflow.org', version: 'v1alpha1', resource: 'trainjobs' });
    expect(tj.kind).toBe('TrainJob');
  });

  it('creates a PyTorchJob with 2 GPUs per replica from the form; it runs on GPU nodes and succeeds', async () => {
    const manifest = formToManifest(gpuForm('gpu-train'));
    expect((await app.api.call(jobsContract.validate, { clusterId: labA, object: manifest })).problems).toEqual([]);

    const dry = await app.api.call(jobsContract.submit, { clusterId: labA, object: manifest, dryRun: true });
    expect(dry.problems).toBeUndefined();
    expect(dry.object?.metadata.name).toBe('gpu-train');
    await expect(getJob('gpu-train')).rejects.toThrow(); // a dry run stores nothing

    const created = await app.api.call(jobsContract.submit, { clusterId: labA, object: manifest, dryRun: false });
    expect(created.object?.metadata.uid).toBeTruthy();

    const pods = await eventually(
      'three pods on nodes',
      async () => {
        const l = await core().listNamespacedPod({ namespace: ns.name, labelSelector: 'training.kubeflow.org/job-name=gpu-train' });
        return l.items.length === 3 && l.items.every((p) => p.spec?.nodeName) ? l.items : undefined;
      },
      60_000,
    );
    for (const p of pods) {
      expect(p.spec?.nodeName).toMatch(/^gpu-/);
      expect(p.spec?.containers[0]?.resources?.limits?.['nvidia.com/gpu']).toBe('2');
    }
    expect(pods.map((p) => p.metadata?.labels?.['training.kubeflow.org/replica-type']).sort()).toEqual(['master', 'worker', 'worker']);
    const done = await eventually('Succeeded', async () => (condition(await getJob('gpu-train'), 'Succeeded')?.status === 'True' ? true : undefined), 90_000);
    expect(done).toBe(true);
  }, 180_000);

  it('makes a manifest the cluster accepts for every training kind it serves', async () => {
    const served = new Set((await app.api.call(resourcesContract.kinds, { clusterId: labA })).map((k) => `${k.group}/${k.version}/${k.resource}`));
    const kinds = trainingKinds.filter((k) => served.has(trainingKindKey(k)));
    expect(kinds.map((k) => k.kind)).toEqual(
      expect.arrayContaining(['PyTorchJob', 'TFJob', 'MPIJob', 'XGBoostJob', 'PaddleJob', 'JAXJob', 'MXJob', 'TrainJob']),
    );
    for (const k of kinds) {
      const f = newJobForm(k, ns.name);
      f.name = `every-${k.resource}`;
      f.replicas = f.replicas.map((r) => ({ ...r, image: 'busybox:1.36', gpus: '1', env: [{ name: 'A', value: '1' }] }));
      if (f.trainJob) f.trainJob = { ...f.trainJob, image: 'busybox:1.36', gpus: '1' };
      const object = formToManifest(f);
      expect({ kind: k.kind, problems: (await app.api.call(jobsContract.validate, { clusterId: labA, object })).problems }).toEqual({
        kind: k.kind,
        problems: [],
      });
      const dry = await app.api.call(jobsContract.submit, { clusterId: labA, object, dryRun: true });
      expect({ kind: k.kind, problems: dry.problems }).toEqual({ kind: k.kind, problems: undefined });
    }
    // lab-b serves MPIJob as v2beta1 (a dry run in team-a stores nothing)
    const labB = (await app.api.call(clustersContract.list, {})).clusters.find((c) => c.contextName === 'lab-b')?.id ?? '';
    const mpi = newJobForm({ group: 'kubeflow.org', version: 'v2beta1', resource: 'mpijobs' }, 'team-a');
    mpi.name = 'every-mpi-v2';
    mpi.replicas = mpi.replicas.map((r) => ({ ...r, image: 'mpioperator/mpi-pi:openmpi', gpus: r.type === 'Worker' ? '1' : '' }));
    const v2 = formToManifest(mpi);
    expect(v2.apiVersion).toBe('kubeflow.org/v2beta1');
    expect((await app.api.call(jobsContract.validate, { clusterId: labB, object: v2 })).problems).toEqual([]);
    expect((await app.api.call(jobsContract.submit, { clusterId: labB, object: v2, dryRun: true })).problems).toBeUndefined();
  });

  it('returns the server’s objections as field problems, not errors', async () => {
    const base = formToManifest(gpuForm('bad-one')) as { spec: { pytorchReplicaSpecs: { Worker: { replicas: unknown } } } } & Record<string, unknown>;
    const wrongType = JSON.parse(JSON.stringify(base)) as typeof base;
    wrongType.spec.pytorchReplicaSpecs.Worker.replicas = 'two';
    const r1 = await app.api.call(jobsContract.submit, { clusterId: labA, object: wrongType, dryRun: true });
    expect(r1.problems).toContainEqual(
      expect.objectContaining({ field: 'spec.pytorchReplicaSpecs.Worker.replicas', message: expect.stringMatching(/must be of type integer/) }),
    );
    // the schema check as you type says the same
    const v1 = await app.api.call(jobsContract.validate, { clusterId: labA, object: wrongType });
    expect(v1.problems).toContainEqual(
      expect.objectContaining({ field: 'spec.pytorchReplicaSpecs.Worker.replicas', message: expect.stringMatching(/must be of type integer/) }),
    );

    const unknownField = { ...base, spec: { ...base.spec, bogus: 1 } };
    const r2 = await app.api.call(jobsContract.submit, { clusterId: labA, object: unknownField, dryRun: true });
    expect(r2.problems).toEqual([{ field: 'spec.bogus', message: 'unknown field "spec.bogus"' }]);
    expect((await app.api.call(jobsContract.validate, { clusterId: labA, object: unknownField })).problems).toEqual([
      { field: 'spec.bogus', message: 'unknown field "spec.bogus"' },
    ]);

    const badGpus = formToManifest(gpuForm('bad-two', { gpus: 'two' }));
    const r3 = await app.api.call(jobsContract.submit, { clusterId: labA, object: badGpus, dryRun: true });
    expect(r3.problems?.map((p) => p.field)).toContain('spec.pytorchReplicaSpecs.Worker.template.spec.containers[0].resources.limits.nvidia.com/gpu');

    // the Training Operator's admission webhook: no container named pytorch
    const noPytorch = JSON.parse(JSON.stringify(base).replace(/"name":"pytorch"/g, '"name":"main"')) as Record<string, unknown>;
    const r4 = await app.api.call(jobsContract.submit, { clusterId: labA, object: noPytorch, dryRun: true });
    expect(r4.problems?.[0]?.field).toMatch(/^spec\.pytorchReplicaSpecs\[(Master|Worker)\]\.template\.spec\.containers$/);
    expect(r4.problems?.[0]?.message).toMatch(/pytorch/);

    // a namespace that is not a DNS label never reaches a request path
    const badNs = { ...base, metadata: { ...(base.metadata as object), namespace: '../team-b' } };
    const r5 = await app.api.call(jobsContract.submit, { clusterId: labA, object: badNs, dryRun: true });
    expect(r5.problems).toEqual([{ field: 'metadata.namespace', message: expect.stringMatching(/RFC 1123 label/) }]);

    // a name that is taken
    const taken = await app.api.call(jobsContract.submit, { clusterId: labA, object: formToManifest(gpuForm('gpu-train')), dryRun: true });
    expect(taken.problems).toEqual([{ field: 'metadata.name', message: expect.stringMatching(/already exists/) }]);
  });

  it('suspends and resumes a job: the spec flips and the operator says Suspended', async () => {
    await app.api.call(jobsContract.submit, { clusterId: labA, object: formToManifest(gpuForm('long-run', { finish: false, gpus: '' })), dryRun: false });
    await eventually('Running', async () => (condition(await getJob('long-run'), 'Running')?.status === 'True' ? true : undefined), 60_000);
    const ref = { clusterId: labA, ...pytorch, namespace: ns.name, name: 'long-run' };

    const suspended = await app.api.call(jobsContract.setSuspended, { ...ref, suspended: true });
    expect((suspended.object.spec as { runPolicy?: { suspend?: boolean } }).runPolicy?.suspend).toBe(true);
    await eventually('Suspended', async () => (condition(await getJob('long-run'), 'Suspended')?.status === 'True' ? true : undefined), 60_000);
    await eventually('pods removed', async () => {
      const l = await core().listNamespacedPod({ namespace: ns.name, labelSelector: 'training.kubeflow.org/job-name=long-run' });
      return l.items.length === 0 ? true : undefined;
    });

    const resumed = await app.api.call(jobsContract.setSuspended, { ...ref, suspended: false });
    expect((resumed.object.spec as { runPolicy?: { suspend?: boolean } }).runPolicy?.suspend).toBe(false);
    await eventually('not Suspended', async () => (condition(await getJob('long-run'), 'Suspended')?.status === 'False' ? true : undefined), 60_000);
    expect((await getJob('long-run')).spec.runPolicy?.suspend).toBe(false);

    await app.api.call(jobsContract.delete, ref);
    await eventually('deleted', async () => {
      try {
        await getJob('long-run');
        return undefined;
      } catch {
        return true;
      }
    });
  }, 180_000);

  it('tells the restricted user she may not delete in team-b, and refuses it', async () => {
    const teamB = formToManifest({ ...gpuForm('rbac-target', { finish: false, gpus: '' }), namespace: 'team-b' });
    await app.api.call(jobsContract.submit, { clusterId: labA, object: teamB, dryRun: false });
    try {
      const b = await app.api.call(jobsContract.permissions, { clusterId: restricted, namespace: 'team-b', ...pytorch });
      expect(b.user).toBe('alice');
      expect(b.delete.allowed).toBe(false);
      expect(b.delete.reason).toMatch(/^alice may not delete pytorchjobs in team-b/);
      expect(b.create.allowed).toBe(false);

      const a = await app.api.call(jobsContract.permissions, { clusterId: restricted, namespace: 'team-a', ...pytorch });
      expect(a).toMatchObject({ create: { allowed: true, reason: '' }, patch: { allowed: true }, delete: { allowed: true } });

      const refused = await app.api.call(jobsContract.delete, { clusterId: restricted, ...pytorch, namespace: 'team-b', name: 'rbac-target' }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(refused).toBeInstanceOf(AppError);
      expect((refused as AppError).code).toBe('forbidden');
      expect((refused as AppError).message).toMatch(/alice/);
      expect((await getJob('rbac-target', 'team-b')).metadata.name).toBe('rbac-target');
    } finally {
      await custom()
        .deleteNamespacedCustomObject({ ...pytorch, plural: 'pytorchjobs', namespace: 'team-b', name: 'rbac-target' })
        .catch(() => undefined);
    }
  });
});
