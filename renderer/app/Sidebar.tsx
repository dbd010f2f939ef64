// SPDX-License-Identifier: Apache-2.0
/** The sidebar: the cluster switcher, then navigation by capability (only kinds the cluster serves). */
import { useEffect } from 'react';
import { useClusters } from '../lib/clusters.store';
import { catalog, kindKey } from '../lib/resources/kind-catalog';
import { useKinds } from '../lib/resources/kinds.store';
import { notifyError } from '../lib/notify';
import { useRouter, type Route } from './router';

function isActive(route: Route, target: Route): boolean {
  if (route.page !== target.page) return false;
  if (route.page === 'resources' && target.page === 'resources') return kindKey(route.kind) === kindKey(target.kind);
  return true;
}

/** The sidebar. */
export function Sidebar() {
  const { list, setCurrent } = useClusters();
  const { route, go } = useRouter();
  const current = list?.clusters.find((c) => c.id === list.currentId);
  const kinds = useKinds((s) => (current ? s.byCluster[current.id] : undefined));
  const loadKinds = useKinds((s) => s.load);

  useEffect(() => {
    if (current && current.problems.length === 0) void loadKinds(current.id);
  }, [current, loadKinds]);

  const switchTo = async (id: string) => {
    if (id === current?.id) return;
    const before = useRouter.getState().route;
    try {
      await setCurrent(id);
      // The user may have navigated while the switch was in flight; then their choice stands.
      if (useRouter.getState().route === before) go({ page: 'overview', clusterId: id });
    } catch (e) {
      notifyError(e);
    }
  };

  const ns = route.page === 'resources' ? route.namespace : undefined;
  return (
    <nav className="sidebar" aria-label="Main">
      <div className="brand">MLDeck</div>
      <label className="field small">
        Cluster
        <select
          className="input"
          aria-label="Current cluster"
          value={current?.id ?? ''}
          onChange={(e) => void switchTo(e.target.value)}
          data-testid="cluster-switcher"
        >
          {!current && <option value="">(none)</option>}
          {list?.clusters.map((c) => (
            <option key={c.id} value={c.id}>
              {c.displayName}
            </option>
          ))}
        </select>
      </label>
      <button
        className={`nav-item ${route.page === 'clusters' ? 'active' : ''}`}
        data-testid="nav-clusters"
        aria-current={route.page === 'clusters' ? 'page' : undefined}
        title="Contexts, health, add, rename, remove, plugin approvals, snapshots"
        onClick={() => go({ page: 'clusters' })}
      >
        Clusters
      </button>
      {current && (
        <>
          <button className={`nav-item ${route.page === 'overview' ? 'active' : ''}`} onClick={() => go({ page: 'overview', clusterId: current.id })}>
            Overview
          </button>
          <button
            className={`nav-item ${route.page === 'jobs' || route.page === 'job' ? 'active' : ''}`}
            onClick={() => go({ page: 'jobs', clusterId: current.id })}
          >
            Training jobs
          </button>
          <button
            className={`nav-item ${route.page === 'katib' || route.page === 'experiment' || route.page === 'experiment-new' ? 'active' : ''}`}
            data-testid="nav-katib"
            onClick={() => go({ page: 'katib', clusterId: current.id })}
          >
            Tuning
          </button>
          <button className={`nav-item ${route.page === 'compare' ? 'active' : ''}`} data-testid="nav-compare" onClick={() => go({ page: 'compare' })}>
            Compare
          </button>
          <button
            className={`nav-item ${route.page === 'notebooks' || route.page === 'notebook-server' || route.page === 'notebook-new' || route.page === 'notebook' ? 'active' : ''}`}
            data-testid="nav-notebooks"
            onClick={() => go({ page: 'notebooks', clusterId: current.id })}
          >
            Notebooks
          </button>
          <button
            className={`nav-item ${route.page === 'models' || route.page === 'model' || route.page === 'model-version' || route.page === 'model-compare' ? 'active' : ''}`}
            data-testid="nav-models"
            onClick={() => go({ page: 'models', clusterId: current.id })}
          >
            Models
          </button>
          <button
            className={`nav-item nav-sub ${route.page === 'mlflow' || route.page === 'mlflow-run' ? 'active' : ''}`}
            data-testid="nav-mlflow"
            onClick={() => go({ page: 'mlflow', server: `cluster:${current.id}` })}
          >
            Experiments
          </button>
          <button
            className={`nav-item ${route.page === 'pipelines' || route.page === 'pipeline' || route.page === 'pipeline-version' ? 'active' : ''}`}
            data-testid="nav-pipelines"
            onClick={() => go({ page: 'pipelines', clusterId: current.id })}
          >
            Pipelines
          </button>
          <button
            className={`nav-item nav-sub ${route.page === 'pipeline-runs' || route.page === 'pipeline-run' ? 'active' : ''}`}
            data-testid="nav-pipeline-runs"
            onClick={() => go({ page: 'pipeline-runs', clusterId: current.id })}
          >
            Runs
          </button>
          <button
            className={`nav-item ${route.page === 'builder' ? 'active' : ''}`}
            data-testid="nav-builder"
            onClick={() => go({ page: 'builder', clusterId: current.id })}
          >
            Pipeline builder
          </button>
          <button
            className={`nav-item ${route.page === 'serving' || route.page === 'inference-service' || route.page === 'deploy' ? 'active' : ''}`}
            data-testid="nav-serving"
            onClick={() => go({ page: 'serving', clusterId: current.id })}
          >
            Serving
          </button>
          <button
            className={`nav-item ${route.page === 'gpus' ? 'active' : ''}`}
            data-testid="nav-gpus"
            onClick={() => go({ page: 'gpus', clusterId: current.id })}
          >
            GPUs
          </button>
          <button
            className={`nav-item ${route.page === 'volumes' ? 'active' : ''}`}
            data-testid="nav-volumes"
            onClick={() => go({ page: 'volumes', clusterId: current.id })}
          >
            Volumes
          </button>
          <button
            className={`nav-item ${route.page === 'storage' ? 'active' : ''}`}
            data-testid="nav-storage"
            onClick={() => go({ page: 'storage', clusterId: current.id })}
          >
            Storage
          </button>
          <button
            className={`nav-item ${route.page === 'tensorboards' ? 'active' : ''}`}
            data-testid="nav-tensorboards"
            onClick={() => go({ page: 'tensorboards', clusterId: current.id })}
          >
            TensorBoards
          </button>
          <button
            className={`nav-item ${route.page === 'feast' || route.page === 'feast-project' || route.page === 'feast-view' ? 'active' : ''}`}
            data-testid="nav-feast"
            onClick={() => go({ page: 'feast', clusterId: current.id })}
          >
            Features
          </button>
          <button className={`nav-item ${route.page === 'tunnels' ? 'active' : ''}`} data-testid="nav-tunnels" onClick={() => go({ page: 'tunnels' })}>
            Tunnels
          </button>
          {kinds && 'error' in kinds && <div className="note error small">Discovery failed: {kinds.error.message}</div>}
          {kinds &&
            'keys' in kinds &&
            catalog.map((section) => {
              const served = section.kinds.filter((k) => kinds.keys.has(kindKey(k)));
              if (!served.length) return null;
              return (
                <div key={section.title} className="nav-section">
                  <div className="nav-title">{section.title}</div>
                  {served.map((k) => {
                    const target: Route = { page: 'resources', clusterId: current.id, kind: { group: k.group, version: k.version, resource: k.resource } };
                    if (k.namespaced && ns) target.namespace = ns;
                    return (
                      <button key={kindKey(k)} className={`nav-item ${isActive(route, target) ? 'active' : ''}`} onClick={() => go(target)}>
                        {k.title}
                      </button>
                    );
                  })}
                </div>
              );
            })}
        </>
      )}
    </nav>
  );
}
