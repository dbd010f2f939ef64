// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { formFieldOf, formProblems, formToManifests, manifestsToForm, newDataVolume, newNotebookForm, renameServer, scaleQuantity } from './notebook-form';

describe('the notebook-server form', () => {
  const filled = () => {
    let f = renameServer(newNotebookForm('team-a'), 'eda');
    f = { ...f, cpu: '2', memory: '4Gi', gpuVendor: 'nvidia.com/gpu', gpuCount: 1 };
    f.configurations = [{ podDefault: 'mlflow-s3', labels: { 'mlflow-s3': 'true' } }];
    f.dataVolumes = [{ ...newDataVolume('eda', 1), type: 'existing', name: 'shared-data', mountPath: '/data' }];
    return f;
  };

  it('makes the Notebook as the Jupyter web app does, and a PVC for each new volume', () => {
    const { notebook, volumes } = formToManifests(filled());
    expect(notebook).toMatchObject({
      apiVersion: 'kubeflow.org/v1',
      kind: 'Notebook',
      metadata: {
        name: 'eda',
        namespace: 'team-a',
        labels: { app: 'eda', 'mlflow-s3': 'true' },
        annotations: { 'notebooks.kubeflow.org/server-type': 'jupyter' },
      },
      spec: { template: { metadata: { labels: { 'mlflow-s3': 'true' } }, spec: { serviceAccountName: 'default-editor' } } },
    });
    const spec = (notebook.spec as { template: { spec: { containers: Record<string, unknown>[]; volumes: unknown[] } } }).template.spec;
    expect(spec.containers[0]).toMatchObject({
      name: 'eda',
      image: 'kubeflownotebookswg/jupyter-scipy:v1.9.0',
      resources: { requests: { cpu: '2', memory: '4Gi' }, limits: { cpu: '2.4', memory: '4.8Gi', 'nvidia.com/gpu': '1' } },
      volumeMounts: [
        { name: 'eda-workspace', mountPath: '/home/jovyan' },
        { name: 'shared-data', mountPath: '/data' },
        { name: 'dshm', mountPath: '/dev/shm' },
      ],
    });
    expect(spec.volumes).toEqual([
      { name: 'eda-workspace', persistentVolumeClaim: { claimName: 'eda-workspace' } },
      { name: 'shared-data', persistentVolumeClaim: { claimName: 'shared-data' } },
      { name: 'dshm', emptyDir: { medium: 'Memory' } },
    ]);
    expect(volumes).toEqual([
      {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name: 'eda-workspace', namespace: 'team-a' },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '5Gi' } } },
      },
    ]);
  });

  it('sets the rewrite annotations of VS Code and RStudio servers', () => {
    const rs = formToManifests({ ...filled(), serverType: 'group-two' }).notebook.metadata as { annotations: Record<string, string> };
    expect(rs.annotations['notebooks.kubeflow.org/http-rewrite-uri']).toBe('/');
    expect(JSON.parse(rs.annotations['notebooks.kubeflow.org/http-headers-request-set'] ?? '{}')).toEqual({ 'X-RStudio-Root-Path': '/notebook/team-a/eda/' });
    const vs = formToManifests({ ...filled(), serverType: 'group-one' }).notebook.metadata as { annotations: Record<string, string> };
    expect(vs.annotations['notebooks.kubeflow.org/http-headers-request-set']).toBeUndefined();
  });

  it('comes back from its manifests to the same form', () => {
    const f = { ...filled(), cpuLimit: '3', workspace: { ...filled().workspace!, storageClass: 'lab-static', accessMode: 'ReadWriteMany' as const } };
    const back = manifestsToForm(formToManifests(f), [
      { name: 'mlflow-s3', labels: { 'mlflow-s3': 'true' } },
      { name: 'other', labels: { other: 'true' } },
    ]);
    expect(back).toEqual(f);
    const none = { ...f, workspace: undefined, shm: false, dataVolumes: [], configurations: [], gpuCount: 0, gpuVendor: '' };
    expect(manifestsToForm(formToManifests(none))).toEqual(none);
  });

  it('carries templated volume names along when the server is renamed', () => {
    let f = renameServer(newNotebookForm('ns'), 'a');
    f.dataVolumes = [newDataVolume('a', 1), { ...newDataVolume('a', 2), name: 'kept' }];
    f = renameServer(f, 'b');
    expect([f.workspace?.name, ...f.dataVolumes.map((v) => v.name)]).toEqual(['b-workspace', 'b-datavol-1', 'kept']);
  });

  it('scales quantities in their own unit for the limits', () => {
    expect(['0.5', '1Gi', '500m', '4', 'x'].map((q) => scaleQuantity(q, 1.2))).toEqual(['0.6', '1.2Gi', '600m', '4.8', 'x']);
  });

  it('finds its own problems and places the server’s on fields', () => {
    const f = { ...newNotebookForm('ns'), name: 'Bad_Name', cpu: 'lots', gpuCount: 2 };
    f.dataVolumes = [{ ...newDataVolume('x', 1), mountPath: '/home/jovyan' }];
    const fields = formProblems(f).map((p) => p.field);
    expect(fields).toEqual(expect.arrayContaining(['name', 'cpu', 'gpuVendor', 'workspace.name', 'workspace.mountPath', 'dataVolumes.0.mountPath']));
    expect(formProblems(filled())).toEqual([]);

    const g = filled();
    expect(formFieldOf(g, 'notebook', 'metadata.name')).toBe('name');
    expect(formFieldOf(g, 'notebook', 'spec.template.spec.containers[0].resources.limits[nvidia.com/gpu]')).toBe('gpuCount');
    expect(formFieldOf(g, 'eda-workspace', 'spec.resources.requests[storage]')).toBe('workspace.size');
    expect(formFieldOf(g, 'shared-data', 'metadata.name')).toBe('dataVolumes.0.name');
    expect(formFieldOf(g, 'nobody', 'spec')).toBeUndefined();
  });
});
