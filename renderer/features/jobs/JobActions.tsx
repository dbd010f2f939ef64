// SPDX-License-Identifier: Apache-2.0
/**
 * What a user can do with one training job: clone it into the new-job form, suspend or resume
 * it, delete it (after typing its name). Each control the user's RBAC forbids is disabled and
 * says why; results and failures are notifications (`use-job-actions.ts`).
 */
import { useCallback, useState } from 'react';
import type { KubeObject } from '../../../shared/kube/object';
import { useRouter } from '../../app/router';
import { ActionButton, allowed } from '../../components/ActionButton';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useJobActions } from './use-job-actions';

/** Clone, Suspend/Resume and Delete for one job. */
export function JobActions(props: { clusterId: string; kind: { group: string; version: string; resource: string }; job: KubeObject }) {
  const { clusterId, kind } = props;
  const go = useRouter((s) => s.go);
  const a = useJobActions(clusterId, kind, props.job);
  const { name, namespace } = a;
  const [confirming, setConfirming] = useState(false);
  const cancelDelete = useCallback(() => setConfirming(false), []);

  return (
    <div className="action-bar" data-testid="job-actions">
      <ActionButton
        label="Clone"
        testId="job-clone"
        permission={allowed}
        onClick={() => go({ page: 'job-new', clusterId, kind, namespace, cloneOf: { kind, namespace, name } })}
      />
      <ActionButton
        label="Tune this job"
        testId="job-tune"
        permission={allowed}
        title="Make a Katib experiment with this job as its trial template"
        onClick={() => go({ page: 'experiment-new', clusterId, namespace, fromJob: { kind, namespace, name } })}
      />
      {a.training && (
        <ActionButton
          label={a.suspended ? 'Resume' : 'Suspend'}
          testId="job-suspend"
          permission={a.patch}
          busy={a.busy}
          onClick={() => void a.setSuspended(!a.suspended)}
        />
      )}
      <ActionButton label="Delete" testId="job-delete" className="danger" permission={a.del} onClick={() => setConfirming(true)} />
      {confirming && (
        <ConfirmDialog
          label={`Delete ${name}`}
          title={`Delete ${a.training?.kind ?? 'job'} ${name}?`}
          confirm={`Delete ${name}`}
          busyLabel="Deleting…"
          danger
          typeName={{ name, prompt: 'Type the job’s name to confirm', ariaLabel: 'Job name to confirm' }}
          onCancel={cancelDelete}
          onConfirm={async () => {
            const r = await a.remove();
            if (r !== 'failed') setConfirming(false);
            if (r === 'deleted') go({ page: 'jobs', clusterId });
          }}
        >
          <p>
            The job <strong>{name}</strong> in <strong>{namespace}</strong> and its pods will be deleted. Its kept logs stay readable in MLDeck.
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}
