// SPDX-License-Identifier: Apache-2.0
/**
 * What a user can do with one training job: clone it into the new-job form, suspend or resume
 * it, delete it (after typing its name). Each control the user's RBAC forbids is disabled and
 * says why; results and failures are notifications.
 */
import { useCallback, useEffect, useState } from 'react';
import { AppError } from '../../../shared/errors';
import { jobsContract, type JobPermissions, type Permission } from '../../../shared/features/jobs/jobs.contract';
import type { KubeObject } from '../../../shared/kube/object';
import { findTrainingKind } from '../../../shared/kube/training-kinds';
import { useRouter } from '../../app/router';
import { api } from '../../lib/api/api-context';
import { notify, notifyError } from '../../lib/notify';
import './new-job.css';

/** The value at `path` in an object. */
function valueAt(o: unknown, path: readonly string[]): unknown {
  let at: unknown = o;
  for (const k of path) at = typeof at === 'object' && at !== null ? (at as Record<string, unknown>)[k] : undefined;
  return at;
}

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

function DeleteDialog(props: { kind: string; name: string; namespace: string; onCancel(): void; onConfirm(): Promise<void> }) {
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const { onCancel } = props;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && !busy && onCancel();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [busy, onCancel]);
  return (
    <div className="dialog-backdrop" onClick={() => !busy && props.onCancel()}>
      <div className="dialog" role="dialog" aria-modal="true" aria-label={`Delete ${props.name}`} onClick={(e) => e.stopPropagation()}>
        <h3>
          Delete {props.kind} {props.name}?
        </h3>
        <p>
          The job <strong>{props.name}</strong> in <strong>{props.namespace}</strong> and its pods will be deleted. Its kept logs stay readable in MLDeck.
        </p>
        <label className="field">
          Type the job’s name to confirm
          <input
            className="input mono"
            aria-label="Job name to confirm"
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
              void props.onConfirm().finally(() => setBusy(false));
            }}
          >
            {busy ? 'Deleting…' : `Delete ${props.name}`}
          </button>
        </div>
      </div>
    </div>
  );
}

/** Clone, Suspend/Resume and Delete for one job. */
export function JobActions(props: { clusterId: string; kind: { group: string; version: string; resource: string }; job: KubeObject }) {
  const { clusterId, kind, job } = props;
  const go = useRouter((s) => s.go);
  const training = findTrainingKind(kind);
  const namespace = job.metadata.namespace ?? '';
  const name = job.metadata.name;
  const [perm, setPerm] = useState<JobPermissions | undefined>();
  const [permError, setPermError] = useState<string | undefined>();
  const [suspendedNow, setSuspendedNow] = useState<boolean | undefined>();
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const cancelDelete = useCallback(() => setConfirming(false), []);

  // a failed check (cluster unreachable) is retried every 10 s, so the buttons come back with the cluster
  const [attempt, setAttempt] = useState(0);
  useEffect(() => setAttempt(0), [clusterId, namespace, kind.group, kind.resource]);
  useEffect(() => {
    let live = true;
    let retry: ReturnType<typeof setTimeout> | undefined;
    if (attempt === 0) {
      setPerm(undefined);
      setPermError(undefined);
    }
    api()
      .call(jobsContract.permissions, { clusterId, namespace, group: kind.group, resource: kind.resource })
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
  }, [clusterId, namespace, kind.group, kind.resource, attempt]);

  // the job as shown is the truth once it reflects our change
  const specSuspended = training ? valueAt(job, training.suspendPath) === true : false;
  useEffect(() => setSuspendedNow(undefined), [specSuspended]);
  const suspended = suspendedNow ?? specSuspended;
  const unknownWhy: Permission | undefined = permError ? { allowed: false, reason: `Could not check your permissions: ${permError}` } : undefined;

  const setSuspended = async (value: boolean) => {
    setBusy(true);
    try {
      await api().call(jobsContract.setSuspended, { clusterId, ...kind, namespace, name, suspended: value });
      setSuspendedNow(value);
      notify(
        'success',
        value ? `${name} suspended` : `${name} resumed`,
        value ? 'Its pods are being removed; Resume starts it again.' : 'The operator starts its pods again.',
      );
    } catch (e) {
      notifyError(e);
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    try {
      await api().call(jobsContract.delete, { clusterId, ...kind, namespace, name });
      setConfirming(false);
      notify('success', `${name} deleted`, `Its pods in ${namespace} are removed in the background.`);
      go({ page: 'jobs', clusterId });
    } catch (e) {
      notifyError(e);
      if (e instanceof AppError && e.code === 'not-found') setConfirming(false);
    }
  };

  return (
    <div className="job-actions" data-testid="job-actions">
      <Action
        label="Clone"
        testId="job-clone"
        permission={{ allowed: true, reason: '' }}
        onClick={() => go({ page: 'job-new', clusterId, kind, namespace, cloneOf: { kind, namespace, name } })}
      />
      {training && (
        <Action
          label={suspended ? 'Resume' : 'Suspend'}
          testId="job-suspend"
          permission={unknownWhy ?? perm?.patch}
          busy={busy}
          onClick={() => void setSuspended(!suspended)}
        />
      )}
      <Action label="Delete" testId="job-delete" className="danger" permission={unknownWhy ?? perm?.delete} onClick={() => setConfirming(true)} />
      {confirming && <DeleteDialog kind={training?.kind ?? 'job'} name={name} namespace={namespace} onCancel={cancelDelete} onConfirm={remove} />}
    </div>
  );
}
