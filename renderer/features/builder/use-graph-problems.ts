// SPDX-License-Identifier: Apache-2.0
/** What pipeline-check finds in the graph being built, computed once per graph. */
import { useMemo } from 'react';
import { checkGraph, type GraphProblem } from '../../../shared/kfp/pipeline-check';
import { useGraph } from './builder.store';

export function useGraphProblems(): GraphProblem[] {
  const graph = useGraph();
  return useMemo(() => checkGraph(graph), [graph]);
}
