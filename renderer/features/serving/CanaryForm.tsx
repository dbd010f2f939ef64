// SPDX-License-Identifier: Apache-2.0
/**
 * A new model version for a running service, as a canary: format (and runtime), storageUri, the
 * registry version it is (recorded on the service) and the share of traffic it gets
 * (`canaryTrafficPercent`; 100 rolls it out at once). A server-side dry run comes first; the
 * draft is kept in localStorage until applied or discarded.
 */
import type { IsvcSummary } from '../../../shared/serving/isvc-summary';
import { Field } from '../../components/form/Field';
import { PercentSlider } from '../../components/form/PercentSlider';
import { ModelFormatField } from './ModelFormatField';
import { useCanary, type CanarySeed } from './use-canary';

export type { CanarySeed } from './use-canary';

/** The canary form of one service. */
export function CanaryForm(props: { clusterId: string; summary: IsvcSummary; seed?: CanarySeed; blocked?: string; onApplied(): void }) {
  const s = props.summary;
  const { form, change, percent, changePercent, touched, restored, byField, other, message, busy, submit, discard } = useCanary(props);
  return (
    <div className="sv-form" data-testid="canary-form">
      {restored !== undefined && restored > 0 && (
        <div className="note stale" role="status">
          Your canary draft from {new Date(restored).toLocaleString()} was restored.
        </div>
      )}
      <div className="sv-grid4">
        <ModelFormatField form={form} problems={byField} onChange={change} testId="canary-format" />
        <Field label="Runtime (empty: KServe picks)" field="runtime" problems={byField}>
          {(id) => <input id={id} className="input" value={form.runtime} spellCheck={false} onChange={(e) => change({ ...form, runtime: e.target.value })} />}
        </Field>
        <Field label="Registry model" field="modelName" problems={byField}>
          {(id) => (
            <input id={id} className="input" value={form.modelName} spellCheck={false} onChange={(e) => change({ ...form, modelName: e.target.value })} />
          )}
        </Field>
        <Field label="Registry version" field="modelVersion" problems={byField}>
          {(id) => (
            <input id={id} className="input" value={form.modelVersion} spellCheck={false} onChange={(e) => change({ ...form, modelVersion: e.target.value })} />
          )}
        </Field>
      </div>
      <Field label="storageUri of the new version" field="storageUri" problems={byField}>
        {(id) => (
          <input
            id={id}
            className="input mono"
            data-testid="canary-storage-uri"
            placeholder="s3://bucket/path/to/model"
            value={form.storageUri}
            spellCheck={false}
            onChange={(e) => change({ ...form, storageUri: e.target.value })}
          />
        )}
      </Field>
      <div className="sv-slider">
        <PercentSlider
          id="canary-percent"
          label="Traffic to the new version"
          numberLabel="Canary percent"
          rangeTestId="canary-percent"
          numberTestId="canary-percent-number"
          value={percent}
          onChange={changePercent}
        />
        <span>
          <strong>{percent}%</strong> new · {100 - percent}% {s.latestRolledoutRevision ?? 'current'}
        </span>
      </div>
      {(message || other.length > 0) && (
        <div className="note error" role="alert" data-testid="canary-problems">
          <strong>{message?.startsWith('Not sent:') ? 'The change was not sent' : 'The cluster rejected the change'}</strong>
          {message && <div>{message}</div>}
          <ul>
            {other.map((p, i) => (
              <li key={i}>
                {p.field && <code>{p.field}</code>} {p.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      {props.blocked && (
        <div className="note forbidden" role="status">
          {props.blocked}
        </div>
      )}
      <div className="sv-row">
        <button className="btn" disabled={busy !== undefined} onClick={() => void submit(false)}>
          {busy === 'check' ? 'Checking…' : 'Check (dry run)'}
        </button>
        <button
          className="btn primary"
          data-testid="start-canary"
          disabled={busy !== undefined || !!props.blocked}
          title={props.blocked}
          onClick={() => void submit(true)}
        >
          {busy === 'apply' ? 'Applying…' : percent >= 100 ? 'Roll out (100%)' : `Start canary at ${percent}%`}
        </button>
        <button className="btn ghost danger" disabled={!touched && !restored} onClick={discard}>
          Discard draft
        </button>
      </div>
    </div>
  );
}
