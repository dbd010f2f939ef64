// SPDX-License-Identifier: Apache-2.0
/**
 * A `system.ClassificationMetrics` artifact: its confusion matrix (rows actual, columns predicted,
 * each cell shaded by its share of its row) with the accuracy it gives, and its ROC curve when
 * the artifact has confidence metrics.
 */
import type { ArtifactPreview } from '../../../../../shared/features/pipelines/run-artifacts.contract';
import { LineChart } from '../../../../components/LineChart';
import { matrixAccuracy, matrixCells } from './artifact-model';

/** The matrix and the curve. */
export function ClassificationPreview({ p }: { p: Extract<ArtifactPreview, { kind: 'classification' }> }) {
  const cells = matrixCells(p.matrix);
  const accuracy = matrixAccuracy(p.matrix);
  return (
    <div className="artifact-classification">
      {p.labels.length > 0 && (
        <>
          <table className="table artifact-matrix" data-testid="confusion-matrix">
            <caption className="small muted">
              Confusion matrix: rows are the actual class, columns the predicted one
              {accuracy !== undefined ? ` (accuracy ${(accuracy * 100).toFixed(1)}%)` : ''}
            </caption>
            <thead>
              <tr>
                <th scope="col">actual \ predicted</th>
                {p.labels.map((l) => (
                  <th key={l} scope="col">
                    {l}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {cells.map((row, i) => (
                <tr key={i}>
                  <th scope="row">{p.labels[i]}</th>
                  {row.map((c, j) => (
                    <td
                      key={j}
                      className={`mono ${i === j ? 'diagonal' : ''}`}
                      style={{ background: `rgba(47, 111, 237, ${(0.08 + 0.6 * c.share).toFixed(3)})` }}
                      title={`${c.count} (${(c.share * 100).toFixed(0)}% of ${p.labels[i]})`}
                      data-testid="matrix-cell"
                    >
                      {c.count}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {p.roc.length > 1 && (
        <LineChart
          series={[{ name: 'ROC', points: p.roc.map((r) => ({ t: r.fpr, v: r.tpr })) }]}
          x="number"
          yMax={1}
          yLabel="true positive rate"
          title="ROC: true positive rate by false positive rate"
          height={180}
          testId="artifact-roc"
        />
      )}
    </div>
  );
}
