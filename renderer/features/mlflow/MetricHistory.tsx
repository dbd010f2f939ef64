// SPDX-License-Identifier: Apache-2.0
/** A metric's history as a chart (the uPlot TimeSeriesChart), read through main when shown. */
import { useMemo } from 'react';
import type { TrackingServerRef } from '../../../shared/features/mlflow/tracking-types';
import { TimeSeriesChart } from '../../components/charts/TimeSeriesChart';
import { ErrorNote } from '../../components/ErrorNote';
import { useHistory } from './use-mlflow';

/** The chart of one metric of one run. */
export function MetricHistory({ server, runId, metric, runName }: { server: TrackingServerRef; runId: string; metric: string; runName: string }) {
  const h = useHistory(server, runId, metric);
  const series = useMemo(() => {
    const points = h.value?.points ?? [];
    return [{ label: runName, x: Float64Array.from(points, (p) => p.step), y: Float64Array.from(points, (p) => p.value) }];
  }, [h.value, runName]);
  if (h.error) return <ErrorNote error={h.error} onRetry={h.reload} />;
  if (!h.value) return <p className="muted small">Loading {metric}…</p>;
  return (
    <div data-testid="metric-history" data-metric={metric} data-points={h.value.points.length}>
      <TimeSeriesChart title={`${metric} by step`} series={series} xKind="step" yLabel={metric} height={220} testId={`metric-chart-${metric}`} />
      {h.value.truncated && <p className="muted small">Only the first 200,000 points are shown.</p>}
    </div>
  );
}
