// SPDX-License-Identifier: Apache-2.0
/**
 * The builder's built-in components, as KFP v2 container components (what the kfp SDK compiles a
 * `dsl.container_component` to): a container step running a shell script, a step that reads an
 * S3 object into a Dataset, one that writes an artifact to S3, and a launcher that creates a
 * training job (any kind MLDeck knows: PyTorchJob, TFJob, MPIJob, TrainJob, …) from its manifest
 * and waits for it to finish, as Kubeflow's PyTorchJob launcher component does.
 */
import type { PaletteComponent } from '../../../shared/kfp/graph-edit';
import type { IrComponentSpec, IrExecutorSpec } from '../../../shared/kfp/ir-types';

const param = (name: string) => `{{$.inputs.parameters['${name}']}}`;
const inPath = (name: string) => `{{$.inputs.artifacts['${name}'].path}}`;
const outPath = (name: string) => `{{$.outputs.artifacts['${name}'].path}}`;
const outParam = (name: string) => `{{$.outputs.parameters['${name}'].output_file}}`;

function component(name: string, spec: IrComponentSpec, executor: IrExecutorSpec, description: string): PaletteComponent & { description: string } {
  return { name, spec: { ...spec, executorLabel: `exec-${name}` }, executor, description };
}

/** A shell script in an image; `$OUTPUT_PATH` is where it writes its output artifact. */
const containerStep = component(
  'container-step',
  {
    inputDefinitions: { parameters: { script: { parameterType: 'STRING' } } },
    outputDefinitions: { artifacts: { output: { artifactType: { schemaTitle: 'system.Artifact', schemaVersion: '0.0.1' } } } },
  },
  {
    container: {
      image: 'python:3.12-slim',
      command: ['sh', '-ec', 'script="$0"; export OUTPUT_PATH="$1"; mkdir -p "$(dirname "$OUTPUT_PATH")"; sh -ec "$script"'],
      args: [param('script'), outPath('output')],
    },
  },
  'Runs a shell script in a container image; the script writes its output to $OUTPUT_PATH.',
);

const awsImage = 'amazon/aws-cli:2.22.35';
/** `$ep`: the `--endpoint-url` option when an endpoint is given (word-split on purpose: empty adds nothing). */
const endpointArg = 'ep=""; if [ -n "$2" ]; then ep="--endpoint-url=$2"; fi';

/** Copies an S3 object (or prefix, recursively) into a Dataset. */
const s3Read = component(
  's3-read',
  {
    inputDefinitions: {
      parameters: {
        uri: { parameterType: 'STRING', description: 's3://bucket/key to read' },
        endpoint: { parameterType: 'STRING', defaultValue: '', isOptional: true, description: 'S3 endpoint URL (empty: AWS)' },
      },
    },
    outputDefinitions: { artifacts: { data: { artifactType: { schemaTitle: 'system.Dataset', schemaVersion: '0.0.1' } } } },
  },
  {
    container: {
      image: awsImage,
      command: [
        'sh',
        '-ec',
        `src="$0"; dst="$1"; ${endpointArg}; mkdir -p "$(dirname "$dst")"; aws s3 cp $ep --recursive "$src" "$dst" || aws s3 cp $ep "$src" "$dst"`,
      ],
      args: [param('uri'), outPath('data'), param('endpoint')],
    },
  },
  'Reads an S3 object or prefix into a Dataset (credentials: add a Secret as env in the task settings).',
);

/** Copies an artifact to S3 and outputs the URI it wrote. */
const s3Write = component(
  's3-write',
  {
    inputDefinitions: {
      artifacts: { data: { artifactType: { schemaTitle: 'system.Artifact', schemaVersion: '0.0.1' } } },
      parameters: {
        uri: { parameterType: 'STRING', description: 's3://bucket/key to write' },
        endpoint: { parameterType: 'STRING', defaultValue: '', isOptional: true, description: 'S3 endpoint URL (empty: AWS)' },
      },
    },
    outputDefinitions: { parameters: { written: { parameterType: 'STRING' } } },
  },
  {
    container: {
      image: awsImage,
      command: [
        'sh',
        '-ec',
        `src="$0"; dst="$1"; out="$3"; ${endpointArg}; aws s3 cp $ep --recursive "$src" "$dst" || aws s3 cp $ep "$src" "$dst"; mkdir -p "$(dirname "$out")"; printf %s "$dst" > "$out"`,
      ],
      args: [inPath('data'), param('uri'), param('endpoint'), outParam('written')],
    },
  },
  'Writes an artifact to S3 and outputs the URI it wrote.',
);

/** Creates a training job from its manifest and waits until it succeeds or fails. */
const launchTrainingJob = component(
  'launch-training-job',
  {
    inputDefinitions: {
      parameters: {
        job_manifest: { parameterType: 'STRING', description: 'The training job (PyTorchJob, TFJob, MPIJob, TrainJob, …) as YAML' },
        timeout: { parameterType: 'STRING', defaultValue: '24h', isOptional: true, description: 'How long to wait for it' },
      },
    },
    outputDefinitions: { parameters: { job_name: { parameterType: 'STRING' } } },
  },
  {
    container: {
      image: 'bitnami/kubectl:1.33',
      command: [
        'sh',
        '-ec',
        [
          'manifest="$0"; timeout="$1"; out="$2"',
          'ref=$(printf %s "$manifest" | kubectl create -f - -o name)',
          'mkdir -p "$(dirname "$out")"; printf %s "${ref#*/}" > "$out"',
          'kubectl wait "$ref" --for=condition=Succeeded --timeout="$timeout" &',
          'ok=$!',
          'kubectl wait "$ref" --for=condition=Failed --timeout="$timeout" && { kill $ok; echo "$ref failed"; exit 1; } &',
          'wait $ok',
        ].join('\n'),
      ],
      args: [param('job_manifest'), param('timeout'), outParam('job_name')],
    },
  },
  'Creates a training job of any kind from its manifest and waits for it, as Kubeflow’s PyTorchJob launcher does.',
);

/** The built-in components, in the order the palette lists them. */
export const builtinPalette: (PaletteComponent & { description: string })[] = [containerStep, s3Read, s3Write, launchTrainingJob];
