// SPDX-License-Identifier: Apache-2.0
/**
 * Kubeflow Pipelines (KFP v2beta1 REST): each cluster's KFP API server reached through the
 * in-cluster connector (the `ml-pipeline` Service) or the cluster's Kubeflow gateway; single-user
 * and multi-user (namespaces from the user's Profiles, the user id header where the server reads
 * it); pipelines listed on one cluster or all, a pipeline's versions, a version's spec, uploads of
 * a pipeline or a version, deletes; what was seen served from the cache when KFP cannot be reached.
 */
import { z } from 'zod';
import type { AppErrorData } from '../../errors';
import { rpc } from '../../ipc/define';
import { DnsLabel } from '../../kube/names';

const ClusterId = z.string().min(1).max(512);
/** A KFP object id (a UUID as KFP makes them). */
export const KfpId = z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'Not a KFP id');
/** A pipeline or version name. */
export const KfpName = z.string().trim().min(1, 'Give it a name').max(128, 'At most 128 characters');
/** The largest pipeline YAML uploaded (KFP's own limit is 32 MiB). */
export const maxPipelineYamlChars = 16 * 1024 * 1024;
const PipelineYaml = z.string().min(1, 'The file is empty').max(maxPipelineYamlChars, 'The file is larger than 16 MiB');
/** A Kubeflow user id (the e-mail the gateway puts in `kubeflow-userid`), or '' for none. */
export const KfpUserId = z.string().trim().max(256);

/** Per-cluster settings: who MLDeck acts as on a multi-user KFP. */
export const PipelinesSettingsInput = z.object({ clusterId: ClusterId, userId: KfpUserId });
/** {@link PipelinesSettingsInput} */
export type PipelinesSettingsInput = z.infer<typeof PipelinesSettingsInput>;
/** The settings as kept. */
export interface PipelinesSettings {
  clusterId: string;
  /** The Kubeflow user (e-mail) MLDeck acts as; '' when not set. */
  userId: string;
}

/** Where pipeline data came from. */
export type KfpOrigin =
  | { kind: 'port-forward'; namespace: string; service: string; pod: string; port: number }
  | { kind: 'gateway'; url: string }
  /** KFP (or the cluster) could not be reached: what MLDeck saw at `seenAt` (ms since epoch). */
  | { kind: 'cache'; seenAt: number; why: string };

/** A namespace MLDeck does not list, and why. */
export interface NamespaceRefusal {
  namespace: string;
  reason: string;
}

/** What MLDeck found out about a cluster's KFP. */
export interface KfpConnection {
  clusterId: string;
  ok: boolean;
  /** How KFP was reached (undefined when it was not). */
  origin: Exclude<KfpOrigin, { kind: 'cache' }> | undefined;
  multiUser: boolean | undefined;
  /** The user MLDeck acts as (multi-user), '' when none. */
  userId: string;
  /** The namespaces listed: the user's profiles (multi-user); empty on a single-user KFP. */
  namespaces: string[];
  /** Profiles that are not the user's, and namespaces KFP refused. */
  refused: NamespaceRefusal[];
  message: string;
  code: AppErrorData['code'] | undefined;
}

/** A pipeline as lists show it. */
export interface PipelineSummary {
  clusterId: string;
  pipelineId: string;
  name: string;
  displayName: string;
  description: string;
  /** ISO time. */
  createdAt: string;
  /** The profile namespace (multi-user); '' for a shared or single-user pipeline. */
  namespace: string;
}

/** A pipeline version as lists show it. */
export interface VersionSummary {
  pipelineId: string;
  versionId: string;
  name: string;
  displayName: string;
  description: string;
  createdAt: string;
}

/** What a version's spec is. */
export type SpecFormat = 'ir' | 'argo' | 'unknown';

/** A version with its spec. */
export interface VersionDetail extends VersionSummary {
  clusterId: string;
  format: SpecFormat;
  /** The spec as YAML (KFP keeps it as JSON; IR documents in the order the SDK writes them). */
  specYaml: string;
  /** The spec as KFP returned it (JSON), for the graph. */
  spec: unknown;
  /** A note for a spec MLDeck shows read-only (a KFP v1 Argo Workflow). */
  note: string | undefined;
  origin: KfpOrigin;
}

/** One cluster's pipelines, or why they could not be read. */
export type ClusterPipelines =
  | { clusterId: string; ok: true; pipelines: PipelineSummary[]; origin: KfpOrigin; refused: NamespaceRefusal[] }
  | { clusterId: string; ok: false; error: AppErrorData };

export const ListRequest = z.object({ clusterId: ClusterId.optional() });
/** {@link ListRequest}: one cluster, or every cluster when `clusterId` is undefined. */
export type ListRequest = z.infer<typeof ListRequest>;
/** Pipelines across clusters. */
export interface PipelinesList {
  clusters: ClusterPipelines[];
}

export const PipelineRequest = z.object({ clusterId: ClusterId, pipelineId: KfpId });
export type PipelineRequest = z.infer<typeof PipelineRequest>;
/** A pipeline with its versions, newest first. */
export interface PipelineDetail {
  pipeline: PipelineSummary;
  versions: VersionSummary[];
  origin: KfpOrigin;
}

export const VersionRequest = z.object({ clusterId: ClusterId, pipelineId: KfpId, versionId: KfpId });
export type VersionRequest = z.infer<typeof VersionRequest>;

export const UploadPipelineRequest = z.object({
  clusterId: ClusterId,
  name: KfpName,
  description: z.string().max(10_000),
  /** The profile namespace (multi-user); undefined on a single-user KFP. */
  namespace: DnsLabel.optional(),
  fileName: z.string().min(1).max(255),
  yaml: PipelineYaml,
});
export type UploadPipelineRequest = z.infer<typeof UploadPipelineRequest>;
/** The new pipeline with its first version. */
export interface Uploaded {
  pipeline: PipelineSummary;
  version: VersionSummary;
}

export const UploadVersionRequest = z.object({
  clusterId: ClusterId,
  pipelineId: KfpId,
  name: KfpName,
  description: z.string().max(10_000),
  fileName: z.string().min(1).max(255),
  yaml: PipelineYaml,
});
export type UploadVersionRequest = z.infer<typeof UploadVersionRequest>;

export const DeletePipelineRequest = z.object({
  clusterId: ClusterId,
  pipelineId: KfpId,
  /** Delete its versions too (KFP refuses to delete a pipeline that has versions otherwise). */
  withVersions: z.boolean(),
});
export type DeletePipelineRequest = z.infer<typeof DeletePipelineRequest>;

export const pipelinesContract = {
  getSettings: rpc<{ clusterId: string }, PipelinesSettings>('pipelines:get-settings', z.object({ clusterId: ClusterId })),
  setSettings: rpc<PipelinesSettingsInput, PipelinesSettings>('pipelines:set-settings', PipelinesSettingsInput),
  connection: rpc<{ clusterId: string }, KfpConnection>('pipelines:connection', z.object({ clusterId: ClusterId })),
  list: rpc<ListRequest, PipelinesList>('pipelines:list', ListRequest),
  pipeline: rpc<PipelineRequest, PipelineDetail>('pipelines:pipeline', PipelineRequest),
  version: rpc<VersionRequest, VersionDetail>('pipelines:version', VersionRequest),
  upload: rpc<UploadPipelineRequest, Uploaded>('pipelines:upload', UploadPipelineRequest),
  uploadVersion: rpc<UploadVersionRequest, VersionSummary>('pipelines:upload-version', UploadVersionRequest),
  deleteVersion: rpc<VersionRequest, void>('pipelines:delete-version', VersionRequest),
  deletePipeline: rpc<DeletePipelineRequest, void>('pipelines:delete', DeletePipelineRequest),
};
