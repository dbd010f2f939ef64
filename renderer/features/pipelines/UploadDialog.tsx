// SPDX-License-Identifier: Apache-2.0
/**
 * Upload a compiled pipeline (.yaml) as a new pipeline (cluster, and namespace on a multi-user
 * KFP) or as a new version of one: file picker, name (suggested from the file) and description.
 */
import { useState } from 'react';
import type { Uploaded, VersionSummary } from '../../../shared/features/pipelines/pipelines.contract';
import { ErrorNote } from '../../components/ErrorNote';
import { Field } from '../../components/form/Field';
import { SelectField, TextField } from '../../components/form/inputs';
import { useAction } from '../../lib/use-action';
import { uploadProblems } from './upload-form-model';
import { pipelineChanges, useKfpConnection } from './use-pipelines';
import { useUploadForm } from './use-upload-form';

/** What is uploaded: a new pipeline (on one of `clusters`) or a new version of a pipeline. */
export type UploadTarget =
  | { kind: 'pipeline'; clusterId: string; clusters: { id: string; name: string }[] }
  | { kind: 'version'; clusterId: string; pipelineId: string; pipelineName: string };

/** The dialog. */
export function UploadDialog(props: { target: UploadTarget; onUploaded(clusterId: string, result: Uploaded | VersionSummary): void; onCancel(): void }) {
  const t = props.target;
  const [clusterId, setClusterId] = useState(t.clusterId);
  const conn = useKfpConnection(clusterId);
  const { form, reading, chooseFile, set } = useUploadForm();
  const action = useAction();
  const multiUser = t.kind === 'pipeline' && conn.value?.multiUser === true;
  const problems = uploadProblems(form, multiUser);
  const blocked = Object.keys(problems).length > 0;
  const upload = async () => {
    const common = { clusterId, name: form.name.trim(), description: form.description, fileName: form.fileName, yaml: form.yaml };
    const done =
      t.kind === 'pipeline'
        ? await action.run(() => pipelineChanges.upload({ ...common, ...(multiUser ? { namespace: form.namespace } : {}) }))
        : await action.run(() => pipelineChanges.uploadVersion({ ...common, pipelineId: t.pipelineId }));
    if (done) props.onUploaded(clusterId, done.value);
  };
  // problems show once the user has started (a fresh dialog is not a page of red)
  const shown = form.fileName || form.name ? problems : {};
  return (
    <div className="dialog-backdrop" onClick={() => !action.busy && props.onCancel()}>
      <div
        className="dialog upload-dialog"
        role="dialog"
        aria-modal="true"
        aria-label="Upload pipeline"
        onClick={(e) => e.stopPropagation()}
        data-testid="upload-dialog"
      >
        <h3>{t.kind === 'pipeline' ? 'Upload a pipeline' : `Upload a new version of ${t.pipelineName}`}</h3>
        <div className="dialog-body">
          {t.kind === 'pipeline' && (
            <SelectField
              label="Cluster"
              field="cluster"
              problems={{}}
              testId="upload-cluster"
              value={clusterId}
              options={t.clusters.map((c) => ({ value: c.id, label: c.name }))}
              onChange={setClusterId}
            />
          )}
          <Field label="Compiled pipeline (.yaml)" field="file" problems={shown}>
            {(id) => <input id={id} type="file" accept=".yaml,.yml,.json" data-testid="upload-file" onChange={(e) => void chooseFile(e.target.files?.[0])} />}
          </Field>
          {reading && <p className="muted small">Reading the file…</p>}
          <TextField label="Name" field="name" problems={shown} testId="upload-name" value={form.name} onChange={(v) => set('name', v)} />
          <TextField
            label="Description"
            field="description"
            problems={{}}
            testId="upload-description"
            value={form.description}
            onChange={(v) => set('description', v)}
          />
          {multiUser && (
            <SelectField
              label="Profile namespace"
              field="namespace"
              problems={shown}
              testId="upload-namespace"
              value={form.namespace}
              options={[{ value: '', label: 'Choose…' }, ...(conn.value?.namespaces ?? [])]}
              onChange={(v) => set('namespace', v)}
            />
          )}
          {t.kind === 'pipeline' && conn.value && !conn.value.ok && <p className="note warn small">{conn.value.message}</p>}
          {action.error && <ErrorNote error={action.error} />}
        </div>
        <div className="dialog-buttons">
          <button className="btn" onClick={props.onCancel} disabled={action.busy}>
            Cancel
          </button>
          <button className="btn primary" data-testid="upload-confirm" disabled={blocked || action.busy || reading} onClick={() => void upload()}>
            {action.busy ? 'Uploading…' : 'Upload'}
          </button>
        </div>
      </div>
    </div>
  );
}
