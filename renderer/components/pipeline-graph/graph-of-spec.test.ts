// SPDX-License-Identifier: Apache-2.0
/** The version page's graph from a spec: IR drawn, anything else explained. */
import { describe, expect, it } from 'vitest';
import { docOf } from '../../../shared/kfp/testing/edit-helpers';
import { graphOfSpec } from './graph-of-spec';

describe('graphOfSpec', () => {
  it('draws an IR spec as KFP returns it (JSON)', () => {
    const doc = docOf('built');
    const g = graphOfSpec(JSON.parse(JSON.stringify(doc.spec)));
    expect(g.graph?.nodes.map((n) => n.id).sort()).toEqual(['condition-1/say', 'fit', 'judge', 'load']);
  });

  it('says why an Argo Workflow or a broken spec is not drawn', () => {
    expect(graphOfSpec({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Workflow', spec: {} }).problem).toMatch(/KFP v1/);
    expect(graphOfSpec({ pipelineInfo: 'x' }).problem).toMatch(/could not draw/);
  });
});
