// SPDX-License-Identifier: Apache-2.0
/** The cluster overview: health, GPUs by model, nodes with allocation, namespaces, Kubeflow parts. */
import { useCallback, useEffect, useState } from 'react';
import type { AppError } from '../../../shared/errors';
import { overviewContract, type ClusterOverview, type NodeOverview } from '../../../shared/features/overview/overview.contract';
import { useRouter } from '../../app/router';
import { ErrorNote } from '../../components/ErrorNote';
import { api } from '../../lib/api/api-context';
import { bytes, num } from '../../lib/format';
import { FreshnessBanner } from '../sync/FreshnessBanner';

function Bar({ used, total, label }: { used: number; total: number; label: string }) {
  const pct = total > 0 ? Math.min(100, (used / total) * 100) : 0;
  return (
    <div className="bar" title={`${label}: ${num(used)} of ${num(total)}`} aria-label={`${label} ${num(used)} of ${num(total)}`}>
      <div className={`bar-fill ${pct > 90 ? 'hot' : ''}`} style={{ width: `${pct}%` }} />
      <span className="bar-text">
        {num(used)} / {num(total)}
      </span>
    </div>
  );
}

const componentNames: Record<string, string> = {
  'training-v1': 'Training Operator (v1 jobs)',
  'trainer-v2': 'Trainer v2 (TrainJob)',
  katib: 'Katib',
  kserve: 'KServe',
  notebooks: 'Notebooks',
  profiles: 'Profiles',
  'mpi-v2beta1': 'MPI Operator v2beta1',
  pipelines: 'Pipelines',
};

/** The overview page. */
export function OverviewPage({ clusterId }: { clusterId: string }) {
  const go = useRouter((s) => s.go);
  const [data, setData] = useState<ClusterOverview | undefined>(undefined);
  const [error, setError] = useState<AppError | undefined>(undefined);
  const load = useCallback(() => {
    setError(undefined);
    api()
      .call(overviewContract.get, { clusterId })
      .then(setData, (e: unknown) => setError(e as AppError));
  }, [clusterId]);
  useEffect(() => {
    setData(undefined);
    load();
  }, [load]);

  const openNode = (n: NodeOverview) => go({ page: 'resources', clusterId, kind: { group: '', version: 'v1', resource: 'nodes' }, selected: { name: n.name } });

  return (
    <div className="page" data-testid="overview">
      <header className="page-head">
        <h1>Overview</h1>
        <button className="btn" onClick={load}>
          Refresh
        </button>
      </header>
      {error && <ErrorNote error={error} onRetry={load} />}
      {!data && !error && <div className="muted">Loading…</div>}
      {data && (
        <>
          {data.freshness.freshness !== 'live' && data.freshness.freshness !== 'syncing' && <FreshnessBanner status={data.freshness} />}
          <section className="cards">
            <div className="card stat">
              <div className="muted small">Connection</div>
              {data.health.reachable ? (
                <div data-testid="overview-health">
                  <strong>{data.health.version}</strong> · {data.health.latencyMs} ms
                </div>
              ) : (
                <div className="error-text">{data.health.error?.message ?? 'unreachable'}</div>
              )}
            </div>
            <div className="card stat">
              <div className="muted small">Nodes</div>
              <strong>{'items' in data.nodes ? data.nodes.items.length : '—'}</strong>
            </div>
            <div className="card stat">
              <div className="muted small">GPUs allocated</div>
              <strong data-testid="gpu-total">
                {data.gpuModels.reduce((n, g) => n + g.requested, 0)} / {data.gpuModels.reduce((n, g) => n + g.allocatable, 0)}
              </strong>
            </div>
            <div className="card stat">
              <div className="muted small">Namespaces</div>
              <strong>{'items' in data.namespaces ? data.namespaces.items.length : '—'}</strong>
            </div>
          </section>

          <h2>GPUs by model</h2>
          {data.gpuModels.length === 0 ? (
            <p className="muted">
              {'forbidden' in data.nodes ? 'Nodes are not visible to your account, so GPUs cannot be counted.' : 'This cluster has no GPU nodes.'}
            </p>
          ) : (
            <table className="table" data-testid="gpu-models">
              <thead>
                <tr>
                  <th>Model</th>
                  <th>Nodes</th>
                  <th>Allocated / allocatable</th>
                  <th>Free</th>
                </tr>
              </thead>
              <tbody>
                {data.gpuModels.map((g) => (
                  <tr key={g.model}>
                    <td>{g.model}</td>
                    <td>{g.nodes}</td>
                    <td>
                      <Bar used={g.requested} total={g.allocatable} label={`${g.model} GPUs`} />
                    </td>
                    <td>{g.allocatable - g.requested}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}

          <h2>Nodes</h2>
          {'forbidden' in data.nodes ? (
            <div className="note forbidden" role="alert">
              <strong>Not allowed:</strong> {data.nodes.forbidden}
            </div>
          ) : (
            <table className="table" data-testid="nodes-table">
              <thead>
                <tr>
                  <th>Node</th>
                  <th>Status</th>
                  <th>GPU</th>
                  <th>GPUs</th>
                  <th>CPU requested</th>
                  <th>Memory requested</th>
                  <th>Pods</th>
                </tr>
              </thead>
              <tbody>
                {data.nodes.items.map((n) => (
                  <tr key={n.name} onClick={() => openNode(n)} className="clickable">
                    <td>{n.name}</td>
                    <td>
                      <span className={`pill ${n.ready ? 'ok' : 'error'}`}>{n.ready ? 'Ready' : 'NotReady'}</span>
                    </td>
                    <td>{n.gpu?.model ?? '—'}</td>
                    <td>{n.gpu ? <Bar used={n.gpu.requested} total={n.gpu.allocatable} label="GPUs" /> : '—'}</td>
                    <td>
                      <Bar used={n.cpu.requested} total={n.cpu.allocatable} label="CPU" />
                    </td>
                    <td title={`${bytes(n.memoryBytes.requested)} of ${bytes(n.memoryBytes.allocatable)}`}>
                      <Bar used={Math.round(n.memoryBytes.requested / 2 ** 30)} total={Math.round(n.memoryBytes.allocatable / 2 ** 30)} label="Memory GiB" />
                    </td>
                    <td>{n.pods}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}

          <h2>Kubeflow</h2>
          {data.discovery ? (
            <ul className="components" data-testid="kubeflow-components">
              {data.discovery.components.map((c) => (
                <li key={c.component} className={c.served ? 'served' : 'missing'}>
                  <span className={`pill ${c.served ? 'ok' : 'neutral'}`}>{c.served ? 'found' : 'not installed'}</span>{' '}
                  {componentNames[c.component] ?? c.component}
                  {c.served && (
                    <span className="muted small">
                      {' '}
                      {c.groupVersion} · {c.kinds.join(', ')}
                    </span>
                  )}
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">Discovery did not answer.</p>
          )}

          <h2>Namespaces</h2>
          {'forbidden' in data.namespaces ? (
            <div className="note forbidden">
              <strong>Not allowed:</strong> {data.namespaces.forbidden}
            </div>
          ) : (
            <div className="chips">
              {data.namespaces.items.map((n) => (
                <button
                  key={n}
                  className="chip"
                  onClick={() => go({ page: 'resources', clusterId, kind: { group: '', version: 'v1', resource: 'pods' }, namespace: n })}
                >
                  {n}
                </button>
              ))}
            </div>
          )}
        </>
      )}
    </div>
  );
}
