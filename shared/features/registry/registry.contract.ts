// SPDX-License-Identifier: Apache-2.0
/**
 * The model registry (MLflow): one MLflow connection per cluster (a service found in the cluster
 * and reached through a port-forward, or an explicit URL; auth none, basic or bearer, secrets kept
 * in main), registered models with their aliases and tags, a model's versions, a version's source
 * run (params, metrics, history) and artifacts (MLflow artifact API or S3), aliases, tags and
 * descriptions edited, and what was seen served from the cache when MLflow cannot be reached.
 */
import { z } from 'zod';
import { rpc } from '../../ipc/define';
import { ServicePin } from '../../kube/service-pin';

const ClusterId = z.string().min(1).max(512);
/** An MLflow registered-model name (MLflow allows almost anything; bounded here). */
export const ModelName = z.string().trim().min(1).max(256);
/** A version number as MLflow writes it ("1", "2", …). */
export const VersionNumber = z.string().regex(/^[1-9][0-9]{0,9}$/, 'A version is a positive whole number');
/** An alias: letters, digits, `_` and `-`, not `latest` and not `v<digits>` (MLflow's rule). */
export const AliasName = z
  .string()
  .trim()
  .min(1)
  .max(255)
  .regex(/^[A-Za-z0-9_-]+$/, 'An alias may hold letters, digits, "_" and "-" only')
  .refine((a) => a.toLowerCase() !== 'latest' && !/^v\d+$/i.test(a), 'MLflow reserves "latest" and "v<number>" as aliases');
/** A tag key. */
export const TagKey = z.string().trim().min(1).max(250);
/** A tag value. */
export const TagValue = z.string().max(5000);

/** How MLDeck signs in to MLflow. Secrets are written, never read back. */
export type MlflowAuthKind = 'none' | 'basic' | 'bearer';

const urlShape = /^(https?):\/\/([^/?#\s]*)([^?#\s]*)([?#].*)?$/i;

/**
 * Checks an MLflow base URL (shared code has no URL class): http or https, a host, an optional
 * port and path prefix, no credentials, no query or fragment.
 * @returns why it is not acceptable, or undefined when it is
 */
export function mlflowUrlProblem(s: string): string | undefined {
  const m = urlShape.exec(s.trim());
  if (!m) return 'Enter an http:// or https:// URL, e.g. http://mlflow.example.com:5000';
  const authority = m[2] ?? '';
  if (authority.includes('@')) return 'Put the user name and password in the authentication fields, not in the URL';
  if (m[4]) return 'Leave out the query and fragment: give the base URL MLflow serves /api/2.0 under';
  const hostPort = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(\d{1,5}))?$/i.exec(authority);
  if (!hostPort) return 'The URL needs a host name, e.g. http://mlflow.example.com:5000';
  const port = hostPort[2] === undefined ? undefined : Number(hostPort[2]);
  if (port !== undefined && (port < 1 || port > 65535)) return 'The port must be between 1 and 65535';
  return undefined;
}

const HttpUrl = z
  .string()
  .trim()
  .max(2048)
  .superRefine((s, ctx) => {
    const problem = mlflowUrlProblem(s);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** `s3://bucket[/prefix]`, `gs://…`, `pvc://…` or empty. */
export const StoreUri = z.union([
  z.literal(''),
  z
    .string()
    .trim()
    .max(2048)
    .regex(/^(s3|gs|pvc):\/\/[^/\s]+(\/[^\s]*)?$/, 'Enter s3://bucket/path, gs://bucket/path or pvc://claim/path'),
]);

/** A secret field on input: undefined keeps the stored one, '' clears it, a value replaces it. */
const SecretInput = z.string().max(8192).optional();

/** The MLflow settings of one cluster as the user writes them. */
export const RegistrySettingsInput = z.object({
  clusterId: ClusterId,
  /** `auto`: the pinned MLflow service in the cluster, through a port-forward; `url`: use {@link url}. */
  mode: z.enum(['auto', 'url']),
  url: z.union([z.literal(''), HttpUrl]),
  /**
   * The in-cluster MLflow service the user confirmed (auto mode); undefined keeps the stored one,
   * null clears it. Credentials are sent only to it. A change of URL or service clears the stored
   * password and token (they must be typed again for the new target).
   */
  pin: ServicePin.nullable().optional(),
  auth: z.enum(['none', 'basic', 'bearer']),
  username: z.string().max(256),
  password: SecretInput,
  token: SecretInput,
  /** The server's `--artifacts-destination` (e.g. `s3://mlflow/artifacts`): maps `mlflow-artifacts:/x` to `<this>/x`. */
  artifactStore: StoreUri,
  /** S3/MinIO endpoint to read artifacts straight from the store (optional; empty: the MLflow artifact API). */
  s3Endpoint: z.union([z.literal(''), HttpUrl]),
  s3Region: z.string().trim().max(64),
  s3AccessKeyId: z.string().trim().max(256),
  s3SecretAccessKey: SecretInput,
});
/** {@link RegistrySettingsInput} */
export type RegistrySettingsInput = z.infer<typeof RegistrySettingsInput>;

/** The MLflow settings of one cluster as the renderer sees them: secrets only as "is set". */
export interface RegistrySettings {
  clusterId: string;
  mode: 'auto' | 'url';
  url: string;
  auth: MlflowAuthKind;
  username: string;
  hasPassword: boolean;
  hasToken: boolean;
  artifactStore: string;
  s3Endpoint: string;
  s3Region: string;
  s3AccessKeyId: string;
  hasS3Secret: boolean;
  /** The in-cluster MLflow service confirmed for auto mode, or null: none yet. */
  pin: ServicePin | null;
  /** Whether secrets are sealed with the OS keychain (false: a 0600 file only). */
  secretsSealed: boolean;
}

/** An MLflow service found in the cluster. */
export interface MlflowServiceCandidate {
  namespace: string;
  name: string;
  /** The Service's uid (what a pin checks). */
  uid: string;
  port: number;
  /** The Running pod behind it that a port-forward would use; undefined when none. */
  pod: string | undefined;
  /**
   * The server's artifact store as its pod's arguments give it (`--artifacts-destination`, else
   * `--default-artifact-root` when it is an object store); used when the setting is empty.
   */
  artifactsDestination: string | undefined;
}

/** Where registry data came from (every answer carries it as `origin`). */
export type RegistrySource =
  | { kind: 'url'; url: string }
  | { kind: 'port-forward'; namespace: string; service: string; pod: string; port: number }
  /** MLflow (or the cluster) could not be reached: what MLDeck saw at `seenAt` (ms since epoch). */
  | { kind: 'cache'; seenAt: number; why: string };

/** The result of trying the connection. */
export interface ConnectionTest {
  ok: boolean;
  /** Where MLDeck reached (or tried to reach) MLflow. */
  origin: RegistrySource | { kind: 'none'; why: string };
  /** How many registered models MLflow listed (first page), when ok. */
  models: number | undefined;
  latencyMs: number | undefined;
  /** Words for the user: what worked or what failed. */
  message: string;
  /** The error code when not ok. */
  code: string | undefined;
  /** MLflow services found in the cluster (for the settings UI). */
  candidates: MlflowServiceCandidate[];
  /** Why the cluster could not be searched for MLflow services, when it could not (`candidates` is then empty but unknown). */
  candidatesProblem: string | undefined;
}

export interface Tag {
  key: string;
  value: string;
}

/** A version as listed (in a model's latest versions or its versions table). */
export interface ModelVersionSummary {
  name: string;
  version: string;
  /** Aliases pointing at this version (MLflow's table hides them: mlflow#11467). */
  aliases: string[];
  /** `None`, `Staging`, `Production`, `Archived` (deprecated in MLflow, still shown). */
  stage: string;
  /** `READY`, `PENDING_REGISTRATION`, `FAILED_REGISTRATION`. */
  status: string;
  /** Where the version's files are, as MLflow has it: `mlflow-artifacts:/…`, `s3://…`, `models:/m-…`, `runs:/…`. */
  source: string;
  runId: string | undefined;
  /** MLflow 3 logged model id (`m-…`). */
  modelId: string | undefined;
  description: string;
  tags: Tag[];
  /** ms since epoch. */
  createdAt: number;
  updatedAt: number;
}

/** A registered model as listed. */
export interface RegisteredModelSummary {
  name: string;
  description: string;
  tags: Tag[];
  aliases: { alias: string; version: string }[];
  /** MLflow's latest version per stage (deprecated field, still useful). */
  latestVersions: ModelVersionSummary[];
  /** The highest version number among {@link latestVersions}, when any. */
  latestVersion: string | undefined;
  createdAt: number;
  updatedAt: number;
}

export const ModelsRequest = z.object({
  clusterId: ClusterId,
  /** A part of the model name (case-insensitive); empty lists all. */
  search: z.string().trim().max(256).optional(),
});
/** {@link ModelsRequest} */
export type ModelsRequest = z.infer<typeof ModelsRequest>;

/** The registered models of a cluster's MLflow. */
export interface ModelsList {
  clusterId: string;
  models: RegisteredModelSummary[];
  origin: RegistrySource;
  /** More models than MLDeck reads (it stops at 5,000). */
  truncated: boolean;
}

export const ModelRequest = z.object({ clusterId: ClusterId, name: ModelName });
/** {@link ModelRequest} */
export type ModelRequest = z.infer<typeof ModelRequest>;

/** A model with all its versions (newest first). */
export interface ModelDetail {
  clusterId: string;
  model: RegisteredModelSummary;
  versions: ModelVersionSummary[];
  origin: RegistrySource;
}

/** A metric's last value. */
export interface RunMetric {
  key: string;
  value: number;
  step: number;
  timestamp: number;
}

/** The run a version came from. */
export interface RunDetail {
  runId: string;
  runName: string;
  experimentId: string;
  status: string;
  startTime: number | undefined;
  endTime: number | undefined;
  artifactUri: string;
  params: Tag[];
  metrics: RunMetric[];
  /** Tags without MLflow's own `mlflow.*` bookkeeping (kept in {@link systemTags}). */
  tags: Tag[];
  systemTags: Tag[];
}

export const VersionRequest = z.object({ clusterId: ClusterId, name: ModelName, version: VersionNumber });
/** {@link VersionRequest} */
export type VersionRequest = z.infer<typeof VersionRequest>;

/** One version with its run, artifact location and what KServe would need to serve it. */
export interface ModelVersionDetail extends ModelVersionSummary {
  clusterId: string;
  /** The source run, when the version has one and MLflow still has it. */
  run: RunDetail | undefined;
  /** Why {@link run} is missing (deleted run, no run id, error). */
  runProblem: string | undefined;
  /** Where the version's artifacts are, resolved (a `models:/m-…` source becomes the logged model's artifact location). */
  artifactUri: string;
  /**
   * The version's artifacts as a URI KServe can load: s3://…, gs://…, pvc://…; from
   * `mlflow-artifacts:/…` mapped through the artifact-store setting, from `models:/m-…` via the
   * logged model's artifact location; undefined when it cannot be mapped.
   */
  storageUri: string | undefined;
  /** Why {@link storageUri} is undefined. */
  storageUriReason: string | undefined;
  /**
   * KServe model format from the MLmodel flavours: sklearn, xgboost, lightgbm, pytorch,
   * tensorflow, onnx, huggingface (transformers), mlflow (pyfunc only); undefined when the
   * MLmodel file could not be read or names no known flavour.
   */
  modelFormat: string | undefined;
  /** The flavours named in MLmodel (e.g. `python_function`, `sklearn`). */
  flavors: string[];
  origin: RegistrySource;
}

export const MetricHistoryRequest = z.object({
  clusterId: ClusterId,
  runId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'Not an MLflow run id'),
  key: z.string().min(1).max(250),
});
/** {@link MetricHistoryRequest} */
export type MetricHistoryRequest = z.infer<typeof MetricHistoryRequest>;

/** A metric over steps. */
export interface MetricHistory {
  key: string;
  points: { step: number; value: number; timestamp: number }[];
  origin: RegistrySource;
}

/** A path inside a version's artifacts: relative, no `..`. */
const ArtifactPath = z
  .string()
  .max(1024)
  .refine((p) => !p.startsWith('/') && !p.split('/').includes('..'), 'An artifact path is relative and has no ".."');

export const ArtifactsRequest = VersionRequest.extend({ path: ArtifactPath });
/** {@link ArtifactsRequest} */
export type ArtifactsRequest = z.infer<typeof ArtifactsRequest>;

/** One file or folder among a version's artifacts. */
export interface ArtifactEntry {
  /** Relative to the version's artifact root. */
  path: string;
  isDir: boolean;
  size: number | undefined;
}

/** A folder of a version's artifacts. */
export interface ArtifactListing {
  root: string;
  path: string;
  entries: ArtifactEntry[];
  /** Through the MLflow artifact API or straight from S3. */
  via: 'mlflow' | 's3';
}

export const ArtifactRequest = ArtifactsRequest.extend({
  /** `preview`: at most 512 KiB, text or image; `download`: at most 64 MiB. */
  purpose: z.enum(['preview', 'download']),
});
/** {@link ArtifactRequest} */
export type ArtifactRequest = z.infer<typeof ArtifactRequest>;

/** A file's content. */
export interface ArtifactContent {
  path: string;
  size: number;
  /** What the preview can show. */
  kind: 'text' | 'image' | 'binary';
  /** The text (UTF-8) when `kind` is text. */
  text: string | undefined;
  /** The bytes, base64, for images and downloads. */
  base64: string | undefined;
  /** e.g. `image/png`, `text/plain`. */
  mediaType: string;
  /** More bytes than the purpose allows: not all were read. */
  truncated: boolean;
}

export const SetAliasRequest = z.object({ clusterId: ClusterId, name: ModelName, alias: AliasName, version: VersionNumber });
/** {@link SetAliasRequest} */
export type SetAliasRequest = z.infer<typeof SetAliasRequest>;

export const DeleteAliasRequest = z.object({ clusterId: ClusterId, name: ModelName, alias: AliasName });
/** {@link DeleteAliasRequest} */
export type DeleteAliasRequest = z.infer<typeof DeleteAliasRequest>;

/** A tag on a model (no version) or on one version. */
export const SetTagRequest = z.object({ clusterId: ClusterId, name: ModelName, version: VersionNumber.optional(), key: TagKey, value: TagValue });
/** {@link SetTagRequest} */
export type SetTagRequest = z.infer<typeof SetTagRequest>;

export const DeleteTagRequest = z.object({ clusterId: ClusterId, name: ModelName, version: VersionNumber.optional(), key: TagKey });
/** {@link DeleteTagRequest} */
export type DeleteTagRequest = z.infer<typeof DeleteTagRequest>;

export const DescriptionRequest = z.object({ clusterId: ClusterId, name: ModelName, version: VersionNumber.optional(), description: z.string().max(65_000) });
/** {@link DescriptionRequest} */
export type DescriptionRequest = z.infer<typeof DescriptionRequest>;

const ClusterRequest = z.object({ clusterId: ClusterId });

export const registryContract = {
  getSettings: rpc<{ clusterId: string }, RegistrySettings>('registry:get-settings', ClusterRequest),
  setSettings: rpc<RegistrySettingsInput, RegistrySettings>('registry:set-settings', RegistrySettingsInput),
  testConnection: rpc<{ clusterId: string }, ConnectionTest>('registry:test-connection', ClusterRequest),
  /** The MLflow services found in the cluster, to pin one (nothing is sent to them). */
  candidates: rpc<{ clusterId: string }, MlflowServiceCandidate[]>('registry:candidates', ClusterRequest),
  models: rpc<ModelsRequest, ModelsList>('registry:models', ModelsRequest),
  model: rpc<ModelRequest, ModelDetail>('registry:model', ModelRequest),
  version: rpc<VersionRequest, ModelVersionDetail>('registry:version', VersionRequest),
  metricHistory: rpc<MetricHistoryRequest, MetricHistory>('registry:metric-history', MetricHistoryRequest),
  artifacts: rpc<ArtifactsRequest, ArtifactListing>('registry:artifacts', ArtifactsRequest),
  artifact: rpc<ArtifactRequest, ArtifactContent>('registry:artifact', ArtifactRequest),
  setAlias: rpc<SetAliasRequest, ModelDetail>('registry:set-alias', SetAliasRequest),
  deleteAlias: rpc<DeleteAliasRequest, ModelDetail>('registry:delete-alias', DeleteAliasRequest),
  setTag: rpc<SetTagRequest, ModelDetail>('registry:set-tag', SetTagRequest),
  deleteTag: rpc<DeleteTagRequest, ModelDetail>('registry:delete-tag', DeleteTagRequest),
  setDescription: rpc<DescriptionRequest, ModelDetail>('registry:set-description', DescriptionRequest),
} as const;
