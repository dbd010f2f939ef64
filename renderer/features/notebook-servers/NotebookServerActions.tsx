// SPDX-License-Identifier: Apache-2.0
/**
 * What a user can do with one notebook server: stop or start it and delete it after typing its
 * name, keeping or deleting its volumes. Each control the user's RBAC forbids is disabled and
 * says why (naming the user); results and failures are notifications (`use-server-actions.ts`).
 */
import { useCallback, useState } from 'react';
import type { Permission } from '../../../shared/features/notebook-servers/notebook-servers.contract';
import type { NotebookSummary } from '../../../shared/kube/notebook-summary';
import { useRouter } from '../../app/router';
import { ActionButton } from '../../components/ActionButton';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useServerActions } from './use-server-actions';

/** The volumes the user may tick to delete with the server. */
function VolumeChoice(props: { claims: string[]; permission: Permission | undefined; chosen: Set<string>; onChange(s: Set<string>): void }) {
  const denied = props.permission && !props.permission.allowed ? props.permission.reason : undefined;
  if (props.claims.length === 0) return null;
  return (
    <fieldset className="nbs-delete-volumes" data-testid="delete-volumes">
      <legend>Volumes</legend>
      {props.claims.map((c) => (
        <label key={c} className="check" title={denied}>
          <input
            type="checkbox"
            disabled={denied !== undefined}
            checked={props.chosen.has(c)}
            aria-label={`Also delete volume ${c}`}
            onChange={(e) => {
              const next = new Set(props.chosen);
              if (e.target.checked) next.add(c);
              else next.delete(c);
              props.onChange(next);
            }}
          />{' '}
          Also delete volume <code>{c}</code> and its data
        </label>
      ))}
      {denied && <div className="why">{denied}</div>}
    </fieldset>
  );
}

/** Stop/Start and Delete for one server. */
export function NotebookServerActions(props: { clusterId: string; namespace: string; name: string; summary: NotebookSummary }) {
  const { clusterId, namespace, name, summary } = props;
  const go = useRouter((s) => s.go);
  const a = useServerActions(clusterId, namespace, name);
  const [confirming, setConfirming] = useState(false);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const cancelDelete = useCallback(() => setConfirming(false), []);
  const stopped = summary.stoppedAt !== undefined;

  return (
    <div className="action-bar" data-testid="notebook-server-actions">
      <ActionButton
        label={stopped ? 'Start' : 'Stop'}
        testId={stopped ? 'server-start' : 'server-stop'}
        permission={a.patch}
        busy={a.busy || summary.status === 'terminating'}
        onClick={() => void a.setStopped(!stopped)}
      />
      <ActionButton
        label="Delete"
        testId="server-delete"
        className="danger"
        permission={a.del}
        onClick={() => {
          setChosen(new Set());
          setConfirming(true);
        }}
      />
      {confirming && (
        <ConfirmDialog
          label={`Delete ${name}`}
          title={`Delete notebook server ${name}?`}
          confirm={`Delete ${name}`}
          busyLabel="Deleting…"
          danger
          typeName={{ name, prompt: 'Type the server’s name to confirm', ariaLabel: 'Server name to confirm' }}
          onCancel={cancelDelete}
          onConfirm={async () => {
            const r = await a.remove([...chosen]);
            if (r !== 'failed') setConfirming(false);
            if (r === 'deleted') go({ page: 'notebooks', clusterId });
          }}
        >
          <p>
            The server <strong>{name}</strong> in <strong>{namespace}</strong> and its pod will be deleted. Its volumes are kept unless you tick them below.
          </p>
          <VolumeChoice claims={summary.volumes.flatMap((v) => (v.claim ? [v.claim] : []))} permission={a.deleteVolumes} chosen={chosen} onChange={setChosen} />
        </ConfirmDialog>
      )}
    </div>
  );
}
