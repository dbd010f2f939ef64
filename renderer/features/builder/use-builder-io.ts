// SPDX-License-Identifier: Apache-2.0
/**
 * Getting pipelines in and out of the builder: open an IR YAML file into the canvas, read a pipeline
 * version from the cluster (through the pipelines contract) as a graph, export the IR YAML as a download (a
 * Blob link with the pipeline's file name; nothing leaves the app), and upload it as a new pipeline
 * or a new version of one. Failures become the builder's refusal text or the action's error.
 */
import { useCallback, useState } from 'react';
import { type AppError, asAppError } from '../../../shared/errors';
import { pipelinesContract, type Uploaded, type VersionSummary } from '../../../shared/features/pipelines/pipelines.contract';
import { exportIrYaml } from '../../../shared/kfp/ir-export';
import { parseIrValue, parseIrYaml, requireIr } from '../../../shared/kfp/ir-parse';
import type { PipelineGraph } from '../../../shared/kfp/graph-types';
import { buildGraph } from '../../../shared/kfp/pipeline-graph';
import { api } from '../../lib/api/api-context';
import { useBuilder } from './builder.store';

/** The file name an export gets. */
export function exportFileName(pipelineName: string): string {
  return `${pipelineName || 'pipeline'}.yaml`;
}

/** A pipeline version of the cluster as a graph. */
export async function readVersionGraph(clusterId: string, pipelineId: string, versionId: string): Promise<PipelineGraph> {
  const v = await api().call(pipelinesContract.version, { clusterId, pipelineId, versionId });
  return buildGraph(requireIr(parseIrValue(v.spec)));
}

/** Opening and exporting. */
export function useBuilderIo() {
  const load = useBuilder((s) => s.load);
  const refuse = useBuilder((s) => s.refuse);

  const openFile = useCallback(
    async (file: File) => {
      try {
        load(buildGraph(requireIr(parseIrYaml(await file.text()))));
      } catch (e) {
        refuse(`${file.name}: ${asAppError(e).message}`);
      }
    },
    [load, refuse],
  );

  const download = useCallback(() => {
    const graph = useBuilder.getState().history.present;
    let yaml: string;
    try {
      yaml = exportIrYaml(graph);
    } catch (e) {
      refuse(`The pipeline could not be exported: ${asAppError(e).message}`);
      return;
    }
    const url = URL.createObjectURL(new Blob([yaml], { type: 'application/yaml' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = exportFileName(graph.info.name);
    a.rel = 'noopener';
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }, [refuse]);

  return { openFile, download };
}

/** Where an upload goes. */
export type UploadTarget =
  { kind: 'pipeline'; name: string; description: string; namespace?: string } | { kind: 'version'; pipelineId: string; name: string; description: string };

/** Uploading the pipeline being built to a cluster. */
export function useBuilderUpload(clusterId: string) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | undefined>(undefined);
  const [done, setDone] = useState<Uploaded | VersionSummary | undefined>(undefined);
  const upload = useCallback(
    async (target: UploadTarget) => {
      setBusy(true);
      setError(undefined);
      setDone(undefined);
      try {
        const graph = useBuilder.getState().history.present;
        const yaml = exportIrYaml(graph);
        const fileName = exportFileName(graph.info.name);
        const result =
          target.kind === 'pipeline'
            ? await api().call(pipelinesContract.upload, {
                clusterId,
                name: target.name,
                description: target.description,
                fileName,
                yaml,
                ...(target.namespace ? { namespace: target.namespace } : {}),
              })
            : await api().call(pipelinesContract.uploadVersion, {
                clusterId,
                pipelineId: target.pipelineId,
                name: target.name,
                description: target.description,
                fileName,
                yaml,
              });
        setDone(result);
        return result;
      } catch (e) {
        setError(asAppError(e));
        return undefined;
      } finally {
        setBusy(false);
      }
    },
    [clusterId],
  );
  return { upload, busy, error, done };
}
