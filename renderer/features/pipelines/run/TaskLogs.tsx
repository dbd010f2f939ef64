// SPDX-License-Identifier: Apache-2.0
/**
 * A task pod's log: followed live while the pod runs, and read from the kept log once it is gone
 * or offline (main keeps every executor pod's log as soon as the run page sees it).
 */
import { useMemo } from 'react';
import { LogViewer } from '../../../components/logs/LogViewer';
import { useLogTails } from '../../../components/logs/use-log-tails';
import type { TaskPod } from '../../../../shared/features/pipelines/run-details.contract';

/** The log of one pod's main container. */
export function TaskLogs({ clusterId, pod }: { clusterId: string; pod: TaskPod }) {
  const refs = useMemo(() => [{ clusterId, namespace: pod.namespace, pod: pod.name, container: pod.container || 'main' }], [clusterId, pod]);
  const { tails, version } = useLogTails(refs);
  const t = tails[0];
  return (
    <LogViewer
      lines={t?.lines ?? []}
      version={version}
      state={t?.state}
      reason={t?.reason}
      dropped={t?.dropped ?? 0}
      skipped={t?.skipped ?? 0}
      truncated={t?.truncated ?? false}
      downloadName={`${pod.name}.log`}
      error={t?.error}
      height={320}
      testId="task-logs"
    />
  );
}
