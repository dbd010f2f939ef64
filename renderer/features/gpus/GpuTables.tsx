// SPDX-License-Identifier: Apache-2.0
/** The GPU page's cards and tables: models, nodes, who holds GPUs, who waits for them. */
import type { GpuJobRef } from '../../../shared/features/gpus/gpus.contract';
import { useRouter } from '../../app/router';
import { age, num } from '../../lib/format';
import type { CombinedAllocation, PodUse } from './gpu-view-model';

function Bar({ used, total, label }: { used: number; total: number; label: string }) {
  const pct = total > 0 ? Math.min(100, (used / total) * 100) : 0;
  return (
    <div className="bar" title={`${label}: ${num(used)} of ${num(total)} allocated`} aria-label={`${label} ${num(used)} of ${num(total)} allocated`}>
      <div className={`bar-fill ${pct > 90 ? 'hot' : ''}`} style={{ width: `${pct}%` }} />
      <span className="bar-text">
        {num(used)} / {num(total)}
      </span>
    </div>
  );
}

/** One card per GPU model. */
export function ModelCards({ models, showClusters }: { models: CombinedAllocation['models']; showClusters: boolean }) {
  return (
    <section className="cards gpu-models" data-testid="gpu-model-cards">
      {models.map((m) => (
        <div className="card gpu-model" key={m.model} data-testid="gpu-model-card" data-model={m.model}>
          <div className="gpu-model-name">{m.model}</div>
          <div className="muted small">
            {m.nodes} node{m.nodes === 1 ? '' : 's'}
            {showClusters ? ` · ${m.clusters.join(', ')}` : ''}
          </div>
          <dl className="gpu-numbers">
            <div>
              <dt>Capacity</dt>
              <dd data-testid="gpu-capacity">{m.capacity}</dd>
            </div>
            <div>
              <dt>Allocatable</dt>
              <dd data-testid="gpu-allocatable">{m.allocatable}</dd>
            </div>
            <div>
              <dt>Allocated</dt>
              <dd data-testid="gpu-allocated">{m.allocated}</dd>
            </div>
            <div>
              <dt>Free</dt>
              <dd data-testid="gpu-free">{m.free}</dd>
            </div>
          </dl>
          <Bar used={m.allocated} total={m.allocatable} label={`${m.model} GPUs`} />
        </div>
      ))}
    </section>
  );
}

/** GPU nodes. */
export function NodesTable({ nodes, showClusters }: { nodes: CombinedAllocation['nodes']; showClusters: boolean }) {
  return (
    <table className="table" data-testid="gpu-nodes">
      <thead>
        <tr>
          {showClusters && <th>Cluster</th>}
          <th>Node</th>
          <th>Model</th>
          <th>Memory per GPU</th>
          <th>Status</th>
          <th>Allocated / allocatable</th>
          <th>Free</th>
        </tr>
      </thead>
      <tbody>
        {nodes.map((n) => (
          <tr key={`${n.clusterId}/${n.name}`}>
            {showClusters && <td>{n.clusterName}</td>}
            <td>{n.name}</td>
            <td>{n.model}</td>
            <td>{n.memoryMiB ? `${num(Math.round(n.memoryMiB / 1024))} GiB` : '—'}</td>
            <td>
              <span className={`pill ${n.ready ? 'ok' : 'error'}`}>{n.ready ? 'Ready' : 'NotReady'}</span>
            </td>
            <td>
              <Bar used={n.allocated} total={n.allocatable} label={`${n.name} GPUs`} />
            </td>
            <td>{n.free}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function JobLink({ clusterId, namespace, job }: { clusterId: string; namespace: string; job: GpuJobRef | undefined }) {
  const go = useRouter((s) => s.go);
  if (!job) return <span className="muted">—</span>;
  return (
    <button
      className="link"
      data-testid="gpu-job-link"
      onClick={() => go({ page: 'job', clusterId, kind: { group: job.group, version: job.version, resource: job.resource }, namespace, name: job.name })}
    >
      {job.name} <span className="muted small">({job.kind})</span>
    </button>
  );
}

/** Pods holding GPUs, with their utilisation now and the idle flag. */
export function HoldersTable({
  holders,
  use,
  showClusters,
  metricsKnown,
}: {
  holders: CombinedAllocation['holders'];
  use: Map<string, PodUse>;
  showClusters: boolean;
  metricsKnown: boolean;
}) {
  if (holders.length === 0) return <p className="muted">No pod holds a GPU.</p>;
  return (
    <table className="table" data-testid="gpu-holders">
      <thead>
        <tr>
          {showClusters && <th>Cluster</th>}
          <th>Pod</th>
          <th>Namespace</th>
          <th>Job</th>
          <th>Node</th>
          <th>GPUs</th>
          <th>Utilisation now</th>
          <th>Idle</th>
        </tr>
      </thead>
      <tbody>
        {holders.map((h) => {
          const u = use.get(`${h.clusterId}/${h.namespace}/${h.pod}`);
          return (
            <tr key={`${h.clusterId}/${h.namespace}/${h.pod}`} data-testid="gpu-holder" data-pod={h.pod}>
              {showClusters && <td>{h.clusterName}</td>}
              <td>{h.pod}</td>
              <td>{h.namespace}</td>
              <td>
                <JobLink clusterId={h.clusterId} namespace={h.namespace} job={h.job} />
              </td>
              <td>{h.node}</td>
              <td>{h.gpus}</td>
              <td data-testid="gpu-util-now">
                {u?.utilNow !== undefined ? `${u.utilNow} %` : <span className="muted">{metricsKnown ? 'no samples' : '—'}</span>}
              </td>
              <td>
                {u?.idle ? (
                  <span className="pill warn" data-testid="gpu-idle-flag" title={`Under the idle threshold for ${u.idleMinutes} minutes`}>
                    idle {Math.round(u.idleMinutes)} min
                  </span>
                ) : (
                  ''
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** Pods the scheduler cannot place for lack of GPUs. */
export function PendingTable({ pending, showClusters }: { pending: CombinedAllocation['pending']; showClusters: boolean }) {
  if (pending.length === 0) return <p className="muted">No pod is waiting for GPUs.</p>;
  return (
    <table className="table" data-testid="gpu-pending">
      <thead>
        <tr>
          {showClusters && <th>Cluster</th>}
          <th>Pod</th>
          <th>Namespace</th>
          <th>Job</th>
          <th>GPUs asked</th>
          <th>Waiting</th>
          <th>Scheduler says</th>
        </tr>
      </thead>
      <tbody>
        {pending.map((p) => (
          <tr key={`${p.clusterId}/${p.namespace}/${p.pod}`} data-testid="gpu-pending-row" data-pod={p.pod}>
            {showClusters && <td>{p.clusterName}</td>}
            <td>{p.pod}</td>
            <td>{p.namespace}</td>
            <td>
              <JobLink clusterId={p.clusterId} namespace={p.namespace} job={p.job} />
            </td>
            <td>{p.gpus}</td>
            <td>{p.since ? age(p.since) : '—'}</td>
            <td className="gpu-reason">
              <strong>{p.reason}</strong>: {p.message}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
