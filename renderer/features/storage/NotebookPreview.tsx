// SPDX-License-Identifier: Apache-2.0
/**
 * A notebook read-only, with the app's safe notebook renderer (sanitised markdown, outputs in
 * sandboxed frames, no scripts): markdown cells rendered, code cells as their source, and outputs.
 */
import { NotebookDocSchema, joinMultiline, normaliseOutput, type NbOutput } from '../../../shared/notebook/nbformat';
import { MarkdownView } from '../../components/notebook-outputs/MarkdownView';
import { OutputArea } from '../../components/notebook-outputs/OutputArea';
import { api } from '../../lib/api/api-context';
import { appContract } from '../../../shared/features/app/app.contract';
import { notifyError } from '../../lib/notify';

const openLink = (url: string) => void api().call(appContract.openExternal, { url }).catch(notifyError);

export function NotebookPreview({ json }: { json: unknown }) {
  const parsed = NotebookDocSchema.safeParse(json);
  if (!parsed.success) return <p className="warn-text">This is not a notebook MLDeck can read (nbformat 4).</p>;
  return (
    <div className="storage-notebook" data-testid="storage-notebook">
      {parsed.data.cells.map((c, i) => (
        <div key={i} className={`sn-cell sn-${c.cell_type}`}>
          {c.cell_type === 'markdown' ? (
            <MarkdownView source={joinMultiline(c.source)} onOpenLink={openLink} />
          ) : (
            <pre className="sn-source">{joinMultiline(c.source)}</pre>
          )}
          {c.cell_type === 'code' && c.outputs.length > 0 && (
            <OutputArea outputs={c.outputs.map((o) => normaliseOutput(o as NbOutput))} onOpenLink={openLink} />
          )}
        </div>
      ))}
    </div>
  );
}
