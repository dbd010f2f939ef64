// SPDX-License-Identifier: Apache-2.0
/**
 * The MLflow connection of one cluster: an in-cluster service the user confirms (pinned; reached
 * through a port-forward) or a URL; auth none,
 * basic or token (secrets are written to main, never read back: the form shows "stored"); the
 * artifact store behind `mlflow-artifacts:` URIs; optional S3 access; and a connection test that
 * says what worked or what did not, with the MLflow services found in the cluster. The calls are
 * `useMlflowSettings`'s, the rules `mlflow-settings-model.ts`'s.
 */
import { ErrorNote } from '../../components/ErrorNote';
import { ServicePinPicker } from '../../components/ServicePinPicker';
import { SecretStorageNote } from '../../components/SecretStorageNote';
import { draftChanged, draftProblems, targetMoved, type MlflowDraft, type SecretDraft } from './mlflow-settings-model';
import { sourceText } from './RegistryOrigin';
import { useMlflowSettings } from './use-mlflow-settings';

function SecretField(props: { label: string; stored: boolean; value: SecretDraft; onChange: (v: SecretDraft) => void; testId: string }) {
  const removing = props.value === '' && props.stored;
  return (
    <label className="field">
      {props.label}
      <span className="registry-secret">
        <input
          className="input"
          type="password"
          autoComplete="off"
          data-testid={props.testId}
          placeholder={removing ? 'will be removed' : props.stored ? 'stored — type to replace' : ''}
          value={props.value ?? ''}
          onChange={(e) => props.onChange(e.target.value === '' ? undefined : e.target.value)}
        />
        {props.stored && props.value === undefined && (
          <button type="button" className="btn ghost small" onClick={() => props.onChange('')}>
            Remove
          </button>
        )}
        {removing && (
          <button type="button" className="btn ghost small" onClick={() => props.onChange(undefined)}>
            Keep
          </button>
        )}
      </span>
    </label>
  );
}

/** The panel; `onSaved` reloads the page's data. */
export function MlflowSettingsPanel({ clusterId, clusterName, onSaved }: { clusterId: string; clusterName: string; onSaved: () => void }) {
  const { saved, draft, set, error, test, busy, found, save, runTest } = useMlflowSettings(clusterId, clusterName, onSaved);
  if (!draft || !saved) return error ? <ErrorNote error={error} /> : <div className="muted small">Loading settings…</div>;
  const { url: urlProblem, s3: s3Problem, artifactStore: artifactProblem } = draftProblems(draft);
  const changed = draftChanged(draft, saved);
  const invalid = !!urlProblem || !!s3Problem || !!artifactProblem;
  const moved = targetMoved(draft, saved);

  return (
    <form
      className="card registry-settings"
      data-testid="mlflow-settings"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h3>MLflow connection for {clusterName}</h3>
      <div className="registry-settings-row" role="radiogroup" aria-label="Where MLflow is">
        <label>
          <input type="radio" name="mlflow-mode" data-testid="mlflow-mode-auto" checked={draft.mode === 'auto'} onChange={() => set({ mode: 'auto' })} /> Found
          in the cluster (port-forward to an MLflow service)
        </label>
        <label>
          <input type="radio" name="mlflow-mode" data-testid="mlflow-mode-url" checked={draft.mode === 'url'} onChange={() => set({ mode: 'url' })} /> URL
        </label>
      </div>
      {draft.mode === 'auto' && <ServicePinPicker what="MLflow" testId="mlflow" pin={draft.pin} found={found} onPin={(pin) => set({ pin })} />}
      {moved && (saved.hasPassword || saved.hasToken) && (
        <p className="note stale small" data-testid="mlflow-target-moved">
          The stored {saved.hasPassword ? 'password' : 'token'} was saved for the previous MLflow and is dropped when you save this change: type it again to
          send it to the new one.
        </p>
      )}
      {draft.mode === 'url' && (
        <label className="field">
          MLflow URL
          <input
            className="input"
            data-testid="mlflow-url"
            placeholder="http://mlflow.example.com:5000"
            value={draft.url}
            onChange={(e) => set({ url: e.target.value })}
            aria-invalid={urlProblem ? true : undefined}
          />
          {urlProblem && <span className="error-text small">{urlProblem}</span>}
        </label>
      )}
      <div className="registry-settings-row">
        <label className="field">
          Sign-in
          <select className="input" data-testid="mlflow-auth" value={draft.auth} onChange={(e) => set({ auth: e.target.value as MlflowDraft['auth'] })}>
            <option value="none">None</option>
            <option value="basic">User name and password (basic)</option>
            <option value="bearer">Token (bearer)</option>
          </select>
        </label>
        {draft.auth === 'basic' && (
          <>
            <label className="field">
              User name
              <input
                className="input"
                data-testid="mlflow-username"
                autoComplete="off"
                value={draft.username}
                onChange={(e) => set({ username: e.target.value })}
              />
            </label>
            <SecretField
              label="Password"
              testId="mlflow-password"
              stored={saved.hasPassword}
              value={draft.password}
              onChange={(password) => set({ password })}
            />
          </>
        )}
        {draft.auth === 'bearer' && (
          <SecretField label="Token" testId="mlflow-token" stored={saved.hasToken} value={draft.token} onChange={(token) => set({ token })} />
        )}
      </div>
      <label className="field">
        Artifact store (the server’s --artifacts-destination)
        <input
          className="input"
          data-testid="mlflow-artifact-store"
          placeholder={
            draft.mode === 'auto'
              ? 'empty: read from the server pod’s --artifacts-destination, e.g. s3://mlflow/artifacts'
              : 's3://mlflow/artifacts — maps mlflow-artifacts:/… to a storage URI KServe can load'
          }
          value={draft.artifactStore}
          onChange={(e) => set({ artifactStore: e.target.value })}
          aria-invalid={artifactProblem ? true : undefined}
        />
        {artifactProblem && <span className="error-text small">{artifactProblem}</span>}
      </label>
      <details className="registry-s3" open={draft.s3Endpoint !== ''}>
        <summary>Read s3:// artifacts straight from S3 / MinIO (optional)</summary>
        <div className="registry-settings-row">
          <label className="field">
            S3 endpoint
            <input
              className="input"
              data-testid="mlflow-s3-endpoint"
              placeholder="http://minio.example.com:9000"
              value={draft.s3Endpoint}
              onChange={(e) => set({ s3Endpoint: e.target.value })}
            />
            {s3Problem && <span className="error-text small">{s3Problem}</span>}
          </label>
          <label className="field">
            Region
            <input className="input" placeholder="us-east-1" value={draft.s3Region} onChange={(e) => set({ s3Region: e.target.value })} />
          </label>
        </div>
        <div className="registry-settings-row">
          <label className="field">
            Access key id
            <input className="input" autoComplete="off" value={draft.s3AccessKeyId} onChange={(e) => set({ s3AccessKeyId: e.target.value })} />
          </label>
          <SecretField
            label="Secret access key"
            testId="mlflow-s3-secret"
            stored={saved.hasS3Secret}
            value={draft.s3SecretAccessKey}
            onChange={(s3SecretAccessKey) => set({ s3SecretAccessKey })}
          />
        </div>
      </details>
      {(draft.auth !== 'none' || draft.s3Endpoint !== '') && <SecretStorageNote />}
      {error && <ErrorNote error={error} />}
      {test && (
        <div className={`note ${test.ok ? 'info' : 'error'}`} role="status" data-testid="mlflow-test-result" data-ok={test.ok}>
          <strong>{test.ok ? 'Connected' : 'Not connected'}</strong>
          <div>
            {test.message}
            {test.ok && test.latencyMs !== undefined && ` (${test.latencyMs} ms)`}
          </div>
          {test.candidates.length > 0 && (
            <div className="small">
              MLflow services in the cluster:{' '}
              {test.candidates
                .map(
                  (c) =>
                    `${c.namespace}/${c.name}:${c.port}${c.pod ? ` → ${c.pod}` : ' (no Running pod)'}${c.artifactsDestination ? `, artifacts in ${c.artifactsDestination}` : ''}`,
                )
                .join(', ')}
            </div>
          )}
          {test.candidatesProblem && <div className="small">{test.candidatesProblem}</div>}
          {test.ok && test.origin.kind !== 'none' && test.origin.kind !== 'cache' && <div className="muted small">Through {sourceText(test.origin)}.</div>}
        </div>
      )}
      <div className="registry-settings-row">
        <button className="btn primary" type="submit" data-testid="mlflow-save" disabled={!!busy || !changed || invalid}>
          {busy === 'save' ? 'Saving…' : 'Save'}
        </button>
        <button className="btn" type="button" data-testid="mlflow-test" disabled={!!busy || invalid} onClick={() => void runTest(changed)}>
          {busy === 'test' ? 'Testing…' : changed ? 'Save and test connection' : 'Test connection'}
        </button>
      </div>
    </form>
  );
}
