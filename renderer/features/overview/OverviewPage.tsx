// SPDX-License-Identifier: Apache-2.0
/**
 * The cluster overview: health, GPUs by model, nodes with allocation, namespaces, Kubeflow parts.
 * The data is `useOverview`'s, the numbers and words `overview-view-model.ts`'s.
 */
import type { NodeOverview } from '../../../shared/features/overview/overview.contract';
import { useRouter } from '../../app/router';
import { ErrorNote } from '../../components/ErrorNote';
import { PageHeader } from '../../components/PageHeader';
import { bytes, num } from '../../lib/format';
import { FreshnessBanner } from '../../components/FreshnessBanner';
import { barPercent, componentName, gpuCount, noGpuText, sectionCount, showsFreshness, type CountText } from './overview-view-model';
import { useOverview } from './use-overview';

function Bar({ used, total, label }: { used: number; total: number; label: string }) {
  const pct = barPercent(used, total);
  return (
    <div className="bar" title={`${label}: ${num(used)} of ${num(total)}`} aria-label={`${label} ${num(used)} of ${num(total)}`}>
      <div className={`bar-fill ${pct > 90 ? 'hot' : ''}`} style={{ width: `${pct}%` }} />
      <span className="bar-text">
        {num(used)} / {num(total)}
      </span>
    </div>
  );
}

/** A count card: its value, and under it when it was seen or why it is not known. */
function CountCard({ label, count, testId }: { label: string; count: CountText; testId: string }) {
  return (
    <div className="card stat" data-testid={testId} data-state={count.state}>
      <div className="muted small">{label}</div>
      <strong className={count.state === 'unknown' || count.state === 'forbidden' ? 'unknown-value' : undefined}>{count.value}</strong>
      {count.note && <div className="muted small stat-note">{count.note}</div>}
    </div>
  );
}

/** The overview page. */
export function OverviewPage({ clusterId }: { clusterId: string }) {
  const go = useRouter((s) => s.go);
  const { data, error, load } = useOverview(clusterId);

  const openNode = (n: NodeOverview) => go({ page: 'resources', clusterId, kind: { group: '', version: 'v1', resource: 'nodes' }, selected: { name: n.name } });

  return (
    <div className="page" data-testid="overview">
      <PageHeader
        title="Overview"
        actions={
          <button className="btn" onClick={load}>
            Refresh
          </button>
        }
      />
      {error && <ErrorNote error={error} onRetry={load} />}
      {!data && !error && <div className="muted">Loading…</div>}
      {data && (
        <>
          {showsFreshness(data) && <FreshnessBanner status={data.freshness} />}
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
            <CountCard label="Nodes" testId="count-nodes" count={sectionCount(data.nodes)} />
            <CountCard label="GPUs allocated" testId="gpu-total" count={gpuCount(data)} />
            <CountCard label="Namespaces" testId="count-namespaces" count={sectionCount(data.namespaces)} />
          </section>

          <h2>GPUs by model</h2>
          {data.gpuModels.length === 0 ? (
            <p className="muted" data-testid="no-gpu-models">
              {noGpuText(data)}
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
          ) : 'unknown' in data.nodes ? (
            <p className="muted" data-testid="nodes-unknown">
              Not known: {data.nodes.unknown}
            </p>
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
                    <td>
                      <button className="link" onClick={() => openNode(n)}>
                        {n.name}
                      </button>
                    </td>
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
          {'unknown' in data.discovery ? (
            <p className="muted" data-testid="kubeflow-unknown">
              Not known: {data.discovery.unknown}
            </p>
          ) : (
            <ul className="components" data-testid="kubeflow-components">
              {data.discovery.components.map((c) => (
                <li key={c.component} className={c.served ? 'served' : 'missing'}>
                  <span className={`pill ${c.served ? 'ok' : 'neutral'}`}>{c.served ? 'found' : 'not installed'}</span> {componentName(c.component)}
                  {c.served && (
                    <span className="muted small">
                      {' '}
                      {c.groupVersion} · {c.kinds.join(', ')}
                    </span>
                  )}
                </li>
              ))}
            </ul>
          )}

          <h2>Namespaces</h2>
          {'forbidden' in data.namespaces ? (
            <div className="note forbidden">
              <strong>Not allowed:</strong> {data.namespaces.forbidden}
            </div>
          ) : 'unknown' in data.namespaces ? (
            <p className="muted" data-testid="namespaces-unknown">
              Not known: {data.namespaces.unknown}
            </p>
          ) : data.namespaces.items.length === 0 ? (
            <p className="muted">No namespaces.</p>
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
