// SPDX-License-Identifier: Apache-2.0
/**
 * KFP runs on one cluster or all: the runs (filters by experiment, pipeline and version, state,
 * created time, archived; search by name; sort by KFP; read page by page as the table scrolls),
 * the experiments and the recurring runs as tabs; per-cluster notes (errors, what comes from the
 * cache with its date, namespaces not listed with why); a row opens the run's page; each run has
 * its actions, and a clone opens the create form filled from it.
 */
import { useEffect, useMemo, useState } from 'react';
import { AppError } from '../../../../shared/errors';
import type { RunSort, RunSummary } from '../../../../shared/features/pipelines/runs.contract';
import { useRouter, type Route } from '../../../app/router';
import { ClusterScopeSelect } from '../../../components/ClusterScopeSelect';
import { ErrorNote } from '../../../components/ErrorNote';
import { useClusterScope } from '../../../lib/use-cluster-scope';
import { useNow } from '../../../lib/use-now';
import { usePipeline, usePipelines } from '../use-pipelines';
import { CreateRunDialog } from './CreateRunDialog';
import { ExperimentsPanel } from './ExperimentsPanel';
import { RecurringPanel } from './RecurringPanel';
import { RunActions } from './RunActions';
import { emptyControls, filterOf, stateChoices, type FilterControls } from './runs-model';
import { RunsTable } from './RunsTable';
import { useExperiments, useRecurringRuns, useRuns } from './use-runs';
import type { CreateRunStart } from './use-create-run';
import '../pipelines.css';
import './runs.css';

type Tab = 'runs' | 'experiments' | 'recurring';

/** The page. */
export function RunsPage({ route }: { route: Extract<Route, { page: 'pipeline-runs' }> }) {
  const go = useRouter((s) => s.go);
  const { nameOf } = useClusterScope(route.clusterId);
  const now = useNow(1000);
  const [tab, setTab] = useState<Tab>('runs');
  const [controls, setControls] = useState<FilterControls>(emptyControls);
  /** The cluster a chosen experiment or pipeline belongs to (narrows "all clusters" to it). */
  const [pinned, setPinned] = useState<string | undefined>();
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState<RunSort>({ key: 'created_at', desc: true });
  const [creating, setCreating] = useState<CreateRunStart | undefined>();
  useEffect(() => {
    const t = setTimeout(() => setControls((c) => (c.search === search ? c : { ...c, search })), 300);
    return () => clearTimeout(t);
  }, [search]);
  const clusterId = route.clusterId ?? pinned;
  const filter = useMemo(() => filterOf(controls), [controls]);
  const runs = useRuns(clusterId, filter, sort);
  const experiments = useExperiments(route.clusterId);
  const recurring = useRecurringRuns(route.clusterId);
  const pipelines = usePipelines(route.clusterId);
  const chosenPipeline = usePipeline(clusterId ?? '', controls.pipelineId || '-');

  const experimentNames = useMemo(() => {
    const m = new Map<string, string>();
    for (const c of experiments.value?.clusters ?? []) if (c.ok) for (const e of c.experiments) m.set(`${c.clusterId}/${e.experimentId}`, e.displayName);
    return m;
  }, [experiments.value]);
  const experimentOptions = (experiments.value?.clusters ?? []).flatMap((c) =>
    c.ok
      ? c.experiments.map((e) => ({
          value: `${c.clusterId}|${e.experimentId}`,
          label: route.clusterId ? e.displayName : `${e.displayName} (${nameOf(c.clusterId)})`,
        }))
      : [],
  );
  const pipelineOptions = (pipelines.value?.clusters ?? []).flatMap((c) =>
    c.ok
      ? c.pipelines.map((p) => ({
          value: `${c.clusterId}|${p.pipelineId}`,
          label: route.clusterId ? p.displayName : `${p.displayName} (${nameOf(c.clusterId)})`,
        }))
      : [],
  );
  const pick = (value: string, field: 'experimentId' | 'pipelineId') => {
    const [cid = '', id = ''] = value.split('|');
    setControls({ ...controls, [field]: id, ...(field === 'pipelineId' ? { pipelineVersionId: '' } : {}) });
    if (!route.clusterId) setPinned(id ? cid : controls.experimentId || controls.pipelineId ? pinned : undefined);
  };
  const reloadAll = () => {
    runs.reload();
    experiments.reload();
    recurring.reload();
  };
  const openRun = (r: RunSummary) => go({ page: 'pipeline-run', clusterId: r.clusterId, runId: r.runId });
  const showCluster = !clusterId;

  return (
    <div className="page pipelines-page runs-page" data-testid="runs-page">
      <header className="page-head">
        <h1>Runs</h1>
        <ClusterScopeSelect
          value={route.clusterId}
          onChange={(id) => go(id ? { page: 'pipeline-runs', clusterId: id } : { page: 'pipeline-runs' })}
          testId="runs-scope"
        />
        {runs.loading && <span className="pill progress small">loading…</span>}
        <span className="spacer" />
        <button className="btn" data-testid="runs-refresh" onClick={reloadAll}>
          Refresh
        </button>
      </header>
      <div className="tabs" role="tablist">
        {(['runs', 'experiments', 'recurring'] as const).map((t) => (
          <button
            key={t}
            role="tab"
            className={`tab ${tab === t ? 'active' : ''}`}
            aria-selected={tab === t}
            data-testid={`runs-tab-${t}`}
            onClick={() => setTab(t)}
          >
            {t === 'runs' ? 'Runs' : t === 'experiments' ? 'Experiments' : 'Recurring runs'}
          </button>
        ))}
      </div>
      {runs.error && <ErrorNote error={runs.error} onRetry={runs.reload} />}
      {runs.notes.map((n, i) =>
        n.kind === 'error' ? (
          <div key={i} data-testid="runs-cluster-error" data-cluster={nameOf(n.clusterId)}>
            <strong className="small">
              {nameOf(n.clusterId)}
              {n.namespace ? `, ${n.namespace}` : ''}
            </strong>
            {n.error.code === 'unauthenticated' && (
              <button className="link small" data-testid="runs-kfp-settings" onClick={() => go({ page: 'pipelines', clusterId: n.clusterId })}>
                set the Kubeflow user in its KFP connection
              </button>
            )}
            <ErrorNote error={AppError.fromData(n.error)} onRetry={runs.reload} />
          </div>
        ) : n.kind === 'cached' ? (
          <p key={i} className="note warn small" data-testid="runs-cached" data-cluster={nameOf(n.clusterId)}>
            {nameOf(n.clusterId)}: KFP cannot be reached; showing the runs MLDeck saw at {new Date(n.seenAt).toLocaleString()} ({n.why})
          </p>
        ) : n.kind === 'refused' ? (
          <p key={i} className="muted small" data-testid="runs-refused" data-namespace={n.namespace}>
            {nameOf(n.clusterId)}, {n.namespace} not listed: {n.reason}
          </p>
        ) : (
          <p key={i} className="muted small" data-testid="runs-scanned">
            {nameOf(n.clusterId)}
            {n.namespace ? `, ${n.namespace}` : ''}: KFP cannot filter by pipeline, so MLDeck looked through {n.scanned} runs and found {n.shown}.
          </p>
        ),
      )}
      {tab === 'runs' && (
        <>
          <div className="runs-filters" data-testid="runs-filters">
            <input
              className="input"
              type="search"
              data-testid="runs-search"
              placeholder="Search by name"
              value={search}
              onChange={(e) => setSearch(e.target.value)}
            />
            <select
              className="input"
              aria-label="Experiment"
              data-testid="runs-experiment"
              value={controls.experimentId ? `${clusterId ?? ''}|${controls.experimentId}` : ''}
              onChange={(e) => pick(e.target.value, 'experimentId')}
            >
              <option value="">Any experiment</option>
              {experimentOptions.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
            <select
              className="input"
              aria-label="Pipeline"
              data-testid="runs-pipeline"
              value={controls.pipelineId ? `${clusterId ?? ''}|${controls.pipelineId}` : ''}
              onChange={(e) => pick(e.target.value, 'pipelineId')}
            >
              <option value="">Any pipeline</option>
              {pipelineOptions.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
            {controls.pipelineId && (
              <select
                className="input"
                aria-label="Pipeline version"
                data-testid="runs-version"
                value={controls.pipelineVersionId}
                onChange={(e) => setControls({ ...controls, pipelineVersionId: e.target.value })}
              >
                <option value="">Any version</option>
                {(chosenPipeline.value?.versions ?? []).map((v) => (
                  <option key={v.versionId} value={v.versionId}>
                    {v.displayName}
                  </option>
                ))}
              </select>
            )}
            <select
              className="input"
              aria-label="State"
              data-testid="runs-state"
              value={controls.state}
              onChange={(e) => setControls({ ...controls, state: e.target.value })}
            >
              {stateChoices.map((s) => (
                <option key={s.value} value={s.value}>
                  {s.label}
                </option>
              ))}
            </select>
            <label className="small">
              Created from{' '}
              <input
                className="input"
                type="datetime-local"
                aria-label="Created from"
                value={controls.from}
                onChange={(e) => setControls({ ...controls, from: e.target.value })}
              />
            </label>
            <label className="small">
              to{' '}
              <input
                className="input"
                type="datetime-local"
                aria-label="Created until"
                value={controls.to}
                onChange={(e) => setControls({ ...controls, to: e.target.value })}
              />
            </label>
            <label className="check small">
              <input
                type="checkbox"
                data-testid="runs-archived"
                checked={controls.archived}
                onChange={(e) => setControls({ ...controls, archived: e.target.checked })}
              />{' '}
              Archived
            </label>
            {controls.recurringRunId && (
              <button className="btn small" data-testid="runs-clear-recurring" onClick={() => setControls({ ...controls, recurringRunId: '' })}>
                Made by a recurring run ✕
              </button>
            )}
          </div>
          <p className="muted small" data-testid="runs-count">
            {runs.rows.length} shown{runs.total ? ` of ${runs.total} KFP counts` : ''}
            {runs.more ? '; more as you scroll' : ''}
          </p>
          <RunsTable
            rows={runs.rows}
            sort={sort}
            onSort={setSort}
            more={runs.more}
            autoMore={runs.autoMore}
            loading={runs.loading}
            onMore={runs.loadMore}
            onOpen={openRun}
            clusterName={nameOf}
            experimentName={(cid, id) => experimentNames.get(`${cid}/${id}`) ?? (id ? id.slice(0, 8) : '—')}
            showCluster={showCluster}
            now={now}
            actions={(r) => <RunActions run={r} onDone={runs.reload} onClone={(x) => setCreating({ clusterId: x.clusterId, mode: 'run', cloneOf: x.runId })} />}
          />
        </>
      )}
      {tab === 'experiments' && (
        <>
          {experiments.error && <ErrorNote error={experiments.error} onRetry={experiments.reload} />}
          <ExperimentsPanel
            clusters={experiments.value?.clusters}
            clusterName={nameOf}
            showCluster={!route.clusterId}
            onChanged={experiments.reload}
            onOpen={(e) => {
              setControls({ ...emptyControls, experimentId: e.experimentId });
              if (!route.clusterId) setPinned(e.clusterId);
              setTab('runs');
            }}
          />
        </>
      )}
      {tab === 'recurring' && (
        <>
          {recurring.error && <ErrorNote error={recurring.error} onRetry={recurring.reload} />}
          <RecurringPanel
            clusters={recurring.value?.clusters}
            clusterName={nameOf}
            showCluster={!route.clusterId}
            onChanged={recurring.reload}
            onOpen={(r) => {
              setControls({ ...emptyControls, recurringRunId: r.recurringRunId });
              if (!route.clusterId) setPinned(r.clusterId);
              setTab('runs');
            }}
          />
        </>
      )}
      {creating && (
        <CreateRunDialog
          start={creating}
          onCancel={() => setCreating(undefined)}
          onMade={(m) => {
            setCreating(undefined);
            if (m.kind === 'run') go({ page: 'pipeline-run', clusterId: m.run.clusterId, runId: m.run.runId });
            else reloadAll();
          }}
        />
      )}
    </div>
  );
}
