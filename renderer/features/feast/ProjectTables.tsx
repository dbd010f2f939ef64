// SPDX-License-Identifier: Apache-2.0
/** The tables of a Feast project's tabs: entities, data sources, feature views (batch and stream, or on-demand), feature services, saved datasets. */
import type { FeastProjectDetail, FeastFeatureView } from '../../../shared/features/feast/feast.contract';
import { ttlText } from './feast-model';

/** Tags as `k=v` pills. */
export function Tags({ tags }: { tags: Record<string, string> }) {
  const entries = Object.entries(tags).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return <span className="muted">—</span>;
  return (
    <span className="feast-tags">
      {entries.map(([k, v]) => (
        <span key={k} className="pill small">
          {k}={v}
        </span>
      ))}
    </span>
  );
}

export function EntitiesTable({ d }: { d: FeastProjectDetail }) {
  return (
    <table className="table feast-table" data-testid="feast-entities">
      <thead>
        <tr>
          <th>Name</th>
          <th>Join key</th>
          <th>Type</th>
          <th>Description</th>
          <th>Tags</th>
        </tr>
      </thead>
      <tbody>
        {d.entities.length === 0 && <Empty cols={5} what="entities" />}
        {d.entities.map((e) => (
          <tr key={e.name} data-testid="feast-entity" data-name={e.name}>
            <td>{e.name}</td>
            <td className="mono">{e.joinKey}</td>
            <td className="mono">{e.valueType || '—'}</td>
            <td>{e.description}</td>
            <td>
              <Tags tags={e.tags} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function DataSourcesTable({ d }: { d: FeastProjectDetail }) {
  return (
    <table className="table feast-table" data-testid="feast-data-sources">
      <thead>
        <tr>
          <th>Name</th>
          <th>Type</th>
          <th>Where</th>
          <th>Timestamp field</th>
          <th>Description</th>
        </tr>
      </thead>
      <tbody>
        {d.dataSources.length === 0 && <Empty cols={5} what="data sources" />}
        {d.dataSources.map((s) => (
          <tr key={s.name} data-testid="feast-data-source" data-name={s.name}>
            <td>{s.name}</td>
            <td className="mono">{s.type || '—'}</td>
            <td className="mono feast-where">
              {s.where || (s.batchSource ? `batch: ${s.batchSource}` : s.schema.map((f) => `${f.name}: ${f.valueType}`).join(', ') || '—')}
            </td>
            <td className="mono">{s.timestampField || '—'}</td>
            <td>{s.description}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function FeatureViewsTable({ views, onOpen, testId }: { views: FeastFeatureView[]; onOpen(name: string): void; testId: string }) {
  return (
    <table className="table feast-table" data-testid={testId}>
      <thead>
        <tr>
          <th>Name</th>
          <th>Features</th>
          <th>Entities</th>
          <th>TTL</th>
          <th>Source</th>
          <th>Tags</th>
        </tr>
      </thead>
      <tbody>
        {views.length === 0 && <Empty cols={6} what="feature views" />}
        {views.map((v) => (
          <tr key={v.name} className="clickable" data-testid="feast-view-row" data-name={v.name} onClick={() => onOpen(v.name)}>
            <td>
              <button className="link" onClick={() => onOpen(v.name)}>
                {v.name}
              </button>
            </td>
            <td>{v.features.length}</td>
            <td>{v.entities.join(', ') || '—'}</td>
            <td>{v.kind === 'onDemandFeatureView' ? '—' : ttlText(v.ttlSeconds)}</td>
            <td>{v.kind === 'onDemandFeatureView' ? v.sources.map((s) => s.name).join(', ') : v.streamSource || v.batchSource || '—'}</td>
            <td>
              <Tags tags={v.tags} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function FeatureServicesTable({ d, onOpen }: { d: FeastProjectDetail; onOpen(view: string): void }) {
  return (
    <table className="table feast-table" data-testid="feast-feature-services">
      <thead>
        <tr>
          <th>Name</th>
          <th>Feature views (features)</th>
          <th>Description</th>
          <th>Tags</th>
        </tr>
      </thead>
      <tbody>
        {d.featureServices.length === 0 && <Empty cols={4} what="feature services" />}
        {d.featureServices.map((s) => (
          <tr key={s.name} data-testid="feast-feature-service" data-name={s.name}>
            <td>{s.name}</td>
            <td>
              {s.projections.map((p) => (
                <div key={p.featureView}>
                  <button className="link" onClick={() => onOpen(p.featureView)}>
                    {p.featureView}
                  </button>
                  {p.alias ? ` as ${p.alias}` : ''} <span className="muted small">({p.features.join(', ')})</span>
                </div>
              ))}
            </td>
            <td>{s.description}</td>
            <td>
              <Tags tags={s.tags} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function SavedDatasetsTable({ d }: { d: FeastProjectDetail }) {
  return (
    <table className="table feast-table" data-testid="feast-saved-datasets">
      <thead>
        <tr>
          <th>Name</th>
          <th>Feature service</th>
          <th>Features</th>
          <th>Join keys</th>
          <th>Storage</th>
        </tr>
      </thead>
      <tbody>
        {d.savedDatasets.length === 0 && <Empty cols={5} what="saved datasets" />}
        {d.savedDatasets.map((s) => (
          <tr key={s.name} data-testid="feast-saved-dataset" data-name={s.name}>
            <td>{s.name}</td>
            <td>{s.featureService || '—'}</td>
            <td className="small">{s.features.join(', ')}</td>
            <td className="mono">{s.joinKeys.join(', ')}</td>
            <td className="mono feast-where">{s.storage || '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Empty({ cols, what }: { cols: number; what: string }) {
  return (
    <tr>
      <td colSpan={cols} className="muted">
        No {what} in this project.
      </td>
    </tr>
  );
}
