// SPDX-License-Identifier: Apache-2.0
/**
 * Experiments: every MLflow tracking server MLDeck knows (each cluster's, then those saved by URL)
 * with where it was found, its experiments, and the chosen experiment's runs (RunsPanel). A
 * server that belongs to no cluster is added by URL (AddServerDialog) and removed here.
 */
import { useState } from 'react';
import { parseTrackingServerId, type TrackingServer } from '../../../shared/features/mlflow/tracking-types';
import { useRouter, type Route } from '../../app/router';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorNote } from '../../components/ErrorNote';
import { PageHeader } from '../../components/PageHeader';
import { AddServerDialog } from './AddServerDialog';
import { formatDateTime } from './format';
import { originWords, whereWords } from './runs-table-model';
import { RunsPanel } from './RunsPanel';
import { useExperiments, useServerChange, useServers } from './use-mlflow';
import './mlflow.css';

/** The page. */
export function MlflowPage({ route }: { route: Extract<Route, { page: 'mlflow' }> }) {
  const go = useRouter((s) => s.go);
  const servers = useServers();
  const [dialog, setDialog] = useState<'add' | 'remove' | undefined>(undefined);
  const removal = useServerChange();
  const list = servers.value ?? [];
  const current: TrackingServer | undefined =
    list.find((s) => s.id === route.server) ?? (route.server ? undefined : (list.find((s) => s.where.kind !== 'unconfirmed') ?? list[0]));
  const ref = current?.ref ?? (route.server ? parseTrackingServerId(route.server) : undefined);
  const experiments = useExperiments(current?.where.kind === 'unconfirmed' ? undefined : ref);

  const exps = experiments.value?.experiments ?? [];
  const offline = experiments.value ? originWords(experiments.value.origin, formatDateTime) : undefined;
  return (
    <div className="page mlflow-page" data-testid="mlflow-page">
      <PageHeader
        title="Experiments"
        actions={
          <>
            {current?.saved && (
              <button className="btn" data-testid="remove-server" onClick={() => setDialog('remove')}>
                Remove server
              </button>
            )}
            <button className="btn" data-testid="add-server" onClick={() => setDialog('add')}>
              Add server
            </button>
          </>
        }
      >
        <label className="muted small" htmlFor="mlflow-server">
          Tracking server
        </label>
        <select
          id="mlflow-server"
          className="input"
          data-testid="mlflow-server"
          value={current?.id ?? ''}
          onChange={(e) => go({ page: 'mlflow', server: e.target.value })}
        >
          {list.map((s) => (
            <option key={s.id} value={s.id}>
              {s.label}
            </option>
          ))}
        </select>
        {current && (
          <span className="muted small" data-testid="mlflow-server-where">
            {whereWords(current)}
          </span>
        )}
      </PageHeader>
      {dialog === 'add' && (
        <AddServerDialog
          onCancel={() => setDialog(undefined)}
          onAdded={(s) => {
            setDialog(undefined);
            servers.reload();
            go({ page: 'mlflow', server: s.id });
          }}
        />
      )}
      {dialog === 'remove' && current?.ref.kind === 'url' && (
        <ConfirmDialog
          title="Remove this tracking server?"
          confirm="Remove"
          busyLabel="Removing…"
          danger
          onCancel={() => setDialog(undefined)}
          onConfirm={async () => {
            if (current.ref.kind !== 'url') return;
            const done = await removal.remove(current.ref.url);
            setDialog(undefined);
            if (!done) return;
            servers.reload();
            go({ page: 'mlflow' });
          }}
        >
          MLDeck forgets {current.label} and the credentials saved for it. Nothing changes on the server; you can add it again.
        </ConfirmDialog>
      )}
      {removal.error && <ErrorNote error={removal.error} />}
      {servers.error && <ErrorNote error={servers.error} onRetry={servers.reload} />}
      {servers.value && list.length === 0 && <p className="muted">MLDeck knows no cluster or tracking server yet: add one by URL.</p>}
      {offline && (
        <p className="note" data-testid="mlflow-origin" data-origin="cache">
          {offline}
        </p>
      )}
      <div className="mlflow-body">
        <nav className="mlflow-experiments" aria-label="Experiments">
          {experiments.error && <ErrorNote error={experiments.error} onRetry={experiments.reload} />}
          {experiments.loading && !experiments.value && current?.where.kind !== 'unconfirmed' && <p className="muted small">Loading…</p>}
          <ul>
            {exps.map((e) => (
              <li key={e.experimentId}>
                <button
                  data-testid="mlflow-experiment"
                  data-name={e.name}
                  aria-current={e.experimentId === route.experimentId}
                  onClick={() => current && go({ page: 'mlflow', server: current.id, experimentId: e.experimentId })}
                >
                  {e.name}
                </button>
              </li>
            ))}
          </ul>
          {experiments.value && exps.length === 0 && <p className="muted small">No experiments on this server.</p>}
        </nav>
        <section className="mlflow-runs" aria-label="Runs">
          {current && route.experimentId ? (
            <RunsPanel
              key={`${current.id}|${route.experimentId}`}
              server={current}
              experimentId={route.experimentId}
              experimentName={exps.find((e) => e.experimentId === route.experimentId)?.name ?? route.experimentId}
              filter={route.filter ?? ''}
            />
          ) : (
            <p className="muted">Choose an experiment to see its runs.</p>
          )}
        </section>
      </div>
    </div>
  );
}
