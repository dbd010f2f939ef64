// SPDX-License-Identifier: Apache-2.0
/**
 * A feature view (batch, stream or on-demand): its features with their types, entities and their
 * columns, TTL, source (or an on-demand view's inputs and transformation), tags, and what uses it
 * (feature services, on-demand views, saved datasets). Read from the project, so offline too.
 */
import { useMemo } from 'react';
import { AppError } from '../../../shared/errors';
import { useRouter, type Route } from '../../app/router';
import { ErrorNote } from '../../components/ErrorNote';
import { PageHeader } from '../../components/PageHeader';
import { useClusterScope } from '../../lib/use-cluster-scope';
import { ttlText, usesOf } from './feast-model';
import { FeastOriginNote } from './FeastOriginNote';
import { Tags } from './ProjectTables';
import { useFeastProject } from './use-feast';
import './feast.css';

const kindWords = { featureView: 'Feature view', streamFeatureView: 'Stream feature view', onDemandFeatureView: 'On-demand feature view' } as const;

/** The page. */
export function FeastViewPage({ route }: { route: Extract<Route, { page: 'feast-view' }> }) {
  const go = useRouter((s) => s.go);
  const { nameOf } = useClusterScope(route.clusterId);
  const data = useFeastProject(route.clusterId, route.registry, route.project);
  const d = data.value;
  const v = d?.featureViews.find((x) => x.name === route.name);
  const uses = useMemo(() => (d && v ? usesOf(d, v.name) : undefined), [d, v]);
  const openView = (name: string) => go({ ...route, name });
  const toProject = { page: 'feast-project', clusterId: route.clusterId, registry: route.registry, project: route.project } as const;
  return (
    <div className="page feast-page" data-testid="feast-view-page">
      <PageHeader title={route.name} back={{ label: `Back to project ${route.project}`, text: `← ${route.project}`, onClick: () => go(toProject) }}>
        <span className="muted small" data-testid="feast-view-where">
          {v ? kindWords[v.kind] : 'Feature view'} · {route.project} · {nameOf(route.clusterId)} ·{' '}
          {d?.registryLabel ?? route.registry.replace(/^(svc|grpc|cm):/, '')}
        </span>
        {data.loading && <span className="pill progress small">loading…</span>}
      </PageHeader>
      {data.error && <ErrorNote error={data.error} onRetry={data.reload} />}
      {d && !v && <ErrorNote error={new AppError('not-found', `The project ${route.project} has no feature view ${route.name}.`)} />}
      {d && v && uses && (
        <>
          <FeastOriginNote origin={d.origin} />
          {v.description && <p>{v.description}</p>}
          <dl className="kv" data-testid="feast-view-facts">
            <dt>Entities</dt>
            <dd data-testid="feast-view-entities">
              {v.entities.join(', ') || '—'}
              {v.entityColumns.length > 0 && <span className="muted small"> ({v.entityColumns.map((c) => `${c.name}: ${c.valueType}`).join(', ')})</span>}
            </dd>
            {v.kind !== 'onDemandFeatureView' && (
              <>
                <dt>TTL</dt>
                <dd data-testid="feast-view-ttl">{ttlText(v.ttlSeconds)}</dd>
                <dt>Source</dt>
                <dd data-testid="feast-view-source">{[v.batchSource, v.streamSource].filter(Boolean).join(', ') || '—'}</dd>
                <dt>Online / offline</dt>
                <dd>
                  {v.online ? 'online' : 'not online'} · {v.offline ? 'offline' : 'not offline'}
                </dd>
              </>
            )}
            {v.kind === 'onDemandFeatureView' && (
              <>
                <dt>Inputs</dt>
                <dd data-testid="feast-view-inputs">
                  {v.sources.map((s) => (
                    <div key={s.key}>
                      {s.kind === 'featureView' ? (
                        <button className="link" onClick={() => openView(s.name)}>
                          {s.name}
                        </button>
                      ) : (
                        `${s.name} (request)`
                      )}
                      {s.features.length > 0 && <span className="muted small"> ({s.features.join(', ')})</span>}
                    </div>
                  ))}
                </dd>
                <dt>Mode</dt>
                <dd>{v.mode || '—'}</dd>
              </>
            )}
            <dt>Tags</dt>
            <dd data-testid="feast-view-tags">
              <Tags tags={v.tags} />
            </dd>
            {v.owner && (
              <>
                <dt>Owner</dt>
                <dd>{v.owner}</dd>
              </>
            )}
          </dl>
          <h2 className="feast-h2">Features</h2>
          <table className="table feast-table" data-testid="feast-view-features">
            <thead>
              <tr>
                <th>Name</th>
                <th>Type</th>
                <th>Description</th>
                <th>Tags</th>
              </tr>
            </thead>
            <tbody>
              {v.features.map((f) => (
                <tr key={f.name} data-testid="feast-feature" data-name={f.name} data-type={f.valueType}>
                  <td>{f.name}</td>
                  <td className="mono">{f.valueType || '—'}</td>
                  <td>{f.description}</td>
                  <td>
                    <Tags tags={f.tags} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2 className="feast-h2">Used by</h2>
          <ul className="feast-uses" data-testid="feast-view-uses">
            {uses.featureServices.map((s) => (
              <li key={`fs-${s.name}`} data-testid="feast-use" data-kind="feature-service" data-name={s.name}>
                Feature service <strong>{s.name}</strong> <span className="muted small">({s.features.join(', ')})</span>
              </li>
            ))}
            {uses.onDemandViews.map((n) => (
              <li key={`odfv-${n}`} data-testid="feast-use" data-kind="on-demand" data-name={n}>
                On-demand view{' '}
                <button className="link" onClick={() => openView(n)}>
                  {n}
                </button>
              </li>
            ))}
            {uses.savedDatasets.map((n) => (
              <li key={`sd-${n}`} data-testid="feast-use" data-kind="saved-dataset" data-name={n}>
                Saved dataset <strong>{n}</strong>
              </li>
            ))}
            {uses.featureServices.length + uses.onDemandViews.length + uses.savedDatasets.length === 0 && (
              <li className="muted">Nothing in this project uses it.</li>
            )}
          </ul>
          {v.transformation && (
            <>
              <h2 className="feast-h2">Transformation</h2>
              <pre className="feast-code" data-testid="feast-view-transformation">
                {v.transformation}
              </pre>
            </>
          )}
        </>
      )}
    </div>
  );
}
