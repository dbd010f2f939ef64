// SPDX-License-Identifier: Apache-2.0
/**
 * The MLflow connection of one cluster: an in-cluster service the user confirms (pinned; reached
 * through a port-forward) or a URL; auth none,
 * basic or token (secrets are written to main, never read back: the form shows "stored"); the
 * artifact store behind `mlflow-artifacts:` URIs; optional S3 access; and a connection test that
 * says what worked or what did not, with the MLflow services found in the cluster.
 */
import { useEffect, useState } from 'react';
import type { AppError } from '../../../shared/errors';
import {
  mlflowUrlProblem,
  registryContract,
  type ConnectionTest,
  type RegistrySettings,
  type RegistrySettingsInput,
} from '../../../shared/features/registry/registry.contract';
import type { ServicePin } from '../../../shared/kube/service-pin';
import { samePin } from '../../../shared/kube/service-pin';
import { ErrorNote } from '../../components/ErrorNote';
import { ServicePinPicker } from '../../components/ServicePinPicker';
import { useServiceCandidates } from '../../lib/use-service-candidates';
import { SecretStorageNote } from '../../components/SecretStorageNote';
import { api } from '../../lib/api/api-context';
import { notify } from '../../lib/notify';
import { sourceText } from './RegistryOrigin';

/** A secret in the form: undefined keeps what is stored, '' removes it, text replaces it. */
type SecretDraft = string | undefined;

interface Draft {
  mode: 'auto' | 'url';
  url: string;
  auth: 'none' | 'basic' | 'bearer';
  username: string;
  password: SecretDraft;
  token: SecretDraft;
  artifactStore: string;
  s3Endpoint: string;
  s3Region: string;
  s3AccessKeyId: string;
  s3SecretAccessKey: SecretDraft;
  pin: ServicePin | null;
}

const draftOf = (s: RegistrySettings): Draft => ({
  mode: s.mode,
  url: s.url,
  auth: s.auth,
  username: s.username,
  password: undefined,
  token: undefined,
  artifactStore: s.artifactStore,
  s3Endpoint: s.s3Endpoint,
  s3Region: s.s3Region,
  s3AccessKeyId: s.s3AccessKeyId,
  s3SecretAccessKey: undefined,
  pin: s.pin,
});

const storeProblem = (s: string) =>
  s.trim() === '' || /^(s3|gs|pvc):\/\/[^/\s]+(\/\S*)?$/.test(s.trim()) ? undefined : 'Enter s3://bucket/path, gs://bucket/path or pvc://claim/path';

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
  const [saved, setSaved] = useState<RegistrySettings | undefined>(undefined);
  const [draft, setDraft] = useState<Draft | undefined>(undefined);
  const [error, setError] = useState<AppError | undefined>(undefined);
  const [test, setTest] = useState<ConnectionTest | undefined>(undefined);
  const [busy, setBusy] = useState<'save' | 'test' | undefined>(undefined);
  const found = useServiceCandidates(() => api().call(registryContract.candidates, { clusterId }), clusterId);

  useEffect(() => {
    let live = true;
    api()
      .call(registryContract.getSettings, { clusterId })
      .then(
        (s) => {
          if (!live) return;
          setSaved(s);
          setDraft(draftOf(s));
        },
        (e: unknown) => live && setError(e as AppError),
      );
    return () => {
      live = false;
    };
  }, [clusterId]);

  if (!draft || !saved) return error ? <ErrorNote error={error} /> : <div className="muted small">Loading settings…</div>;
  const urlProblem = draft.mode === 'url' ? (draft.url.trim() === '' ? 'Enter the MLflow URL' : mlflowUrlProblem(draft.url)) : undefined;
  const s3Problem = draft.s3Endpoint.trim() === '' ? undefined : mlflowUrlProblem(draft.s3Endpoint);
  const artifactProblem = storeProblem(draft.artifactStore);
  const changed =
    JSON.stringify({ ...draft, password: undefined, token: undefined, s3SecretAccessKey: undefined }) !== JSON.stringify(draftOf(saved)) ||
    draft.password !== undefined ||
    draft.token !== undefined ||
    draft.s3SecretAccessKey !== undefined;
  const invalid = !!urlProblem || !!s3Problem || !!artifactProblem;
  const targetMoved = draft.mode !== saved.mode || draft.url.trim() !== saved.url || !samePin(draft.pin, saved.pin);

  const save = async (): Promise<boolean> => {
    setBusy('save');
    setError(undefined);
    try {
      const input: RegistrySettingsInput = {
        clusterId,
        mode: draft.mode,
        url: draft.mode === 'url' ? draft.url.trim() : draft.url.trim() === '' || mlflowUrlProblem(draft.url) ? '' : draft.url.trim(),
        auth: draft.auth,
        username: draft.username.trim(),
        artifactStore: draft.artifactStore.trim(),
        s3Endpoint: draft.s3Endpoint.trim(),
        s3Region: draft.s3Region.trim(),
        s3AccessKeyId: draft.s3AccessKeyId.trim(),
        pin: draft.pin,
        ...(draft.password !== undefined ? { password: draft.password } : {}),
        ...(draft.token !== undefined ? { token: draft.token } : {}),
        ...(draft.s3SecretAccessKey !== undefined ? { s3SecretAccessKey: draft.s3SecretAccessKey } : {}),
      };
      const s = await api().call(registryContract.setSettings, input);
      setSaved(s);
      setDraft(draftOf(s));
      notify('success', 'MLflow connection saved', `For ${clusterName}.`);
      onSaved();
      return true;
    } catch (e) {
      // the draft stays as typed, so nothing is lost
      setError(e as AppError);
      return false;
    } finally {
      setBusy(undefined);
    }
  };

  const runTest = async () => {
    if (changed && !(await save())) return;
    setBusy('test');
    setTest(undefined);
    try {
      setTest(await api().call(registryContract.testConnection, { clusterId }));
    } catch (e) {
      setError(e as AppError);
    } finally {
      setBusy(undefined);
    }
  };

  const set = (patch: Partial<Draft>) => setDraft({ ...draft, ...patch });

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
      {targetMoved && (saved.hasPassword || saved.hasToken) && (
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
          <select className="input" data-testid="mlflow-auth" value={draft.auth} onChange={(e) => set({ auth: e.target.value as Draft['auth'] })}>
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
          {test.ok && test.origin.kind !== 'none' && test.origin.kind !== 'cache' && <div className="muted small">Through {sourceText(test.origin)}.</div>}
        </div>
      )}
      <div className="registry-settings-row">
        <button className="btn primary" type="submit" data-testid="mlflow-save" disabled={!!busy || !changed || invalid}>
          {busy === 'save' ? 'Saving…' : 'Save'}
        </button>
        <button className="btn" type="button" data-testid="mlflow-test" disabled={!!busy || invalid} onClick={() => void runTest()}>
          {busy === 'test' ? 'Testing…' : changed ? 'Save and test connection' : 'Test connection'}
        </button>
      </div>
    </form>
  );
}
