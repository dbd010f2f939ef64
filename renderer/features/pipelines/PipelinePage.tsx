// SPDX-License-Identifier: Apache-2.0
/**
 * One pipeline: its versions (newest first) to open, upload a new version, delete a version or
 * the pipeline (with its versions, as KFP requires) after typing its name.
 */
import { useState } from 'react';
import type { VersionSummary } from '../../../shared/features/pipelines/pipelines.contract';
import { useRouter, type Route } from '../../app/router';
import { ActionButton, allowed, type Permission } from '../../components/ActionButton';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorNote } from '../../components/ErrorNote';
import { useClusterScope } from '../../lib/use-cluster-scope';
import { useAction } from '../../lib/use-action';
import { KfpOriginNote } from './KfpOriginNote';
import { UploadDialog } from './UploadDialog';
import { pipelineChanges, usePipeline } from './use-pipelines';
import './pipelines.css';

/** The page. */
export function PipelinePage({ route }: { route: Extract<Route, { page: 'pipeline' }> }) {
  const go = useRouter((s) => s.go);
  const { nameOf } = useClusterScope(route.clusterId);
  const data = usePipeline(route.clusterId, route.pipelineId);
  const action = useAction();
  const [uploading, setUploading] = useState(false);
  const [deleting, setDeleting] = useState<{ kind: 'pipeline' } | { kind: 'version'; version: VersionSummary } | undefined>(undefined);
  const p = data.value?.pipeline;
  const versions = data.value?.versions ?? [];
  // changes need KFP itself: not from the cache
  const may: Permission | undefined = !data.value
    ? undefined
    : data.value.origin.kind === 'cache'
      ? { allowed: false, reason: 'KFP cannot be reached now; changes need it.' }
      : allowed;
  const open = (v: VersionSummary) => go({ page: 'pipeline-version', clusterId: route.clusterId, pipelineId: route.pipelineId, versionId: v.versionId });
  const confirmDelete = async () => {
    if (!deleting) return;
    if (deleting.kind === 'version') {
      const ok = await action.run(() => pipelineChanges.deleteVersion(route.clusterId, route.pipelineId, deleting.version.versionId));
      setDeleting(undefined);
      if (ok) data.reload();
      return;
    }
    const ok = await action.run(() => pipelineChanges.deletePipeline(route.clusterId, route.pipelineId, versions.length > 0));
    setDeleting(undefined);
    if (ok) go({ page: 'pipelines', clusterId: route.clusterId });
  };
  return (
    <div className="page pipelines-page" data-testid="pipeline-page">
      <header className="page-head">
        <button className="link" onClick={() => go({ page: 'pipelines', clusterId: route.clusterId })}>
          Pipelines
        </button>
        <span className="muted">/</span>
        <h1 data-testid="pipeline-name">{p?.displayName ?? route.pipelineId}</h1>
        <span className="muted small">
          {nameOf(route.clusterId)}
          {p?.namespace ? ` · ${p.namespace}` : ''}
        </span>
        {data.value?.origin.kind !== 'cache' && <KfpOriginNote origin={data.value?.origin} />}
        <span className="spacer" />
        <ActionButton label="Upload version" testId="version-upload" permission={may} explain={false} onClick={() => setUploading(true)} />
        <ActionButton
          label="Delete pipeline"
          className="danger"
          testId="pipeline-delete"
          permission={may}
          explain={false}
          onClick={() => setDeleting({ kind: 'pipeline' })}
        />
        <button className="btn" onClick={data.reload}>
          Refresh
        </button>
      </header>
      {data.value?.origin.kind === 'cache' && <KfpOriginNote origin={data.value.origin} />}
      {data.error && <ErrorNote error={data.error} onRetry={data.reload} />}
      {action.error && <ErrorNote error={action.error} />}
      {p?.description && <p className="pipelines-about">{p.description}</p>}
      <h3>Versions</h3>
      <table className="table pipelines-table" data-testid="versions-table">
        <thead>
          <tr>
            <th>Name</th>
            <th>Created</th>
            <th>Description</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {data.value && versions.length === 0 && (
            <tr>
              <td colSpan={4} className="muted">
                This pipeline has no versions.
              </td>
            </tr>
          )}
          {versions.map((v) => (
            <tr key={v.versionId} className="clickable" data-testid="version-row" data-name={v.name} onClick={() => open(v)}>
              <td className="pipelines-name">{v.displayName}</td>
              <td title={v.createdAt}>{v.createdAt ? new Date(v.createdAt).toLocaleString() : '—'}</td>
              <td className="pipelines-desc">{v.description}</td>
              <td onClick={(e) => e.stopPropagation()}>
                <ActionButton
                  label="Delete"
                  className="small danger"
                  testId="version-delete"
                  permission={may}
                  explain={false}
                  onClick={() => setDeleting({ kind: 'version', version: v })}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {uploading && p && (
        <UploadDialog
          target={{ kind: 'version', clusterId: route.clusterId, pipelineId: route.pipelineId, pipelineName: p.displayName }}
          onCancel={() => setUploading(false)}
          onUploaded={() => {
            setUploading(false);
            data.reload();
          }}
        />
      )}
      {deleting && p && (
        <ConfirmDialog
          title={deleting.kind === 'pipeline' ? `Delete pipeline ${p.displayName}?` : `Delete version ${deleting.version.displayName}?`}
          confirm="Delete"
          busyLabel="Deleting…"
          danger
          typeName={
            deleting.kind === 'pipeline'
              ? { name: p.name, prompt: `Type ${p.name} to confirm`, ariaLabel: 'Pipeline name' }
              : { name: deleting.version.name, prompt: `Type ${deleting.version.name} to confirm`, ariaLabel: 'Version name' }
          }
          onConfirm={confirmDelete}
          onCancel={() => setDeleting(undefined)}
        >
          {deleting.kind === 'pipeline'
            ? versions.length > 0
              ? `KFP deletes a pipeline only with its versions: its ${versions.length} ${versions.length === 1 ? 'version goes' : 'versions go'} too. Runs made from them stay.`
              : 'The pipeline has no versions left.'
            : 'Runs made from this version stay.'}
        </ConfirmDialog>
      )}
    </div>
  );
}
