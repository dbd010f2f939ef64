// SPDX-License-Identifier: Apache-2.0
/**
 * MLflow experiments and runs: every tracking server MLDeck knows, their experiments, an
 * experiment's runs (searched with MLflow's filter syntax on the server, kept in a local index
 * that pages and sorts them), a run's page (params, metrics, history, tags, files, the model
 * versions it produced). Answers carry where they came from (`live`, or the index/cache with the
 * time it was seen when the server cannot be reached).
 */
import { z } from 'zod';
import { rpc } from '../../ipc/define';
import { mlflowUrlProblem } from '../registry/registry.contract';
import {
  TrackingServerRef,
  type MetricPoint,
  type RunArtifact,
  type RunModelVersion,
  type TrackingExperiment,
  type TrackingRun,
  type TrackingRunRow,
  type TrackingServer,
} from './tracking-types';

/** Where an answer came from. */
export type TrackingOrigin = { kind: 'live' } | { kind: 'cache'; seenAt: number; why: string };

const ExperimentId = z.string().regex(/^[0-9A-Za-z_-]{1,64}$/, 'Not an MLflow experiment id');
const RunId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'Not an MLflow run id');
const ServerRequest = z.object({ server: TrackingServerRef });

/** A column of the runs table: an attribute, or a param, metric or tag by key. */
export const RunColumn = z.union([
  z.object({ kind: z.literal('attribute'), key: z.enum(['runName', 'status', 'startTime', 'endTime', 'user', 'duration']) }),
  z.object({ kind: z.enum(['param', 'metric', 'tag']), key: z.string().min(1).max(250) }),
]);
/** {@link RunColumn} */
export type RunColumn = z.infer<typeof RunColumn>;

export const RunsRequest = z.object({
  server: TrackingServerRef,
  experimentId: ExperimentId,
  /** MLflow's filter syntax, passed to the server ('' for all runs). */
  filter: z.string().max(4000),
  sort: z.object({ column: RunColumn, desc: z.boolean() }).optional(),
  offset: z.number().int().min(0),
  limit: z.number().int().min(1).max(50_000),
  /**
   * `none`: answer from the index, fetching only the first page when nothing is indexed;
   * `next`: also fetch the next page from the server (one `runs/search` call);
   * `refresh`: fetch what changed since the index was filled (new runs and runs not finished).
   */
  fetch: z.enum(['none', 'next', 'refresh']),
});
/** {@link RunsRequest} */
export type RunsRequest = z.infer<typeof RunsRequest>;

/** A window of an experiment's runs, from the index. */
export interface RunsWindow {
  rows: TrackingRunRow[];
  /** Runs indexed for this server, experiment and filter. */
  total: number;
  /** Every page of the search has been fetched (the table is whole: sorting covers every run). */
  complete: boolean;
  /** The keys seen among the indexed runs, for choosing columns. */
  keys: { params: string[]; metrics: string[]; tags: string[] };
  /** When the index last matched the server (ms since epoch). */
  fetchedAt: number;
  /** `runs/search` calls this answer made. */
  calls: number;
  origin: TrackingOrigin;
}

export const ExperimentsRequest = ServerRequest;
/** A server's experiments. */
export interface ExperimentsList {
  server: TrackingServer;
  experiments: TrackingExperiment[];
  truncated: boolean;
  origin: TrackingOrigin;
}

export const RunRequest = z.object({ server: TrackingServerRef, runId: RunId });
/** {@link RunRequest} */
export type RunRequest = z.infer<typeof RunRequest>;

/** A run's page. */
export interface RunPage {
  server: TrackingServer;
  run: TrackingRun;
  experimentName: string;
  /** The run's artifact root as an object-store URI (s3://…) when it can be mapped, for the storage browser. */
  artifactStorageUri: string | undefined;
  origin: TrackingOrigin;
}

export const HistoryRequest = z.object({ server: TrackingServerRef, runId: RunId, key: z.string().min(1).max(250) });
/** {@link HistoryRequest} */
export type HistoryRequest = z.infer<typeof HistoryRequest>;

/** A metric's history. */
export interface HistoryAnswer {
  key: string;
  points: MetricPoint[];
  truncated: boolean;
  origin: TrackingOrigin;
}

/** A path inside a run's artifacts: relative, no `..`. */
const ArtifactPath = z
  .string()
  .max(1024)
  .refine((p) => !p.startsWith('/') && !p.split('/').includes('..'), 'An artifact path is relative and has no ".."');

export const ArtifactsRequest = z.object({ server: TrackingServerRef, runId: RunId, path: ArtifactPath });
/** {@link ArtifactsRequest} */
export type ArtifactsRequest = z.infer<typeof ArtifactsRequest>;

/** A folder of a run's files. */
export interface RunArtifactsAnswer {
  path: string;
  files: (RunArtifact & { storageUri: string | undefined })[];
  origin: TrackingOrigin;
}

/** The model versions a run produced. */
export interface RunModelsAnswer {
  versions: RunModelVersion[];
  origin: TrackingOrigin;
}

/** How MLDeck signs in to a saved tracking server; the secret stays in main, sealed. */
export const SavedServerAuth = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  z.object({
    kind: z.literal('basic'),
    username: z.string().trim().min(1, 'Enter the user name').max(256),
    password: z.string().min(1, 'Enter the password').max(8192),
  }),
  z.object({ kind: z.literal('bearer'), token: z.string().trim().min(1, 'Enter the token').max(8192) }),
]);
/** {@link SavedServerAuth} */
export type SavedServerAuth = z.infer<typeof SavedServerAuth>;

/** A tracking server to save by URL (one that belongs to no cluster); saving an URL again replaces it. */
export const AddServerRequest = z.object({
  /** Where MLflow serves `/api/2.0` (http or https, no credentials, query or fragment). */
  url: z
    .string()
    .trim()
    .max(2048)
    .superRefine((s, ctx) => {
      const problem = mlflowUrlProblem(s);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  /** A display name ('' for none: the URL is shown). */
  name: z.string().trim().max(100),
  auth: SavedServerAuth,
});
/** {@link AddServerRequest} */
export type AddServerRequest = z.infer<typeof AddServerRequest>;

export const RemoveServerRequest = z.object({ url: z.string().trim().min(1).max(2048) });
/** {@link RemoveServerRequest} */
export type RemoveServerRequest = z.infer<typeof RemoveServerRequest>;

export const mlflowContract = {
  /** Every tracking server MLDeck knows (each cluster's, then the saved ones); nothing is contacted. */
  servers: rpc<Record<string, never>, TrackingServer[]>('mlflow:servers', z.object({}).strict()),
  experiments: rpc<z.infer<typeof ExperimentsRequest>, ExperimentsList>('mlflow:experiments', ExperimentsRequest),
  runs: rpc<RunsRequest, RunsWindow>('mlflow:runs', RunsRequest),
  run: rpc<RunRequest, RunPage>('mlflow:run', RunRequest),
  history: rpc<HistoryRequest, HistoryAnswer>('mlflow:metric-history', HistoryRequest),
  artifacts: rpc<ArtifactsRequest, RunArtifactsAnswer>('mlflow:artifacts', ArtifactsRequest),
  modelVersions: rpc<RunRequest, RunModelsAnswer>('mlflow:model-versions', RunRequest),
  /**
   * Saves a tracking server by URL after checking it answers MLflow's API (`experiments/search`);
   * refused with why: nothing answered (`unavailable`/`timeout`), credentials asked or refused
   * (`unauthenticated`/`forbidden`), or what answered is not MLflow (`validation`).
   */
  addServer: rpc<AddServerRequest, TrackingServer>('mlflow:add-server', AddServerRequest),
  /** Forgets a saved tracking server and its secret (`not-found` when none is saved at that URL). */
  removeServer: rpc<RemoveServerRequest, void>('mlflow:remove-server', RemoveServerRequest),
} as const;
