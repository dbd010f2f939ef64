// SPDX-License-Identifier: Apache-2.0
/**
 * The data and commands behind one notebook server's buttons: the RBAC answer for its namespace
 * (a failed check is retried every 10 s), stop/start (the `kubeflow-resource-stopped` annotation)
 * and delete with the chosen volumes.
 */
import { useState } from 'react';
import { AppError } from '../../../shared/errors';
import { notebookServersContract, type NotebookPermissions, type Permission } from '../../../shared/features/notebook-servers/notebook-servers.contract';
import { usePermissionCheck } from '../../components/use-permission-check';
import { api } from '../../lib/api/api-context';
import { notify, notifyError } from '../../lib/notify';

/** What the server's buttons need. */
export function useServerActions(clusterId: string, namespace: string, name: string) {
  const perm = usePermissionCheck<NotebookPermissions>(
    `${clusterId}|${namespace}`,
    () => api().call(notebookServersContract.permissions, { clusterId, namespace }),
    10_000,
  );
  const [busy, setBusy] = useState(false);
  const why: Permission | undefined = perm.error ? { allowed: false, reason: `Could not check your permissions: ${perm.error.message}` } : undefined;

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

  /** Deletes the server (and the chosen volumes): `deleted`, `gone` (it was already), or `failed` (said in a notification). */
  const remove = async (deleteVolumes: string[]): Promise<'deleted' | 'gone' | 'failed'> => {
    try {
      const r = await api().call(notebookServersContract.delete, { clusterId, namespace, name, deleteVolumes });
      notify('success', `${name} deleted`, r.deletedVolumes.length ? `Volumes deleted: ${r.deletedVolumes.join(', ')}.` : 'Its volumes were kept.');
      return 'deleted';
    } catch (e) {
      notifyError(e);
      return e instanceof AppError && e.code === 'not-found' ? 'gone' : 'failed';
    }
  };

  return { busy, patch: why ?? perm.value?.patch, del: why ?? perm.value?.delete, deleteVolumes: perm.value?.deleteVolumes, setStopped, remove };
}
