// SPDX-License-Identifier: Apache-2.0
/**
 * The training-job kinds MLDeck knows: Training Operator v1 (`kubeflow.org/v1`), the MPI
 * Operator (`kubeflow.org/v2beta1` MPIJob) and Kubeflow Trainer v2 (`trainer.kubeflow.org`
 * TrainJob). Each entry says where its replica specs live and how its pods are labelled, so
 * lists, details, forms and the GPU view share one description.
 */

/** How a kind's pods are found and grouped. */
export interface PodLabels {
  /** The label whose value is the job's name. */
  jobName: string;
  /** The label whose value is the replica type (lower-cased for Training Operator v1) or replicated job. */
  replicaType: string;
  /** The label whose value is the replica index. */
  replicaIndex: string;
}

/** One training-job kind. */
export interface TrainingKind {
  group: string;
  version: string;
  resource: string;
  kind: string;
  /** Shown to users; MPIJob v1 and v2beta1 are told apart. */
  title: string;
  /** `spec.<field>` holding the replica specs; undefined for TrainJob. */
  replicaSpecsField: string | undefined;
  /** Replica types in the order users expect them. */
  replicaTypes: string[];
  /** The container the operator configures. */
  defaultContainer: string;
  /** Where `suspend` lives: `spec.runPolicy.suspend` or `spec.suspend`. */
  suspendPath: readonly string[];
  pods: PodLabels;
}

const operatorPods: PodLabels = {
  jobName: 'training.kubeflow.org/job-name',
  replicaType: 'training.kubeflow.org/replica-type',
  replicaIndex: 'training.kubeflow.org/replica-index',
};

const v1 = (resource: string, kind: string, field: string, replicaTypes: string[], container: string, title = kind): TrainingKind => ({
  group: 'kubeflow.org',
  version: 'v1',
  resource,
  kind,
  title,
  replicaSpecsField: field,
  replicaTypes,
  defaultContainer: container,
  suspendPath: ['spec', 'runPolicy', 'suspend'],
  pods: operatorPods,
});

/** Every training-job kind, in the order the jobs list offers them. */
export const trainingKinds: readonly TrainingKind[] = [
  v1('pytorchjobs', 'PyTorchJob', 'pytorchReplicaSpecs', ['Master', 'Worker'], 'pytorch'),
  v1('tfjobs', 'TFJob', 'tfReplicaSpecs', ['Chief', 'Master', 'PS', 'Worker', 'Evaluator'], 'tensorflow'),
  v1('mpijobs', 'MPIJob', 'mpiReplicaSpecs', ['Launcher', 'Worker'], 'mpi', 'MPIJob (v1)'),
  {
    ...v1('mpijobs', 'MPIJob', 'mpiReplicaSpecs', ['Launcher', 'Worker'], 'mpi', 'MPIJob (v2beta1)'),
    version: 'v2beta1',
  },
  v1('xgboostjobs', 'XGBoostJob', 'xgbReplicaSpecs', ['Master', 'Worker'], 'xgboost'),
  v1('paddlejobs', 'PaddleJob', 'paddleReplicaSpecs', ['Master', 'Worker'], 'paddle'),
  v1('jaxjobs', 'JAXJob', 'jaxReplicaSpecs', ['Worker'], 'jax'),
  v1('mxjobs', 'MXJob', 'mxReplicaSpecs', ['Scheduler', 'Server', 'Worker', 'TunerTracker', 'TunerServer', 'Tuner'], 'mxnet'),
  {
    group: 'trainer.kubeflow.org',
    version: 'v1alpha1',
    resource: 'trainjobs',
    kind: 'TrainJob',
    title: 'TrainJob',
    replicaSpecsField: undefined,
    replicaTypes: ['dataset-initializer', 'model-initializer', 'launcher', 'node'],
    defaultContainer: 'node',
    suspendPath: ['spec', 'suspend'],
    pods: {
      jobName: 'jobset.sigs.k8s.io/jobset-name',
      replicaType: 'jobset.sigs.k8s.io/replicatedjob-name',
      replicaIndex: 'jobset.sigs.k8s.io/job-index',
    },
  },
];

/** `group/version/resource`, the key a kind goes by in routes and maps. */
export function trainingKindKey(k: { group: string; version: string; resource: string }): string {
  return `${k.group}/${k.version}/${k.resource}`;
}

/** The kind with this group, version and resource, if it is a training kind. */
export function findTrainingKind(k: { group: string; version: string; resource: string }): TrainingKind | undefined {
  const key = trainingKindKey(k);
  return trainingKinds.find((t) => trainingKindKey(t) === key);
}

/** The kind of an object by its apiVersion and kind. */
export function trainingKindOf(o: { apiVersion?: string; kind?: string }): TrainingKind | undefined {
  return trainingKinds.find((t) => `${t.group}/${t.version}` === o.apiVersion && t.kind === o.kind);
}

/** The label selector of a job's pods. */
export function jobPodSelector(k: TrainingKind, jobName: string): string {
  return `${k.pods.jobName}=${jobName}`;
}
