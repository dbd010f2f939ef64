// SPDX-License-Identifier: Apache-2.0
/** What the upload dialog offers: the cluster's KFP connection (multi-user namespaces) and its pipelines (for a new version). */
import { useEffect, useState } from 'react';
import { type AppError, asAppError } from '../../../shared/errors';
import { pipelinesContract, type KfpConnection, type PipelineSummary } from '../../../shared/features/pipelines/pipelines.contract';
import { api } from '../../lib/api/api-context';

export function useUploadChoices(clusterId: string) {
  const [connection, setConnection] = useState<KfpConnection | undefined>(undefined);
  const [pipelines, setPipelines] = useState<PipelineSummary[]>([]);
  const [error, setError] = useState<AppError | undefined>(undefined);
  useEffect(() => {
    let live = true;
    const fail = (e: unknown) => live && setError(asAppError(e));
    api()
      .call(pipelinesContract.connection, { clusterId })
      .then((c) => live && setConnection(c), fail);
    api()
      .call(pipelinesContract.list, { clusterId })
      .then((l) => live && setPipelines(l.clusters.flatMap((c) => (c.ok ? c.pipelines : []))), fail);
    return () => {
      live = false;
    };
  }, [clusterId]);
  return { connection, pipelines, error };
}
