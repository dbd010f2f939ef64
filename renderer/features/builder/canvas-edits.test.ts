// SPDX-License-Identifier: Apache-2.0
/** The canvas's gestures on the example: connections made or refused with the check's reason, delete, copy and paste. */
import { describe, expect, it } from 'vitest';
import { exportIrYaml } from '../../../shared/kfp/ir-export';
import { checkGraph } from '../../../shared/kfp/pipeline-check';
import { buildDeployPipeline } from '../../../shared/kfp/testing/example-builds';
import { copyTasks, deleteItems, pasteTasks, tryConnect } from './canvas-edits';
import { paramsNodeId } from '../../components/pipeline-graph/canvas-layout';

describe('canvas edits', () => {
  const g = buildDeployPipeline();

  it('connects a value of the right type', () => {
    const v = tryConnect(g, { source: paramsNodeId, sourceHandle: 'p:epochs', target: 'fit', targetHandle: 'in:epochs' });
    expect(v.ok).toBe(true);
  });

  it('refuses a type mismatch with the reason', () => {
    const v = tryConnect(g, { source: paramsNodeId, sourceHandle: 'p:lr', target: 'fit', targetHandle: 'in:epochs' });
    expect(v).toEqual({ ok: false, reason: expect.stringMatching(/NUMBER_DOUBLE/) });
  });

  it('refuses an artifact into a parameter', () => {
    const v = tryConnect(g, { source: 'load', sourceHandle: 'out:data', target: 'fit', targetHandle: 'in:lr' });
    expect(v.ok).toBe(false);
  });

  it('refuses a cycle', () => {
    const v = tryConnect(g, { source: 'judge', sourceHandle: 'dep-out', target: 'load', targetHandle: 'dep-in' });
    expect(v).toEqual({ ok: false, reason: expect.stringMatching(/cycle/) });
  });

  it('refuses a drop that is not on an input', () => {
    expect(tryConnect(g, { source: 'load', sourceHandle: 'out:data', target: 'fit', targetHandle: 'out:model' })).toEqual({
      ok: false,
      reason: 'Drop the value on an input of a task',
    });
  });

  it('deletes a task and the edges to it, leaving the input open', () => {
    const next = deleteItems(g, ['load'], []);
    expect(next.nodes.map((n) => n.id)).not.toContain('load');
    expect(checkGraph(next).some((p) => p.node === 'fit' && p.port === 'data' && p.code === 'required-input')).toBe(true);
  });

  it('pastes a copy of a task with its settings and constants', () => {
    const copied = copyTasks(g, ['fit', 'load']);
    const { graph, ids } = pasteTasks(g, copied);
    expect(ids).toEqual(['fit-2', 'load-2']);
    const fit2 = graph.nodes.find((n) => n.id === 'fit-2')!;
    expect(fit2.settings.resources?.accelerator?.resourceType).toBe('nvidia.com/gpu');
    expect(graph.nodes.find((n) => n.id === 'load-2')?.constants).toEqual(g.nodes.find((n) => n.id === 'load')?.constants);
    expect(exportIrYaml(graph)).toContain('fit-2');
  });
});
