// SPDX-License-Identifier: Apache-2.0
/**
 * The pipelines pages' data: the list on one cluster or all, a pipeline with its versions, a
 * version with its spec, a cluster's KFP connection and settings (each a {@link useCall}), and
 * the changes (upload a pipeline or a version, delete), which report failures as errors to show.
 */
import { useCallback } from 'react';
import { pipelinesContract, type UploadPipelineRequest, type UploadVersionRequest } from '../../../shared/features/pipelines/pipelines.contract';
import { api } from '../../lib/api/api-context';
import { useCall } from '../../lib/use-call';

/** Pipelines of one cluster, or of all when `clusterId` is undefined. */
export function usePipelines(clusterId: string | undefined) {
  return useCall(clusterId ?? '*', () => api().call(pipelinesContract.list, clusterId ? { clusterId } : {}));
}

/** A pipeline with its versions. */
export function usePipeline(clusterId: string, pipelineId: string) {
  return useCall(`${clusterId}|${pipelineId}`, () => api().call(pipelinesContract.pipeline, { clusterId, pipelineId }));
}

/** A version with its spec. */
export function usePipelineVersion(clusterId: string, pipelineId: string, versionId: string) {
  return useCall(`${clusterId}|${pipelineId}|${versionId}`, () => api().call(pipelinesContract.version, { clusterId, pipelineId, versionId }));
}

/** A cluster's KFP connection (how it is reached, as whom, which namespaces). */
export function useKfpConnection(clusterId: string) {
  return useCall(`conn|${clusterId}`, () => api().call(pipelinesContract.connection, { clusterId }));
}

/** A cluster's settings, and saving them. */
export function useKfpSettings(clusterId: string) {
  const state = useCall(`settings|${clusterId}`, () => api().call(pipelinesContract.getSettings, { clusterId }));
  const save = useCallback((userId: string) => api().call(pipelinesContract.setSettings, { clusterId, userId }), [clusterId]);
  return { ...state, save };
}

/** The changes. */
export const pipelineChanges = {
  upload: (req: UploadPipelineRequest) => api().call(pipelinesContract.upload, req),
  uploadVersion: (req: UploadVersionRequest) => api().call(pipelinesContract.uploadVersion, req),
  deleteVersion: (clusterId: string, pipelineId: string, versionId: string) =>
    api().call(pipelinesContract.deleteVersion, { clusterId, pipelineId, versionId }),
  deletePipeline: (clusterId: string, pipelineId: string, withVersions: boolean) =>
    api().call(pipelinesContract.deletePipeline, { clusterId, pipelineId, withVersions }),
};
