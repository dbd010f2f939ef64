// SPDX-License-Identifier: Apache-2.0
/**
 * The components of every pipeline version on a cluster, for the palette: the cluster's pipelines,
 * each one's versions and each version's spec through the pipelines contract (four calls at a time),
 * read with `paletteFromIr`. Versions that are not v2 IR are skipped and counted; failures are
 * kept as the note to show.
 */
import { useEffect, useState } from 'react';
import { asAppError } from '../../../shared/errors';
import { pipelinesContract } from '../../../shared/features/pipelines/pipelines.contract';
import { paletteFromIr, type PaletteComponent } from '../../../shared/kfp/graph-edit';
import { parseIrValue } from '../../../shared/kfp/ir-parse';
import { api } from '../../lib/api/api-context';

/** Components found in one version. */
export interface VersionComponents {
  origin: string;
  components: PaletteComponent[];
}

/** What the cluster offers, while it loads and after. */
export interface ClusterPalette {
  versions: VersionComponents[];
  loading: boolean;
  /** Why some or all could not be read. */
  problems: string[];
}

async function inBatches<T>(items: T[], size: number, fn: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}

/** The palette components of the pipelines on `clusterId`. */
export function useClusterPalette(clusterId: string): ClusterPalette {
  const [state, setState] = useState<ClusterPalette>({ versions: [], loading: true, problems: [] });
  useEffect(() => {
    let live = true;
    const versions: VersionComponents[] = [];
    const problems: string[] = [];
    const publish = (loading: boolean) => live && setState({ versions: [...versions], loading, problems: [...problems] });
    (async () => {
      const list = await api().call(pipelinesContract.list, { clusterId });
      const pipelines = list.clusters.flatMap((c) => (c.ok ? c.pipelines : (problems.push(c.error.message), [])));
      await inBatches(pipelines, 4, async (p) => {
        try {
          const detail = await api().call(pipelinesContract.pipeline, { clusterId, pipelineId: p.pipelineId });
          await inBatches(detail.versions, 4, async (v) => {
            const spec = await api().call(pipelinesContract.version, { clusterId, pipelineId: p.pipelineId, versionId: v.versionId });
            if (spec.format !== 'ir') return;
            const parsed = parseIrValue(spec.spec);
            if (parsed.kind === 'ir')
              versions.push({ origin: `${p.displayName || p.name} / ${v.displayName || v.name}`, components: paletteFromIr(parsed.doc) });
          });
        } catch (e) {
          problems.push(`${p.displayName || p.name}: ${asAppError(e).message}`);
        }
        publish(true);
      });
    })().then(
      () => publish(false),
      (e: unknown) => {
        problems.push(asAppError(e).message);
        publish(false);
      },
    );
    return () => {
      live = false;
    };
  }, [clusterId]);
  return state;
}
