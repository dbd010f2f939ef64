// SPDX-License-Identifier: Apache-2.0
/**
 * An experiment's charts and its trials table, with the brushes of the parallel coordinates:
 * the trials inside every brush narrow the table. The brush state lives here, so a brush
 * re-renders this section only, not the page around it.
 */
import { memo, useCallback, useMemo, useState } from 'react';
import type { TrialSummary } from '../../../shared/features/katib/experiment-summary';
import { ExperimentCharts } from './ExperimentCharts';
import type { Importance } from './importance-model';
import type { objectiveSeries } from './objective-series-model';
import { keptNames, type Brush, type ParallelData } from './parallel-coords-model';
import { TrialsTable } from './TrialsTable';

/** The charts and the table (memoised: the page's clock does not render them again when their data is the same). */
export const ExperimentTrials = memo(function ExperimentTrials(props: {
  parallel: ParallelData;
  trials: TrialSummary[];
  best: TrialSummary | undefined;
  objectiveName: string;
  series: ReturnType<typeof objectiveSeries>;
  importance: Importance[];
  paramNames: string[];
  metricNames: string[];
  selected: string | undefined;
  onOpen(name: string | undefined): void;
  /** Told when the parallel coordinates' lines are drawn. */
  onDrawn?(rows: number): void;
}) {
  const { parallel, trials, best } = props;
  const [{ selection, generation }, setBrush] = useState<{ selection: Set<string> | undefined; generation: number }>({ selection: undefined, generation: 0 });
  const shown = useMemo(() => (selection ? trials.filter((t) => selection.has(t.name)) : trials), [trials, selection]);
  // the same function while the trials are the same, so the memoised chart is not rendered again by a brush
  const onBrush = useCallback(
    (mask: Uint8Array, brushes: Brush[]) =>
      setBrush((b) => ({ selection: brushes.length ? new Set(keptNames(parallel, mask)) : undefined, generation: b.generation + 1 })),
    [parallel],
  );
  return (
    <>
      <ExperimentCharts
        parallel={parallel}
        bestName={best?.name}
        objectiveName={props.objectiveName}
        series={props.series}
        importance={props.importance}
        selectedCount={selection?.size}
        brushGeneration={generation}
        onBrush={onBrush}
        onDrawn={props.onDrawn}
      />

      <h2>Trials</h2>
      <TrialsTable
        trials={shown}
        paramNames={props.paramNames}
        metricNames={props.metricNames}
        best={best?.name}
        selected={props.selected}
        onOpen={props.onOpen}
        emptyText={selection ? 'No trial is inside the brushes.' : 'No trials yet.'}
      />
    </>
  );
});
