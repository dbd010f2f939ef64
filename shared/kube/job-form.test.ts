// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { copyName, formFieldOfPath, formProblems, formToManifest, manifestToForm, newJobForm, problemText, splitFieldPath, type JobForm } from './job-form';
import { trainingKinds } from './training-kinds';

/** A form with every field the kind has set to something. */
function filledForm(kind: { group: string; version: string; resource: string }): JobForm {
  const f = newJobForm(kind, 'team-a');
  f.name = 'train-1';
  f.labels = [{ name: 'team', value: 'vision' }];
  const container = {
    image: 'pytorch/pytorch:2.4.0',
    command: ['python', '-m', 'train'],
    args: ['--epochs', '3'],
    cpu: '4',
    memory: '16Gi',
    gpus: '2',
    env: [{ name: 'NCCL_DEBUG', value: 'INFO' }],
  };
  f.replicas = f.replicas.map((r, i) => ({
    ...r,
    ...container,
    replicas: i + 1,
    restartPolicy: 'OnFailure',
    podLabels: [{ name: 'mldeck.dev/sim-outcome', value: 'succeeded' }],
    podAnnotations: [{ name: 'mldeck.dev/sim-duration', value: '6s' }],
    volumes: [
      { name: 'data', type: 'pvc', claimName: 'datasets', mountPath: '/data' },
      { name: 'scratch', type: 'emptyDir', claimName: '', mountPath: '/scratch' },
    ],
  }));
  if (f.trainJob) f.trainJob = { ...f.trainJob, ...container, volumes: [], numNodes: 2 };
  f.runPolicy = f.trainJob
    ? { cleanPodPolicy: '', backoffLimit: undefined, activeDeadlineSeconds: 3600, ttlSecondsAfterFinished: undefined, suspend: true }
    : { cleanPodPolicy: 'Running', backoffLimit: 3, activeDeadlineSeconds: 3600, ttlSecondsAfterFinished: 600, suspend: true };
  return f;
}

describe('job form ↔ manifest', () => {
  for (const k of trainingKinds) {
    it(`round-trips every field of ${k.title}`, () => {
      const form = filledForm(k);
      const manifest = formToManifest(form);
      expect(manifest.apiVersion).toBe(`${k.group}/${k.version}`);
      expect(manifest.kind).toBe(k.kind);
      const back = manifestToForm(manifest);
      expect({ ...back, base: undefined }).toEqual({ ...form, base: undefined });
      // and once more through the manifest: stable
      expect(formToManifest(back)).toEqual(manifest);
    });
  }

  it('writes a PyTorchJob the Training Operator understands', () => {
    const m = formToManifest(filledForm({ group: 'kubeflow.org', version: 'v1', resource: 'pytorchjobs' })) as {
      metadata: unknown;
      spec: {
        pytorchReplicaSpecs: Record<string, { replicas: number; template: { metadata: unknown; spec: { containers: unknown[]; volumes: unknown[] } } }>;
        runPolicy: unknown;
      };
    };
    expect(m.metadata).toEqual({ name: 'train-1', namespace: 'team-a', labels: { team: 'vision' } });
    const worker = m.spec.pytorchReplicaSpecs.Worker;
    expect(worker?.replicas).toBe(2);
    expect(worker?.template.metadata).toEqual({ labels: { 'mldeck.dev/sim-outcome': 'succeeded' }, annotations: { 'mldeck.dev/sim-duration': '6s' } });
    expect(worker?.template.spec.containers).toEqual([
      {
        name: 'pytorch',
        image: 'pytorch/pytorch:2.4.0',
        command: ['python', '-m', 'train'],
        args: ['--epochs', '3'],
        resources: { requests: { cpu: '4', memory: '16Gi' }, limits: { 'nvidia.com/gpu': '2' } },
        env: [{ name: 'NCCL_DEBUG', value: 'INFO' }],
        volumeMounts: [
          { name: 'data', mountPath: '/data' },
          { name: 'scratch', mountPath: '/scratch' },
        ],
      },
    ]);
    expect(worker?.template.spec.volumes).toEqual([
      { name: 'data', persistentVolumeClaim: { claimName: 'datasets' } },
      { name: 'scratch', emptyDir: {} },
    ]);
    expect(m.spec.runPolicy).toEqual({ cleanPodPolicy: 'Running', backoffLimit: 3, activeDeadlineSeconds: 3600, ttlSecondsAfterFinished: 600, suspend: true });
  });

  it('writes a TrainJob with its runtime and per-node resources', () => {
    const m = formToManifest(filledForm({ group: 'trainer.kubeflow.org', version: 'v1alpha1', resource: 'trainjobs' })) as { spec: unknown };
    expect(m.spec).toEqual({
      runtimeRef: { name: 'torch-distributed' },
      trainer: {
        image: 'pytorch/pytorch:2.4.0',
        command: ['python', '-m', 'train'],
        args: ['--epochs', '3'],
        resourcesPerNode: { requests: { cpu: '4', memory: '16Gi' }, limits: { 'nvidia.com/gpu': '2' } },
        env: [{ name: 'NCCL_DEBUG', value: 'INFO' }],
        numNodes: 2,
      },
      suspend: true,
      activeDeadlineSeconds: 3600,
    });
  });

  it('keeps what the form does not show, and drops a removed replica type', () => {
    const source = {
      apiVersion: 'kubeflow.org/v1',
      kind: 'PyTorchJob',
      metadata: { name: 'x', namespace: 'team-a' },
      spec: {
        nprocPerNode: '2',
        pytorchReplicaSpecs: {
          Master: { replicas: 1, template: { spec: { containers: [{ name: 'pytorch', image: 'a' }] } } },
          Worker: {
            replicas: 2,
            template: {
              spec: {
                nodeSelector: { pool: 'gpu' },
                tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists' }],
                volumes: [{ name: 'cfg', configMap: { name: 'cfg' } }],
                containers: [
                  { name: 'sidecar', image: 'busybox' },
                  {
                    name: 'pytorch',
                    image: 'a',
                    env: [{ name: 'TOKEN', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }],
                    volumeMounts: [{ name: 'cfg', mountPath: '/cfg' }],
                    resources: { limits: { cpu: '8' } },
                  },
                ],
              },
            },
          },
        },
      },
    };
    const f = manifestToForm(source);
    expect(f.replicas.map((r) => r.type)).toEqual(['Master', 'Worker']);
    expect(f.replicas[1]?.cpu).toBe('8');
    f.replicas = f.replicas.filter((r) => r.type === 'Worker');
    f.replicas[0] = {
      ...f.replicas[0]!,
      image: 'b',
      env: [{ name: 'A', value: '1' }],
      volumes: [{ name: 'out', type: 'emptyDir', claimName: '', mountPath: '/out' }],
    };
    const m = formToManifest(f) as typeof source;
    expect(Object.keys(m.spec.pytorchReplicaSpecs)).toEqual(['Worker']);
    expect(m.spec.nprocPerNode).toBe('2');
    const pod = m.spec.pytorchReplicaSpecs.Worker.template.spec;
    expect(pod.nodeSelector).toEqual({ pool: 'gpu' });
    expect(pod.tolerations).toHaveLength(1);
    expect(pod.volumes).toEqual([
      { name: 'cfg', configMap: { name: 'cfg' } },
      { name: 'out', emptyDir: {} },
    ]);
    expect(pod.containers[0]).toEqual({ name: 'sidecar', image: 'busybox' });
    expect(pod.containers[1]).toMatchObject({
      name: 'pytorch',
      image: 'b',
      env: [
        { name: 'A', value: '1' },
        { name: 'TOKEN', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } },
      ],
      volumeMounts: [
        { name: 'cfg', mountPath: '/cfg' },
        { name: 'out', mountPath: '/out' },
      ],
      resources: { requests: { cpu: '8' }, limits: { cpu: '8' } },
    });
  });

  it('clones without what the server owns, under a new name', () => {
    const live = {
      apiVersion: 'kubeflow.org/v1',
      kind: 'TFJob',
      metadata: {
        name: 'mnist',
        namespace: 'team-b',
        uid: 'u-1',
        resourceVersion: '42',
        creationTimestamp: '2026-01-01T00:00:00Z',
        generation: 3,
        managedFields: [{ manager: 'kubectl' }],
        ownerReferences: [{ apiVersion: 'v1', kind: 'X', name: 'o', uid: 'o' }],
        labels: { app: 'mnist' },
        annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}', note: 'keep' },
      },
      spec: { tfReplicaSpecs: { Worker: { replicas: 2, template: { spec: { containers: [{ name: 'tensorflow', image: 'tf' }] } } } } },
      status: { conditions: [{ type: 'Running', status: 'True' }] },
    };
    const f = manifestToForm(live, { clone: true });
    expect(f.name).toBe('mnist-copy');
    expect(f.namespace).toBe('team-b');
    expect(f.replicas).toMatchObject([{ type: 'Worker', replicas: 2, image: 'tf' }]);
    const m = formToManifest(f);
    expect(m.status).toBeUndefined();
    expect(m.metadata).toEqual({ name: 'mnist-copy', namespace: 'team-b', labels: { app: 'mnist' }, annotations: { note: 'keep' } });
    // the source object is not changed
    expect(live.metadata.uid).toBe('u-1');
  });

  it('names copies -copy, -copy-2, -copy-3 within 63 characters', () => {
    expect(copyName('mnist')).toBe('mnist-copy');
    expect(copyName('mnist-copy')).toBe('mnist-copy-2');
    expect(copyName('mnist-copy-2')).toBe('mnist-copy-3');
    const long = 'a'.repeat(63);
    expect(copyName(long)).toHaveLength(63);
    expect(copyName(long).endsWith('-copy')).toBe(true);
  });

  it('refuses an object that is not a training job', () => {
    expect(() => manifestToForm({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } })).toThrow(/not a training job kind/);
  });

  it('gives MXJob the mode it requires', () => {
    const m = formToManifest({ ...newJobForm({ group: 'kubeflow.org', version: 'v1', resource: 'mxjobs' }, 'ns'), name: 'mx' }) as {
      spec: { jobMode: string };
    };
    expect(m.spec.jobMode).toBe('MXTrain');
  });
});

describe('server field paths → form fields', () => {
  const pt = { kind: { group: 'kubeflow.org', version: 'v1', resource: 'pytorchjobs' } };
  const tj = { kind: { group: 'trainer.kubeflow.org', version: 'v1alpha1', resource: 'trainjobs' } };

  it('splits dotted, indexed and bracketed paths', () => {
    expect(splitFieldPath('.spec.pytorchReplicaSpecs[Worker].template.spec.containers[0].image')).toEqual([
      'spec',
      'pytorchReplicaSpecs',
      'Worker',
      'template',
      'spec',
      'containers',
      '0',
      'image',
    ]);
  });

  it.each([
    ['spec.pytorchReplicaSpecs.Worker.template.spec.containers[0].image', 'replica.Worker.image'],
    ['spec.pytorchReplicaSpecs.Worker.replicas', 'replica.Worker.replicas'],
    ['.spec.pytorchReplicaSpecs.Worker.replicas', 'replica.Worker.replicas'],
    ['spec.pytorchReplicaSpecs[Master].restartPolicy', 'replica.Master.restartPolicy'],
    ['spec.pytorchReplicaSpecs.Worker.template.spec.containers[0].resources.limits.nvidia.com/gpu', 'replica.Worker.gpus'],
    ['spec.pytorchReplicaSpecs.Worker.template.spec.containers[0].resources.requests.cpu', 'replica.Worker.cpu'],
    ['spec.pytorchReplicaSpecs.Worker.template.spec.containers[0].resources.requests.memory', 'replica.Worker.memory'],
    ['spec.pytorchReplicaSpecs.Worker.template.spec.containers[0].env[1].name', 'replica.Worker.env'],
    ['spec.pytorchReplicaSpecs.Worker.template.spec.containers[0].volumeMounts[0].mountPath', 'replica.Worker.volumes'],
    ['spec.pytorchReplicaSpecs.Worker.template.spec.volumes[0].persistentVolumeClaim.claimName', 'replica.Worker.volumes'],
    ['spec.pytorchReplicaSpecs.Worker.template.metadata.labels', 'replica.Worker.podLabels'],
    ['spec.pytorchReplicaSpecs.Worker.template.spec.nodeSelector', 'replica.Worker'],
    ['spec.runPolicy.backoffLimit', 'runPolicy.backoffLimit'],
    ['metadata.name', 'name'],
    ['metadata.labels', 'labels'],
    ['spec.bogus', undefined],
  ])('%s → %s', (path, field) => {
    expect(formFieldOfPath(pt, path)).toBe(field);
  });

  it.each([
    ['spec.trainer.image', 'trainJob.image'],
    ['spec.trainer.numNodes', 'trainJob.numNodes'],
    ['spec.trainer.resourcesPerNode.limits.nvidia.com/gpu', 'trainJob.gpus'],
    ['spec.runtimeRef.name', 'trainJob.runtimeRef'],
    ['spec.suspend', 'runPolicy.suspend'],
  ])('TrainJob %s → %s', (path, field) => {
    expect(formFieldOfPath(tj, path)).toBe(field);
  });
});

describe('form checks', () => {
  it('asks for a name, a valid name and an image', () => {
    const f = newJobForm({ group: 'kubeflow.org', version: 'v1', resource: 'pytorchjobs' }, 'team-a');
    expect(formProblems(f).map((p) => p.field)).toEqual(['name', 'replica.Master.image', 'replica.Worker.image']);
    f.name = 'Bad_Name';
    expect(formProblems(f)[0]?.message).toMatch(/lower-case/);
  });
});

describe('problem text under a field', () => {
  it('drops the path and says what a quantity is', () => {
    const path = 'spec.pytorchReplicaSpecs.Worker.template.spec.containers[0].resources.limits.nvidia.com/gpu';
    const server = `Invalid value: "two": ${path} in body should match '^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$'`;
    expect(problemText(server, path)).toBe('Invalid value: "two": must be a quantity such as 2, 500m or 16Gi');
    expect(problemText('Invalid value: "x": spec.a.replicas in body must be of type integer: "string"', 'spec.a.replicas')).toBe(
      'Invalid value: "x": must be of type integer: "string"',
    );
    expect(problemText('Required value', 'spec.a')).toBe('Required value');
  });
});
