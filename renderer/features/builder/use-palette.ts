// SPDX-License-Identifier: Apache-2.0
/**
 * The palette's data: the built-ins, the cluster's components (use-cluster-palette.ts) and the
 * component files the user opened (a kfp-compiled component or pipeline YAML, read with
 * `paletteFromIr`, or a KFP v1 `component.yaml` read as a v2 container component), as searchable entries; `add` puts an entry's component on the canvas.
 */
import { useCallback, useMemo, useState } from 'react';
import { parse } from 'yaml';
import { AppError, asAppError } from '../../../shared/errors';
import { addTask, paletteFromIr } from '../../../shared/kfp/graph-edit';
import { parseIrYaml, requireIr } from '../../../shared/kfp/ir-parse';
import { isV1Component, v1ComponentFromYaml } from '../../../shared/kfp/v1-component';
import { useBuilder } from './builder.store';
import { paletteEntries, searchPalette } from './palette-model';
import { useClusterPalette, type VersionComponents } from './use-cluster-palette';

/** Whether a file is a KFP v1 component (its first YAML document has `implementation`, no pipeline spec). */
function looksLikeV1(text: string): boolean {
  try {
    return isV1Component(parse(text.split(/^---\s*$/m)[0] ?? ''));
  } catch {
    // not YAML: the IR reader below says why
    return false;
  }
}

/** The palette of the builder on `clusterId`. */
export function usePalette(clusterId: string) {
  const cluster = useClusterPalette(clusterId);
  const [files, setFiles] = useState<VersionComponents[]>([]);
  const [fileError, setFileError] = useState<string | undefined>(undefined);
  const [query, setQuery] = useState('');
  const entries = useMemo(() => paletteEntries(cluster.versions, files), [cluster.versions, files]);
  const shown = useMemo(() => searchPalette(entries, query), [entries, query]);
  const edit = useBuilder((s) => s.edit);
  const select = useBuilder((s) => s.select);

  const openFile = useCallback(async (file: File) => {
    setFileError(undefined);
    try {
      const text = await file.text();
      const components = looksLikeV1(text) ? [v1ComponentFromYaml(text)] : paletteFromIr(requireIr(parseIrYaml(text)));
      if (components.length === 0) throw new AppError('validation', `${file.name} has no container components`);
      setFiles((f) => [...f.filter((x) => x.origin !== file.name), { origin: file.name, components }]);
    } catch (e) {
      setFileError(`${file.name}: ${asAppError(e).message}`);
    }
  }, []);

  const add = useCallback(
    (key: string) => {
      const entry = entries.find((e) => e.key === key);
      if (!entry) return;
      let id = '';
      if (
        edit((g) => {
          const r = addTask(g, entry.component);
          id = r.id;
          return r.graph;
        })
      )
        select([id]);
    },
    [entries, edit, select],
  );

  return { entries: shown, query, setQuery, openFile, fileError, add, loading: cluster.loading, clusterProblems: cluster.problems };
}
