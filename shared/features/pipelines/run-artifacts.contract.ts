// SPDX-License-Identifier: Apache-2.0
/**
 * A KFP run task's artifacts (`pipeline-run:artifacts`, `pipeline-run:artifact`): each input and
 * output artifact the spec declares, found where KFP's driver puts it in the run's pipeline root
 * (`<root>/<pipeline>/<run id>/<task>/<salt>/<output>`), and its content read through KFP's
 * artifact store for the drawer's preview: metrics as name/value rows, classification metrics as a
 * confusion matrix and ROC points, markdown and HTML as text (the renderer shows HTML only in a
 * sandboxed frame), a dataset's first bytes (CSV/TSV/JSON Lines) or its Parquet file, others by size.
 * What was fetched is kept with its date and served when KFP or its store cannot be reached.
 */
import { z } from 'zod';
import { rpc } from '../../ipc/define';
import type { KfpOrigin } from './pipelines.contract';
import { TaskRequest } from './run-details.contract';

/** Whether an artifact goes into the task or comes out of it. */
export type ArtifactIo = 'input' | 'output';

/** An artifact of a task, as found in the run's pipeline root. */
export interface RunArtifact {
  io: ArtifactIo;
  /** The input or output name (`model`, `metrics`). */
  name: string;
  /** `system.Metrics`, … ('' when the spec gives none). */
  schemaTitle: string;
  /** Where it is (`minio://mlpipeline/v2/artifacts/…`); '' when not found. */
  uri: string;
  /** For an input: its producer (`train.model`). */
  from: string;
  /** Bytes stored (all files of a folder artifact); undefined when not found. */
  size: number | undefined;
  /** ISO time it was written. */
  lastModified: string | undefined;
  /** Whether it is a folder of files rather than one object. */
  folder: boolean;
  /** Why it was not found, or what is uncertain about it ('' when nothing). */
  note: string;
  /** Its producer was served from KFP's cache: the earlier run whose execution made it (absent otherwise). */
  cachedFrom?: { runId: string; displayName: string };
}

/** A task's artifacts. */
export interface TaskArtifacts {
  graphId: string;
  iterations: number[];
  artifacts: RunArtifact[];
  /** The run's folder in the pipeline root (`minio://mlpipeline/v2/artifacts/training/<run id>`); '' when not known. */
  runRoot: string;
  /** The store read, in words (`KFP artifact Secret kubeflow/mlpipeline-minio-artifact (endpoint Service kubeflow/minio-service)`). */
  store: string;
  /** Why the artifacts could not be looked up at all ('' when they were). */
  problem: string;
  /** Time MLDeck read the listing (ms since epoch). */
  fetchedAt: number;
  /**
   * For a task KFP served from its cache: the earlier run whose execution it served (its outputs
   * are that execution's), when MLDeck found it among the pipeline's earlier runs.
   */
  cachedFrom?: { runId: string; displayName: string };
  /** Why that run could not be looked for (the runs list refused or not read), when it could not. */
  cachedFromProblem?: string;
  origin: KfpOrigin;
}

export const TaskArtifactsRequest = TaskRequest;
/** {@link TaskArtifactsRequest} */
export type TaskArtifactsRequest = z.infer<typeof TaskArtifactsRequest>;

export const ArtifactReadRequest = TaskRequest.extend({
  io: z.enum(['input', 'output']),
  name: z.string().min(1).max(300),
});
/** {@link ArtifactReadRequest} */
export type ArtifactReadRequest = z.infer<typeof ArtifactReadRequest>;

/** A dataset's file format as found (by name, content type or its first bytes). */
export type DatasetFormat = 'csv' | 'tsv' | 'jsonl' | 'parquet';

/** An artifact's content as the drawer previews it. */
export type ArtifactPreview =
  /** `system.Metrics`: scalar metrics. */
  | { kind: 'metrics'; rows: { name: string; value: number | string }[] }
  /** `system.ClassificationMetrics`: a confusion matrix (rows are actual, columns predicted) and ROC points. */
  | {
      kind: 'classification';
      labels: string[];
      matrix: number[][];
      roc: { threshold: number; tpr: number; fpr: number }[];
    }
  /** `system.Markdown`. */
  | { kind: 'markdown'; text: string }
  /** `system.HTML`: shown only in a sandboxed frame. */
  | { kind: 'html'; html: string }
  /** `system.Dataset`: text formats as their first bytes (`truncated` when cut), Parquet as the whole file in base64. */
  | { kind: 'dataset'; format: DatasetFormat; text: string; base64: string }
  /** Nothing read: the type has no preview, or the content is not one the drawer shows. */
  | { kind: 'none'; why: string };

/** A preview with what it is of. */
export type ArtifactContentBody = ArtifactPreview & {
  name: string;
  io: ArtifactIo;
  schemaTitle: string;
  uri: string;
  /** The stored size in bytes. */
  size: number;
  /** Whether only the first bytes were read. */
  truncated: boolean;
  /** Time MLDeck read it (ms since epoch). */
  fetchedAt: number;
};

/** A preview with where it came from. */
export type ArtifactContent = ArtifactContentBody & { origin: KfpOrigin };

export const runArtifactsContract = {
  /** A task's input and output artifacts, found in the run's pipeline root. */
  list: rpc<TaskArtifactsRequest, TaskArtifacts>('pipeline-run:artifacts', TaskArtifactsRequest),
  /** One artifact's content for its preview. */
  read: rpc<ArtifactReadRequest, ArtifactContent>('pipeline-run:artifact', ArtifactReadRequest),
};
