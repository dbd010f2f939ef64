// SPDX-License-Identifier: Apache-2.0
/** The new-job page's pure parts: kinds offered, the starting kind, switching kind, problem placement, why Create is blocked. */
import { describe, expect, it } from 'vitest';
import { newJobForm } from '../../../shared/kube/job-form';
import { trainingKindKey, trainingKinds } from '../../../shared/kube/training-kinds';
import { createBlocked, jobCodec, jobDraft, jobPlacement, servedKinds, startingKind, switchKind } from './new-job-model';

const pytorch = trainingKinds.find((k) => k.resource === 'pytorchjobs');
const tfjob = trainingKinds.find((k) => k.resource === 'tfjobs');
if (!pytorch || !tfjob) throw new Error('the training kinds changed');
const allowed = { allowed: true, reason: '' };
const perms = { user: 'alice', create: allowed, patch: allowed, delete: allowed };

describe('new-job model', () => {
  it('offers only served kinds and starts with the route’s kind, else PyTorchJob, else the first served', () => {
    const served = servedKinds(new Set([trainingKindKey(tfjob), trainingKindKey(pytorch)]));
    expect(served.map((k) => k.resource).sort()).toEqual(['pytorchjobs', 'tfjobs']);
    expect(servedKinds(undefined)).toEqual([]);
    expect(startingKind(served, tfjob)).toBe(tfjob);
    expect(startingKind(served, { group: 'x', version: 'v1', resource: 'nope' })).toBe(pytorch);
    expect(startingKind([tfjob], undefined)).toBe(tfjob);
    expect(startingKind([], undefined)).toBeUndefined();
  });

  it('switching kind keeps the name, labels and what the first container runs', () => {
    const f = newJobForm(pytorch, 'team-a');
    f.name = 'mine';
    f.labels = [{ name: 'team', value: 'a' }];
    const first = f.replicas[0];
    if (!first) throw new Error('no replica');
    f.replicas[0] = { ...first, image: 'img:1', command: ['python', 'train.py'], gpus: '2' };
    const t = switchKind(f, tfjob);
    expect(t.kind).toMatchObject({ resource: 'tfjobs' });
    expect(t.name).toBe('mine');
    expect(t.labels).toEqual(f.labels);
    expect(t.replicas.every((r) => r.image === 'img:1' && r.gpus === '2' && r.command.join(' ') === 'python train.py')).toBe(true);
  });

  it('places the server’s problems at the form’s fields and reads its own drafts back', () => {
    const f = newJobForm(pytorch, 'team-a');
    expect(jobPlacement.fieldOf(f, { field: 'spec.pytorchReplicaSpecs.Worker.replicas', message: 'x' })).toBe('replica.Worker.replicas');
    expect(jobPlacement.textOf?.({ field: 'spec.pytorchReplicaSpecs.Worker.replicas', message: 'Invalid value: -1' })).toMatch(/Invalid value/);
    expect(jobPlacement.fieldOf(f, { field: '', message: 'x' })).toBeUndefined();
    expect(jobDraft.isForm(f)).toBe(true);
    expect(jobDraft.isForm({ name: 'x' })).toBe(false);
    expect(jobCodec.toForm(jobCodec.fromYaml(jobCodec.toYaml(jobCodec.toManifest(f)))).kind).toEqual(f.kind);
  });

  it('blocks Create with the reason: a kind not served (or not known to be), or RBAC', () => {
    const base = { clusterName: 'lab-a', kind: tfjob, served: [pytorch], kindsKnown: true, kindsFailed: false, permissions: perms };
    expect(createBlocked(base)).toBe('lab-a does not serve TFJob.');
    expect(createBlocked({ ...base, kindsFailed: true })).toMatch(/does not know whether lab-a serves TFJob; your draft is kept/);
    expect(createBlocked({ ...base, served: [tfjob] })).toBeUndefined();
    expect(createBlocked({ ...base, kindsKnown: false })).toBeUndefined();
    const denied = { ...perms, create: { allowed: false, reason: 'alice may not create tfjobs in team-b' } };
    expect(createBlocked({ ...base, served: [tfjob], permissions: denied })).toBe('alice may not create tfjobs in team-b');
  });
});
