// SPDX-License-Identifier: Apache-2.0
/**
 * What a user can do with one experiment: clone it into the new-experiment form, stop it (no
 * more trials) or resume it (Katib restarts a finished experiment only with resumePolicy
 * LongRunning or FromVolume), delete it after typing its name. Controls the user's RBAC forbids
 * are disabled and say why.
 */
import { useCallback, useState } from 'react';
import type { ExperimentSummary } from '../../../shared/features/katib/experiment-summary';
import { useRouter } from '../../app/router';
import { ActionButton, allowed } from '../../components/ActionButton';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useExperimentActions } from './use-experiment-actions';

/** Clone, Stop/Resume and Delete for one experiment. */
export function ExperimentActions(props: {
  clusterId: string;
  s: ExperimentSummary;
  annotations: Record<string, string> | undefined;
  resumePolicy: string | undefined;
}) {
  const { clusterId, s } = props;
  const go = useRouter((st) => st.go);
  const a = useExperimentActions(clusterId, s, props.annotations);
  const [confirming, setConfirming] = useState(false);
  const cancel = useCallback(() => setConfirming(false), []);
  const resumable = a.stopped || (a.ended && s.phase !== 'Failed' && (props.resumePolicy === 'LongRunning' || props.resumePolicy === 'FromVolume'));
  const noResume = a.ended
    ? {
        allowed: false,
        reason: `Katib restarts a finished experiment only when its resumePolicy is LongRunning or FromVolume (it is ${props.resumePolicy ?? 'Never'}).`,
      }
    : undefined;
  return (
    <div className="action-bar" data-testid="experiment-actions">
      <ActionButton
        label="Clone"
        testId="experiment-clone"
        permission={allowed}
        onClick={() => go({ page: 'experiment-new', clusterId, namespace: s.namespace, cloneOf: { namespace: s.namespace, name: s.name } })}
      />
      {!a.ended && !a.stopped ? (
        <ActionButton
          label="Stop"
          testId="experiment-stop"
          permission={a.patch}
          busy={a.busy}
          onClick={() => void a.run('stop')}
          title="Start no more trials; running ones finish"
        />
      ) : (
        <ActionButton
          label="Resume"
          testId="experiment-resume"
          permission={resumable ? a.patch : noResume}
          busy={a.busy}
          onClick={() => void a.run('resume')}
        />
      )}
      <ActionButton label="Delete" testId="experiment-delete" className="danger" permission={a.del} onClick={() => setConfirming(true)} />
      {confirming && (
        <ConfirmDialog
          label={`Delete ${s.name}`}
          title={`Delete experiment ${s.name}?`}
          confirm={`Delete ${s.name}`}
          busyLabel="Deleting…"
          danger
          typeName={{ name: s.name, prompt: 'Type the experiment’s name to confirm', ariaLabel: 'Experiment name to confirm' }}
          onCancel={cancel}
          onConfirm={async () => {
            const r = await a.remove();
            if (r !== 'failed') setConfirming(false);
            if (r === 'deleted') go({ page: 'katib', clusterId });
          }}
        >
          <p>
            The experiment <strong>{s.name}</strong> in <strong>{s.namespace}</strong>, its {s.trials.total} trials and their runs will be deleted. Kept trial
            logs stay readable in MLDeck.
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}
