// SPDX-License-Identifier: Apache-2.0
/**
 * The Kubeflow CRDs of each lab cluster, read from the Go module cache of the pinned
 * upstream modules (nothing of them is committed). MPIJob v1 (Training Operator) goes on
 * lab-a and the MPI Operator's v2beta1 on lab-b, as real clusters differ; so does Kubeflow's
 * PVCViewer (lab-a only; its CRD is written from upstream's types, as the Tensorboard's).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { LabCluster } from './control-plane.ts';
import { goModuleDir } from './go-modules.ts';
import { kubectl } from './kwok.ts';
import { repoRoot } from './paths.ts';

/** A pinned upstream module and the CRD files inside it. */
interface CrdSource {
  module: string;
  version: string;
  files: string[];
  clusters: ('lab-a' | 'lab-b')[];
}

const trainingV1 = (names: string[]) => names.map((n) => `manifests/base/crds/kubeflow.org_${n}.yaml`);

/** Every upstream CRD source the lab loads. */
export const crdSources: CrdSource[] = [
  {
    module: 'github.com/kubeflow/training-operator',
    version: 'v1.9.4',
    files: trainingV1(['tfjobs', 'pytorchjobs', 'xgboostjobs', 'paddlejobs', 'jaxjobs']),
    clusters: ['lab-a', 'lab-b'],
  },
  { module: 'github.com/kubeflow/training-operator', version: 'v1.9.4', files: trainingV1(['mpijobs']), clusters: ['lab-a'] },
  // MXJob was dropped after the 1.7 line; its last CRD comes from v1.7.0
  { module: 'github.com/kubeflow/training-operator', version: 'v1.7.0', files: trainingV1(['mxjobs']), clusters: ['lab-a', 'lab-b'] },
  { module: 'github.com/kubeflow/mpi-operator', version: 'v0.6.0', files: ['manifests/base/kubeflow.org_mpijobs.yaml'], clusters: ['lab-b'] },
  {
    module: 'github.com/kubeflow/trainer/v2',
    version: 'v2.2.1',
    files: ['trainjobs', 'trainingruntimes', 'clustertrainingruntimes'].map((n) => `manifests/base/crds/trainer.kubeflow.org_${n}.yaml`),
    clusters: ['lab-a', 'lab-b'],
  },
  { module: 'sigs.k8s.io/jobset', version: 'v0.10.1', files: ['config/components/crd/bases/jobset.x-k8s.io_jobsets.yaml'], clusters: ['lab-a', 'lab-b'] },
  {
    module: 'github.com/kubeflow/katib',
    version: 'v0.19.0',
    files: ['experiment', 'trial', 'suggestion'].map((n) => `manifests/v1beta1/components/crd/${n}.yaml`),
    clusters: ['lab-a', 'lab-b'],
  },
  {
    module: 'github.com/kserve/kserve',
    version: 'v0.20.0',
    files: ['inferenceservices', 'servingruntimes', 'clusterservingruntimes', 'inferencegraphs', 'trainedmodels'].map(
      (n) => `config/crd/full/serving.kserve.io_${n}.yaml`,
    ),
    clusters: ['lab-a'],
  },
];

/** Files of every CRD for a cluster (absolute paths). */
export function crdFiles(cluster: 'lab-a' | 'lab-b'): string[] {
  const files: string[] = [];
  for (const src of crdSources.filter((s) => s.clusters.includes(cluster))) {
    const dir = goModuleDir(src.module, src.version);
    for (const f of src.files) {
      const path = join(dir, f);
      if (!existsSync(path)) throw new Error(`CRD file missing in ${src.module}@${src.version}: ${f}`);
      files.push(path);
    }
  }
  files.push(join(repoRoot, 'test', 'lab', 'manifests', 'hand-written-crds.yaml'));
  files.push(join(repoRoot, 'test', 'lab', 'manifests', 'tensorboard-crd.yaml'));
  // Kubeflow's PVCViewer: written from its types (see the file: its module cannot be downloaded)
  if (cluster === 'lab-a') files.push(join(repoRoot, 'test', 'lab', 'manifests', 'pvcviewer-crd.yaml'));
  return files;
}

/**
 * Creates the CRDs a cluster lacks (create, not apply: the largest is ~2 MB and client-side
 * apply's annotation is capped at 256 KB) and waits until they are Established.
 */
export function applyCrds(c: LabCluster): void {
  const have = new Set(kubectl(c, ['get', 'crd', '-o', 'name']).split('\n').filter(Boolean));
  for (const file of crdFiles(c.name)) {
    const names = kubectl(c, ['create', '--dry-run=client', '-o', 'name', '-f', file]).split('\n').filter(Boolean);
    if (names.every((n) => have.has(n))) continue;
    try {
      kubectl(c, ['create', '-f', file]);
    } catch (e) {
      const stderr = String((e as { stderr?: string }).stderr ?? e);
      const problems = stderr.split('\n').filter((l) => l.trim() && !l.includes('AlreadyExists') && !l.includes('already exists'));
      if (problems.length) throw new Error(`creating CRDs from ${file} failed:\n${problems.join('\n')}`, { cause: e });
    }
  }
  kubectl(c, ['wait', '--for=condition=Established', '--timeout=120s', 'crd', '--all']);
}
