// SPDX-License-Identifier: Apache-2.0
/**
 * Every context of every kubeconfig: health, auth, where it came from; rename, remove, approve
 * exec, export a snapshot, open one. The calls are the clusters store's and `use-snapshot-actions.ts`'s.
 */
import { useEffect, useState } from 'react';
import type { ClusterSummary } from '../../../shared/features/clusters/clusters.contract';
import { useRouter } from '../../app/router';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { PageHeader } from '../../components/PageHeader';
import { notifyError } from '../../lib/notify';
import { AddKubeconfig } from './AddKubeconfig';
import { useClusters } from '../../lib/clusters.store';
import { healthCheckIds, originText } from './cluster-view-model';
import { ExecApprovalDialog } from './ExecApprovalDialog';
import { HealthBadge } from './HealthBadge';
import { exportSnapshot, openSnapshot } from './use-snapshot-actions';

function ClusterRow({ c, current }: { c: ClusterSummary; current: boolean }) {
  const { checkHealth, setCurrent, rename, remove } = useClusters();
  const go = useRouter((s) => s.go);
  const [renaming, setRenaming] = useState(false);
  const [reviewing, setReviewing] = useState(false);
  const [removing, setRemoving] = useState(false);
  const [name, setName] = useState(c.displayName);
  const act = async (fn: () => Promise<void>) => {
    try {
      await fn();
    } catch (e) {
      notifyError(e);
    }
  };
  return (
    <tr data-testid={`cluster-row-${c.contextName}`} className={current ? 'current' : ''}>
      <td>
        {renaming ? (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              void act(async () => {
                await rename(c.id, name);
                setRenaming(false);
              });
            }}
          >
            <input className="input" value={name} onChange={(e) => setName(e.target.value)} aria-label="New name" autoFocus />
          </form>
        ) : (
          <button
            className="link"
            onClick={() =>
              void act(async () => {
                await setCurrent(c.id);
                go({ page: 'overview', clusterId: c.id });
              })
            }
          >
            {c.displayName}
          </button>
        )}
        {c.displayName !== c.contextName && <div className="muted small">context {c.contextName}</div>}
        {c.insecure && <div className="pill warn small">TLS verification off</div>}
        {c.snapshot && <div className="pill progress small">snapshot · read-only</div>}
        {c.problems.map((p) => (
          <div key={p} className="note error small">
            {p}
          </div>
        ))}
      </td>
      <td className="mono small">{c.server}</td>
      <td>
        {c.authKind}
        {c.authKind === 'exec' && <div className="muted small mono">{c.execCommand}</div>}
        {c.authKind === 'exec' && !c.execApproved && <div className="pill warn small">needs approval</div>}
      </td>
      <td>
        <HealthBadge clusterId={c.id} />
      </td>
      <td className="muted small">{originText(c)}</td>
      <td className="actions">
        {!c.snapshot && (
          <button className="btn" onClick={() => void act(async () => void (await checkHealth(c.id)))}>
            Check
          </button>
        )}
        {!c.snapshot && c.problems.length === 0 && (
          <button
            className="btn"
            title="Save this cluster's cached state (with kept logs) to a file you can open in any MLDeck"
            onClick={() => void act(() => exportSnapshot(c))}
          >
            Export snapshot
          </button>
        )}
        {c.authKind === 'exec' && !c.execApproved && (
          <button className="btn warn" title={`Review what ${c.execCommand ?? 'the plugin'} would run before allowing it`} onClick={() => setReviewing(true)}>
            Review plugin…
          </button>
        )}
        {reviewing && (
          <ExecApprovalDialog
            clusterId={c.id}
            displayName={c.displayName}
            onClose={() => {
              setReviewing(false);
              void checkHealth(c.id).catch(() => undefined);
            }}
          />
        )}
        {!c.snapshot && (
          <button className="btn" onClick={() => setRenaming(!renaming)}>
            Rename
          </button>
        )}
        <button className="btn danger" onClick={() => setRemoving(true)}>
          Remove
        </button>
        {removing && (
          <ConfirmDialog
            title={`Remove ${c.displayName}?`}
            confirm="Remove"
            busyLabel="Removing…"
            danger
            onCancel={() => setRemoving(false)}
            onConfirm={() => act(() => remove(c.id))}
          >
            {c.snapshot
              ? 'MLDeck closes this snapshot; the file is not changed.'
              : c.origin.kind === 'pasted'
                ? 'MLDeck stops showing this context, and deletes its copy of the pasted kubeconfig once none of its contexts is left.'
                : `MLDeck stops showing this context; ${c.origin.path} is not changed.`}
          </ConfirmDialog>
        )}
      </td>
    </tr>
  );
}

function OpenSnapshot() {
  const [path, setPath] = useState('');
  const go = useRouter((s) => s.go);
  return (
    <form
      className="card inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        void (async () => {
          try {
            const list = await openSnapshot(path.trim());
            setPath('');
            if (list.currentId) go({ page: 'overview', clusterId: list.currentId });
          } catch (err) {
            notifyError(err);
          }
        })();
      }}
    >
      <input
        className="input"
        placeholder="/path/to/cluster.mldeck-snapshot"
        value={path}
        onChange={(e) => setPath(e.target.value)}
        aria-label="Snapshot file"
      />
      <button className="btn primary" disabled={!path.trim()}>
        Open
      </button>
    </form>
  );
}

/** The clusters page. */
export function ClustersPage() {
  const { list, checkHealth } = useClusters();
  useEffect(() => {
    for (const id of healthCheckIds(list)) void checkHealth(id).catch(() => undefined);
    // once per visit
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return (
    <div className="page" data-testid="clusters-page">
      <PageHeader title="Clusters">
        <span className="muted">{list?.clusters.length ?? 0} contexts</span>
      </PageHeader>
      {(list?.problems ?? []).map((p) => (
        <div key={p.origin} className="note error" role="alert">
          <strong>{p.origin}</strong>: {p.message}
        </div>
      ))}
      <table className="table">
        <thead>
          <tr>
            <th>Name</th>
            <th>Server</th>
            <th>Auth</th>
            <th>Health</th>
            <th>From</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {list?.clusters.map((c) => (
            <ClusterRow key={c.id} c={c} current={c.id === list.currentId} />
          ))}
        </tbody>
      </table>
      <h2>Add a kubeconfig</h2>
      <AddKubeconfig />
      <h2>Open a snapshot</h2>
      <OpenSnapshot />
    </div>
  );
}
