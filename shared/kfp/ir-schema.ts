// SPDX-License-Identifier: Apache-2.0
/**
 * zod schemas of the pipeline IR (ir-types.ts) used to check a parsed YAML document. Objects are
 * loose: fields the schema does not name are kept, so a spec from a newer SDK round-trips. The
 * schemas check what the model relies on (names, references, types), not every proto rule.
 */
import { z } from 'zod';
import type { IrPipelineSpec, IrPlatformSpec, JsonValue } from './ir-types';
import { parameterTypes } from './ir-types';

/** Any JSON value (a cheap check: z.json() is a recursive union, slow on specs with many constants). */
function isJson(v: unknown, depth = 0): boolean {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v);
  if (depth > 64 || typeof v !== 'object') return false;
  if (Array.isArray(v)) return v.every((x) => isJson(x, depth + 1));
  return Object.values(v).every((x) => isJson(x, depth + 1));
}
const json = z.custom<JsonValue>((v) => isJson(v), 'expected a JSON value');
const str = z.string();
const record = <T extends z.ZodType>(value: T) => z.record(z.string(), value);

const artifactType = z.looseObject({ schemaTitle: str.optional(), schemaUri: str.optional(), instanceSchema: str.optional(), schemaVersion: str.optional() });
const parameterType = z.enum(parameterTypes);

const inputsSpec = z.looseObject({
  parameters: record(
    z.looseObject({
      parameterType: parameterType.optional(),
      type: str.optional(),
      defaultValue: json.optional(),
      isOptional: z.boolean().optional(),
      description: str.optional(),
      literals: z.array(json).optional(),
    }),
  ).optional(),
  artifacts: record(
    z.looseObject({ artifactType, isArtifactList: z.boolean().optional(), isOptional: z.boolean().optional(), description: str.optional() }),
  ).optional(),
});

const outputsSpec = z.looseObject({
  parameters: record(z.looseObject({ parameterType: parameterType.optional(), type: str.optional(), description: str.optional() })).optional(),
  artifacts: record(
    z.looseObject({
      artifactType,
      isArtifactList: z.boolean().optional(),
      description: str.optional(),
      metadata: record(json).optional(),
      properties: record(json).optional(),
      customProperties: record(json).optional(),
    }),
  ).optional(),
});

const producerParam = z.looseObject({ producerTask: str, outputParameterKey: str });
const runtimeValue = z.looseObject({ constant: json.optional(), runtimeParameter: str.optional() });

const parameterBinding = z
  .looseObject({
    componentInputParameter: str.optional(),
    taskOutputParameter: producerParam.optional(),
    runtimeValue: runtimeValue.optional(),
    taskFinalStatus: z.looseObject({ producerTask: str }).optional(),
    parameterExpressionSelector: str.optional(),
  })
  .refine(
    (b) => [b.componentInputParameter, b.taskOutputParameter, b.runtimeValue, b.taskFinalStatus].filter((x) => x !== undefined).length === 1,
    'an input parameter needs exactly one of componentInputParameter, taskOutputParameter, runtimeValue, taskFinalStatus',
  );

const artifactBinding = z
  .looseObject({ componentInputArtifact: str.optional(), taskOutputArtifact: z.looseObject({ producerTask: str, outputArtifactKey: str }).optional() })
  .refine(
    (b) => (b.componentInputArtifact === undefined) !== (b.taskOutputArtifact === undefined),
    'an input artifact needs one of componentInputArtifact, taskOutputArtifact',
  );

const taskSpec = z.looseObject({
  taskInfo: z.looseObject({ name: str }),
  componentRef: z.looseObject({ name: str }),
  inputs: z.looseObject({ parameters: record(parameterBinding).optional(), artifacts: record(artifactBinding).optional() }).optional(),
  dependentTasks: z.array(str).optional(),
  cachingOptions: z.looseObject({ enableCache: z.boolean().optional(), cacheKey: str.optional() }).optional(),
  triggerPolicy: z
    .looseObject({
      condition: str.optional(),
      strategy: z.enum(['TRIGGER_STRATEGY_UNSPECIFIED', 'ALL_UPSTREAM_TASKS_SUCCEEDED', 'ALL_UPSTREAM_TASKS_COMPLETED']).optional(),
    })
    .optional(),
  parameterIterator: z.looseObject({ itemInput: str, items: z.looseObject({ inputParameter: str.optional(), raw: str.optional() }) }).optional(),
  artifactIterator: z.looseObject({ itemInput: str, items: z.looseObject({ inputArtifact: str.optional() }) }).optional(),
  iteratorPolicy: z.looseObject({ parallelismLimit: z.number().int().optional() }).optional(),
  retryPolicy: z
    .looseObject({
      maxRetryCount: z.number().int().optional(),
      backoffDuration: str.optional(),
      backoffFactor: z.number().optional(),
      backoffMaxDuration: str.optional(),
    })
    .optional(),
});

const parameterSelector = z.looseObject({ producerSubtask: str, outputParameterKey: str });
const dagOutputs = z.looseObject({
  parameters: record(
    z.looseObject({
      valueFromParameter: parameterSelector.optional(),
      valueFromOneof: z.looseObject({ parameterSelectors: z.array(parameterSelector) }).optional(),
    }),
  ).optional(),
  artifacts: record(z.looseObject({ artifactSelectors: z.array(z.looseObject({ producerSubtask: str, outputArtifactKey: str })) })).optional(),
});

const componentSpec = z
  .looseObject({
    inputDefinitions: inputsSpec.optional(),
    outputDefinitions: outputsSpec.optional(),
    executorLabel: str.optional(),
    dag: z.looseObject({ tasks: record(taskSpec), outputs: dagOutputs.optional() }).optional(),
  })
  .refine((c) => (c.executorLabel === undefined) !== (c.dag === undefined), 'a component needs one of executorLabel, dag');

const resources = z.looseObject({
  cpuLimit: z.number().optional(),
  memoryLimit: z.number().optional(),
  cpuRequest: z.number().optional(),
  memoryRequest: z.number().optional(),
  resourceCpuLimit: str.optional(),
  resourceMemoryLimit: str.optional(),
  resourceCpuRequest: str.optional(),
  resourceMemoryRequest: str.optional(),
  accelerator: z
    .looseObject({ type: str.optional(), count: z.union([str, z.number()]).optional(), resourceType: str.optional(), resourceCount: str.optional() })
    .optional(),
});

const executorSpec = z.looseObject({
  container: z
    .looseObject({
      image: str,
      command: z.array(str).optional(),
      args: z.array(str).optional(),
      env: z.array(z.looseObject({ name: str, value: str })).optional(),
      resources: resources.optional(),
    })
    .optional(),
  importer: z
    .looseObject({ artifactUri: runtimeValue, typeSchema: artifactType, reimport: z.boolean().optional(), metadata: record(json).optional() })
    .optional(),
  resolver: z.looseObject({}).optional(),
  customJob: z.looseObject({}).optional(),
});

/** The first document: `PipelineSpec`. */
export const pipelineSpecSchema: z.ZodType<IrPipelineSpec> = z.looseObject({
  pipelineInfo: z.looseObject({ name: str, displayName: str.optional(), description: str.optional() }),
  components: record(componentSpec).optional(),
  deploymentSpec: z.looseObject({ executors: record(executorSpec).optional() }).optional(),
  root: componentSpec,
  schemaVersion: str.optional(),
  sdkVersion: str.optional(),
  defaultPipelineRoot: str.optional(),
});

const nameParameter = z.looseObject({
  runtimeValue: z.looseObject({ constant: json.optional() }).optional(),
  componentInputParameter: str.optional(),
  taskOutputParameter: producerParam.optional(),
});

const k8sExecutor = z.looseObject({
  secretAsVolume: z
    .array(z.looseObject({ secretName: str.optional(), secretNameParameter: nameParameter.optional(), mountPath: str, optional: z.boolean().optional() }))
    .optional(),
  secretAsEnv: z
    .array(
      z.looseObject({
        secretName: str.optional(),
        secretNameParameter: nameParameter.optional(),
        keyToEnv: z.array(z.looseObject({ secretKey: str, envVar: str })),
        optional: z.boolean().optional(),
      }),
    )
    .optional(),
  pvcMount: z
    .array(
      z.looseObject({
        constant: str.optional(),
        componentInputParameter: str.optional(),
        taskOutputParameter: producerParam.optional(),
        pvcNameParameter: nameParameter.optional(),
        mountPath: str,
        subPath: str.optional(),
      }),
    )
    .optional(),
  nodeSelector: z.looseObject({ labels: record(str).optional(), nodeSelectorJson: json.optional() }).optional(),
  tolerations: z
    .array(
      z.looseObject({
        key: str.optional(),
        operator: str.optional(),
        value: str.optional(),
        effect: str.optional(),
        tolerationSeconds: z.union([str, z.number()]).optional(),
      }),
    )
    .optional(),
});

/** The second document: `PlatformSpec`. */
export const platformSpecSchema: z.ZodType<IrPlatformSpec> = z.looseObject({
  platforms: z.looseObject({
    kubernetes: z
      .looseObject({ deploymentSpec: z.looseObject({ executors: record(k8sExecutor).optional() }).optional(), pipelineConfig: record(json).optional() })
      .optional(),
  }),
});
