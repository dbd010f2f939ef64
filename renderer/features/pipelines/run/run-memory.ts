// SPDX-License-Identifier: Apache-2.0
/**
 * What the run page keeps in memory between visits, so a run opened again draws at once: the last
 * run read of each run (shown while it is read afresh), the graph and boxes of each pipeline spec
 * (a 300-task spec takes a while to build), and ELK's layout of each graph structure. Each is a
 * small map that forgets the entry used longest ago. Nothing here is a credential or outlives the
 * page's window.
 */
import type { RunDetail } from '../../../../shared/features/pipelines/run-details.contract';
import type { PipelineGraph } from '../../../../shared/kfp/graph-types';
import type { Layout } from '../../../lib/elk-layout';
import type { RunShape } from './run-graph-model';

/** A map of at most `size` entries; reading or writing an entry makes it the newest. */
export class RecentMap<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(private readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`a RecentMap holds at least one entry, not ${size}`);
  }

  get(key: K): V | undefined {
    const v = this.entries.get(key);
    if (v === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, v);
    return v;
  }

  set(key: K, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.size) this.entries.delete(this.entries.keys().next().value as K);
  }

  get count(): number {
    return this.entries.size;
  }
}

/** A spec's graph and boxes, or why it has none. */
export interface BuiltSpec {
  graph?: PipelineGraph;
  shape?: RunShape;
  problem?: string;
}

/** The last run read of each run, by `<cluster>|<run id>`. */
export const keptRuns = new RecentMap<string, RunDetail>(8);
/** The graph of each spec, by `<run id>|<version id>` (a run's spec does not change). */
export const builtSpecs = new RecentMap<string, BuiltSpec>(8);
/** ELK's layout of each structure, by the structure's key (run-graph-layout.ts runLayoutKey). */
export const laidOut = new RecentMap<string, Layout>(32);

/** The key of a run in {@link keptRuns}. */
export const runKey = (clusterId: string, runId: string) => `${clusterId}|${runId}`;
