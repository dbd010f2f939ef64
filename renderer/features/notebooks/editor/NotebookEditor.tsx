// SPDX-License-Identifier: Apache-2.0
/**
 * The notebook editor, JupyterLab-like: a toolbar, cells virtualised with measured heights (so
 * thousands of cells stay responsive), one Monaco editor for the cell being edited, command
 * mode (Esc) and edit mode (Enter) with Jupyter's keys. It edits a {@link NotebookModel}; the
 * page around it loads, saves and runs (through `kernel` and `onSave`).
 */
import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore, type KeyboardEvent, type ReactNode } from 'react';
import { useDarkTheme } from '../../../lib/theme';
import type { EditorKey } from './CellEditor';
import { isMac, keyAction } from './keymap';
import { NotebookCell, type CellHandlers } from './NotebookCell';
import type { CellView, NotebookModel } from './notebook-model';
import { hasClipboard, keyActions, notebookCommands, type ActivateOptions, type CommandContext, type Mode } from './notebook-commands';
import { NotebookToolbar, RestartDialog as RestartConfirm, type KernelControls, type ToolbarActions } from './NotebookToolbar';
import './notebook.css';

export type { KernelControls } from './NotebookToolbar';

/** What {@link NotebookEditor} takes. */
export interface NotebookEditorProps {
  model: NotebookModel;
  kernel?: KernelControls | undefined;
  readOnly?: boolean | undefined;
  onSave?: (() => void) | undefined;
  /** Called with an http(s) URL (already checked by parsing) when a link is clicked. */
  onOpenLink: (url: string) => void;
  toolbarExtra?: ReactNode;
}

const lineHeight = 19;
/** A first guess of a cell's height before it is measured. */
function estimate(c: CellView | undefined): number {
  if (!c) return 40;
  const lines = c.source.split('\n', 200).length;
  let h = 16 + (c.type === 'markdown' ? lines * 22 : lines * lineHeight + 12);
  for (const o of c.outputs) {
    if (o.output_type === 'stream') h += Math.min(2000, (typeof o.text === 'string' ? o.text : o.text.join('')).split('\n', 120).length * 17);
    else if (o.output_type === 'error') h += Math.min(600, o.traceback.length * 40);
    else if ('image/png' in o.data || 'image/jpeg' in o.data || 'image/svg+xml' in o.data) h += 300;
    else if ('text/html' in o.data) h += 200;
    else h += 40;
  }
  return h;
}

/** The notebook editor. */
export function NotebookEditor(props: NotebookEditorProps) {
  const { model, kernel } = props;
  const readOnly = !!props.readOnly;
  const subscribe = useCallback((l: () => void) => model.subscribe(l), [model]);
  // cells re-render at most once a frame, however fast outputs arrive
  const subscribeFrame = useCallback(
    (l: () => void) => {
      let pending = 0;
      const off = model.subscribe(() => {
        pending ||= requestAnimationFrame(() => {
          pending = 0;
          l();
        });
      });
      return () => {
        off();
        if (pending) cancelAnimationFrame(pending);
      };
    },
    [model],
  );
  const ids = useSyncExternalStore(subscribe, () => model.ids);
  const [activeId, setActiveId] = useState<string | undefined>(() => model.ids[0]);
  const [anchorId, setAnchorId] = useState<string | undefined>(undefined);
  const [mode, setMode] = useState<Mode>('command');
  const [cursor, setCursor] = useState<number | 'start' | 'end'>('end');
  const [canPaste, setCanPaste] = useState(hasClipboard);
  const [ready, setReady] = useState(false);
  const dark = useDarkTheme();
  const mac = useMemo(isMac, []);
  const scroller = useRef<HTMLDivElement>(null);
  const lastIndex = useRef(0);

  // the active cell may be gone (deleted, undone): take the one now at its place
  const activeIndex = activeId ? ids.indexOf(activeId) : -1;
  if (activeIndex >= 0) lastIndex.current = activeIndex;
  const effectiveActive = activeIndex >= 0 ? activeId : ids[Math.min(lastIndex.current, ids.length - 1)];
  const effectiveIndex = effectiveActive ? ids.indexOf(effectiveActive) : -1;
  useEffect(() => {
    if (effectiveActive !== activeId) {
      setActiveId(effectiveActive);
      setMode('command');
    }
  }, [effectiveActive, activeId]);

  // the active cell is always rendered, so its editor survives scrolling away
  const rangeExtractor = useCallback(
    (range: Range) => {
      const base = defaultRangeExtractor(range);
      if (effectiveIndex >= 0 && !base.includes(effectiveIndex)) return [...base, effectiveIndex].sort((x, y) => x - y);
      return base;
    },
    [effectiveIndex],
  );
  const virtualizer = useVirtualizer({
    count: ids.length,
    getScrollElement: () => scroller.current,
    estimateSize: (i) => estimate(model.cell(ids[i] ?? '')),
    getItemKey: (i) => ids[i] ?? i,
    overscan: 4,
    rangeExtractor,
  });
  const items = virtualizer.getVirtualItems();
  useEffect(() => {
    if (!ready && (items.length > 0 || ids.length === 0)) setReady(true);
  }, [ready, items.length, ids.length]);

  // state read by key handlers and the editor's callbacks
  const state = useRef({ activeId: effectiveActive, anchorId, mode, ids });
  state.current = { activeId: effectiveActive, anchorId, mode, ids };
  const propsRef = useRef(props);
  propsRef.current = props;

  const focusNotebook = useCallback(() => scroller.current?.focus({ preventScroll: true }), []);
  const reveal = useCallback(
    (id: string) => {
      const i = state.current.ids.indexOf(id);
      if (i >= 0) virtualizer.scrollToIndex(i, { align: 'auto' });
    },
    [virtualizer],
  );

  const selectedIds = useCallback((): string[] => {
    const { activeId: a, anchorId: b, ids: list } = state.current;
    if (!a) return [];
    const i = list.indexOf(a);
    const j = b ? list.indexOf(b) : -1;
    if (j < 0 || j === i) return [a];
    return list.slice(Math.min(i, j), Math.max(i, j) + 1);
  }, []);

  const activate = useCallback(
    (id: string | undefined, opts: ActivateOptions = {}) => {
      if (!id) return;
      if (opts.extend) setAnchorId((b) => b ?? state.current.activeId);
      else setAnchorId(undefined);
      setActiveId(id);
      setCursor(opts.cursor ?? 'end');
      const m = opts.mode ?? 'command';
      setMode(m);
      reveal(id);
      if (m === 'command') focusNotebook();
    },
    [reveal, focusNotebook],
  );

  const run = useCallback(
    (cellIds: string[]) => {
      const code = cellIds.filter((id) => model.cell(id)?.type === 'code');
      const k = propsRef.current.kernel;
      if (code.length && k && !propsRef.current.readOnly) k.run(code);
    },
    [model],
  );

  const [confirmRestart, setConfirmRestart] = useState(false);
  const { commands, act } = useMemo(() => {
    const ctx: CommandContext = {
      model,
      state: () => state.current,
      props: () => propsRef.current,
      selectedIds,
      activate,
      reveal,
      run,
      setLastIndex: (i) => (lastIndex.current = i),
      onClipboard: setCanPaste,
      selectRange: (anchor, active) => {
        setAnchorId(anchor);
        setActiveId(active);
      },
      confirmRestart: () => setConfirmRestart(true),
    };
    const commands = notebookCommands(ctx);
    return { commands, act: keyActions(ctx, commands) };
  }, [model, activate, run, selectedIds, reveal]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.defaultPrevented) return;
    const target = e.target as HTMLElement;
    const inField = target.closest('input, select, textarea, button, .nb-monaco, .nb-dialog') !== null;
    const action = keyAction(e, state.current.mode, mac);
    if (!action) return;
    // in a text field or the editor only saving reaches the notebook (the editor sends its own keys)
    if (inField && action !== 'save') return;
    if (state.current.mode === 'edit' && action !== 'save') return;
    if (act(action)) {
      e.preventDefault();
      e.stopPropagation();
    }
  };

  const handlers = useMemo<CellHandlers>(
    () => ({
      select: (id, extend) => activate(id, { extend }),
      edit: (id, c) => {
        if (!propsRef.current.readOnly) activate(id, { mode: 'edit', cursor: c });
      },
      editorKey: (id, action: EditorKey, offset) => {
        const list = state.current.ids;
        const i = list.indexOf(id);
        if (action === 'leave-up') {
          if (i > 0) activate(list[i - 1], { mode: 'edit', cursor: 'end' });
          return;
        }
        if (action === 'leave-down') {
          if (i < list.length - 1) activate(list[i + 1], { mode: 'edit', cursor: 'start' });
          return;
        }
        act(action, offset);
      },
      openLink: (url) => propsRef.current.onOpenLink(url),
    }),
    [activate, act],
  );

  // a toolbar click leaves edit mode and gives the keys back to the notebook
  const fromToolbar = (fn: () => void) => () => {
    setMode('command');
    fn();
    focusNotebook();
  };
  const toolbarActions: ToolbarActions = {
    save: props.onSave ? () => commands.save() : undefined,
    addBelow: fromToolbar(() => commands.insertBelow()),
    cut: fromToolbar(() => commands.cut()),
    copy: fromToolbar(() => commands.copy()),
    paste: fromToolbar(() => commands.paste(false)),
    canPaste,
    moveUp: fromToolbar(() => commands.move(-1)),
    moveDown: fromToolbar(() => commands.move(1)),
    run: fromToolbar(() => commands.runAdvance()),
    runAll: fromToolbar(() => commands.runAll()),
    setType: (t) => fromToolbar(() => commands.setType(t))(),
  };

  const selected = useMemo(() => new Set(selectedIds()), [selectedIds, effectiveActive, anchorId, ids]); // eslint-disable-line react-hooks/exhaustive-deps

  return (
    <div className="notebook-editor" data-testid="notebook-editor" data-ready={ready ? 'true' : 'false'} data-mode={mode}>
      <NotebookToolbar
        model={model}
        subscribe={subscribe}
        activeId={effectiveActive}
        kernel={kernel}
        readOnly={readOnly}
        actions={toolbarActions}
        extra={props.toolbarExtra}
      />
      <div className="nb-scroller" ref={scroller} tabIndex={0} onKeyDown={onKeyDown} role="list" aria-label="Notebook cells" data-testid="nb-cells">
        <div className="nb-canvas" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((row) => {
            const id = ids[row.index];
            if (!id) return null;
            return (
              <div
                key={row.key}
                data-index={row.index}
                ref={virtualizer.measureElement}
                className="nb-row"
                role="listitem"
                style={{ transform: `translateY(${row.start}px)` }}
              >
                <NotebookCell
                  model={model}
                  subscribe={subscribeFrame}
                  id={id}
                  active={id === effectiveActive}
                  selected={selected.has(id) && selected.size > 1}
                  editing={id === effectiveActive && mode === 'edit'}
                  cursor={id === effectiveActive ? cursor : 'end'}
                  readOnly={readOnly}
                  dark={dark}
                  mac={mac}
                  handlers={handlers}
                />
              </div>
            );
          })}
        </div>
        {ids.length === 0 && (
          <div className="nb-empty muted">
            This notebook has no cells.{' '}
            {!readOnly && (
              <button className="btn" onClick={() => commands.insertBelow()}>
                Add a cell
              </button>
            )}
          </div>
        )}
      </div>
      {confirmRestart && (
        <RestartConfirm
          onCancel={() => {
            setConfirmRestart(false);
            focusNotebook();
          }}
          onConfirm={() => {
            setConfirmRestart(false);
            propsRef.current.kernel?.restart();
            focusNotebook();
          }}
        />
      )}
    </div>
  );
}
