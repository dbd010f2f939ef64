// SPDX-License-Identifier: Apache-2.0
/**
 * One cell: its prompt (`[n]:`, `[*]:` while queued or running, `[ ]:`), its source (a Monaco
 * editor while it is edited, otherwise statically highlighted code or rendered markdown) and its
 * outputs. It subscribes to its own cell, so a change elsewhere does not re-render it.
 */
import { memo, useMemo, useSyncExternalStore, type MouseEvent } from 'react';
import { MarkdownView } from '../../../components/notebook-outputs/MarkdownView';
import { OutputArea } from '../../../components/notebook-outputs/OutputArea';
import { CellEditor, type EditorKey } from './CellEditor';
import { cellLanguage, highlightLines, useLanguagesReady } from './nb-monaco';
import type { CellView, NotebookModel } from './notebook-model';

/** What a cell row reports to the notebook (stable across renders). */
export interface CellHandlers {
  select(id: string, extend: boolean): void;
  edit(id: string, cursor: number | 'start' | 'end'): void;
  editorKey(id: string, action: EditorKey, offset: number): void;
  openLink(url: string): void;
}

/** The source of a cell that is not being edited, highlighted without an editor. */
const StaticSource = memo(function StaticSource(props: { source: string; language: string; onPick?: (offset: number) => void }) {
  const ready = useLanguagesReady();
  // tokens are plain until the tokenizers load; `ready` re-highlights then
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const lines = useMemo(() => highlightLines(props.source, props.language), [props.source, props.language, ready]);
  const onClick = (e: MouseEvent<HTMLPreElement>) => {
    if (!props.onPick) return;
    if (window.getSelection()?.toString()) return; // the user is selecting text to copy
    let offset = props.source.length;
    const pre = e.currentTarget;
    const caret = document.caretRangeFromPoint?.(e.clientX, e.clientY);
    if (caret && pre.contains(caret.startContainer)) {
      const r = document.createRange();
      r.setStart(pre, 0);
      r.setEnd(caret.startContainer, caret.startOffset);
      offset = r.toString().length;
    }
    props.onPick(Math.min(offset, props.source.length));
  };
  return (
    <pre className="nb-static" data-testid="nb-cell-source" onClick={onClick}>
      {lines.map((runs, i) => (
        <span key={i}>
          {runs.map((r, j) =>
            r.cls ? (
              <span key={j} className={r.cls}>
                {r.text}
              </span>
            ) : (
              r.text
            ),
          )}
          {i < lines.length - 1 ? '\n' : ''}
        </span>
      ))}
      {props.source === '' && <span className="nb-placeholder"> </span>}
    </pre>
  );
});

function prompt(cell: CellView): string {
  if (cell.runState) return '[*]:';
  return `[${cell.executionCount ?? ' '}]:`;
}

/** What {@link NotebookCell} takes. */
export interface NotebookCellProps {
  model: NotebookModel;
  subscribe: (l: () => void) => () => void;
  id: string;
  active: boolean;
  selected: boolean;
  editing: boolean;
  cursor: number | 'start' | 'end';
  readOnly: boolean;
  dark: boolean;
  mac: boolean;
  handlers: CellHandlers;
}

/** One cell of the notebook. */
export const NotebookCell = memo(function NotebookCell(props: NotebookCellProps) {
  const { model, id, handlers } = props;
  const cell = useSyncExternalStore(props.subscribe, () => model.cell(id));
  if (!cell) return null;
  const language = cellLanguage(cell.type);
  const editing = props.editing && !props.readOnly;
  let source;
  if (editing)
    source = (
      <CellEditor
        model={model}
        cellId={id}
        source={cell.source}
        language={language}
        cursor={props.cursor}
        dark={props.dark}
        mac={props.mac}
        onKey={(a, o) => handlers.editorKey(id, a, o)}
      />
    );
  else if (cell.type === 'markdown')
    source =
      cell.source.trim() === '' ? (
        <div className="nb-markdown nb-empty-markdown muted" data-testid="nb-markdown" onDoubleClick={() => !props.readOnly && handlers.edit(id, 'end')}>
          Empty markdown cell: double-click or press Enter to edit
        </div>
      ) : (
        <MarkdownView
          source={cell.source}
          attachments={cell.attachments}
          onOpenLink={handlers.openLink}
          onDoubleClick={() => !props.readOnly && handlers.edit(id, 'end')}
        />
      );
  else source = <StaticSource source={cell.source} language={language} {...(props.readOnly ? {} : { onPick: (o: number) => handlers.edit(id, o) })} />;

  const cls = ['nb-cell', `nb-cell-${cell.type}`, props.active ? 'nb-active' : '', props.selected ? 'nb-selected' : '', editing ? 'nb-editing' : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div
      className={cls}
      data-testid="nb-cell"
      data-cell-id={id}
      data-cell-type={cell.type}
      data-active={props.active ? 'true' : 'false'}
      data-run-state={cell.runState ?? ''}
      onMouseDown={(e) => {
        if (!props.active || e.shiftKey) handlers.select(id, e.shiftKey);
      }}
    >
      <div className="nb-prompt">
        {cell.type === 'code' && (
          <span
            data-testid="nb-exec-count"
            className={cell.runState ? 'nb-running' : ''}
            title={cell.runState === 'queued' ? 'Queued' : cell.runState === 'running' ? 'Running' : undefined}
          >
            {prompt(cell)}
          </span>
        )}
      </div>
      <div className="nb-body">
        <div className={`nb-source ${cell.type === 'markdown' && !editing ? 'nb-source-rendered' : ''}`}>{source}</div>
        {cell.type === 'code' && <OutputArea outputs={cell.outputs} onOpenLink={handlers.openLink} />}
      </div>
    </div>
  );
});
