// SPDX-License-Identifier: Apache-2.0
/**
 * The typed shape of a Kubeflow Pipelines v2 pipeline spec (the "IR") as the kfp SDK 2.x compiles
 * it to YAML: `ml_pipelines.PipelineSpec` of `pipeline_spec.proto` (PyPI `kfp-pipeline-spec`) in its
 * JSON form (camelCase names, int64 as strings, Struct/Value as plain JSON), and the optional second
 * YAML document, the `PlatformSpec` that kfp-kubernetes writes (`platforms.kubernetes…`).
 * Objects may carry fields this file does not name (newer SDKs); parsing keeps them.
 */

/** A JSON value (`google.protobuf.Value`). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** `ParameterType.ParameterTypeEnum`. */
export const parameterTypes = ['NUMBER_DOUBLE', 'NUMBER_INTEGER', 'STRING', 'BOOLEAN', 'LIST', 'STRUCT', 'TASK_FINAL_STATUS', 'TASK_CONFIG'] as const;
/** One of {@link parameterTypes}. */
export type ParameterType = (typeof parameterTypes)[number];

/** The artifact schema titles the SDK defines (`kfp.dsl.types.artifact_types`); others are allowed. */
export const artifactSchemaTitles = [
  'system.Artifact',
  'system.Dataset',
  'system.Model',
  'system.Metrics',
  'system.ClassificationMetrics',
  'system.SlicedClassificationMetrics',
  'system.HTML',
  'system.Markdown',
] as const;

/** `ArtifactTypeSchema`: a schema title (with version) or a schema URI or inline schema. */
export interface IrArtifactType {
  schemaTitle?: string;
  schemaUri?: string;
  instanceSchema?: string;
  schemaVersion?: string;
}

/** `ComponentInputsSpec.ParameterSpec`. */
export interface IrInputParameterSpec {
  parameterType?: ParameterType;
  /** The deprecated v1 primitive type (`INT`, `DOUBLE`, `STRING`). */
  type?: string;
  defaultValue?: JsonValue;
  isOptional?: boolean;
  description?: string;
  literals?: JsonValue[];
}

/** `ComponentInputsSpec.ArtifactSpec`. */
export interface IrInputArtifactSpec {
  artifactType: IrArtifactType;
  isArtifactList?: boolean;
  isOptional?: boolean;
  description?: string;
}

/** `ComponentInputsSpec`. */
export interface IrInputsSpec {
  parameters?: Record<string, IrInputParameterSpec>;
  artifacts?: Record<string, IrInputArtifactSpec>;
}

/** `ComponentOutputsSpec.ParameterSpec`. */
export interface IrOutputParameterSpec {
  parameterType?: ParameterType;
  type?: string;
  description?: string;
}

/** `ComponentOutputsSpec.ArtifactSpec`. */
export interface IrOutputArtifactSpec {
  artifactType: IrArtifactType;
  isArtifactList?: boolean;
  description?: string;
  metadata?: Record<string, JsonValue>;
  properties?: Record<string, JsonValue>;
  customProperties?: Record<string, JsonValue>;
}

/** `ComponentOutputsSpec`. */
export interface IrOutputsSpec {
  parameters?: Record<string, IrOutputParameterSpec>;
  artifacts?: Record<string, IrOutputArtifactSpec>;
}

/** `ValueOrRuntimeParameter`: how `runtimeValue` carries a constant. */
export interface IrRuntimeValue {
  constant?: JsonValue;
  runtimeParameter?: string;
}

/** `TaskInputsSpec.InputParameterSpec`: exactly one of the four kinds, plus an optional selector. */
export interface IrInputParameterBinding {
  /** An input of the enclosing component (a pipeline parameter or a `pipelinechannel--…` of a group). */
  componentInputParameter?: string;
  /** An output parameter of a sibling task (a task or a group's DAG output). */
  taskOutputParameter?: { producerTask: string; outputParameterKey: string };
  /** A constant. */
  runtimeValue?: IrRuntimeValue;
  /** The final status of a sibling (the exit handler's group), for an exit task. */
  taskFinalStatus?: { producerTask: string };
  /** A CEL expression applied to the value, e.g. `parseJson(string_value)["w"]` for a loop item's field. */
  parameterExpressionSelector?: string;
}

/** `TaskInputsSpec.InputArtifactSpec`. */
export interface IrInputArtifactBinding {
  componentInputArtifact?: string;
  taskOutputArtifact?: { producerTask: string; outputArtifactKey: string };
}

/** `TaskInputsSpec`. */
export interface IrTaskInputs {
  parameters?: Record<string, IrInputParameterBinding>;
  artifacts?: Record<string, IrInputArtifactBinding>;
}

/** `PipelineTaskSpec.TriggerPolicy`. */
export interface IrTriggerPolicy {
  /** A CEL expression over `inputs.parameter_values['…']` (dsl.If / Elif / Else). */
  condition?: string;
  strategy?: 'TRIGGER_STRATEGY_UNSPECIFIED' | 'ALL_UPSTREAM_TASKS_SUCCEEDED' | 'ALL_UPSTREAM_TASKS_COMPLETED';
}

/** `ParameterIteratorSpec` (dsl.ParallelFor over a parameter or raw items). */
export interface IrParameterIterator {
  /** The loop item's input name in the loop's component. */
  itemInput: string;
  /** The list: an input of the loop's component, or the items as a JSON string. */
  items: { inputParameter?: string; raw?: string };
}

/** `ArtifactIteratorSpec` (dsl.ParallelFor over a list of artifacts). */
export interface IrArtifactIterator {
  itemInput: string;
  items: { inputArtifact?: string };
}

/** `PipelineTaskSpec.RetryPolicy` (durations as `"30s"`). */
export interface IrRetryPolicy {
  maxRetryCount?: number;
  backoffDuration?: string;
  backoffFactor?: number;
  backoffMaxDuration?: string;
}

/** `PipelineTaskSpec.CachingOptions`; `{}` means caching off. */
export interface IrCachingOptions {
  enableCache?: boolean;
  cacheKey?: string;
}

/** `PipelineTaskSpec`: one task of a DAG. */
export interface IrTaskSpec {
  taskInfo: { name: string };
  componentRef: { name: string };
  inputs?: IrTaskInputs;
  dependentTasks?: string[];
  cachingOptions?: IrCachingOptions;
  triggerPolicy?: IrTriggerPolicy;
  parameterIterator?: IrParameterIterator;
  artifactIterator?: IrArtifactIterator;
  /** dsl.ParallelFor's `parallelism`. */
  iteratorPolicy?: { parallelismLimit?: number };
  retryPolicy?: IrRetryPolicy;
}

/** `DagOutputsSpec.ParameterSelectorSpec`. */
export interface IrParameterSelector {
  producerSubtask: string;
  outputParameterKey: string;
}

/** `DagOutputsSpec`: how a DAG's outputs come from its tasks (also a ParallelFor's collected outputs). */
export interface IrDagOutputs {
  parameters?: Record<string, { valueFromParameter?: IrParameterSelector; valueFromOneof?: { parameterSelectors: IrParameterSelector[] } }>;
  artifacts?: Record<string, { artifactSelectors: { producerSubtask: string; outputArtifactKey: string }[] }>;
}

/** `DagSpec`. */
export interface IrDagSpec {
  tasks: Record<string, IrTaskSpec>;
  outputs?: IrDagOutputs;
}

/** `ComponentSpec`: a container (or importer…) component by `executorLabel`, or a DAG. */
export interface IrComponentSpec {
  inputDefinitions?: IrInputsSpec;
  outputDefinitions?: IrOutputsSpec;
  executorLabel?: string;
  dag?: IrDagSpec;
}

/** `ResourceSpec.AcceleratorConfig` (kfp 2.x writes both the old and the new names). */
export interface IrAccelerator {
  type?: string;
  /** int64, so a string in JSON. */
  count?: string | number;
  resourceType?: string;
  resourceCount?: string;
}

/** `PipelineContainerSpec.ResourceSpec`: numbers (deprecated, CPU cores / GB) and Kubernetes quantities. */
export interface IrResources {
  cpuLimit?: number;
  memoryLimit?: number;
  cpuRequest?: number;
  memoryRequest?: number;
  resourceCpuLimit?: string;
  resourceMemoryLimit?: string;
  resourceCpuRequest?: string;
  resourceMemoryRequest?: string;
  accelerator?: IrAccelerator;
}

/** `PipelineContainerSpec`. */
export interface IrContainerSpec {
  image: string;
  command?: string[];
  args?: string[];
  env?: { name: string; value: string }[];
  resources?: IrResources;
  lifecycle?: { preCacheCheck?: { command?: string[]; args?: string[] } };
}

/** `ImporterSpec` (dsl.importer). */
export interface IrImporterSpec {
  artifactUri: IrRuntimeValue;
  typeSchema: IrArtifactType;
  reimport?: boolean;
  metadata?: Record<string, JsonValue>;
  downloadToWorkspace?: boolean;
}

/** `PipelineDeploymentConfig.ExecutorSpec`. */
export interface IrExecutorSpec {
  container?: IrContainerSpec;
  importer?: IrImporterSpec;
  resolver?: { outputArtifactQueries?: Record<string, { filter?: string; limit?: number }> };
  customJob?: { customJob?: Record<string, JsonValue> };
}

/** `PipelineSpec`, the first YAML document. */
export interface IrPipelineSpec {
  pipelineInfo: { name: string; displayName?: string; description?: string };
  components?: Record<string, IrComponentSpec>;
  deploymentSpec?: { executors?: Record<string, IrExecutorSpec> };
  root: IrComponentSpec;
  schemaVersion?: string;
  sdkVersion?: string;
  defaultPipelineRoot?: string;
}

/** How kfp-kubernetes names a Secret or PVC: a constant, or a pipeline/task parameter. */
export interface K8sNameParameter {
  runtimeValue?: { constant?: JsonValue };
  componentInputParameter?: string;
  taskOutputParameter?: { producerTask: string; outputParameterKey: string };
}

/** `kubernetes_executor_config.SecretAsVolume`. */
export interface K8sSecretAsVolume {
  /** Deprecated: the name when constant (still written). */
  secretName?: string;
  secretNameParameter?: K8sNameParameter;
  mountPath: string;
  optional?: boolean;
}

/** `kubernetes_executor_config.SecretAsEnv`. */
export interface K8sSecretAsEnv {
  secretName?: string;
  secretNameParameter?: K8sNameParameter;
  keyToEnv: { secretKey: string; envVar: string }[];
  optional?: boolean;
}

/** `kubernetes_executor_config.PvcMount`. */
export interface K8sPvcMount {
  /** Deprecated: the claim name when constant. */
  constant?: string;
  taskOutputParameter?: { producerTask: string; outputParameterKey: string };
  componentInputParameter?: string;
  pvcNameParameter?: K8sNameParameter;
  mountPath: string;
  subPath?: string;
}

/** `kubernetes_executor_config.Toleration` (`tolerationSeconds` is int64: a string). */
export interface K8sToleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
  tolerationSeconds?: string | number;
}

/** `KubernetesExecutorConfig`: the Kubernetes settings of one executor (the fields the builder edits named). */
export interface K8sExecutorConfig {
  secretAsVolume?: K8sSecretAsVolume[];
  secretAsEnv?: K8sSecretAsEnv[];
  pvcMount?: K8sPvcMount[];
  nodeSelector?: { labels?: Record<string, string>; nodeSelectorJson?: JsonValue };
  tolerations?: K8sToleration[];
  [field: string]: unknown;
}

/** `PlatformSpec`, the second YAML document. */
export interface IrPlatformSpec {
  platforms: {
    kubernetes?: {
      deploymentSpec?: { executors?: Record<string, K8sExecutorConfig> };
      pipelineConfig?: Record<string, JsonValue>;
      [field: string]: unknown;
    };
    [platform: string]: unknown;
  };
}

/** A parsed IR file: the pipeline spec and, when present, its platform spec. */
export interface IrDocument {
  spec: IrPipelineSpec;
  platform?: IrPlatformSpec;
}
