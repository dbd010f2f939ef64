// SPDX-License-Identifier: Apache-2.0
/**
 * One registered model: its description, tags and aliases (editable), and every version with
 * its aliases (visible in the table, unlike MLflow's own UI: mlflow#11467), stage, status, source
 * run, creation time, tags and description. Versions can be picked to compare.
 */
import { useState } from 'react';
import { useRouter, type Route } from '../../app/router';
import { ErrorNote } from '../../components/ErrorNote';
import { AliasesEditor, DescriptionEditor, TagsEditor } from './RegistryEditors';
import { RegistryCrumbs } from './RegistryCrumbs';
import { RegistryOrigin } from './RegistryOrigin';
import { when } from './registry-format';
import { sortedVersions, statusTone } from './registry-view-model';
import { useModel } from './use-registry-data';
import './registry.css';

/** The page. */
export function ModelPage({ route }: { route: Extract<Route, { page: 'model' }> }) {
  const go = useRouter((s) => s.go);
  const detail = useModel(route.clusterId, route.name);
  const [picked, setPicked] = useState<string[]>([]);
  const d = detail.value;
  const offline = d?.origin.kind === 'cache';
  const target = { clusterId: route.clusterId, name: route.name };
  const toggle = (v: string) => setPicked((p) => (p.includes(v) ? p.filter((x) => x !== v) : [...p, v]));
  const openVersion = (version: string) => go({ page: 'model-version', clusterId: route.clusterId, name: route.name, version });

  return (
    <div className="page registry-page" data-testid="model-page">
      <header className="page-head">
        <RegistryCrumbs clusterId={route.clusterId} />
        <h1>
          <span className="mono">{route.name}</span>
        </h1>
        <RegistryOrigin origin={offline ? undefined : d?.origin} />
        {detail.loading && <span className="pill progress small">loading…</span>}
        <span className="spacer" />
        <button
          className="btn"
          data-testid="compare-versions"
          disabled={picked.length < 2}
          title={picked.length < 2 ? 'Tick two or more versions to compare' : undefined}
          onClick={() => go({ page: 'model-compare', clusterId: route.clusterId, name: route.name, versions: sortedVersions(picked) })}
        >
          Compare {picked.length >= 2 ? `${picked.length} versions` : 'versions'}
        </button>
        <button className="btn" onClick={detail.reload}>
          Refresh
        </button>
      </header>
      {offline && <RegistryOrigin origin={d.origin} />}
      {detail.error && <ErrorNote error={detail.error} onRetry={detail.reload} />}
      {d && (
        <>
          <section className="registry-grid">
            <div className="card">
              <h3>Description</h3>
              <DescriptionEditor target={target} text={d.model.description} readOnly={offline} onChanged={detail.set} />
            </div>
            <div className="card">
              <h3>Aliases</h3>
              <AliasesEditor
                clusterId={route.clusterId}
                name={route.name}
                aliases={d.model.aliases}
                versions={d.versions.map((v) => v.version)}
                readOnly={offline}
                onChanged={detail.set}
              />
              <h3>Tags</h3>
              <TagsEditor target={target} tags={d.model.tags} readOnly={offline} onChanged={detail.set} />
            </div>
          </section>
          <h2>Versions ({d.versions.length})</h2>
          <table className="table registry-table" data-testid="versions-table">
            <thead>
              <tr>
                <th aria-label="Compare" />
                <th>Version</th>
                <th>Aliases</th>
                <th>Stage</th>
                <th>Status</th>
                <th>Source run</th>
                <th>Created</th>
                <th>Tags</th>
                <th>Description</th>
              </tr>
            </thead>
            <tbody>
              {d.versions.map((v) => (
                <tr key={v.version} className="clickable" data-testid="version-row" data-version={v.version} onClick={() => openVersion(v.version)}>
                  <td onClick={(e) => e.stopPropagation()}>
                    <input
                      type="checkbox"
                      aria-label={`Compare version ${v.version}`}
                      data-testid={`pick-${v.version}`}
                      checked={picked.includes(v.version)}
                      onChange={() => toggle(v.version)}
                    />
                  </td>
                  <td>
                    <button
                      className="link"
                      onClick={(e) => {
                        e.stopPropagation();
                        openVersion(v.version);
                      }}
                    >
                      v{v.version}
                    </button>
                  </td>
                  <td>
                    <div className="chips">
                      {v.aliases.map((a) => (
                        <span key={a} className="chip alias" data-testid="version-alias" data-alias={a}>
                          @{a}
                        </span>
                      ))}
                    </div>
                  </td>
                  <td>{v.stage === 'None' ? <span className="muted">None</span> : v.stage}</td>
                  <td>
                    <span className={`pill small ${statusTone(v.status)}`}>{v.status}</span>
                  </td>
                  <td className="mono small" title={v.source}>
                    {v.runId ? (
                      <button
                        className="link mono"
                        title="The run’s params, metrics and artifacts"
                        onClick={(e) => {
                          e.stopPropagation();
                          openVersion(v.version);
                        }}
                      >
                        {v.runId.slice(0, 8)}
                      </button>
                    ) : (
                      <span className="muted">{v.source || '—'}</span>
                    )}
                  </td>
                  <td title={new Date(v.createdAt).toISOString()}>{when(v.createdAt)}</td>
                  <td>
                    <div className="chips">
                      {v.tags.map((t) => (
                        <span key={t.key} className="chip">
                          {t.key}={t.value}
                        </span>
                      ))}
                    </div>
                  </td>
                  <td className="registry-desc-cell">{v.description}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
