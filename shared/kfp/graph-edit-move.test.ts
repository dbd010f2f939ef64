// SPDX-License-Identifier: Apache-2.0
/**
 * Moving tasks into and out of groups, checked against what the kfp SDK compiled: a task moved out
 * of its group and back exports exactly the compiled spec again (the plumbing through the groups
 * re-made with the compiler's names), the plumbing the old place needed is dropped, dependencies
 * are lifted to their common DAG, and moves that would break the pipeline are refused with the reason.
 */
import { describe, expect, it } from 'vitest';
import { addTask, connect, paletteFromIr } from './graph-edit';
import { moveItems } from './graph-edit-move';
import type { PipelineGraph } from './graph-types';
import { findGroup, findNode } from './graph-util';
import { exportIr } from './ir-export';
import { buildGraph } from './pipeline-graph';
import { codes, deps, docOf, graphOf, refusal } from './testing/edit-helpers';

const channels = (g: PipelineGraph, id: string) => findGroup(g, id)?.channels.map((c) => c.name) ?? [];

describe('moveItems', () => {
  it('moves a task out of a nested condition and back, exporting the compiled spec again', () => {
    const g = graphOf('branches');
    const inner = 'condition-branches-1/condition-3/condition-2';
    const up = moveItems(g, [`${inner}/report`], 'condition-branches-1/condition-3');
    expect(up.ids).toEqual(['condition-branches-1/condition-3/report']);
    // report's model still comes from fit, now through condition-3's channel only; the inner condition no longer carries it
    expect(findNode(up.graph, up.ids[0]!)?.parent).toBe('condition-branches-1/condition-3');
    expect(channels(up.graph, inner)).not.toContain('pipelinechannel--fit-model');
    expect(channels(up.graph, 'condition-branches-1/condition-3')).toContain('pipelinechannel--fit-model');
    // `.after(deploy)` now links the two tasks of condition-3 directly
    expect(deps(up.graph)).toContain('condition-branches-1/condition-3/say->condition-branches-1/condition-3/report (after)');
    expect(codes(up.graph)).toEqual([]);
    const exported = exportIr(up.graph).spec.components?.['comp-condition-3']?.dag?.tasks.report;
    expect(exported?.dependentTasks).toEqual(['say']);
    expect(exported?.inputs?.artifacts?.model).toEqual({ componentInputArtifact: 'pipelinechannel--fit-model' });

    const back = moveItems(up.graph, up.ids, inner);
    expect(back.ids).toEqual([`${inner}/report`]);
    expect(exportIr(back.graph)).toStrictEqual(docOf('branches'));
  });

  it('moves a task into an If frame with the plumbing the compiler writes (built by the kfp SDK)', () => {
    const g = graphOf('built');
    const out = moveItems(g, ['condition-1/say'], null);
    expect(out.ids).toEqual(['say']);
    expect(deps(out.graph)).not.toContain('judge->say');
    const again = moveItems(out.graph, ['say'], 'condition-1');
    expect(again.ids).toEqual(['condition-1/say']);
    expect(exportIr(again.graph)).toStrictEqual(docOf('built'));
    // the round trip through the spec keeps it
    expect(exportIr(buildGraph(exportIr(again.graph)))).toStrictEqual(docOf('built'));
  });

  it('plumbs a value from outside into the frame a task is moved into', () => {
    const g = graphOf('built');
    const judge = paletteFromIr(docOf('built')).find((c) => c.name === 'judge')!;
    const added = addTask(g, judge, { name: 'check' });
    const wired = connect(added.graph, { kind: 'output', item: 'fit', key: 'model', io: 'artifact' }, { node: added.id, port: 'model' });
    const moved = moveItems(wired, [added.id], 'condition-1');
    const spec = exportIr(moved.graph).spec;
    expect(spec.components?.['comp-condition-1']?.dag?.tasks.check?.inputs?.artifacts?.model).toEqual({ componentInputArtifact: 'pipelinechannel--fit-model' });
    expect(spec.root.dag?.tasks['condition-1']?.inputs?.artifacts?.['pipelinechannel--fit-model']).toEqual({
      taskOutputArtifact: { producerTask: 'fit', outputArtifactKey: 'model' },
    });
    expect(spec.components?.['comp-condition-1']?.inputDefinitions?.artifacts?.['pipelinechannel--fit-model']).toEqual({
      artifactType: { schemaTitle: 'system.Model', schemaVersion: '0.0.1' },
    });
    // the frame now waits for fit too
    expect(deps(moved.graph)).toContain('fit->condition-1');
    expect(codes(moved.graph)).toEqual([]);
  });

  it('refuses moves that would break the pipeline, with the reason', () => {
    const built = graphOf('built');
    expect(refusal(() => moveItems(built, ['judge'], 'condition-1')).message).toMatch(/condition of "condition-1" reads a value of a task being moved/);
    expect(refusal(() => moveItems(built, ['fit'], 'condition-1')).message).toMatch(/Cannot move into "condition-1": .*inside the condition/);
    expect(refusal(() => moveItems(built, ['condition-1/say'], 'condition-1')).message).toMatch(/Already in "condition-1"/);
    expect(refusal(() => moveItems(built, ['load', 'condition-1/say'], null)).message).toMatch(/same DAG/);
    expect(refusal(() => moveItems(built, ['load'], 'nowhere')).code).toBe('not-found');

    const branches = graphOf('branches');
    expect(refusal(() => moveItems(branches, ['condition-6/shell'], 'condition-branches-1')).message).toMatch(/holds only its branches/);
    expect(refusal(() => moveItems(branches, ['condition-branches-1/condition-4'], null)).message).toMatch(/stays in its chain/);
    expect(refusal(() => moveItems(branches, ['condition-branches-1'], 'condition-branches-1/condition-3')).message).toMatch(/into itself/);

    // the loop item is only there inside the loop
    expect(refusal(() => moveItems(graphOf('loops'), ['for-loop-4/say-2'], null)).message).toMatch(/only available inside the loop/);
    // an exit task stays beside its handler
    expect(refusal(() => moveItems(graphOf('platform'), ['finally-step'], 'exit-handler-1')).message).toMatch(/is an exit task/);
  });

  it('moves a whole group with what is inside it', () => {
    const g = graphOf('branches');
    const moved = moveItems(g, ['condition-6'], 'condition-branches-1/condition-4');
    expect(moved.ids).toEqual(['condition-branches-1/condition-4/condition-6']);
    expect(findNode(moved.graph, 'condition-branches-1/condition-4/condition-6/shell')?.parent).toBe(moved.ids[0]);
    expect(Object.keys(exportIr(moved.graph).spec.components?.['comp-condition-4']?.inputDefinitions?.parameters ?? {})).toContain('pipelinechannel--mode');
    const back = moveItems(moved.graph, moved.ids, null);
    expect(exportIr(back.graph).spec.root).toEqual(docOf('branches').spec.root);
  });
});
