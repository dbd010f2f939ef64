// SPDX-License-Identifier: Apache-2.0
/**
 * What a user can do with one notebook server: stop or start it (the `kubeflow-resource-stopped`
 * annotation) and delete it after typing its name, keeping or deleting its volumes. Each control
 * the user's RBAC forbids is disabled and says why (naming the user); results and failures are
 * notifications.
 */
import { useCallback, useEffect, useState } from 'react';
import { AppError } from '../../../shared/errors';
import { notebookServersContract, type NotebookPermissions, type Permission } from '../../../shared/features/notebook-servers/notebook-servers.contract';
import type { NotebookSummary } from '../../../shared/kube/notebook-summary';
import { useRouter } from '../../app/router';
import { api } from '../../lib/api/api-context';
import { notify, notifyError } from '../../lib/notify';

function Action(props: { label: string; permission: Permission | undefined; busy?: boolean; onClick(): void; className?: string; testId: string }) {
  const denied = props.permission && !props.permission.allowed ? props.permission.reason : undefined;
  return (
    <div className="job-action">
      <button
        className={`btn ${props.className ?? ''}`}
        onClick={props.onClick}
        disabled={denied !== undefined || props.permission === undefined || props.busy}
        title={denied ?? props.label}
        data-testid={props.testId}
      >
        {props.label}
      </button>
      {denied && <span className="why">{denied}</span>}
    </div>
  );
}

function DeleteDialog(props: {
  name: string;
  namespace: string;
  claims: string[];
  volumePermission: Permission | undefined;
  onCancel(): void;
  onConfirm(deleteVolumes: string[]): Promise<void>;
}) {
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const { onCancel } = props;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && !busy && onCancel();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [busy, onCancel]);
  const volumesDenied = props.volumePermission && !props.volumePermission.allowed ? props.volumePermission.reason : undefined;
  return (
    <div className="dialog-backdrop" onClick={() => !busy && props.onCancel()}>
      <div className="dialog" role="dialog" aria-modal="true" aria-label={`Delete ${props.name}`} onClick={(e) => e.stopPropagation()}>
        <h3>Delete notebook server {props.name}?</h3>
        <p>
          The server <strong>{props.name}</strong> in <strong>{props.namespace}</strong> and its pod will be deleted. Its volumes are kept unless you tick them
          below.
        </p>
        {props.claims.length > 0 && (
          <fieldset className="nbs-delete-volumes" data-testid="delete-volumes">
            <legend>Volumes</legend>
            {props.claims.map((c) => (
              <label key={c} className="check" title={volumesDenied}>
                <input
                  type="checkbox"
                  disabled={volumesDenied !== undefined}
                  checked={chosen.has(c)}
                  aria-label={`Also delete volume ${c}`}
                  onChange={(e) => {
                    const next = new Set(chosen);
                    if (e.target.checked) next.add(c);
                    else next.delete(c);
                    setChosen(next);
                  }}
                />{' '}
                Also delete volume <code>{c}</code> and its data
              </label>
            ))}
            {volumesDenied && <div className="why">{volumesDenied}</div>}
          </fieldset>
        )}
        <label className="field">
          Type the server’s name to confirm
          <input
            className="input mono"
            aria-label="Server name to confirm"
            value={typed}
            autoFocus
            onChange={(e) => setTyped(e.target.value)}
            spellCheck={false}
          />
        </label>
        <div className="dialog-buttons">
          <button className="btn" onClick={props.onCancel} disabled={busy}>
            Cancel
          </button>
          <button
            className="btn danger-fill"
            disabled={typed !== props.name || busy}
            onClick={() => {
              setBusy(true);
              void props.onConfirm([...chosen]).finally(() => setBusy(false));
            }}
          >
            {busy ? 'Deleting…' : `Delete ${props.name}`}
          </button>
        </div>
      </div>
    </div>
  );
}

/** Stop/Start and Delete for one server. */
export function NotebookServerActions(props: { clusterId: string; namespace: string; name: string; summary: NotebookSummary }) {
  const { clusterId, namespace, name, summary } = props;
  const go = useRouter((s) => s.go);
  const [perm, setPerm] = useState<NotebookPermissions | undefined>();
  const [permError, setPermError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const cancelDelete = useCallback(() => setConfirming(false), []);

  // a failed check (cluster unreachable) is retried every 10 s, so the buttons come back with the cluster
  const [attempt, setAttempt] = useState(0);
  useEffect(() => setAttempt(0), [clusterId, namespace]);
  useEffect(() => {
    let live = true;
    let retry: ReturnType<typeof setTimeout> | undefined;
    if (attempt === 0) {
      setPerm(undefined);
      setPermError(undefined);
    }
    api()
      .call(notebookServersContract.permissions, { clusterId, namespace })
      .then(
        (p) => {
          if (!live) return;
          setPerm(p);
          setPermError(undefined);
        },
        (e: unknown) => {
          if (!live) return;
          setPermError(e instanceof Error ? e.message : String(e));
          retry = setTimeout(() => setAttempt((a) => a + 1), 10_000);
        },
      );
    return () => {
      live = false;
      if (retry) clearTimeout(retry);
    };
  }, [clusterId, namespace, attempt]);

  const unknownWhy: Permission | undefined = permError ? { allowed: false, reason: `Could not check your permissions: ${permError}` } : undefined;
  const stopped = summary.stoppedAt !== undefined;

  const setStopped = async (value: boolean) => {
    setBusy(true);
    try {
      await api().call(notebookServersContract.setStopped, { clusterId, namespace, name, stopped: value });
      notify('success', value ? `${name} is stopping` : `${name} is starting`, value ? 'Its pod is removed; its volumes are kept.' : 'Its pod is made again.');
    } catch (e) {
      notifyError(e);
    } finally {
      setBusy(false);
    }
  };

  const remove = async (deleteVolumes: string[]) => {
    try {
      const r = await api().call(notebookServersContract.delete, { clusterId, namespace, name, deleteVolumes });
      setConfirming(false);
      notify('success', `${name} deleted`, r.deletedVolumes.length ? `Volumes deleted: ${r.deletedVolumes.join(', ')}.` : 'Its volumes were kept.');
      go({ page: 'notebooks', clusterId });
    } catch (e) {
      notifyError(e);
      if (e instanceof AppError && e.code === 'not-found') setConfirming(false);
    }
  };

  return (
    <div className="job-actions" data-testid="notebook-server-actions">
      <Action
        label={stopped ? 'Start' : 'Stop'}
        testId={stopped ? 'server-start' : 'server-stop'}
        permission={unknownWhy ?? perm?.patch}
        busy={busy || summary.status === 'terminating'}
        onClick={() => void setStopped(!stopped)}
      />
      <Action label="Delete" testId="server-delete" className="danger" permission={unknownWhy ?? perm?.delete} onClick={() => setConfirming(true)} />
      {confirming && (
        <DeleteDialog
          name={name}
          namespace={namespace}
          claims={summary.volumes.flatMap((v) => (v.claim ? [v.claim] : []))}
          volumePermission={perm?.deleteVolumes}
          onCancel={cancelDelete}
          onConfirm={remove}
        />
      )}
    </div>
  );
}
