// SPDX-License-Identifier: Apache-2.0
/**
 * Rollouts of one service: the traffic split per revision, the revisions with KServe's
 * bookkeeping (latest created, ready, rolled out, previous rolled out) and the registry version
 * each served (from MLDeck's history annotation), a slider for the canary's share, promote,
 * roll back (KServe's `canaryTrafficPercent: 0`), a new canary, and the history with a
 * one-click return to any earlier model. Every step asks for confirmation and shows the
 * server's error when it fails.
 */
import { useEffect, useState } from 'react';
import { rolloutChoices, trafficByRevision, type IsvcSummary } from '../../../shared/serving/isvc-summary';
import { canRestore, entryModelText, type RolloutEntry } from '../../../shared/serving/rollout-history';
import { CanaryForm, type CanarySeed } from './CanaryForm';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { PercentSlider } from '../../components/form/PercentSlider';
import { useRolloutStep } from './use-rollout-step';
import { TrafficBar, revisionColor, shortRevision } from './TrafficBar';

function time(iso: string | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

/** The revisions to list: every one the status, the history or the cluster's Deployments name. */
function revisionsOf(s: IsvcSummary, deployed: string[]): string[] {
  const names = new Set<string>(deployed);
  for (const r of [s.latestCreatedRevision, s.latestReadyRevision, s.latestRolledoutRevision, s.previousRolledoutRevision]) if (r) names.add(r);
  for (const t of s.traffic) names.add(t.revision);
  for (const e of s.history) if (e.revision) names.add(e.revision);
  return [...names].sort().reverse();
}

/** The index of the newest entry that put the predictor's current model in place, if the history has it. */
function currentEntry(s: IsvcSummary): number {
  for (let i = s.history.length - 1; i >= 0; i--) {
    const e = s.history[i];
    if (e && canRestore(e)) return e.storageUri === s.storageUri && (!e.format || e.format === s.format) ? i : -1;
  }
  return -1;
}

/** The panel. */
export function RolloutPanel(props: { clusterId: string; summary: IsvcSummary; deployedRevisions: string[]; readOnly?: string; seed?: CanarySeed }) {
  const s = props.summary;
  const choices = rolloutChoices(s);
  const [percent, setPercent] = useState(s.canaryPercent ?? 100);
  const [showCanary, setShowCanary] = useState(!!props.seed);
  useEffect(() => setPercent(s.canaryPercent ?? 100), [s.canaryPercent]);

  const split = new Map(trafficByRevision(s.traffic).map((t) => [t.revision, t]));
  const revisions = revisionsOf(s, props.deployedRevisions);
  const servedBy = (rev: string) => [...s.history].reverse().find((e) => e.revision === rev && e.storageUri);
  const inCanary = s.canaryPercent !== undefined && s.canaryPercent > 0 && s.canaryPercent < 100 && s.latestRolledoutRevision !== s.latestReadyRevision;
  const rollbackTarget = inCanary ? s.latestRolledoutRevision : s.previousRolledoutRevision;
  const { step, setStep, busy, run } = useRolloutStep({ clusterId: props.clusterId, namespace: s.namespace, name: s.name });
  // the entry whose model the predictor holds now (returning to it would change nothing)
  const current = currentEntry(s);

  return (
    <section className="card" data-testid="rollouts">
      <TrafficBar service={s.name} traffic={s.traffic} large legend testId="traffic" />
      <table className="table" data-testid="revisions">
        <thead>
          <tr>
            <th>Revision</th>
            <th>Traffic</th>
            <th>State</th>
            <th>Model served</th>
          </tr>
        </thead>
        <tbody>
          {revisions.length === 0 && (
            <tr>
              <td colSpan={4} className="muted">
                No revision yet.
              </td>
            </tr>
          )}
          {revisions.map((r) => {
            const t = split.get(r);
            const flags = [
              r === s.latestCreatedRevision && 'latest created',
              r === s.latestReadyRevision && 'latest ready',
              r === s.latestRolledoutRevision && 'rolled out',
              r === s.previousRolledoutRevision && 'previous rolled out',
              r === s.modelStatus?.failure?.revision && 'failed to load',
            ].filter(Boolean);
            const e = servedBy(r);
            return (
              <tr key={r} data-testid="revision-row" data-revision={r} data-percent={t?.percent ?? 0}>
                <td className="nowrap">
                  <span className="sv-legend" style={{ display: 'inline' }}>
                    <i style={{ background: revisionColor(r) }} />
                  </span>
                  {r}
                </td>
                <td>
                  <strong>{t?.percent ?? 0}%</strong>
                  {t?.tags.length ? <span className="muted"> ({t.tags.join(', ')})</span> : null}
                </td>
                <td className="small">{flags.join(' · ') || '—'}</td>
                <td className="mono small">{e ? entryModelText(e) : r === s.latestCreatedRevision && s.storageUri ? s.storageUri : '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>

      {props.readOnly && (
        <div className="note forbidden" role="status" data-testid="rollout-blocked">
          {props.readOnly}
        </div>
      )}
      <div className="sv-row">
        {choices.canSetTraffic && (
          <div className="sv-slider" data-testid="traffic-slider">
            <PercentSlider
              id="traffic-percent"
              label="Latest revision’s share"
              numberLabel="Traffic percent"
              numberTestId="traffic-percent"
              value={percent}
              onChange={setPercent}
            />
            <button
              className="btn"
              data-testid="set-traffic"
              disabled={!!props.readOnly || percent === (s.canaryPercent ?? 100)}
              onClick={() => setStep({ kind: 'traffic', percent })}
            >
              Apply {percent}%
            </button>
          </div>
        )}
        <span className="spacer" />
        <button
          className="btn primary"
          data-testid="promote"
          disabled={!!props.readOnly || !choices.canPromote}
          title={choices.canPromote ? 'Send all traffic to the latest revision' : 'No canary in progress'}
          onClick={() => setStep({ kind: 'promote' })}
        >
          Promote
        </button>
        <button
          className="btn warn"
          data-testid="rollback"
          disabled={!!props.readOnly || !choices.canRollback || !rollbackTarget}
          title={rollbackTarget ? `All traffic back to ${rollbackTarget}` : 'No earlier rolled-out revision'}
          onClick={() => rollbackTarget && setStep({ kind: 'rollback', target: rollbackTarget })}
        >
          Roll back
        </button>
        <button className="btn" data-testid="new-canary" disabled={!!props.readOnly} onClick={() => setShowCanary(!showCanary)}>
          {showCanary ? 'Close new version' : 'Deploy a new version…'}
        </button>
      </div>
      {showCanary && (
        <CanaryForm clusterId={props.clusterId} summary={s} {...(props.seed ? { seed: props.seed } : {})} onApplied={() => setShowCanary(false)} />
      )}

      <h3>History</h3>
      {s.history.length === 0 ? (
        <p className="muted">No rollout recorded by MLDeck on this service yet (it records each deploy, canary, promotion and rollback in an annotation).</p>
      ) : (
        <table className="table" data-testid="history">
          <thead>
            <tr>
              <th>Time</th>
              <th>Step</th>
              <th>Revision</th>
              <th>Model</th>
              <th>Traffic</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {[...s.history.entries()].reverse().map(([i, e]) => (
              <tr key={`${i}-${e.at}`} data-testid="history-row" data-action={e.action} data-index={i}>
                <td className="nowrap">{time(e.at)}</td>
                <td>{e.action}</td>
                <td className="nowrap">{e.revision ? shortRevision(s.name, e.revision) : '—'}</td>
                <td className="mono small">{entryModelText(e)}</td>
                <td>{e.percent !== undefined ? `${e.percent}%` : ''}</td>
                <td className="nowrap" style={{ textAlign: 'right' }}>
                  {i === current && <span className="pill ok small">serving now</span>}
                  {canRestore(e) && i !== current && (
                    <button
                      className="btn ghost"
                      data-testid="restore"
                      disabled={!!props.readOnly}
                      title={`Serve ${entryModelText(e)} again with all traffic`}
                      onClick={() => setStep({ kind: 'restore', index: i, entry: e })}
                    >
                      Return to this
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {step && (
        <ConfirmDialog
          title={
            step.kind === 'promote'
              ? `Promote ${s.latestReadyRevision ? shortRevision(s.name, s.latestReadyRevision) : 'the latest revision'}?`
              : step.kind === 'rollback'
                ? `Roll back ${s.name}?`
                : step.kind === 'traffic'
                  ? `Send ${step.percent}% to the latest revision?`
                  : `Return ${s.name} to an earlier model?`
          }
          confirm={step.kind === 'promote' ? 'Promote' : step.kind === 'rollback' ? 'Roll back' : step.kind === 'traffic' ? 'Apply' : 'Return to it'}
          danger={step.kind === 'rollback' || step.kind === 'restore'}
          busy={busy}
          onCancel={() => setStep(undefined)}
          onConfirm={() => void run()}
        >
          {step.kind === 'promote' && <>The canary’s revision gets all traffic and becomes the rolled-out revision (canaryTrafficPercent is removed).</>}
          {step.kind === 'rollback' && (
            <>
              All traffic goes to <strong>{step.target}</strong>
              {servedBy(step.target) ? <> ({entryModelText(servedBy(step.target) as RolloutEntry)})</> : null}: KServe’s rollback sets canaryTrafficPercent to
              0.
            </>
          )}
          {step.kind === 'traffic' && (
            <>
              canaryTrafficPercent becomes {step.percent}: the latest ready revision gets {step.percent}%, the rolled-out one {100 - step.percent}%.
            </>
          )}
          {step.kind === 'restore' && (
            <>
              The predictor serves <strong>{entryModelText(step.entry)}</strong> again ({step.entry.format}), as a new revision with all traffic.
            </>
          )}
        </ConfirmDialog>
      )}
    </section>
  );
}
