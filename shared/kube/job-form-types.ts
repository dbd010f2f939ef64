// SPDX-License-Identifier: Apache-2.0
/** The new-job form's model: what each field of the form holds (see `job-form.ts`). */

/** A name/value pair (labels, annotations, env). */
export interface NameValue {
  name: string;
  value: string;
}

/** A volume mounted into the main container. */
export interface VolumeForm {
  /** The pod volume's name. */
  name: string;
  /** A PersistentVolumeClaim or a scratch emptyDir. */
  type: 'pvc' | 'emptyDir';
  /** For `pvc`: the claim's name. */
  claimName: string;
  mountPath: string;
}

/** What one replica type (or TrainJob's trainer) runs. */
export interface ContainerForm {
  image: string;
  /** One argument per item; empty = the image's entrypoint. */
  command: string[];
  args: string[];
  /** CPU request as a quantity (`"4"`, `"500m"`); empty = none. */
  cpu: string;
  /** Memory request as a quantity (`"16Gi"`); empty = none. */
  memory: string;
  /** `nvidia.com/gpu` limit as a quantity (`"2"`); empty = none. */
  gpus: string;
  /** Plain env values (env from secrets/config maps stays in `base`). */
  env: NameValue[];
  volumes: VolumeForm[];
}

/** One replica type of a Training Operator job. */
export interface ReplicaForm extends ContainerForm {
  /** The replica type key (`Master`, `Worker`…). */
  type: string;
  replicas: number;
  /** `Always`, `OnFailure`, `Never`, `ExitCode`, or empty for the operator's default. */
  restartPolicy: string;
  /** Labels of the pod template. */
  podLabels: NameValue[];
  /** Annotations of the pod template. */
  podAnnotations: NameValue[];
}

/** `spec.runPolicy` (TrainJob: only `suspend` and `activeDeadlineSeconds`, at `spec`). */
export interface RunPolicyForm {
  /** `All`, `Running`, `None`, or empty for the default. */
  cleanPodPolicy: string;
  backoffLimit: number | undefined;
  activeDeadlineSeconds: number | undefined;
  ttlSecondsAfterFinished: number | undefined;
  suspend: boolean;
}

/** TrainJob's own fields. */
export interface TrainJobForm extends ContainerForm {
  /** `spec.runtimeRef.name`, e.g. `torch-distributed`. */
  runtimeRef: string;
  /** `ClusterTrainingRuntime` (default) or `TrainingRuntime`. */
  runtimeKind: string;
  numNodes: number | undefined;
}

/** The whole form. */
export interface JobForm {
  kind: { group: string; version: string; resource: string };
  name: string;
  namespace: string;
  labels: NameValue[];
  /** Training Operator kinds: the replica types in use. Empty for TrainJob. */
  replicas: ReplicaForm[];
  runPolicy: RunPolicyForm;
  /** TrainJob only. */
  trainJob: TrainJobForm | undefined;
  /** The manifest the form was made from; fields the form does not show are taken from it. */
  base: Record<string, unknown> | undefined;
}
