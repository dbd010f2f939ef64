// SPDX-License-Identifier: Apache-2.0
/**
 * The exec plugin approval prompt: the program that would run (its path, the real file if a
 * symlink, a short content hash), every argument and every environment variable the kubeconfig
 * adds, with variables that can inject code flagged in red. Approving sends back the fingerprint
 * of exactly what is shown.
 */
import { useEffect } from 'react';
import { isDangerousExecEnv, shortHash } from '../../../shared/features/clusters/exec-invocation';
import { ErrorNote } from '../../components/ErrorNote';
import { notify } from '../../lib/notify';
import './clusters.css';
import { useExecApproval } from './use-exec-approval';

/** The dialog for one cluster; closes itself when approved. */
export function ExecApprovalDialog(props: { clusterId: string; displayName: string; onClose(): void }) {
  const { prompt, error, busy, approve, reload } = useExecApproval(props.clusterId);
  const { onClose } = props;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && !busy && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [busy, onClose]);
  const inv = prompt?.invocation;
  const dangerous = inv?.env.filter((e) => isDangerousExecEnv(e.name)) ?? [];
  return (
    <div className="dialog-backdrop" onClick={() => !busy && onClose()}>
      <div
        className="dialog exec-approval"
        role="dialog"
        aria-modal="true"
        aria-label={`Approve the credential plugin of ${props.displayName}`}
        data-testid="exec-approval"
        onClick={(e) => e.stopPropagation()}
      >
        <h3>Run this credential plugin for “{props.displayName}”?</h3>
        <p className="muted small">
          The kubeconfig asks MLDeck to run this program to sign in. Approve it only if you expected exactly this program, these arguments and this environment;
          if any of them changes, MLDeck asks again.
        </p>
        {error && <ErrorNote error={error} onRetry={reload} />}
        {!inv && !error && <p className="muted">Reading the plugin…</p>}
        {inv && (
          <dl className="exec-invocation">
            <dt>Program</dt>
            <dd className="mono" data-testid="exec-path">
              {inv.path}
            </dd>
            {inv.realpath !== inv.path && (
              <>
                <dt>Real file</dt>
                <dd className="mono" data-testid="exec-realpath">
                  {inv.realpath}
                </dd>
              </>
            )}
            <dt>SHA-256</dt>
            <dd className="mono" title={inv.sha256} data-testid="exec-hash">
              {shortHash(inv.sha256)}…
            </dd>
            <dt>Arguments</dt>
            <dd>
              {inv.args.length === 0 ? (
                <span className="muted">none</span>
              ) : (
                <ol className="exec-list" data-testid="exec-args">
                  {inv.args.map((a, i) => (
                    <li key={i} className="mono">
                      {a === '' ? <span className="muted">(empty)</span> : a}
                    </li>
                  ))}
                </ol>
              )}
            </dd>
            <dt>Environment</dt>
            <dd>
              {inv.env.length === 0 ? (
                <span className="muted">nothing added</span>
              ) : (
                <ul className="exec-list" data-testid="exec-env">
                  {inv.env.map((e, i) => {
                    const bad = isDangerousExecEnv(e.name);
                    return (
                      <li key={i} className={`mono ${bad ? 'exec-danger' : ''}`} data-dangerous={bad ? 'true' : undefined}>
                        {bad && <span className="pill error small">can inject code</span>} {e.name}={e.value}
                      </li>
                    );
                  })}
                </ul>
              )}
            </dd>
          </dl>
        )}
        {dangerous.length > 0 && (
          <div className="note error" role="alert">
            {dangerous.map((e) => e.name).join(', ')} can make the program load or run other code. Approve only if you set{' '}
            {dangerous.length === 1 ? 'it' : 'them'} yourself.
          </div>
        )}
        <div className="dialog-buttons">
          <button className="btn" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button
            className={`btn ${dangerous.length ? 'danger-fill' : 'primary'}`}
            disabled={!inv || busy || error?.code === 'conflict'}
            onClick={() =>
              void approve().then((ok) => {
                if (!ok) return;
                notify('success', 'Credential plugin approved', inv?.path);
                onClose();
              })
            }
          >
            {busy ? 'Approving…' : 'Approve and run'}
          </button>
        </div>
      </div>
    </div>
  );
}
