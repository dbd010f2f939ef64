// SPDX-License-Identifier: Apache-2.0
/** A search's matches (feature, feature view or entity, with its cluster, registry and project) and where it could not look. */
import { AppError } from '../../../shared/errors';
import type { FeastMatch, FeastSearchResult } from '../../../shared/features/feast/feast.contract';
import { ErrorNote } from '../../components/ErrorNote';

const kindWords: Record<FeastMatch['kind'], string> = { feature: 'feature', featureView: 'feature view', entity: 'entity' };

/** The results. */
export function FeastSearchResults({ result, nameOf, onOpen }: { result: FeastSearchResult; nameOf(id: string): string; onOpen(m: FeastMatch): void }) {
  return (
    <section className="feast-search-results" data-testid="feast-search-results" aria-label="Search results">
      <p className="muted small" data-testid="feast-match-count">
        {result.matches.length} {result.matches.length === 1 ? 'match' : 'matches'} for “{result.query}”
      </p>
      {result.notes.map((n, i) =>
        n.error ? (
          <div key={i} data-testid="feast-search-problem" data-cluster={nameOf(n.clusterId)}>
            <strong className="small">
              {nameOf(n.clusterId)}
              {n.registryLabel ? ` · ${n.registryLabel}` : ''}
              {n.project ? ` · ${n.project}` : ''}
            </strong>
            <ErrorNote error={AppError.fromData(n.error)} />
          </div>
        ) : (
          <p key={i} className="note warn small" data-testid="feast-search-cached" data-cluster={nameOf(n.clusterId)} data-project={n.project}>
            {nameOf(n.clusterId)} · {n.registryLabel} · {n.project}: the registry cannot be reached; searched what was cached at{' '}
            {new Date(n.cachedAt ?? 0).toLocaleString()}
          </p>
        ),
      )}
      {result.matches.length > 0 && (
        <table className="table feast-table" data-testid="feast-matches">
          <thead>
            <tr>
              <th>Name</th>
              <th>Kind</th>
              <th>Type</th>
              <th>Feature view</th>
              <th>Project</th>
              <th>Cluster</th>
              <th>Registry</th>
            </tr>
          </thead>
          <tbody>
            {result.matches.map((m) => (
              <tr
                key={`${m.clusterId}|${m.registryId}|${m.project}|${m.kind}|${m.featureView}|${m.name}`}
                className={m.featureView ? 'clickable' : ''}
                data-testid="feast-match"
                data-kind={m.kind}
                data-name={m.name}
                data-view={m.featureView}
                data-project={m.project}
                data-cluster={nameOf(m.clusterId)}
                onClick={() => m.featureView && onOpen(m)}
              >
                <td>
                  {m.featureView ? (
                    <button className="link" onClick={() => onOpen(m)}>
                      {m.name}
                    </button>
                  ) : (
                    m.name
                  )}
                </td>
                <td>{kindWords[m.kind]}</td>
                <td className="mono">{m.valueType || '—'}</td>
                <td>{m.featureView || '—'}</td>
                <td>{m.project}</td>
                <td>{nameOf(m.clusterId)}</td>
                <td className="muted">{m.registryLabel}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
