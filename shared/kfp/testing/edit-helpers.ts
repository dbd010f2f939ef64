// SPDX-License-Identifier: Apache-2.0
/** What the builder-edit tests share: fixtures as specs and graphs, problems and dependencies in words, a refusal caught. */
import { AppError } from '../../errors';
import { checked } from '../graph-edit';
import type { PipelineGraph } from '../graph-types';
import { parseIrYaml, requireIr } from '../ir-parse';
import type { IrDocument } from '../ir-types';
import { buildGraph } from '../pipeline-graph';
import { fixture } from './fixtures';

/** A fixture as a spec. */
export const docOf = (name: string): IrDocument => requireIr(parseIrYaml(fixture(name)));
/** A fixture as a graph. */
export const graphOf = (name: string): PipelineGraph => buildGraph(docOf(name));
/** The check's problems as `code node.port`. */
export const codes = (g: PipelineGraph) => checked(g).problems.map((p) => `${p.code} ${p.node}${p.port ? `.${p.port}` : ''}`);
/** Dependency edges as `from->to`, `(after)` when explicit. */
export const deps = (g: PipelineGraph) => g.edges.flatMap((e) => (e.kind === 'dependency' ? [`${e.from}->${e.to}${e.explicit ? ' (after)' : ''}`] : []));

/** The AppError an edit was refused with; fails when it was not refused. */
export function refusal(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('the edit was not refused');
}
