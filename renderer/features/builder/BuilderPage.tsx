// SPDX-License-Identifier: Apache-2.0
/**
 * The visual pipeline builder: the palette on the left, the canvas in the middle, and on the
 * right the selected task's settings (or the pipeline's parameters) with the problems list; a
 * toolbar for undo/redo, wrapping the selection in a group, import, export and upload. The graph
 * is kept as a draft by main as the user works and restored when the builder opens again.
 */
import { useCallback, useRef, type KeyboardEvent } from 'react';
import type { Route } from '../../app/router';
import { paramsNodeId } from '../../components/pipeline-graph/canvas-layout';
import { useBuilder, useGraph } from './builder.store';
import { BuilderCanvas } from './BuilderCanvas';
import { BuilderToolbar } from './BuilderToolbar';
import { focusBoxSoon, focusPanelSoon } from './canvas-focus';
import { DraftNotes } from './DraftNotes';
import { PalettePanel } from './PalettePanel';
import { ParamsPanel } from './ParamsPanel';
import { ProblemsList } from './ProblemsList';
import { TaskSettingsPanel } from './TaskSettingsPanel';
import { useBuilderDraft } from './use-builder-draft';
import { useBuilderKeys } from './use-builder-keys';
import { useGraphProblems } from './use-graph-problems';
import { usePalette } from './use-palette';
import './builder.css';

export function BuilderPage({ route }: { route: Extract<Route, { page: 'builder' }> }) {
  const palette = usePalette(route.clusterId);
  const graph = useGraph();
  const problems = useGraphProblems();
  const selection = useBuilder((s) => s.selection);
  const refusal = useBuilder((s) => s.refusal);
  const refuse = useBuilder((s) => s.refuse);
  const select = useBuilder((s) => s.select);
  const side = useRef<HTMLElement>(null);
  useBuilderKeys();
  const draft = useBuilderDraft(route.clusterId, route.pipelineId, route.versionId);
  const task = selection.length === 1 ? graph.nodes.find((n) => n.id === selection[0]) : undefined;
  // Enter on a box edits it in the side panel (the parameters box: the parameters); Escape there goes back to the box
  const openSettings = useCallback(
    (id: string) => {
      if (id === paramsNodeId) select([]);
      if (side.current) focusPanelSoon(side.current);
    },
    [select],
  );
  const onSideKey = (e: KeyboardEvent<HTMLElement>) => {
    if (e.key !== 'Escape' || e.defaultPrevented) return;
    const box = task ? task.id : graph.params.length > 0 || Object.keys(graph.rootArtifacts).length > 0 ? paramsNodeId : undefined;
    if (!box) return;
    e.preventDefault();
    focusBoxSoon(document, box);
  };
  return (
    <div className="page builder-page" data-testid="builder-page">
      <BuilderToolbar route={route} />
      <DraftNotes draft={draft} />
      {refusal && (
        <div className="note error builder-refusal" role="alert" data-testid="builder-refusal">
          {refusal}{' '}
          <button className="btn ghost" onClick={() => refuse(undefined)}>
            Dismiss
          </button>
        </div>
      )}
      <div className="builder-body">
        <PalettePanel palette={palette} />
        <BuilderCanvas onDropComponent={palette.add} onOpenSettings={openSettings} />
        <aside className="builder-side" ref={side} onKeyDown={onSideKey} aria-label={task ? `Settings of ${task.label}` : 'Pipeline parameters'}>
          {task ? <TaskSettingsPanel key={task.id} task={task} /> : <ParamsPanel />}
          <ProblemsList problems={problems} />
        </aside>
      </div>
    </div>
  );
}
