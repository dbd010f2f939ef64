// SPDX-License-Identifier: Apache-2.0
/** What every source of compared runs is to the comparison service: it reads one reference into the model. */
import type { ComparedRun, RunRef } from '../../../../shared/features/compare/compare-model';
import type { KubeHttp } from '../../../platform/kube/kube-http';

/** Reads runs of one source. */
export interface RunSourceReader<R extends RunRef> {
  read(ref: R): Promise<ComparedRun>;
}

/** The clusters, as the sources need them (ClusterRegistry). */
export interface SourceClusters {
  http(id: string): Promise<KubeHttp>;
  /** The context's name, shown as where a run is. */
  get(id: string): { entry: { name: string } };
}

/** A metric's points grouped into the model's series, sorted by metric name. */
export function seriesOf(points: readonly { metric: string; step: number; time: number | null; value: number }[]): ComparedRun['series'] {
  const by = new Map<string, ComparedRun['series'][number]>();
  for (const p of points) {
    let s = by.get(p.metric);
    if (!s) by.set(p.metric, (s = { metric: p.metric, steps: [], times: [], values: [] }));
    s.steps.push(p.step);
    s.times.push(p.time);
    s.values.push(p.value);
  }
  return [...by.values()].sort((a, b) => a.metric.localeCompare(b.metric));
}
