// SPDX-License-Identifier: Apache-2.0
/**
 * An experiment's charts: parallel coordinates (brush any axis; the trials inside every brush
 * are said and narrow the trials table), the objective over trial number with the best so far,
 * and parameter importance (|Spearman ρ| with the objective, η for categories; see importance-model.ts).
 */
import { memo, useMemo } from 'react';
import { LineChart, type ChartSeries } from '../../components/LineChart';
import type { Importance } from './importance-model';
import type { objectiveSeries } from './objective-series-model';
import { ParallelCoordinates } from './ParallelCoordinates';
import type { Brush, ParallelData } from './parallel-coords-model';

const MemoParallelCoordinates = memo(ParallelCoordinates);

/** The objective over trial number and the parameters' importance: they do not change with a brush. */
const ObjectiveAndImportance = memo(function ObjectiveAndImportance(props: {
  objectiveName: string;
  series: ReturnType<typeof objectiveSeries>;
  importance: Importance[];
}) {
  const { series, importance, objectiveName } = props;
  const lines = useMemo<ChartSeries[]>(
    () => [
      { name: objectiveName, points: series.objective.map((p) => ({ t: p.x, v: p.y })) },
      { name: 'best so far', points: series.best.map((p) => ({ t: p.x, v: p.y })) },
    ],
    [series, objectiveName],
  );
  return (
    <div className="katib-chart-row">
      <div>
        <h2>{objectiveName} by trial</h2>
        {series.objective.length ? (
          <LineChart
            series={lines}
            x="number"
            height={200}
            yLabel={objectiveName}
            testId="katib-objective-chart"
            title={`${objectiveName} over trial number with the best so far`}
          />
        ) : (
          <p className="muted">No trial has reported the objective yet.</p>
        )}
      </div>
      <div>
        <h2>Parameter importance</h2>
        {importance.length ? (
          <table className="table katib-importance" data-testid="katib-importance">
            <tbody>
              {importance.map((i) => (
                <tr key={i.name}>
                  <td>{i.name}</td>
                  <td className="katib-bar-cell">
                    <span className="katib-bar" style={{ width: `${Math.round(i.value * 100)}%` }} />
                  </td>
                  <td
                    className="mono"
                    title={i.measure === 'spearman' ? 'Spearman rank correlation with the objective' : 'Correlation ratio of the objective ranks across values'}
                  >
                    {i.measure === 'spearman' ? `ρ ${i.direction < 0 ? '−' : '+'}${i.value.toFixed(2)}` : `η ${i.value.toFixed(2)}`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="muted">Needs at least 3 trials with the objective.</p>
        )}
        <p className="muted small">
          |Spearman ρ| between a numeric parameter and the objective (the sign: whether larger values help); η of the objective’s ranks across a categorical
          parameter’s values. A rough guide: it sees monotone effects and ignores interactions.
        </p>
      </div>
    </div>
  );
});

/** The three charts; a brush re-renders the count only (the charts are memoised on their data). */
export function ExperimentCharts(props: {
  parallel: ParallelData;
  bestName: string | undefined;
  objectiveName: string;
  series: ReturnType<typeof objectiveSeries>;
  importance: Importance[];
  selectedCount: number | undefined;
  /** Counts the brushes applied (a benchmark waits for it). */
  brushGeneration: number;
  onBrush(mask: Uint8Array, brushes: Brush[]): void;
  /** Told when the trials' lines are drawn. */
  onDrawn?(rows: number): void;
}) {
  const { parallel } = props;
  return (
    <section className="katib-charts" aria-label="Charts">
      <h2>Parallel coordinates</h2>
      <p className="muted small" data-testid="katib-brush-count" data-generation={props.brushGeneration}>
        {props.selectedCount === undefined
          ? `${parallel.names.length} trials. Drag along any axis to keep a range; the best trial is drawn in orange.`
          : `${props.selectedCount} of ${parallel.names.length} trials inside the brushes (the table below shows them).`}
      </p>
      {parallel.names.length ? (
        <MemoParallelCoordinates data={parallel} bestName={props.bestName} onBrush={props.onBrush} onDrawn={props.onDrawn} />
      ) : (
        <p className="muted">No trials yet.</p>
      )}
      <ObjectiveAndImportance objectiveName={props.objectiveName} series={props.series} importance={props.importance} />
    </section>
  );
}
