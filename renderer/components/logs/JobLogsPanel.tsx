// SPDX-License-Identifier: Apache-2.0
/**
 * The logs of a job's pods: pick a pod and container, or "All replicas (merged)" for every
 * pod's containers in time order with a coloured pod-name prefix. Lines are live while the pods
 * run and kept afterwards (and offline); given the job's name and kind, pods that are gone but whose
 * logs MLDeck kept are offered too. The merged view merges only the lines that arrived when they
 * come in time order.
 */
import { useMemo, useRef, useState } from 'react';
import type { TailState } from '../../../shared/features/logs/logs.contract';
import type { TrainingKind } from '../../../shared/kube/training-kinds';
import { LogViewer, type LogSource } from './LogViewer';
import { withKeptPods } from './kept-pods';
import { maxViewLines, mergeMore, type MergeState } from './log-lines';
import { useKeptPods } from './use-kept-pods';
import { useLogTails, type TailRef, type TailView } from './use-log-tails';

/** What {@link JobLogsPanel} takes. */
export interface JobLogsPanelProps {
  clusterId: string;
  namespace: string;
  pods: { name: string; containers: string[]; replicaType?: string }[];
  /** The job's name: with its kind, kept logs of its pods that are gone are offered too. */
  jobName?: string;
  /** The job's kind: tells its pods' names (`<job>-<replica type>-<index>`, JobSet names) apart from other jobs'. */
  kind?: Pick<TrainingKind, 'replicaTypes' | 'replicaSpecsField'>;
}

const prefixColors = ['#2f6fed', '#e8590c', '#2b8a3e', '#ae3ec9', '#c92a2a', '#1098ad', '#f08c00', '#5c7cfa', '#d6336c', '#868e96'];
const merged = '\u0000merged';

/** The state a merged view shows: following while any replica is, else the most telling kept state. */
function mergedState(tails: readonly TailView[]): { state: TailState | undefined; reason: string | undefined } {
  const order: TailState[] = ['following', 'reconnecting', 'offline', 'finished', 'pod-gone', 'snapshot', 'stopped'];
  for (const s of order) {
    const t = tails.find((x) => x.state === s);
    if (t) return { state: s, reason: t.reason ? `${t.ref.pod}: ${t.reason}` : undefined };
  }
  return { state: undefined, reason: undefined };
}

/** Pod and container picker with the log view. */
export function JobLogsPanel(props: JobLogsPanelProps) {
  const { clusterId, namespace } = props;
  const { kept, error: keptError } = useKeptPods(clusterId, namespace, props.jobName, props.kind, props.pods);
  const pods = useMemo(() => withKeptPods(props.pods, kept), [props.pods, kept]);
  const first = pods[0];
  const [picked, setChoice] = useState<string | undefined>(undefined);
  // until the user picks, the first pod; a picked pod that left the list falls back to it
  const choice = picked === merged || pods.some((p) => p.name === picked) ? (picked as string) : (first?.name ?? merged);
  const pod = pods.find((p) => p.name === choice);
  const [containerChoice, setContainerChoice] = useState<string | undefined>(undefined);
  const container = pod ? (pod.containers.includes(containerChoice ?? '') ? (containerChoice as string) : pod.containers[0]) : undefined;

  const refs: TailRef[] = useMemo(() => {
    if (choice === merged) return pods.flatMap((p) => p.containers.map((c) => ({ clusterId, namespace, pod: p.name, container: c })));
    return pod && container ? [{ clusterId, namespace, pod: pod.name, container }] : [];
  }, [choice, pods, pod, container, clusterId, namespace]);

  const { tails, version } = useLogTails(refs, { max: choice === merged ? Math.ceil(maxViewLines / Math.max(1, refs.length)) : maxViewLines });

  // the merged lines, extended with each batch while they come in time order (see mergeMore)
  const mergeState = useRef<{ tails: readonly TailView[]; state: MergeState } | undefined>(undefined);
  const view = useMemo(() => {
    if (choice !== merged) {
      mergeState.current = undefined;
      const t = tails[0];
      return {
        lines: t?.lines ?? [],
        dropped: t?.dropped ?? 0,
        frontDropped: t?.dropped ?? 0,
        skipped: t?.skipped ?? 0,
        truncated: t?.truncated ?? false,
        state: t?.state,
        reason: t?.reason,
        error: t?.error,
      };
    }
    const prev = mergeState.current?.tails === tails ? mergeState.current.state : undefined;
    const state = mergeMore(
      prev,
      tails.map((t) => ({ lines: t.lines, total: t.total })),
    );
    mergeState.current = { tails, state };
    const { state: tailState, reason } = mergedState(tails);
    const failed = tails.find((t) => t.error);
    return {
      lines: state.lines,
      dropped: tails.reduce((n, t) => n + t.dropped, 0),
      // lines leave the merged view from anywhere near its start, not only the front: the search notices
      frontDropped: undefined,
      skipped: tails.reduce((n, t) => n + t.skipped, 0),
      truncated: tails.some((t) => t.truncated),
      state: tailState,
      reason,
      error: failed?.error,
    };
    // tails are mutated in place; version says when
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [choice, tails, version]);

  const sources: LogSource[] | undefined = useMemo(() => {
    if (choice !== merged) return undefined;
    const podIndex = new Map(pods.map((p, i) => [p.name, i]));
    return tails.map((t) => {
      const p = pods[podIndex.get(t.ref.pod) ?? 0];
      const label = p && p.containers.length > 1 ? `${t.ref.pod}/${t.ref.container}` : t.ref.pod;
      return { label, color: prefixColors[(podIndex.get(t.ref.pod) ?? 0) % prefixColors.length] as string };
    });
  }, [choice, pods, tails]);

  if (!pods.length) return <div className="empty muted">This job has no pods yet, and no kept logs.</div>;

  const downloadName = choice === merged ? `${props.jobName ?? namespace}_all-replicas.log` : `${pod?.name ?? 'pod'}_${container ?? 'container'}.log`;
  return (
    <div className="job-logs" data-testid="job-logs" style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
      <div style={{ display: 'flex', gap: 8, alignItems: 'center', flexWrap: 'wrap' }}>
        <label className="small">
          Pod{' '}
          <select className="input" value={choice} onChange={(e) => setChoice(e.target.value)} data-testid="log-pod">
            {pods.map((p) => (
              <option key={p.name} value={p.name}>
                {p.replicaType ? `${p.name} (${p.replicaType})` : p.name}
              </option>
            ))}
            {(pods.length > 1 || (pods[0]?.containers.length ?? 0) > 1) && <option value={merged}>All replicas (merged)</option>}
          </select>
        </label>
        {pod && pod.containers.length > 1 && (
          <label className="small">
            Container{' '}
            <select className="input" value={container} onChange={(e) => setContainerChoice(e.target.value)} data-testid="log-container">
              {pod.containers.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          </label>
        )}
        {keptError && (
          <span className="muted small" data-testid="kept-logs-error" title={keptError.message}>
            Kept logs of gone pods could not be listed: {keptError.message}
          </span>
        )}
        {choice === merged && (
          <span className="muted small">
            {refs.length === 1 ? '1 container' : `${refs.length} containers`} of {pods.length === 1 ? '1 pod' : `${pods.length} pods`}, in time order
          </span>
        )}
      </div>
      <LogViewer
        key={`${choice}\u0000${container ?? ''}`}
        lines={view.lines}
        version={version}
        {...(sources ? { sources } : {})}
        state={view.state}
        reason={view.reason}
        dropped={view.dropped}
        {...(view.frontDropped !== undefined ? { frontDropped: view.frontDropped } : {})}
        skipped={view.skipped}
        truncated={view.truncated}
        downloadName={downloadName}
        error={view.error}
      />
    </div>
  );
}
