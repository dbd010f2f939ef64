// SPDX-License-Identifier: Apache-2.0
/**
 * The canvas-neutral model of a KFP v2 pipeline that the visual builder edits and the run graph
 * draws: tasks with typed ports, data edges from their logical source (a pipeline parameter, a task
 * output, a loop item) to a task's input port wherever the two sit, dependency edges, and control
 * flow as nested groups (If/Elif/Else branches, ParallelFor, exit handler). The IR's plumbing between
 * DAGs (`pipelinechannel--…` inputs of groups, a loop's collected outputs) is kept on the groups so
 * an imported spec exports unchanged; edits add plumbing the way the kfp compiler names it.
 *
 * Ids are paths of task names from the root DAG (`condition-branches-1/condition-2/announce`), so
 * they are unique even where two DAGs hold tasks of the same name. Nothing here holds layout.
 */
import type {
  IrCachingOptions,
  IrComponentSpec,
  IrExecutorSpec,
  IrInputArtifactSpec,
  IrInputParameterSpec,
  IrOutputArtifactSpec,
  IrOutputParameterSpec,
  IrResources,
  IrRetryPolicy,
  IrRuntimeValue,
  IrTriggerPolicy,
  JsonValue,
  K8sExecutorConfig,
  ParameterType,
} from './ir-types';

/** The id of a task or a group: its path of task names from the root DAG. */
export type ItemId = string;

/** Parameters carry values; artifacts carry files with a schema. */
export type IoKind = 'parameter' | 'artifact';

/** A typed input or output of a task. */
export interface Port {
  name: string;
  io: IoKind;
  /** For parameters. */
  parameterType?: ParameterType;
  /** For artifacts: `system.Dataset`, … */
  schemaTitle?: string;
  /** An artifact list (`List[Dataset]`). */
  isList?: boolean;
  /** Inputs only: may be left open (optional, or has a default). */
  optional: boolean;
  defaultValue?: JsonValue;
  description?: string;
}

/** Where a value comes from, wherever the consumer sits. */
export type Source =
  /** A pipeline parameter (root input). */
  | { kind: 'param'; name: string }
  /** A pipeline input artifact (root input; sub-pipelines have them). */
  | { kind: 'root-artifact'; name: string }
  /** An output of a task (a container task or a sub-pipeline). */
  | { kind: 'output'; item: ItemId; key: string; io: IoKind }
  /** The current item of a ParallelFor group. */
  | { kind: 'loop-item'; group: ItemId }
  /** The final status of a task or group (an exit handler's group), for an exit task. */
  | { kind: 'final-status'; item: ItemId };

/** A value flowing into a task's input port. */
export interface DataEdge {
  kind: 'data';
  id: string;
  from: Source;
  to: { node: ItemId; port: string };
  io: IoKind;
  /** A CEL selector on the value, e.g. a loop item's field: `parseJson(string_value)["w"]`. */
  selector?: string;
}

/** "Run after": `to` waits for `from`; both sit in the same DAG (tasks or groups). */
export interface DependencyEdge {
  kind: 'dependency';
  id: string;
  from: ItemId;
  to: ItemId;
  /** Asked for (`.after()`), not only implied by a data edge. */
  explicit: boolean;
}

/** An edge of the graph. */
export type Edge = DataEdge | DependencyEdge;

/** The per-task settings the builder edits; the container ones live on the task's executor in the IR. */
export interface TaskSettings {
  /** The container image (container tasks). */
  image?: string;
  /** CPU, memory and accelerator requests and limits, as the IR holds them. */
  resources?: IrResources;
  env?: { name: string; value: string }[];
  /** kfp-kubernetes config: Secrets, PVCs, node selectors, tolerations, … */
  kubernetes?: K8sExecutorConfig;
}

/** What runs a task. */
export type TaskKind = 'container' | 'importer' | 'resolver' | 'custom-job' | 'pipeline';

/** A task: a container step, an importer, or a sub-pipeline drawn as one box. */
export interface TaskNode {
  id: ItemId;
  /** Its key in its DAG (unique there). */
  name: string;
  /** The enclosing group, or null in the root DAG. */
  parent: ItemId | null;
  /** `taskInfo.name`: the display name (the key unless renamed). */
  label: string;
  kind: TaskKind;
  /** Its component's name in `components`. */
  component: string;
  inputs: Port[];
  outputs: Port[];
  /** Inputs set to a constant (`runtimeValue`). */
  constants: Record<string, IrRuntimeValue>;
  caching?: IrCachingOptions;
  retry?: IrRetryPolicy;
  trigger?: IrTriggerPolicy;
  settings: TaskSettings;
  /** Task fields this model does not name, passed through. */
  extra?: Record<string, unknown>;
}

/** An input of a group's DAG component: a value passed in from outside (or the loop item). */
export interface Channel {
  name: string;
  io: IoKind;
  spec: IrInputParameterSpec | IrInputArtifactSpec;
  source: Source;
  selector?: string;
}

/** An output of a group's (or the pipeline's) DAG: a value taken out of it (a loop collects a list). */
export interface GroupOutput {
  key: string;
  io: IoKind;
  spec: IrOutputParameterSpec | IrOutputArtifactSpec;
  /** One source, or several for `dsl.OneOf` (`valueFromOneof`). */
  from: Source[];
  oneOf: boolean;
}

/** What a group is. */
export type GroupKind = 'condition-branches' | 'condition' | 'loop' | 'exit-handler';

/** A ParallelFor's iteration. */
export interface LoopIterator {
  io: IoKind;
  /** The loop item's input name in the group. */
  itemInput: string;
  /** The list: a channel of the group (`pipelinechannel--…`) or raw items (JSON text). */
  items: { channel: string } | { raw: string };
  parallelism?: number;
}

/** A control-flow group drawn as a frame around its tasks. */
export interface GroupNode {
  id: ItemId;
  name: string;
  parent: ItemId | null;
  label: string;
  kind: GroupKind;
  component: string;
  channels: Channel[];
  outputs: GroupOutput[];
  /** `triggerPolicy` (a condition's CEL text as compiled). */
  trigger?: IrTriggerPolicy;
  iterator?: LoopIterator;
  extra?: Record<string, unknown>;
  componentExtra?: Record<string, unknown>;
}

/** A pipeline parameter (root input parameter). */
export interface PipelineParam {
  name: string;
  type: ParameterType;
  defaultValue?: JsonValue;
  optional?: boolean;
  description?: string;
  extra?: Record<string, unknown>;
}

/** The whole model. */
export interface PipelineGraph {
  info: { name: string; displayName?: string; description?: string; [field: string]: unknown };
  /** schemaVersion, sdkVersion, defaultPipelineRoot and top-level fields this model does not name. */
  header: Record<string, unknown>;
  params: PipelineParam[];
  /** Root input artifacts (a pipeline used as a sub-pipeline may take them). */
  rootArtifacts: Record<string, IrInputArtifactSpec>;
  /** The pipeline's own outputs. */
  outputs: GroupOutput[];
  /** Components of tasks (container, importer, sub-pipeline), by name; groups' DAG components are made on export. */
  components: Record<string, IrComponentSpec>;
  executors: Record<string, IrExecutorSpec>;
  /** kfp-kubernetes config per executor, as imported (task settings override it on export). */
  kubernetes: Record<string, K8sExecutorConfig>;
  /** The rest of the platform spec (other platforms, pipelineConfig), or undefined when there was none. */
  platformExtra?: Record<string, unknown>;
  nodes: TaskNode[];
  groups: GroupNode[];
  edges: Edge[];
}
