// SPDX-License-Identifier: Apache-2.0
/**
 * The Monaco editor of the cell being edited (only one exists at a time). It grows with its
 * text, writes every change to the model (only this cell re-renders), and hands Jupyter's keys
 * (run, Esc, split, moving past the first or last line) to the notebook.
 */
import { useEffect, useRef } from 'react';
import type { NotebookModel } from './notebook-model';
import { keyAction, type KeyAction } from './keymap';
import { monaco } from './nb-monaco';

/** A key the editor hands to the notebook, with where the cursor was (an offset in the text). */
export type EditorKey = KeyAction | 'leave-up' | 'leave-down';

/** What {@link CellEditor} takes. */
export interface CellEditorProps {
  model: NotebookModel;
  cellId: string;
  source: string;
  language: string;
  /** Where to put the cursor: an offset, 'end' or 'start'. */
  cursor: number | 'start' | 'end';
  dark: boolean;
  mac: boolean;
  onKey(action: EditorKey, offset: number): void;
}

/** The Monaco editor of one cell. */
export function CellEditor(props: CellEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<ReturnType<typeof monaco.editor.create> | undefined>(undefined);
  const onKey = useRef(props.onKey);
  onKey.current = props.onKey;
  const applying = useRef(false);

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const { model, cellId } = props;
    const ed = monaco.editor.create(el, {
      value: props.source,
      language: props.language,
      theme: props.dark ? 'vs-dark' : 'vs',
      automaticLayout: true,
      minimap: { enabled: false },
      scrollBeyondLastLine: false,
      lineNumbers: 'off',
      glyphMargin: false,
      folding: false,
      lineDecorationsWidth: 6,
      lineNumbersMinChars: 0,
      renderLineHighlight: 'none',
      overviewRulerLanes: 0,
      hideCursorInOverviewRuler: true,
      overviewRulerBorder: false,
      scrollbar: { vertical: 'hidden', horizontal: 'auto', alwaysConsumeMouseWheel: false, useShadows: false },
      fontSize: 13,
      lineHeight: 19,
      padding: { top: 6, bottom: 6 },
      tabSize: 4,
      insertSpaces: true,
      wordWrap: props.language === 'python' ? 'off' : 'on',
      fixedOverflowWidgets: true,
      contextmenu: true,
      quickSuggestions: false,
      ariaLabel: 'Cell editor',
    });
    editor.current = ed;
    const text = ed.getModel();
    const fit = () => {
      const h = Math.max(31, ed.getContentHeight());
      if (el.style.height !== `${h}px`) {
        el.style.height = `${h}px`;
        ed.layout();
      }
    };
    fit();
    const subs = [
      ed.onDidContentSizeChange(fit),
      ed.onDidChangeModelContent(() => {
        if (!applying.current) model.setSource(cellId, ed.getValue());
      }),
      ed.onKeyDown((e) => {
        const ev = e.browserEvent;
        const offset = text ? text.getOffsetAt(ed.getPosition() ?? { lineNumber: 1, column: 1 }) : 0;
        const widgetOpen = !!el.querySelector('.suggest-widget.visible, .find-widget.visible, .rename-box, .parameter-hints-widget.visible');
        let action: EditorKey | undefined = keyAction(ev, 'edit', props.mac);
        if (action === 'command' && widgetOpen) return; // Esc closes the widget first
        if (action === 'save') return; // the notebook handles it (the event bubbles)
        if (!action && !widgetOpen && !ev.shiftKey && !ev.altKey && !ev.ctrlKey && !ev.metaKey && text) {
          const pos = ed.getPosition();
          const sel = ed.getSelection();
          const empty = !sel || sel.isEmpty();
          if (empty && pos && ev.key === 'ArrowUp' && pos.lineNumber === 1) action = 'leave-up';
          if (empty && pos && ev.key === 'ArrowDown' && pos.lineNumber === text.getLineCount()) action = 'leave-down';
        }
        if (!action) return;
        e.preventDefault();
        e.stopPropagation();
        onKey.current(action, offset);
      }),
    ];
    if (text) {
      const pos =
        props.cursor === 'start'
          ? { lineNumber: 1, column: 1 }
          : props.cursor === 'end'
            ? { lineNumber: text.getLineCount(), column: text.getLineMaxColumn(text.getLineCount()) }
            : text.getPositionAt(props.cursor);
      ed.setPosition(pos);
    }
    ed.focus();
    model.breakUndoGroup();
    return () => {
      for (const s of subs) s.dispose();
      ed.dispose();
      editor.current = undefined;
      model.breakUndoGroup();
    };
    // one editor per cell while it is edited; later props are pushed in below
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // an outside change of the text (undo of a cell operation, a split) replaces the editor's
  useEffect(() => {
    const ed = editor.current;
    if (!ed || ed.getValue() === props.source) return;
    applying.current = true;
    try {
      ed.setValue(props.source);
    } finally {
      applying.current = false;
    }
  }, [props.source]);

  useEffect(() => {
    const m = editor.current?.getModel();
    if (m) monaco.editor.setModelLanguage(m, props.language);
  }, [props.language]);

  useEffect(() => {
    monaco.editor.setTheme(props.dark ? 'vs-dark' : 'vs');
  }, [props.dark]);

  return <div className="nb-monaco" ref={host} data-testid="nb-cell-source" data-editing="true" />;
}
