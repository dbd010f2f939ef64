// SPDX-License-Identifier: Apache-2.0
/** The generic detail panel: summary, read-only YAML and events of one object (read by `useObjectDetail`). */
import { useState } from 'react';
import type { AppError } from '../../../shared/errors';
import { objectStatus } from '../../../shared/kube/status';
import type { RouteKind } from '../../app/router';
import { YamlViewer } from '../../components/YamlViewer';
import { age } from '../../lib/format';
import { describeError } from '../../lib/notify';
import { ErrorNote } from '../../components/ErrorNote';
import { useObjectDetail } from './use-object-detail';

interface Props {
  clusterId: string;
  kind: RouteKind & { kind: string };
  namespace: string | undefined;
  name: string;
  onClose(): void;
}

type Tab = 'summary' | 'yaml' | 'events';

/** Shows one object. */
export function DetailPanel({ clusterId, kind, namespace, name, onClose }: Props) {
  const [tab, setTab] = useState<Tab>('summary');
  const { obj, error, events, eventsError } = useObjectDetail(clusterId, kind, namespace, name);

  const status = obj ? objectStatus(kind.kind, obj.object) : undefined;
  const meta = obj?.object.metadata;
  return (
    <aside className="detail" aria-label={`${kind.kind} ${name}`} data-testid="detail-panel">
      <header className="detail-head">
        <div>
          <div className="muted small">{kind.kind}</div>
          <h2 className="detail-title">{name}</h2>
        </div>
        <button className="btn ghost" aria-label="Close details" onClick={onClose}>
          ×
        </button>
      </header>
      <nav className="tabs" role="tablist">
        {(['summary', 'yaml', 'events'] as Tab[]).map((t) => (
          <button key={t} role="tab" aria-selected={tab === t} className={`tab ${tab === t ? 'active' : ''}`} onClick={() => setTab(t)}>
            {t === 'yaml' ? 'YAML' : t[0]?.toUpperCase() + t.slice(1)}
            {t === 'events' && events ? ` (${events.length})` : ''}
          </button>
        ))}
      </nav>
      <div className="detail-body">
        {error && <ErrorNote error={error} />}
        {!error && !obj && <div className="muted">Loading…</div>}
        {obj && tab === 'summary' && meta && (
          <dl className="kv">
            {status?.text && (
              <>
                <dt>Status</dt>
                <dd>
                  <span className={`pill ${status.tone}`}>{status.text}</span> {status.reason && <span className="muted">{status.reason}</span>}
                </dd>
              </>
            )}
            {meta.namespace && (
              <>
                <dt>Namespace</dt>
                <dd>{meta.namespace}</dd>
              </>
            )}
            <dt>Created</dt>
            <dd>
              {meta.creationTimestamp} ({age(meta.creationTimestamp)} ago)
            </dd>
            <dt>UID</dt>
            <dd className="mono">{meta.uid}</dd>
            {Object.keys(meta.labels ?? {}).length > 0 && (
              <>
                <dt>Labels</dt>
                <dd>
                  {Object.entries(meta.labels ?? {}).map(([k, v]) => (
                    <span key={k} className="chip">
                      {k}={v}
                    </span>
                  ))}
                </dd>
              </>
            )}
            {(meta.ownerReferences ?? []).length > 0 && (
              <>
                <dt>Owned by</dt>
                <dd>{(meta.ownerReferences ?? []).map((o) => `${o.kind}/${o.name}`).join(', ')}</dd>
              </>
            )}
          </dl>
        )}
        {obj && tab === 'yaml' && <YamlViewer text={obj.yaml} />}
        {obj && tab === 'events' && (
          <div className="events">
            {eventsError && <ErrorNote error={eventsError} />}
            {!eventsError && events?.length === 0 && <div className="muted">No events (Kubernetes keeps events for about an hour).</div>}
            {events?.map((e, i) => (
              <div key={i} className={`event ${e.type === 'Warning' ? 'warn' : ''}`}>
                <span className={`pill ${e.type === 'Warning' ? 'warn' : 'neutral'}`}>{e.reason}</span>
                <span className="event-msg">{e.message}</span>
                <span className="muted small">
                  {e.count > 1 ? `${e.count}× · ` : ''}
                  {age(e.lastTime)} ago · {e.source}
                </span>
              </div>
            ))}
          </div>
        )}
      </div>
    </aside>
  );
}

/** A one-line error explanation (exported for tests of wording). */
export function errorLine(e: AppError): string {
  const d = describeError(e);
  return `${d.title} ${d.message}`;
}
