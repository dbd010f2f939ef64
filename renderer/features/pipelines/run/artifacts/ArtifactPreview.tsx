// SPDX-License-Identifier: Apache-2.0
/**
 * One artifact's preview by its type: metrics (table and bars), classification metrics (confusion
 * matrix, ROC), markdown (sanitised), HTML (only in a sandboxed frame with an opaque origin),
 * datasets (first rows); otherwise why there is none. Says when it was fetched, or that it comes
 * from the cache and since when.
 */
import { appContract } from '../../../../../shared/features/app/app.contract';
import type { ArtifactIo } from '../../../../../shared/features/pipelines/run-artifacts.contract';
import { ErrorNote } from '../../../../components/ErrorNote';
import { HtmlFrame } from '../../../../components/notebook-outputs/HtmlFrame';
import { MarkdownView } from '../../../../components/notebook-outputs/MarkdownView';
import { api } from '../../../../lib/api/api-context';
import { bytes } from '../../../../lib/format';
import { notifyError } from '../../../../lib/notify';
import { fetchedText } from './artifact-model';
import { ClassificationPreview } from './ClassificationPreview';
import { DatasetPreview } from './DatasetPreview';
import { MetricsPreview } from './MetricsPreview';
import { useArtifactContent, type TaskRef } from './use-task-artifacts';

const openLink = (url: string) => void api().call(appContract.openExternal, { url }).catch(notifyError);
const when = (ms: number) => new Date(ms).toLocaleString();

/** The preview of one artifact of a task. */
export function ArtifactPreview({ task, io, name, version }: { task: TaskRef; io: ArtifactIo; name: string; version: string }) {
  const content = useArtifactContent(task, io, name, version);
  const c = content.value;
  if (content.error) return <ErrorNote error={content.error} onRetry={content.reload} />;
  if (!c) return <p className="muted small">Reading {name}…</p>;
  return (
    <div className="artifact-preview" data-testid="artifact-preview" data-kind={c.kind} data-name={name}>
      <p className={`small ${c.origin.kind === 'cache' ? 'note warn' : 'muted'}`} data-testid="artifact-fetched">
        {fetchedText(c.fetchedAt, c.origin, when)} · {bytes(c.size)}
        {c.truncated && c.kind !== 'dataset' ? ' · only its start is shown' : ''}
      </p>
      {c.kind === 'metrics' && <MetricsPreview p={c} />}
      {c.kind === 'classification' && <ClassificationPreview p={c} />}
      {c.kind === 'markdown' && <MarkdownView source={c.text} onOpenLink={openLink} className="artifact-markdown" />}
      {c.kind === 'html' && <HtmlFrame html={c.html} />}
      {c.kind === 'dataset' && <DatasetPreview c={c} />}
      {c.kind === 'none' && <p className="muted small">{c.why}</p>}
    </div>
  );
}
