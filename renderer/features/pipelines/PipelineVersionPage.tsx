// SPDX-License-Identifier: Apache-2.0
/**
 * One pipeline version: its graph drawn read-only with the builder's canvas (and a button that
 * opens it in the builder), its tasks (from the IR, read with shared/kfp: group, component, image,
 * what each runs after) and its spec as read-only YAML; a KFP v1 Argo Workflow with its note.
 */
import { useMemo, useState } from 'react';
import { useRouter, type Route } from '../../app/router';
import { ErrorNote } from '../../components/ErrorNote';
import { graphOfSpec } from '../../components/pipeline-graph/graph-of-spec';
import { PipelineGraphView } from '../../components/pipeline-graph/PipelineGraphView';
import { YamlViewer } from '../../components/YamlViewer';
import { useClusterScope } from '../../lib/use-cluster-scope';
import { KfpOriginNote } from './KfpOriginNote';
import { taskRows } from './pipelines-view-model';
import { usePipelineVersion } from './use-pipelines';
import { CreateRunDialog } from './runs/CreateRunDialog';
import './pipelines.css';

/** The page. */
export function PipelineVersionPage({ route }: { route: Extract<Route, { page: 'pipeline-version' }> }) {
  const go = useRouter((s) => s.go);
  const { nameOf } = useClusterScope(route.clusterId);
  const data = usePipelineVersion(route.clusterId, route.pipelineId, route.versionId);
  const v = data.value;
  const tasks = useMemo(() => (v && v.format !== 'argo' ? taskRows(v.spec) : undefined), [v]);
  const drawn = useMemo(() => (v && v.format !== 'argo' ? graphOfSpec(v.spec) : undefined), [v]);
  const [runMode, setRunMode] = useState<'run' | 'recurring' | undefined>();
  return (
    <div className="page pipelines-page" data-testid="pipeline-version-page">
      <header className="page-head">
        <button className="link" onClick={() => go({ page: 'pipelines', clusterId: route.clusterId })}>
          Pipelines
        </button>
        <span className="muted">/</span>
        <button
          className="link"
          data-testid="version-pipeline-link"
          onClick={() => go({ page: 'pipeline', clusterId: route.clusterId, pipelineId: route.pipelineId })}
        >
          pipeline
        </button>
        <span className="muted">/</span>
        <h1 data-testid="version-name">{v?.displayName ?? route.versionId}</h1>
        <span className="muted small">{nameOf(route.clusterId)}</span>
        {v?.origin.kind !== 'cache' && <KfpOriginNote origin={v?.origin} />}
        <span className="spacer" />
        <button className="btn primary" data-testid="version-create-run" disabled={v?.format !== 'ir'} onClick={() => setRunMode('run')}>
          Create run
        </button>
        <button
          className="btn"
          data-testid="version-open-in-builder"
          disabled={!drawn?.graph}
          title="Open this version on the builder's canvas (your edits are kept as a draft)"
          onClick={() => go({ page: 'builder', clusterId: route.clusterId, pipelineId: route.pipelineId, versionId: route.versionId })}
        >
          Open in builder
        </button>
        <button className="btn" onClick={data.reload}>
          Refresh
        </button>
      </header>
      {v?.origin.kind === 'cache' && <KfpOriginNote origin={v.origin} />}
      {data.error && <ErrorNote error={data.error} onRetry={data.reload} />}
      {v?.description && <p className="pipelines-about">{v.description}</p>}
      {v?.note && (
        <p className="note warn small" data-testid="version-note">
          {v.note}
        </p>
      )}
      {drawn && (
        <>
          <h3>Graph</h3>
          {drawn.graph ? <PipelineGraphView graph={drawn.graph} testId="version-graph" /> : <p className="note warn small">{drawn.problem}</p>}
        </>
      )}
      {tasks && (
        <>
          <h3>Tasks</h3>
          {tasks.problem && <p className="note warn small">{tasks.problem}</p>}
          <table className="table pipelines-table" data-testid="version-tasks">
            <thead>
              <tr>
                <th>Task</th>
                <th>Group</th>
                <th>Component</th>
                <th>Image</th>
                <th>Runs after</th>
              </tr>
            </thead>
            <tbody>
              {tasks.tasks.map((t) => (
                <tr key={t.id} data-testid="version-task" data-name={t.name}>
                  <td className="pipelines-name">{t.name}</td>
                  <td>{t.group || '—'}</td>
                  <td className="mono small">{t.component}</td>
                  <td className="mono small">{t.image || '—'}</td>
                  <td>{t.after.join(', ') || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {v && (
        <>
          <h3>Spec{v.format === 'argo' ? ' (Argo Workflow, read-only)' : ' (read-only)'}</h3>
          <div className="pipelines-spec" data-testid="version-spec">
            <YamlViewer text={v.specYaml} />
          </div>
        </>
      )}
      {runMode && (
        <CreateRunDialog
          start={{ clusterId: route.clusterId, mode: runMode, pipelineId: route.pipelineId, versionId: route.versionId }}
          onCancel={() => setRunMode(undefined)}
          onMade={(m) => {
            setRunMode(undefined);
            go(
              m.kind === 'run'
                ? { page: 'pipeline-run', clusterId: route.clusterId, runId: m.run.runId }
                : { page: 'pipeline-runs', clusterId: route.clusterId },
            );
          }}
        />
      )}
    </div>
  );
}
