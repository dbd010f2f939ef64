// SPDX-License-Identifier: Apache-2.0
/** Any kind as a table, with a namespace choice and the detail panel beside it. */
import { useMemo } from 'react';
import type { KubeObject } from '../../../shared/kube/object';
import { useRouter, type Route } from '../../app/router';
import { ErrorNote } from '../../components/ErrorNote';
import { VirtualTable } from '../../components/VirtualTable';
import { useClusters } from '../../lib/clusters.store';
import { columnsFor } from './columns';
import { DetailPanel } from './DetailPanel';
import { findKind } from '../../lib/resources/kind-catalog';
import { useNamespaces } from '../../lib/resources/use-namespaces';
import { PageHeader } from '../../components/PageHeader';
import { FreshnessBanner } from '../../components/FreshnessBanner';
import { useSlice } from '../../lib/sync/use-slice';

/** The page for a `resources` route. */
export function ResourceTablePage({ route }: { route: Extract<Route, { page: 'resources' }> }) {
  const go = useRouter((s) => s.go);
  const cat = findKind(route.kind);
  const kindName = cat?.kind ?? route.kind.resource;
  const namespaced = cat?.namespaced ?? true;
  const cluster = useClusters((s) => s.list?.clusters.find((c) => c.id === route.clusterId));
  const namespaces = useNamespaces(route.clusterId);
  const req = useMemo(
    () => ({ clusterId: route.clusterId, ...route.kind, ...(namespaced && route.namespace ? { namespace: route.namespace } : {}) }),
    [route.clusterId, route.kind, route.namespace, namespaced],
  );
  const { items, status, error } = useSlice(req);
  const columns = useMemo(() => columnsFor(kindName, namespaced, !route.namespace), [kindName, namespaced, route.namespace]);
  const rows = items ?? [];

  const open = (o: KubeObject) =>
    go({ ...route, selected: o.metadata.namespace ? { namespace: o.metadata.namespace, name: o.metadata.name } : { name: o.metadata.name } });
  const setNamespace = (ns: string) => {
    const next: Route = { page: 'resources', clusterId: route.clusterId, kind: route.kind };
    if (ns) next.namespace = ns;
    go(next);
  };

  return (
    <div className="page split">
      <section className="page-main">
        <PageHeader title={cat?.title ?? route.kind.resource}>
          <span className="muted">{cluster?.displayName}</span>
          {status && (status.freshness === 'live' || status.freshness === 'syncing') && <FreshnessBanner status={status} />}
        </PageHeader>
        {status && status.freshness !== 'live' && status.freshness !== 'syncing' && <FreshnessBanner status={status} />}
        {error && <ErrorNote error={error} />}
        <VirtualTable
          testId="resource-table"
          rows={rows}
          columns={columns}
          rowKey={(o) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`}
          onOpen={open}
          selectedKey={route.selected ? `${route.selected.namespace ?? ''}/${route.selected.name}` : undefined}
          storageKey={`${route.kind.group}/${route.kind.resource}`}
          emptyText={
            items && status?.freshness !== 'syncing'
              ? status?.freshness === 'forbidden'
                ? 'Nothing you may see here.'
                : `No ${cat?.title ?? route.kind.resource} ${route.namespace ? `in ${route.namespace}` : ''}.`
              : error
                ? ''
                : 'Loading…'
          }
          toolbar={
            namespaced && (
              <select className="input" aria-label="Namespace" value={route.namespace ?? ''} onChange={(e) => setNamespace(e.target.value)}>
                <option value="">All namespaces</option>
                {(namespaces ?? []).map((n) => (
                  <option key={n} value={n}>
                    {n}
                  </option>
                ))}
                {route.namespace && !(namespaces ?? []).includes(route.namespace) && <option value={route.namespace}>{route.namespace}</option>}
              </select>
            )
          }
        />
      </section>
      {route.selected && (
        <DetailPanel
          clusterId={route.clusterId}
          kind={{ ...route.kind, kind: kindName }}
          namespace={route.selected.namespace}
          name={route.selected.name}
          onClose={() => {
            const next: Route = { page: 'resources', clusterId: route.clusterId, kind: route.kind };
            if (route.namespace) next.namespace = route.namespace;
            go(next);
          }}
        />
      )}
    </div>
  );
}
