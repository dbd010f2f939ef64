// SPDX-License-Identifier: Apache-2.0
/**
 * Notebook servers against lab-a through the real services: what the form offers (images from
 * the per-cluster settings, the namespace's PodDefaults with their descriptions, PVCs and who
 * mounts them, StorageClasses); the dry run's problems by object and field; a server made from
 * the form model gets its pod from the lab's Notebook controller with the chosen configuration
 * applied; stop (pod gone, status stopped), start; delete keeping or deleting the workspace
 * volume; and the restricted user is told why she may not create or stop servers in team-b.
 */
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { clustersContract } from '../../shared/features/clusters/clusters.contract';
import { notebookServersContract } from '../../shared/features/notebook-servers/notebook-servers.contract';
import { defaultImages, formToManifests, newNotebookForm, renameServer, type NotebookForm } from '../../shared/kube/notebook-form';
import { summarizeNotebook } from '../../shared/kube/notebook-summary';
import type { KubeObject } from '../../shared/kube/object';
import { startApp, type AppUnderTest } from '../harness/app-under-test';
import { eventually, kubeConfig, labInfo, tempNamespace } from '../harness/lab';

const nbRes = { group: 'kubeflow.org', version: 'v1', plural: 'notebooks' };

describe('notebook servers', () => {
  let ns: { name: string; remove(): Promise<void> };
  let app: AppUnderTest;
  let labA = '';
  let restricted = '';
  const pvs: string[] = [];
  const custom = () => kubeConfig('lab-a').makeApiClient(k8s.CustomObjectsApi);
  const core = () => kubeConfig('lab-a').makeApiClient(k8s.CoreV1Api);
  const getNb = async (name: string) => (await custom().getNamespacedCustomObject({ ...nbRes, namespace: ns.name, name })) as KubeObject;
  const getPod = (name: string) =>
    core()
      .readNamespacedPod({ namespace: ns.name, name })
      .then((p) => p as unknown as KubeObject)
      .catch(() => undefined);
  const status = async (name: string) => summarizeNotebook(await getNb(name), await getPod(`${name}-0`)).status;

  /** A static PV of the lab's StorageClass reserved for one claim, so a new workspace PVC binds. */
  const reservePv = async (claim: string) => {
    const name = `nbs-test-${ns.name}-${claim}`.slice(0, 63);
    await core().createPersistentVolume({
      body: {
        metadata: { name },
        spec: {
          capacity: { storage: '5Gi' },
          accessModes: ['ReadWriteOnce'],
          storageClassName: 'lab-static',
          persistentVolumeReclaimPolicy: 'Delete',
          hostPath: { path: `/tmp/mldeck-test-pv/${name}` },
          claimRef: { namespace: ns.name, name: claim },
        },
      },
    });
    pvs.push(name);
  };

  const form = (name: string, over: Partial<NotebookForm> = {}): NotebookForm => {
    const f = renameServer(newNotebookForm(ns.name), name);
    return { ...f, cpu: '0.5', memory: '1Gi', workspace: f.workspace && { ...f.workspace, storageClass: 'lab-static' }, ...over };
  };

  beforeAll(async () => {
    ns = await tempNamespace('nbs');
    app = await startApp(labInfo().kubeconfig);
    const list = await app.api.call(clustersContract.list, {});
    labA = list.clusters.find((c) => c.contextName === 'lab-a')?.id ?? '';
    restricted = list.clusters.find((c) => c.contextName === 'lab-a-restricted')?.id ?? '';
    expect(labA).not.toBe('');
    expect(restricted).not.toBe('');
    await custom().createNamespacedCustomObject({
      group: 'kubeflow.org',
      version: 'v1alpha1',
      plural: 'poddefaults',
      namespace: ns.name,
      body: {
        apiVersion: 'kubeflow.org/v1alpha1',
        kind: 'PodDefault',
        metadata: { name: 'team-env' },
        spec: { desc: 'Team environment', selector: { matchLabels: { 'team-env': 'true' } }, env: [{ name: 'TEAM', value: 'ml' }] },
      },
    });
  });
  afterAll(async () => {
    app?.close();
    await ns?.remove();
    for (const pv of pvs)
      await core()
        .deletePersistentVolume({ name: pv })
        .catch(() => undefined);
  });

  it('offers the images, the namespace’s PodDefaults, its volumes and the StorageClasses', async () => {
    const o = await app.api.call(notebookServersContract.options, { clusterId: labA, namespace: 'team-a' });
    expect(o.settings.images.jupyter).toEqual(defaultImages.jupyter);
    expect(o.settings.allowCustomImage).toBe(true);
    expect(o.podDefaults).toEqual([
      { name: 'access-ml-pipeline', desc: 'Allow access to Kubeflow Pipelines', labels: { 'access-ml-pipeline': 'true' } },
      { name: 'mlflow-s3', desc: 'MLflow tracking and S3 artifact credentials', labels: { 'mlflow-s3': 'true' } },
    ]);
    expect(o.volumes.find((v) => v.name === 'alice-scipy-workspace')).toMatchObject({ phase: 'Bound', storageClass: 'lab-static', usedBy: ['alice-scipy'] });
    expect(o.storageClasses.map((s) => s.name)).toContain('lab-static');
    expect(o.hasDefaultEditor).toBe(true);
    expect(o.problems).toEqual([]);

    const fresh = await app.api.call(notebookServersContract.options, { clusterId: labA, namespace: ns.name });
    expect(fresh.hasDefaultEditor).toBe(false);
    expect(fresh.podDefaults.map((p) => p.desc)).toEqual(['Team environment']);

    // the list is per cluster and kept by main
    const images = {
      jupyter: ['registry.example.com/team/jupyter:1'],
      'group-one': ['registry.example.com/team/code:1'],
      'group-two': defaultImages['group-two'],
    };
    await app.api.call(notebookServersContract.setSettings, { clusterId: labA, images, allowCustomImage: false });
    expect((await app.api.call(notebookServersContract.options, { clusterId: labA, namespace: ns.name })).settings).toEqual({
      clusterId: labA,
      images,
      allowCustomImage: false,
    });
    expect((await app.api.call(notebookServersContract.settings, { clusterId: restricted })).images.jupyter).toEqual(defaultImages.jupyter);
  });

  it('returns the dry run’s problems by object and field, and creates nothing', async () => {
    const f = form('dry', { serviceAccount: '' });
    f.workspace = { ...f.workspace!, size: '0' };
    f.dataVolumes = [{ type: 'existing', name: 'no-such-claim', size: '', storageClass: '', accessMode: 'ReadWriteOnce', mountPath: '/data' }];
    const m = formToManifests(f);
    const r = await app.api.call(notebookServersContract.create, { clusterId: labA, ...m, dryRun: true });
    expect(r.problems).toBeDefined();
    expect(r.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          target: 'dry-workspace',
          field: expect.stringContaining('spec.resources') as string,
          message: expect.stringContaining('greater than zero') as string,
        }),
        expect.objectContaining({ target: 'no-such-claim', field: 'metadata.name' }),
      ]),
    );
    const ok = await app.api.call(notebookServersContract.create, { clusterId: labA, ...formToManifests(form('dry', { serviceAccount: '' })), dryRun: true });
    expect(ok.problems).toBeUndefined();
    expect(ok.notebook?.metadata.name).toBe('dry');
    const pvcs = await core().listNamespacedPersistentVolumeClaim({ namespace: ns.name });
    expect(pvcs.items).toEqual([]);
    const nbs = (await custom().listNamespacedCustomObject({ ...nbRes, namespace: ns.name })) as { items: unknown[] };
    expect(nbs.items).toEqual([]);
  });

  it('creates the workspace volume then the server; the lab runs its pod with the configuration; stop and start', async () => {
    await reservePv('web-workspace');
    const f = form('web', { serviceAccount: '', configurations: [{ podDefault: 'team-env', labels: { 'team-env': 'true' } }] });
    const r = await app.api.call(notebookServersContract.create, { clusterId: labA, ...formToManifests(f), dryRun: false });
    expect(r.problems).toBeUndefined();
    expect(r.volumes?.map((v) => v.metadata.name)).toEqual(['web-workspace']);

    const pod = await eventually(
      'the server’s pod running',
      async () => {
        const p = await getPod('web-0');
        return (p?.status as { phase?: string } | undefined)?.phase === 'Running' ? p : undefined;
      },
      90_000,
    );
    expect(pod.metadata.labels).toMatchObject({ 'notebook-name': 'web', 'team-env': 'true' });
    const env = ((pod.spec as { containers: { env?: { name: string; value?: string }[] }[] }).containers[0]?.env ?? []).map((e) => e.name);
    expect(env).toContain('TEAM');
    await eventually('ready', async () => ((await status('web')) === 'ready' ? true : undefined), 60_000);
    const created = await getNb('web');
    expect(created.metadata.annotations?.['notebooks.kubeflow.org/server-type']).toBe('jupyter');

    await app.api.call(notebookServersContract.setStopped, { clusterId: labA, namespace: ns.name, name: 'web', stopped: true });
    const stoppedAt = (await getNb('web')).metadata.annotations?.['kubeflow-resource-stopped'];
    expect(stoppedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    await eventually('pod gone and stopped', async () => (!(await getPod('web-0')) && (await status('web')) === 'stopped' ? true : undefined), 90_000);

    await app.api.call(notebookServersContract.setStopped, { clusterId: labA, namespace: ns.name, name: 'web', stopped: false });
    expect((await getNb('web')).metadata.annotations?.['kubeflow-resource-stopped']).toBeUndefined();
    await eventually('ready again', async () => ((await status('web')) === 'ready' ? true : undefined), 90_000);
  });

  it('deletes a server keeping its volume, and another with its volume', async () => {
    // the lab's volumes are static: a new claim with no PV waits (Pending), as it would on a real cluster
    const keep = await app.api.call(notebookServersContract.create, {
      clusterId: labA,
      ...formToManifests(form('keep', { serviceAccount: '' })),
      dryRun: false,
    });
    expect(keep.problems).toBeUndefined();
    const gone = await app.api.call(notebookServersContract.create, {
      clusterId: labA,
      ...formToManifests(form('gone', { serviceAccount: '' })),
      dryRun: false,
    });
    expect(gone.problems).toBeUndefined();
    const pvc = await core().readNamespacedPersistentVolumeClaim({ namespace: ns.name, name: 'keep-workspace' });
    expect(pvc.status?.phase).toBe('Pending');
    // …and the server waits for it, with the scheduler's words
    const waiting = await eventually(
      'keep waiting for its volume',
      async () => {
        const s = summarizeNotebook(await getNb('keep'), await getPod('keep-0'));
        return s.status === 'waiting' && s.reason === 'FailedScheduling' ? s : undefined;
      },
      60_000,
    );
    expect(waiting.message).toMatch(/unbound immediate PersistentVolumeClaims/);

    const foreign = await app.api
      .call(notebookServersContract.delete, { clusterId: labA, namespace: ns.name, name: 'keep', deleteVolumes: ['gone-workspace'] })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect((foreign as AppError).code).toBe('validation');

    expect(await app.api.call(notebookServersContract.delete, { clusterId: labA, namespace: ns.name, name: 'keep', deleteVolumes: [] })).toEqual({
      deletedVolumes: [],
    });
    expect(
      await app.api.call(notebookServersContract.delete, { clusterId: labA, namespace: ns.name, name: 'gone', deleteVolumes: ['gone-workspace'] }),
    ).toEqual({
      deletedVolumes: ['gone-workspace'],
    });
    await eventually('both servers gone', async () => {
      const nbs = (await custom().listNamespacedCustomObject({ ...nbRes, namespace: ns.name })) as { items: KubeObject[] };
      return nbs.items.some((n) => n.metadata.name === 'keep' || n.metadata.name === 'gone') ? undefined : true;
    });
    await eventually('gone-workspace deleted', async () =>
      core()
        .readNamespacedPersistentVolumeClaim({ namespace: ns.name, name: 'gone-workspace' })
        .then(() => undefined)
        .catch(() => true),
    );
    expect((await core().readNamespacedPersistentVolumeClaim({ namespace: ns.name, name: 'keep-workspace' })).metadata?.deletionTimestamp).toBeUndefined();
  });

  it('tells alice she may not create or stop servers in team-b, and refuses it', async () => {
    const b = await app.api.call(notebookServersContract.permissions, { clusterId: restricted, namespace: 'team-b' });
    expect(b.create.allowed).toBe(false);
    expect(b.create.reason).toMatch(/^alice may not create notebooks in team-b/);
    expect(b.patch.reason).toMatch(/^alice may not change notebooks in team-b/);
    expect(b.delete.allowed).toBe(false);
    const a = await app.api.call(notebookServersContract.permissions, { clusterId: restricted, namespace: 'team-a' });
    expect(a.create.allowed).toBe(true);
    expect(a.patch.allowed).toBe(true);

    const f = { ...newNotebookForm('team-b'), name: 'not-allowed', workspace: undefined };
    const refused = await app.api.call(notebookServersContract.create, { clusterId: restricted, ...formToManifests(f), dryRun: true }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((refused as AppError).code).toBe('forbidden');
    const stop = await app.api
      .call(notebookServersContract.setStopped, { clusterId: restricted, namespace: 'team-b', name: 'bob-tabular', stopped: false })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect((stop as AppError).code).toBe('forbidden');
  });
});
