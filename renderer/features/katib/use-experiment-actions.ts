// SPDX-License-Identifier: Apache-2.0
/**
 * The data and commands behind an experiment's action buttons: the RBAC answer for experiments
 * in its namespace (retried every 10 s while it cannot be checked), stop, resume and delete,
 * with results and failures as notifications.
 */
import { useState } from 'react';
import { AppError } from '../../../shared/errors';
import type { ExperimentSummary } from '../../../shared/features/katib/experiment-summary';
import { katibContract, type KatibPermissions, type Permission } from '../../../shared/features/katib/katib.contract';
import { usePermissionCheck } from '../../components/use-permission-check';
import { api } from '../../lib/api/api-context';
import { notify, notifyError } from '../../lib/notify';

/** Whether the experiment was stopped by MLDeck (it remembers the maximum to resume to). */
export const stoppedAnnotation = 'mldeck.dev/katib-stopped-max-trial-count';

/** What the experiment's buttons need. */
export function useExperimentActions(clusterId: string, s: ExperimentSummary, annotations: Record<string, string> | undefined) {
  const { namespace, name } = s;
  const perm = usePermissionCheck<KatibPermissions>(
    `${clusterId}|${namespace}|experiments`,
    () => api().call(katibContract.permissions, { clusterId, namespace }),
    10_000,
  );
  const [busy, setBusy] = useState(false);
  const why: Permission | undefined = perm.error ? { allowed: false, reason: `Could not check your permissions: ${perm.error.message}` } : undefined;
  const ended = s.phase === 'Succeeded' || s.phase === 'Failed';
  const stopped = annotations?.[stoppedAnnotation] !== undefined;
  const run = async (what: 'stop' | 'resume') => {
    setBusy(true);
    try {
      await api().call(what === 'stop' ? katibContract.stop : katibContract.resume, { clusterId, namespace, name });
      notify(
        'success',
        what === 'stop' ? `${name} stopped` : `${name} resumed`,
        what === 'stop' ? 'It starts no more trials; the running ones finish.' : 'It starts trials again up to its maximum.',
      );
    } catch (e) {
      notifyError(e);
    } finally {
      setBusy(false);
    }
  };
  /** Deletes the experiment: `deleted`, `gone` (it was already), or `failed` (said in a notification). */
  const remove = async (): Promise<'deleted' | 'gone' | 'failed'> => {
    try {
      await api().call(katibContract.delete, { clusterId, namespace, name });
      notify('success', `${name} deleted`, 'Its trials and their runs are removed in the background; kept logs stay readable.');
      return 'deleted';
    } catch (e) {
      notifyError(e);
      return e instanceof AppError && e.code === 'not-found' ? 'gone' : 'failed';
    }
  };
  return { ended, stopped, busy, create: why ?? perm.value?.create, patch: why ?? perm.value?.patch, del: why ?? perm.value?.delete, run, remove };
}
