// SPDX-License-Identifier: Apache-2.0
/**
 * Where the connection to a notebook server stands, in one line, and the token form when
 * Jupyter asks for one.
 */
import { useState } from 'react';
import { ErrorNote } from '../../components/ErrorNote';
import { SecretStorageNote } from '../../components/SecretStorageNote';
import type { NotebookConnection } from './use-notebook-connection';

/** The connection's state and, when needed, the token prompt. */
export function ConnectionBar({ conn }: { conn: NotebookConnection }) {
  const [token, setToken] = useState('');
  const { info, error, connecting } = conn;
  if (error) return <ErrorNote error={error} onRetry={() => void conn.connect()} />;
  if (!info)
    return (
      <div className="nb-conn muted" data-testid="nb-connection" data-state="connecting">
        Connecting to the notebook server…
      </div>
    );
  if (info.state === 'needs-token')
    return (
      <form
        className="note info nb-token"
        data-testid="nb-connection"
        data-state="needs-token"
        onSubmit={(e) => {
          e.preventDefault();
          if (token.trim()) void conn.connect(token.trim()).then(() => setToken(''));
        }}
      >
        <strong>This Jupyter server asks for a token.</strong>
        <div>{info.reason ?? 'Give the token the server was started with. MLDeck keeps it on this computer only.'}</div>
        <div className="nb-token-row">
          <input
            className="input mono"
            type="password"
            aria-label="Jupyter token"
            placeholder="Token"
            autoComplete="off"
            value={token}
            onChange={(e) => setToken(e.target.value)}
          />
          <button className="btn primary" type="submit" disabled={connecting || !token.trim()}>
            Connect
          </button>
        </div>
        <SecretStorageNote />
      </form>
    );
  if (info.state === 'connected')
    return (
      <div className="nb-conn" data-testid="nb-connection" data-state="connected">
        <span className="dot ok" /> Connected {info.via === 'gateway' ? 'through the Kubeflow gateway' : 'through a port-forward'}
        {info.version ? ` · Jupyter Server ${info.version}` : ''}
      </div>
    );
  return (
    <div className={`note ${info.state === 'reconnecting' ? 'stale' : 'error'}`} role="status" data-testid="nb-connection" data-state={info.state}>
      <strong>
        {info.state === 'reconnecting'
          ? 'Connection to the notebook server lost, reconnecting…'
          : info.state === 'offline'
            ? 'The notebook server cannot be reached: showing what MLDeck kept.'
            : 'Disconnected from the notebook server.'}
      </strong>
      {info.reason && <div>{info.reason}</div>}
      {info.state !== 'reconnecting' && (
        <button className="btn" onClick={() => void conn.connect()} disabled={connecting}>
          Try again
        </button>
      )}
    </div>
  );
}
