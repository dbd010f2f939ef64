// SPDX-License-Identifier: Apache-2.0
/** The traffic split of an InferenceService as a bar, one colour per revision, with a legend on request. */
import type { TrafficShare } from '../../../shared/serving/isvc-summary';
import { trafficByRevision } from '../../../shared/serving/isvc-summary';

/** Dark enough for white labels (WCAG AA, 4.5:1). */
const colors = ['#1f5fd6', '#b34700', '#237a36', '#8f2fa8', '#b02525', '#0b7285'];

/** A stable colour per revision number (so a revision keeps its colour as the split moves). */
export function revisionColor(revision: string): string {
  const n = Number(/(\d+)$/.exec(revision)?.[1] ?? 0);
  return colors[n % colors.length] ?? '#868e96';
}

/** The short name of a revision of `service` (`00002`), or the whole name. */
export function shortRevision(service: string, revision: string): string {
  const p = `${service}-predictor-`;
  return revision.startsWith(p) ? revision.slice(p.length) : revision;
}

/** The bar. */
export function TrafficBar(props: { service: string; traffic: TrafficShare[]; large?: boolean; legend?: boolean; testId?: string }) {
  const shares = trafficByRevision(props.traffic).filter((t) => t.percent > 0);
  const text = shares.map((t) => `${t.revision}: ${t.percent}%${t.tags.length ? ` (${t.tags.join(', ')})` : ''}`).join('\n');
  return (
    <div data-testid={props.testId}>
      <div className={`sv-traffic${props.large ? ' large' : ''}`} title={text || 'No traffic routed'} aria-label={text || 'No traffic routed'} role="img">
        {shares.map((t) => (
          <span key={t.revision} style={{ width: `${t.percent}%`, background: revisionColor(t.revision) }} data-revision={t.revision} data-percent={t.percent}>
            {props.large && t.percent >= 12 ? `${shortRevision(props.service, t.revision)} ${t.percent}%` : ''}
          </span>
        ))}
      </div>
      {props.legend && (
        <div className="sv-legend">
          {shares.length === 0 && <span className="muted">No revision gets traffic.</span>}
          {shares.map((t) => (
            <span key={t.revision} data-testid="traffic-share" data-revision={t.revision} data-percent={t.percent}>
              <i style={{ background: revisionColor(t.revision) }} />
              {t.revision} <strong>{t.percent}%</strong>
              {t.tags.length > 0 && <span className="muted"> ({t.tags.join(', ')})</span>}
            </span>
          ))}
        </div>
      )}
    </div>
  );
}
