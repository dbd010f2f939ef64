// SPDX-License-Identifier: Apache-2.0
/** The shell: sidebar, top bar, the current page inside an error boundary, palette and notifications (its data: `use-shell.ts`). */
import { ErrorBoundary } from '../components/ErrorBoundary';
import { useModalFocus } from '../components/modal-focus';
import { Toasts } from '../components/Toasts';
import { ClustersPage } from '../features/clusters/ClustersPage';
import { useClusters } from '../lib/clusters.store';
import { WelcomePage } from '../features/clusters/WelcomePage';
import { GpusPage } from '../features/gpus/GpusPage';
import { VolumesPage } from '../features/volumes/VolumesPage';
import { StoragePage } from '../features/storage/StoragePage';
import { TunnelsPage } from '../features/tunnels/TunnelsPage';
import { ComparePage } from '../features/compare/ComparePage';
import { TensorboardsPage } from '../features/tensorboards/TensorboardsPage';
import { FeastPage } from '../features/feast/FeastPage';
import { FeastProjectPage } from '../features/feast/FeastProjectPage';
import { FeastViewPage } from '../features/feast/FeastViewPage';
import { JobDetailPage } from '../features/jobs/JobDetailPage';
import { JobsPage } from '../features/jobs/JobsPage';
import { ExperimentPage } from '../features/katib/ExperimentPage';
import { KatibPage } from '../features/katib/KatibPage';
import { NewExperimentPage } from '../features/katib/NewExperimentPage';
import { NewJobPage } from '../features/jobs/NewJobPage';
import { FileBrowser } from '../features/notebooks/FileBrowser';
import { NotebookPage } from '../features/notebooks/NotebookPage';
import { NewNotebookServerPage } from '../features/notebook-servers/NewNotebookServerPage';
import { NotebookServerPage } from '../features/notebook-servers/NotebookServerPage';
import { NotebookServersPage } from '../features/notebook-servers/NotebookServersPage';
import { OverviewPage } from '../features/overview/OverviewPage';
import { ModelComparePage } from '../features/registry/ModelComparePage';
import { ModelPage } from '../features/registry/ModelPage';
import { ModelsPage } from '../features/registry/ModelsPage';
import { MlflowPage } from '../features/mlflow/MlflowPage';
import { MlflowRunPage } from '../features/mlflow/MlflowRunPage';
import { ModelVersionPage } from '../features/registry/ModelVersionPage';
import { PipelinePage } from '../features/pipelines/PipelinePage';
import { PipelinesPage } from '../features/pipelines/PipelinesPage';
import { PipelineVersionPage } from '../features/pipelines/PipelineVersionPage';
import { RunPage } from '../features/pipelines/run/RunPage';
import { RunsPage } from '../features/pipelines/runs/RunsPage';
import { BuilderPage } from '../features/builder/BuilderPage';
import { DeployPage } from '../features/serving/DeployPage';
import { InferenceServicePage } from '../features/serving/InferenceServicePage';
import { ServingPage } from '../features/serving/ServingPage';
import { CommandPalette } from '../features/palette/CommandPalette';
import { ResourceTablePage } from '../features/resources/ResourceTablePage';
import { useTheme, type ThemeChoice } from '../lib/theme';
import { routeToHash, useRouter } from './router';
import { Sidebar } from './Sidebar';
import { useShellEvents, useSocketState } from './use-shell';

function Page() {
  const route = useRouter((s) => s.route);
  const { list } = useClusters();
  if (!list) return <div className="page muted">Loading…</div>;
  if (list.clusters.length === 0 && route.page !== 'clusters') return <WelcomePage />;
  switch (route.page) {
    case 'clusters':
      return <ClustersPage />;
    case 'overview':
      return <OverviewPage clusterId={route.clusterId} />;
    case 'resources':
      return <ResourceTablePage route={route} />;
    case 'jobs':
      return <JobsPage route={route} />;
    case 'job':
      return <JobDetailPage route={route} />;
    case 'job-new':
      return <NewJobPage key={routeToHash(route)} route={route} />;
    case 'katib':
      return <KatibPage route={route} />;
    case 'experiment':
      return <ExperimentPage key={`${route.clusterId}/${route.namespace}/${route.name}`} route={route} />;
    case 'experiment-new':
      return <NewExperimentPage key={routeToHash(route)} route={route} />;
    case 'gpus':
      return <GpusPage route={route} />;
    case 'volumes':
      return <VolumesPage route={route} />;
    case 'storage':
      return <StoragePage route={route} />;
    case 'tunnels':
      return <TunnelsPage />;
    case 'compare':
      return <ComparePage />;
    case 'feast':
      return <FeastPage route={route} />;
    case 'feast-project':
      return <FeastProjectPage key={routeToHash(route)} route={route} />;
    case 'feast-view':
      return <FeastViewPage key={routeToHash(route)} route={route} />;
    case 'tensorboards':
      return <TensorboardsPage route={route} />;
    case 'notebooks':
      return <NotebookServersPage route={route} />;
    case 'notebook-server':
      return (
        <NotebookServerPage
          key={`${route.clusterId}/${route.namespace}/${route.name}`}
          route={route}
          files={(server, path) => <FileBrowser server={server} path={path} />}
        />
      );
    case 'notebook-new':
      return <NewNotebookServerPage key={routeToHash(route)} route={route} />;
    case 'notebook':
      return <NotebookPage key={routeToHash(route)} route={route} />;
    case 'models':
      return <ModelsPage key={route.clusterId} route={route} />;
    case 'model':
      return <ModelPage key={routeToHash(route)} route={route} />;
    case 'model-version':
      return <ModelVersionPage key={routeToHash(route)} route={route} />;
    case 'model-compare':
      return <ModelComparePage key={routeToHash(route)} route={route} />;
    case 'mlflow':
      return <MlflowPage route={route} />;
    case 'mlflow-run':
      return <MlflowRunPage key={routeToHash(route)} route={route} />;
    case 'serving':
      return <ServingPage route={route} />;
    case 'inference-service':
      return <InferenceServicePage key={routeToHash(route)} route={route} />;
    case 'deploy':
      return <DeployPage key={routeToHash(route)} route={route} />;
    case 'pipelines':
      return <PipelinesPage key={routeToHash(route)} route={route} />;
    case 'pipeline':
      return <PipelinePage key={routeToHash(route)} route={route} />;
    case 'pipeline-version':
      return <PipelineVersionPage key={routeToHash(route)} route={route} />;
    case 'builder':
      return <BuilderPage key={routeToHash(route)} route={route} />;
    case 'pipeline-run':
      return <RunPage key={routeToHash(route)} route={route} />;
    case 'pipeline-runs':
      return <RunsPage key={routeToHash(route)} route={route} />;
    case 'home':
      return list.currentId ? <OverviewPage clusterId={list.currentId} /> : <ClustersPage />;
  }
}

function TopBar() {
  const { choice, set } = useTheme();
  const socket = useSocketState();
  return (
    <header className="topbar">
      <button
        className="btn ghost palette-trigger"
        onClick={() => window.dispatchEvent(new Event('mldeck:open-palette'))}
        title="Open the command palette (pages, objects, keyboard shortcuts)"
        aria-keyshortcuts="Control+K"
      >
        Search or jump to… <kbd>Ctrl K</kbd>
      </button>
      {socket && socket !== 'open' && (
        <span className="pill warn" role="status">
          {socket === 'connecting' ? 'Connecting to MLDeck…' : 'Connection to MLDeck lost, reconnecting…'}
        </span>
      )}
      <select className="input theme-select" aria-label="Theme" value={choice} onChange={(e) => set(e.target.value as ThemeChoice)}>
        <option value="system">System theme</option>
        <option value="light">Light</option>
        <option value="dark">Dark</option>
      </select>
    </header>
  );
}

/** The app. */
export function App() {
  const route = useRouter((s) => s.route);
  useShellEvents();
  useModalFocus();
  return (
    <div className="shell">
      <Sidebar />
      <div className="content">
        <TopBar />
        <main className="main">
          <ErrorBoundary resetKey={routeToHash(route)}>
            <Page />
          </ErrorBoundary>
        </main>
      </div>
      <CommandPalette />
      <Toasts />
    </div>
  );
}
