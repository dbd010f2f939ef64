// SPDX-License-Identifier: Apache-2.0
/**
 * A store entered by hand: S3 or an S3-compatible endpoint (region, path style), or GCS through
 * its S3 interoperability (HMAC keys); signed with keys (a session token for temporary ones), an
 * AWS profile of this machine, or not at all. Secrets are written, never shown: an empty box
 * keeps the saved one, and a changed endpoint needs them again.
 */
import { useState } from 'react';
import { storageContract, type SaveStoreInput, type SavedStore, type StoreAuth } from '../../../shared/features/storage/storage.contract';
import { api } from '../../lib/api/api-context';
import { useCall } from '../../lib/use-call';

type Input = Omit<SaveStoreInput, 'clusterId'>;

export function ConnectionForm({ initial, onSave, onCancel }: { initial: SavedStore | undefined; onSave(i: Input): Promise<void>; onCancel(): void }) {
  const inCluster = initial?.endpoint.startsWith('service ') ?? false;
  const [f, setF] = useState<Input>({
    id: initial?.id,
    name: initial?.name ?? '',
    kind: initial?.kind ?? 's3',
    endpoint: inCluster ? '' : (initial?.endpoint ?? ''),
    region: initial?.region ?? '',
    pathStyle: initial?.pathStyle ?? true,
    auth: initial?.auth ?? 'keys',
    accessKeyId: initial?.accessKeyId ?? '',
    profile: initial?.profile ?? '',
  });
  const [secret, setSecret] = useState('');
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const profiles = useCall(`profiles:${f.auth}`, () => (f.auth === 'profile' ? api().call(storageContract.profiles, {}) : Promise.resolve({ profiles: [] })));
  const set = <K extends keyof Input>(k: K, v: Input[K]) => setF((x) => ({ ...x, [k]: v }));
  const text = (label: string, k: 'name' | 'endpoint' | 'region' | 'accessKeyId', placeholder = '', disabled = false) => (
    <label className="field">
      <span>{label}</span>
      <input className="input" value={f[k]} placeholder={placeholder} disabled={disabled} onChange={(e) => set(k, e.target.value)} aria-label={label} />
    </label>
  );
  return (
    <form
      className="storage-form"
      aria-label="Storage connection"
      onSubmit={(e) => {
        e.preventDefault();
        setBusy(true);
        const withSecrets: Input = { ...f, ...(secret ? { secretAccessKey: secret } : {}), ...(token ? { sessionToken: token } : {}) };
        void onSave(withSecrets).finally(() => setBusy(false));
      }}
    >
      {text('Name', 'name', 'team bucket')}
      <label className="field">
        <span>Kind</span>
        <select className="input" value={f.kind} onChange={(e) => set('kind', e.target.value as Input['kind'])} aria-label="Kind">
          <option value="s3">S3 or S3-compatible (MinIO, Ceph, versitygw)</option>
          <option value="gcs">Google Cloud Storage (S3 interoperability, HMAC keys)</option>
        </select>
      </label>
      {f.kind === 's3' &&
        (inCluster ? (
          <p className="small muted">Endpoint: {initial?.endpoint} (in the cluster, as found)</p>
        ) : (
          text('Endpoint', 'endpoint', 'http://minio.example.com:9000 (empty for AWS S3)')
        ))}
      {text('Region', 'region', f.kind === 'gcs' ? 'auto' : 'us-east-1')}
      {f.kind === 's3' && (
        <label className="check">
          <input type="checkbox" checked={f.pathStyle} onChange={(e) => set('pathStyle', e.target.checked)} /> Path-style addressing (MinIO and most
          S3-compatible stores)
        </label>
      )}
      <label className="field">
        <span>Sign with</span>
        <select className="input" value={f.auth} onChange={(e) => set('auth', e.target.value as StoreAuth)} aria-label="Sign with">
          <option value="keys">{f.kind === 'gcs' ? 'HMAC keys' : 'Access keys'}</option>
          {f.kind === 's3' && <option value="profile">An AWS profile of this machine</option>}
          <option value="anonymous">Nothing (public buckets)</option>
        </select>
      </label>
      {f.auth === 'keys' && (
        <>
          {text('Access key id', 'accessKeyId')}
          <label className="field">
            <span>Secret key</span>
            <input
              className="input"
              type="password"
              autoComplete="off"
              value={secret}
              placeholder={initial?.hasSecret ? 'saved (leave empty to keep)' : ''}
              onChange={(e) => setSecret(e.target.value)}
              aria-label="Secret key"
            />
          </label>
          <label className="field">
            <span>Session token (temporary keys)</span>
            <input
              className="input"
              type="password"
              autoComplete="off"
              value={token}
              placeholder={initial?.hasSessionToken ? 'saved (leave empty to keep)' : 'optional'}
              onChange={(e) => setToken(e.target.value)}
              aria-label="Session token"
            />
          </label>
        </>
      )}
      {f.auth === 'profile' && (
        <label className="field">
          <span>AWS profile</span>
          <select
            className="input"
            value={f.profile}
            onChange={(e) => {
              const p = profiles.value?.profiles.find((x) => x.name === e.target.value);
              setF((x) => ({ ...x, profile: e.target.value, region: x.region || p?.region || '' }));
            }}
            aria-label="AWS profile"
          >
            <option value="">{profiles.value?.profiles.length ? 'Choose…' : 'No profiles in ~/.aws'}</option>
            {profiles.value?.profiles.map((p) => (
              <option key={p.name} value={p.name}>
                {p.name}
                {p.region ? ` (${p.region})` : ''}
              </option>
            ))}
          </select>
        </label>
      )}
      <div className="row">
        <button className="btn primary" type="submit" disabled={busy || !f.name}>
          {busy ? 'Saving…' : 'Save'}
        </button>
        <button className="btn ghost" type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
