// SPDX-License-Identifier: Apache-2.0
/**
 * The visual pipeline builder: the palette on the left, the canvas in the middle, and on the
 * right the selected task's settings (or the pipeline's parameters) with the problems list; a
 * toolbar for undo/redo, wrapping the selection in a group, import, export and upload. The graph
 * is kept as a draft by main as the user works and restored when the builder opens again.
 */
import type { Route } from '../../app/router';
import { useBuilder, useGraph } from './builder.store';
import { BuilderCanvas } from './BuilderCanvas';
import { BuilderToolbar } from './BuilderToolbar';
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
  useBuilderKeys();
  const draft = useBuilderDraft(route.clusterId, route.pipelineId, route.versionId);
  const task = selection.length === 1 ? graph.nodes.find((n) => n.id === selection[0]) : undefined;
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
        <BuilderCanvas onDropComponent={palette.add} />
        <aside className="builder-side">
          {task ? <TaskSettingsPanel key={task.id} task={task} /> : <ParamsPanel />}
          <ProblemsList problems={problems} />
        </aside>
      </div>
    </div>
  );
}
