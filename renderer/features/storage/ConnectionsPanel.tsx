// SPDX-License-Identifier: Apache-2.0
/**
 * The stores of a cluster: those MLDeck found (each with where it came from, and why it cannot be
 * used as it is when it cannot), those saved, and a form to enter one by hand. Using a found
 * store saves it: its keys stay in main, bound to the endpoint it was found with.
 */
import { useState } from 'react';
import type { SavedStore } from '../../../shared/features/storage/storage.contract';
import { ErrorNote } from '../../components/ErrorNote';
import { SecretStorageNote } from '../../components/SecretStorageNote';
import { ConnectionForm } from './ConnectionForm';
import type { StoreConnectionsState } from './use-store-connections';

const originWord = { kfp: 'KFP', mlflow: 'MLflow', kserve: 'KServe', 'pod-default': 'PodDefault', service: 'Service' } as const;

export function ConnectionsPanel({ state, onChosen }: { state: StoreConnectionsState; onChosen(s: SavedStore): void }) {
  const { connections, adopt, remove, save } = state;
  const [editing, setEditing] = useState<SavedStore | 'new' | undefined>(undefined);
  const [busy, setBusy] = useState<string | undefined>(undefined);
  const c = connections.value;
  return (
    <section className="storage-connections" aria-label="Storage connections" data-testid="storage-connections">
      {connections.error && <ErrorNote error={connections.error} onRetry={connections.reload} />}
      {connections.loading && !c && <p className="muted">Looking for stores in the cluster…</p>}
      {c && (
        <>
          <h2>Found in the cluster</h2>
          {c.found.length === 0 && <p className="muted">MLDeck found no object store here (KFP, MLflow, KServe Secrets, PodDefaults, MinIO Services).</p>}
          <ul className="storage-found">
            {c.found.map((f) => (
              <li key={f.id} data-testid={`found-${f.id}`}>
                <span className="badge">{originWord[f.origin]}</span> <strong>{f.from}</strong>
                <div className="small muted">
                  {f.endpoint ?? 'no endpoint'} · {f.hasCredentials ? 'keys found' : 'no keys'}
                  {f.location ? ` · ${f.location}` : ''}
                </div>
                {f.problem && <div className="small warn-text">{f.problem}</div>}
                <button
                  className="btn small"
                  disabled={!f.endpoint || busy !== undefined}
                  onClick={() => {
                    setBusy(f.id);
                    void adopt(f.id)
                      .then((s) => s && onChosen(s))
                      .finally(() => setBusy(undefined));
                  }}
                >
                  {busy === f.id ? 'Saving…' : 'Use'}
                </button>
              </li>
            ))}
          </ul>
          {c.notes.map((n) => (
            <p key={n} className="small muted">
              {n}
            </p>
          ))}
          <h2>Saved</h2>
          {c.saved.length === 0 && <p className="muted">None yet.</p>}
          <ul className="storage-saved">
            {c.saved.map((s) => (
              <li key={s.id} data-testid={`saved-${s.id}`}>
                <button className="btn ghost" onClick={() => onChosen(s)}>
                  {s.name}
                </button>
                <span className="small muted">
                  {' '}
                  {s.endpoint} ·{' '}
                  {s.auth === 'keys'
                    ? s.hasSecret
                      ? `key ${s.accessKeyId}`
                      : 'secret key missing'
                    : s.auth === 'profile'
                      ? `AWS profile ${s.profile}`
                      : 'anonymous'}
                  {s.from ? ` · from ${s.from}` : ''}
                </span>{' '}
                <button className="btn ghost small" onClick={() => setEditing(s)}>
                  Edit
                </button>
                <button className="btn ghost small" onClick={() => void remove(s.id)} aria-label={`Remove ${s.name}`}>
                  Remove
                </button>
              </li>
            ))}
          </ul>
          {editing === undefined ? (
            <button className="btn" onClick={() => setEditing('new')}>
              Add a store by hand…
            </button>
          ) : (
            <>
              <SecretStorageNote />
              <ConnectionForm
                initial={editing === 'new' ? undefined : editing}
                onCancel={() => setEditing(undefined)}
                onSave={async (input) => {
                  const s = await save(input);
                  if (s) {
                    setEditing(undefined);
                    onChosen(s);
                  }
                }}
              />
            </>
          )}
        </>
      )}
    </section>
  );
}
