// SPDX-License-Identifier: Apache-2.0
/**
 * The data and commands behind one job's action buttons: the RBAC answer for its kind and
 * namespace (a failed check is retried every 10 s, so the buttons come back with the cluster),
 * suspend/resume (shown at once, until the job reflects it) and delete.
 */
import { useEffect, useState } from 'react';
import { AppError } from '../../../shared/errors';
import { jobsContract, type JobPermissions, type Permission } from '../../../shared/features/jobs/jobs.contract';
import type { KubeObject } from '../../../shared/kube/object';
import { findTrainingKind } from '../../../shared/kube/training-kinds';
import { usePermissionCheck } from '../../components/use-permission-check';
import { api } from '../../lib/api/api-context';
import { notify, notifyError } from '../../lib/notify';

/** The value at `path` in an object. */
export function valueAt(o: unknown, path: readonly string[]): unknown {
  let at: unknown = o;
  for (const k of path) at = typeof at === 'object' && at !== null ? (at as Record<string, unknown>)[k] : undefined;
  return at;
}

/** A permission that could not be checked: denied, saying why. */
export function uncheckable(error: AppError | undefined): Permission | undefined {
  return error ? { allowed: false, reason: `Could not check your permissions: ${error.message}` } : undefined;
}

/** What the job's buttons need. */
export function useJobActions(clusterId: string, kind: { group: string; version: string; resource: string }, job: KubeObject) {
  const training = findTrainingKind(kind);
  const namespace = job.metadata.namespace ?? '';
  const name = job.metadata.name;
  const perm = usePermissionCheck<JobPermissions>(
    `${clusterId}|${namespace}|${kind.group}/${kind.resource}`,
    () => api().call(jobsContract.permissions, { clusterId, namespace, group: kind.group, resource: kind.resource }),
    10_000,
  );
  const [suspendedNow, setSuspendedNow] = useState<boolean | undefined>();
  const [busy, setBusy] = useState(false);

  // the job as shown is the truth once it reflects our change
  const specSuspended = training ? valueAt(job, training.suspendPath) === true : false;
  useEffect(() => setSuspendedNow(undefined), [specSuspended]);
  const suspended = suspendedNow ?? specSuspended;
  const why = uncheckable(perm.error);

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

  /** Deletes the job: `deleted`, `gone` (it was already), or `failed` (said in a notification). */
  const remove = async (): Promise<'deleted' | 'gone' | 'failed'> => {
    try {
      await api().call(jobsContract.delete, { clusterId, ...kind, namespace, name });
      notify('success', `${name} deleted`, `Its pods in ${namespace} are removed in the background.`);
      return 'deleted';
    } catch (e) {
      notifyError(e);
      return e instanceof AppError && e.code === 'not-found' ? 'gone' : 'failed';
    }
  };

  return { training, namespace, name, suspended, busy, patch: why ?? perm.value?.patch, del: why ?? perm.value?.delete, setSuspended, remove };
}
