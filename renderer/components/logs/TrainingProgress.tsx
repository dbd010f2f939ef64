// SPDX-License-Identifier: Apache-2.0
/**
 * Training progress read from a container's log: the latest step and epoch (of the total when the
 * log says it), the latest metric values, and charts of loss-like and accuracy-like metrics over
 * steps (or epochs, or time). Live while the container runs; from the kept log afterwards.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { ProgressTracker, type ProgressSeries, type TrainingProgress as Progress } from '../../../shared/kube/log-progress';
import { ErrorNote } from '../ErrorNote';
import { LineChart } from '../LineChart';
import { useLogTails } from './use-log-tails';

/** What {@link TrainingProgress} takes. */
export interface TrainingProgressProps {
  clusterId: string;
  namespace: string;
  pod: string;
  container: string;
}

/** Kept lines read at the start, and lines held here at most. */
const progressLines = 20_000;

/** Metrics read as "higher is better" in [0, 1]: drawn on their own chart. */
const ratioMetric = /(acc|accuracy|f1|precision|recall|auc|iou|dice|top[-_]?[15])/i;

const fmt = (v: number) => (Math.abs(v) >= 1000 || Number.isInteger(v) ? v.toLocaleString() : v.toPrecision(4));
const of = (n: number | undefined, total: number | undefined) => (n === undefined ? undefined : total !== undefined ? `${fmt(n)} / ${fmt(total)}` : fmt(n));

/** Progress charts for one container's log. */
export function TrainingProgress(props: TrainingProgressProps) {
  const { clusterId, namespace, pod, container } = props;
  const refs = useMemo(() => [{ clusterId, namespace, pod, container }], [clusterId, namespace, pod, container]);
  // its own tail of the container (the log panel may show another pod): the newest 20,000 kept
  // lines carry the recent curve; later lines are read as they come and only the new ones parsed
  const { tails, version } = useLogTails(refs, { limit: progressLines, max: progressLines });
  const tracker = useRef<{ key: string; tracker: ProgressTracker; seen: number } | undefined>(undefined);
  const [progress, setProgress] = useState<Progress | undefined>(undefined);
  const tail = tails[0];

  useEffect(() => {
    if (!tail) return;
    const key = JSON.stringify(tail.ref);
    // a new tail (or a re-tail after reconnecting) starts over from its answer
    if (!tracker.current || tracker.current.key !== key || tail.total < tracker.current.seen)
      tracker.current = { key, tracker: new ProgressTracker(), seen: 0 };
    const t = tracker.current;
    const fresh = Math.min(tail.total - t.seen, tail.lines.length);
    if (fresh <= 0 && progress) return;
    t.tracker.add(tail.lines.slice(tail.lines.length - fresh));
    t.seen = tail.total;
    setProgress(t.tracker.result());
    // tail is mutated in place; version says when
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [tail, version]);

  if (tail?.error) return <ErrorNote error={tail.error} />;
  if (!progress) return <div className="muted small">Reading the log…</div>;
  if (!progress.series.length && progress.latest.step === undefined && progress.latest.epoch === undefined)
    return (
      <div className="muted small" data-testid="training-progress-none">
        No step, epoch or loss lines found in this log yet (looked for patterns like step=10, Epoch 3/10, loss: 0.12).
      </div>
    );

  const ratio: ProgressSeries[] = progress.series.filter((s) => ratioMetric.test(s.name));
  const other: ProgressSeries[] = progress.series.filter((s) => !ratioMetric.test(s.name));
  const l = progress.latest;
  const xKind = progress.x === 'time' ? 'time' : 'number';
  const xName = progress.x === 'step' ? 'step' : progress.x === 'epoch' ? 'epoch' : 'time';
  const step = of(l.step, l.totalSteps);
  const epoch = of(l.epoch, l.totalEpochs);
  return (
    <div className="training-progress" data-testid="training-progress" style={{ display: 'flex', flexDirection: 'column', gap: 8 }}>
      <div className="kv" style={{ display: 'flex', gap: 16, flexWrap: 'wrap' }}>
        {step !== undefined && (
          <span>
            <span className="muted">Step </span>
            <strong data-testid="progress-step">{step}</strong>
            {l.percent !== undefined && <span className="muted"> ({l.percent}%)</span>}
          </span>
        )}
        {epoch !== undefined && (
          <span>
            <span className="muted">Epoch </span>
            <strong data-testid="progress-epoch">{epoch}</strong>
          </span>
        )}
        {Object.entries(l.metrics)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([name, v]) => (
            <span key={name}>
              <span className="muted">{name} </span>
              <strong data-testid={`progress-metric-${name}`}>{fmt(v)}</strong>
            </span>
          ))}
        {l.at !== undefined && <span className="muted small">as of {new Date(l.at).toLocaleTimeString()}</span>}
      </div>
      {other.length > 0 && <LineChart series={other} x={xKind} title={`Loss over ${xName}`} testId="progress-chart-loss" />}
      {ratio.length > 0 && <LineChart series={ratio} x={xKind} title={`Accuracy over ${xName}`} testId="progress-chart-accuracy" />}
    </div>
  );
}
