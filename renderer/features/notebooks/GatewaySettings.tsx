// SPDX-License-Identifier: Apache-2.0
/**
 * How MLDeck reaches a cluster's notebook servers: through a port-forward (the default), or
 * through the cluster's Kubeflow gateway at `<gateway>/notebook/<namespace>/<name>/`, with an
 * optional bearer token. The token goes to main and is never shown again; the page only learns
 * whether one is kept. The calls are `useGatewaySettings`'s.
 */
import { useEffect, useRef, useState } from 'react';
import { ErrorNote } from '../../components/ErrorNote';
import { SecretStorageNote } from '../../components/SecretStorageNote';
import { useGatewaySettings, type GatewayChange } from './use-gateway-settings';

/** The gateway form of one cluster; `onSaved` reconnects with the new route. */
export function GatewaySettings(props: { clusterId: string; onSaved(): void; onClose(): void }) {
  const { settings, error, busy, save: saveChange } = useGatewaySettings(props.clusterId, props.onSaved);
  const [url, setUrl] = useState('');
  const [token, setToken] = useState('');
  // what the user typed is theirs: a read that lands after they started typing does not replace it
  const typed = useRef(false);

  // the form shows the URL as read, and as saved
  useEffect(() => {
    if (settings && !typed.current) setUrl(settings.gatewayUrl ?? '');
  }, [settings]);

  const save = async (change: GatewayChange) => {
    const saved = await saveChange(change);
    if (!saved) return;
    setToken('');
    if (change.gatewayUrl === undefined) return; // forgetting the token keeps what is typed
    typed.current = false;
    setUrl(saved.gatewayUrl ?? '');
  };

  return (
    <form
      className="card nb-gateway"
      data-testid="nb-gateway-settings"
      onSubmit={(e) => {
        e.preventDefault();
        const trimmed = url.trim();
        void save({ gatewayUrl: trimmed === '' ? null : trimmed, ...(token.trim() ? { gatewayToken: token.trim() } : {}) });
      }}
    >
      <strong>How MLDeck reaches this cluster’s notebook servers</strong>
      <p className="muted small">
        Leave the gateway empty to go through a port-forward via the API server. With your Kubeflow gateway’s address (for example
        https://kubeflow.example.com), servers are reached at &lt;gateway&gt;/notebook/&lt;namespace&gt;/&lt;name&gt;/.
      </p>
      <label className="field">
        Kubeflow gateway URL
        <input
          className="input mono"
          aria-label="Kubeflow gateway URL"
          placeholder="https://kubeflow.example.com"
          value={url}
          onChange={(e) => {
            typed.current = true;
            setUrl(e.target.value);
          }}
          spellCheck={false}
        />
      </label>
      <label className="field">
        Bearer token for the gateway {settings?.hasGatewayToken ? '(one is kept; type to replace it)' : '(optional)'}
        <input className="input mono" type="password" aria-label="Gateway token" autoComplete="off" value={token} onChange={(e) => setToken(e.target.value)} />
      </label>
      <SecretStorageNote />
      {error && <ErrorNote error={error} />}
      <div className="dialog-buttons">
        {settings?.hasGatewayToken && (
          <button className="btn" type="button" disabled={busy} onClick={() => void save({ gatewayToken: null })}>
            Forget the token
          </button>
        )}
        <button className="btn" type="button" onClick={props.onClose}>
          Close
        </button>
        <button className="btn primary" type="submit" disabled={busy || settings === undefined}>
          Save
        </button>
      </div>
    </form>
  );
}
