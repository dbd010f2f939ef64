// SPDX-License-Identifier: Apache-2.0
/** A Feast project: its objects in tabs (entities, data sources, feature views, on-demand views, feature services, saved datasets) and its lineage graph. */
import { useRouter, type Route } from '../../app/router';
import { ErrorNote } from '../../components/ErrorNote';
import { PageHeader } from '../../components/PageHeader';
import { Tabs } from '../../components/detail/Tabs';
import { useClusterScope } from '../../lib/use-cluster-scope';
import { FeastOriginNote } from './FeastOriginNote';
import { LineageGraph } from './LineageGraph';
import { DataSourcesTable, EntitiesTable, FeatureServicesTable, FeatureViewsTable, SavedDatasetsTable } from './ProjectTables';
import { useFeastProject } from './use-feast';
import './feast.css';

/** The tabs. */
export const projectTabs = [
  { id: 'feature-views', label: 'Feature views' },
  { id: 'on-demand', label: 'On-demand views' },
  { id: 'entities', label: 'Entities' },
  { id: 'data-sources', label: 'Data sources' },
  { id: 'feature-services', label: 'Feature services' },
  { id: 'saved-datasets', label: 'Saved datasets' },
  { id: 'lineage', label: 'Lineage' },
] as const;
/** A tab's id. */
export type ProjectTab = (typeof projectTabs)[number]['id'];

/** The page. */
export function FeastProjectPage({ route }: { route: Extract<Route, { page: 'feast-project' }> }) {
  const go = useRouter((s) => s.go);
  const { nameOf } = useClusterScope(route.clusterId);
  const data = useFeastProject(route.clusterId, route.registry, route.project);
  const tab: ProjectTab = projectTabs.some((t) => t.id === route.tab) ? (route.tab as ProjectTab) : 'feature-views';
  const d = data.value;
  const open = (name: string) => go({ page: 'feast-view', clusterId: route.clusterId, registry: route.registry, project: route.project, name });
  const counts: Record<ProjectTab, number | undefined> = {
    'feature-views': d?.featureViews.filter((v) => v.kind !== 'onDemandFeatureView').length,
    'on-demand': d?.featureViews.filter((v) => v.kind === 'onDemandFeatureView').length,
    entities: d?.entities.length,
    'data-sources': d?.dataSources.length,
    'feature-services': d?.featureServices.length,
    'saved-datasets': d?.savedDatasets.length,
    lineage: undefined,
  };
  return (
    <div className="page feast-page" data-testid="feast-project-page">
      <PageHeader
        title={route.project}
        back={{ label: 'Back to features', text: '← Features', onClick: () => go({ page: 'feast', clusterId: route.clusterId }) }}
      >
        <span className="muted small" data-testid="feast-project-where">
          {nameOf(route.clusterId)} · {d?.registryLabel ?? route.registry.replace(/^(svc|grpc|cm):/, '')}
        </span>
        {data.loading && <span className="pill progress small">loading…</span>}
      </PageHeader>
      {data.error && <ErrorNote error={data.error} onRetry={data.reload} />}
      {d && (
        <>
          <FeastOriginNote origin={d.origin} />
          {(d.project.description || d.project.owner) && (
            <p className="small">
              {d.project.description}
              {d.project.owner ? <span className="muted"> · owner {d.project.owner}</span> : null}
            </p>
          )}
          <Tabs
            className="feast-tabs"
            tabs={projectTabs.map((t) => ({ id: t.id, label: counts[t.id] === undefined ? t.label : `${t.label} (${counts[t.id]})` }))}
            value={tab}
            onChange={(t) => go({ ...route, tab: t })}
          />
          <div role="tabpanel" className="feast-tabpanel">
            {tab === 'feature-views' && (
              <FeatureViewsTable views={d.featureViews.filter((v) => v.kind !== 'onDemandFeatureView')} onOpen={open} testId="feast-feature-views" />
            )}
            {tab === 'on-demand' && (
              <FeatureViewsTable views={d.featureViews.filter((v) => v.kind === 'onDemandFeatureView')} onOpen={open} testId="feast-on-demand" />
            )}
            {tab === 'entities' && <EntitiesTable d={d} />}
            {tab === 'data-sources' && <DataSourcesTable d={d} />}
            {tab === 'feature-services' && <FeatureServicesTable d={d} onOpen={open} />}
            {tab === 'saved-datasets' && <SavedDatasetsTable d={d} />}
            {tab === 'lineage' && (
              <>
                <p className="muted small">
                  From the registry&apos;s own lineage (/lineage/registry); dashed links to saved datasets are derived by MLDeck from the saved datasets, which
                  Feast 0.67&apos;s lineage leaves out. Features are listed in their views.
                </p>
                <LineageGraph detail={d} onOpenView={open} />
              </>
            )}
          </div>
        </>
      )}
    </div>
  );
}
