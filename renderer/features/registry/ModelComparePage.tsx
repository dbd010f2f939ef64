// SPDX-License-Identifier: Apache-2.0
/**
 * Versions of a model side by side: what they are (aliases, status, run, format), then their
 * runs' params and final metrics, one row per key, with a "differences only" switch. Versions can
 * be added and removed (the choice is in the URL).
 */
import { useState } from 'react';
import type { ModelVersionDetail } from '../../../shared/features/registry/registry.contract';
import type { DiffRow } from '../../../shared/registry/version-diff';
import { useRouter, type Route } from '../../app/router';
import { ErrorNote } from '../../components/ErrorNote';
import { RegistryCrumbs } from './RegistryCrumbs';
import { RegistryOrigin } from './RegistryOrigin';
import { metric } from './registry-format';
import { compareRows, otherVersions, sortedVersions } from './registry-view-model';
import { useModel, useModelVersions } from './use-registry-data';
import { VersionPick } from './VersionPick';
import './registry.css';

function Rows<V extends string | number>({
  title,
  rows,
  format,
  testId,
}: {
  title: string;
  rows: DiffRow<V>[];
  format: (v: V | undefined) => string;
  testId: string;
}) {
  return (
    <>
      <tr className="compare-section">
        <th colSpan={rows[0] ? rows[0].values.length + 1 : 1}>{title}</th>
      </tr>
      {rows.length === 0 && (
        <tr>
          <td className="muted small" colSpan={99}>
            Nothing to show.
          </td>
        </tr>
      )}
      {rows.map((r) => (
        <tr key={r.key} className={r.differs ? 'differs' : ''} data-testid={testId} data-key={r.key} data-differs={r.differs}>
          <td className="mono">{r.key}</td>
          {r.values.map((v, i) => (
            <td key={i} className="mono">
              {v === undefined ? <span className="muted">—</span> : format(v)}
            </td>
          ))}
        </tr>
      ))}
    </>
  );
}

/** The page. */
export function ModelComparePage({ route }: { route: Extract<Route, { page: 'model-compare' }> }) {
  const go = useRouter((s) => s.go);
  const [differencesOnly, setDifferencesOnly] = useState(false);
  const versions = route.versions;
  const details = useModelVersions(route.clusterId, route.name, versions);
  const model = useModel(route.clusterId, route.name);
  const list: ModelVersionDetail[] = details.value ?? [];
  const { overview, params, metrics } = compareRows(list, differencesOnly);
  const setVersions = (vs: string[]) => go({ page: 'model-compare', clusterId: route.clusterId, name: route.name, versions: sortedVersions(vs) });
  const addable = otherVersions(model.value, versions);
  const cached = list.find((d) => d.origin.kind === 'cache');

  return (
    <div className="page registry-page" data-testid="model-compare-page">
      <header className="page-head">
        <RegistryCrumbs clusterId={route.clusterId} name={route.name} />
        <h1>Compare versions</h1>
        {details.loading && <span className="pill progress small">loading…</span>}
        <span className="spacer" />
        <label className="registry-toggle">
          <input type="checkbox" data-testid="differences-only" checked={differencesOnly} onChange={(e) => setDifferencesOnly(e.target.checked)} /> Differences
          only
        </label>
        {addable.length > 0 && (
          <VersionPick
            label="Add a version"
            testId="compare-add"
            placeholder="Add a version…"
            versions={addable}
            onPick={(v) => setVersions([...versions, v])}
          />
        )}
      </header>
      {cached && <RegistryOrigin origin={cached.origin} />}
      {versions.length < 2 && <p className="muted">Choose at least two versions to compare.</p>}
      {details.error && <ErrorNote error={details.error} onRetry={details.reload} />}
      {list.length > 0 && (
        <table className="table registry-table compare-table" data-testid="compare-table">
          <thead>
            <tr>
              <th />
              {list.map((d) => (
                <th key={d.version} data-testid="compare-column" data-version={d.version}>
                  <button className="link" onClick={() => go({ page: 'model-version', clusterId: route.clusterId, name: route.name, version: d.version })}>
                    version {d.version}
                  </button>
                  {versions.length > 2 && (
                    <button
                      className="btn ghost small"
                      aria-label={`Remove version ${d.version}`}
                      onClick={() => setVersions(versions.filter((x) => x !== d.version))}
                    >
                      ×
                    </button>
                  )}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            <Rows title="Version" rows={overview} format={(v) => String(v)} testId="compare-overview" />
            <Rows title={`Params (${params.length})`} rows={params} format={(v) => String(v)} testId="compare-param" />
            <Rows title={`Metrics, final values (${metrics.length})`} rows={metrics} format={(v) => metric(v)} testId="compare-metric" />
          </tbody>
        </table>
      )}
    </div>
  );
}
