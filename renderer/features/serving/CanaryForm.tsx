// SPDX-License-Identifier: Apache-2.0
/**
 * A new model version for a running service, as a canary: format (and runtime), storageUri, the
 * registry version it is (recorded on the service) and the share of traffic it gets
 * (`canaryTrafficPercent`; 100 rolls it out at once). A server-side dry run comes first; the
 * draft is kept in localStorage until applied or discarded.
 */
import { useEffect, useState } from 'react';
import { servingContract, type FieldProblem } from '../../../shared/features/serving/serving.contract';
import { deployFormProblems, formFieldOfPath, newDeployForm, withFormat, type DeployForm } from '../../../shared/serving/deploy-form';
import type { IsvcSummary } from '../../../shared/serving/isvc-summary';
import { modelFormats } from '../../../shared/serving/model-formats';
import { api } from '../../lib/api/api-context';
import { notify, notifyError } from '../../lib/notify';
import { discardDraft, draftKey, loadDraft, saveDraft } from '../../components/create/draft-store';
import { Field } from '../../components/form/Field';
import { deployDraft, noS3 } from './deploy-model';

/** What a canary starts from (a registry version). */
export interface CanarySeed {
  storageUri?: string;
  format?: string;
  model?: string;
  version?: string;
}

/** The canary form of one service. */
export function CanaryForm(props: { clusterId: string; summary: IsvcSummary; seed?: CanarySeed; blocked?: string; onApplied(): void }) {
  const s = props.summary;
  const key = draftKey(
    deployDraft.prefix,
    props.clusterId,
    `canary:${s.namespace}/${s.name}${props.seed?.model ? `:${props.seed.model}@${props.seed.version ?? ''}` : ''}`,
  );
  const start = (): DeployForm =>
    newDeployForm(s.namespace, {
      name: s.name,
      format: props.seed?.format ?? (s.format === 'custom' ? 'sklearn' : s.format),
      storageUri: props.seed?.storageUri ?? '',
      modelName: props.seed?.model ?? s.model ?? '',
      modelVersion: props.seed?.version ?? '',
    });
  const [form, setForm] = useState<DeployForm>(() => loadDraft(deployDraft, key)?.form ?? start());
  const [percent, setPercent] = useState<number>(() => loadDraft(deployDraft, key)?.extra.percent ?? 20);
  const [touched, setTouched] = useState(false);
  /** The user typed in the form's fields (the traffic slider alone does not stop the registry version filling them). */
  const [typed, setTyped] = useState(false);
  const [restored] = useState(() => loadDraft(deployDraft, key)?.savedAt);
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [message, setMessage] = useState<string | undefined>();
  const [showChecks, setShowChecks] = useState(false);
  const [busy, setBusy] = useState<'check' | 'apply' | undefined>();

  // a registry version chosen later (it loads after the page) fills what the user has not typed
  useEffect(() => {
    if (!props.seed || typed) return;
    setForm((f) => {
      const seed = props.seed;
      const base = seed?.format ? withFormat(f, seed.format) : f;
      return {
        ...base,
        ...(seed?.storageUri ? { storageUri: seed.storageUri } : {}),
        ...(seed?.model ? { modelName: seed.model, modelVersion: seed.version ?? '' } : {}),
      };
    });
  }, [props.seed, typed]);

  useEffect(() => {
    if (touched) saveDraft(key, { form, yaml: undefined, tab: 'form', extra: { percent, s3: noS3 } });
  }, [form, percent, touched, key]);

  const change = (f: DeployForm) => {
    setForm(f);
    setTouched(true);
    setTyped(true);
  };
  const checks = showChecks ? deployFormProblems(form, { canary: true }) : [];
  const byField: Record<string, string[]> = {};
  for (const c of checks) (byField[c.field] ??= []).push(c.message);
  const other: FieldProblem[] = [];
  for (const p of problems) {
    const f = p.field ? formFieldOfPath(p.field) : undefined;
    if (f) (byField[f] ??= []).push(p.message);
    else other.push(p);
  }

  const submit = async (apply: boolean) => {
    setShowChecks(true);
    const local = deployFormProblems(form, { canary: true });
    if (local.length) {
      // fields of the form are marked; say it in one line too, so the button never seems to do nothing
      setMessage(`Not sent: ${local.map((p) => `${p.field}: ${p.message}`).join(' · ')}`);
      return;
    }
    const req = {
      clusterId: props.clusterId,
      namespace: s.namespace,
      name: s.name,
      model: {
        format: form.format,
        storageUri: form.storageUri.trim(),
        ...(form.runtime.trim() ? { runtime: form.runtime.trim() } : {}),
        ...(form.protocolVersion ? { protocolVersion: form.protocolVersion } : {}),
      },
      percent,
      ...(form.modelName.trim() && form.modelVersion.trim() ? { registry: { model: form.modelName.trim(), version: form.modelVersion.trim() } } : {}),
    };
    setBusy(apply ? 'apply' : 'check');
    try {
      const dry = await api().call(servingContract.canary, { ...req, dryRun: true });
      if (dry.problems) {
        setProblems(dry.problems);
        setMessage(dry.message);
        return;
      }
      setProblems([]);
      setMessage(undefined);
      if (!apply) {
        notify('success', 'The cluster accepts this canary', 'The server-side dry run passed; nothing was changed.');
        return;
      }
      const done = await api().call(servingContract.canary, { ...req, dryRun: false });
      if (done.problems) {
        setProblems(done.problems);
        setMessage(done.message);
        return;
      }
      discardDraft(key);
      setTouched(false);
      notify('success', percent >= 100 ? `${form.storageUri} rolled out` : `Canary started: ${percent}% of traffic`, `${s.name} in ${s.namespace}.`);
      props.onApplied();
    } catch (e) {
      notifyError(e); // the draft is kept
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <div className="sv-form" data-testid="canary-form">
      {restored !== undefined && restored > 0 && (
        <div className="note stale" role="status">
          Your canary draft from {new Date(restored).toLocaleString()} was restored.
        </div>
      )}
      <div className="sv-grid4">
        <Field label="Model format" field="format" problems={byField}>
          {(id) => (
            <select id={id} className="input" data-testid="canary-format" value={form.format} onChange={(e) => change(withFormat(form, e.target.value))}>
              {modelFormats.map((f) => (
                <option key={f.name} value={f.name}>
                  {f.title}
                </option>
              ))}
            </select>
          )}
        </Field>
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
        <label htmlFor="canary-percent" className="muted">
          Traffic to the new version
        </label>
        <input
          id="canary-percent"
          type="range"
          min={0}
          max={100}
          step={5}
          value={percent}
          data-testid="canary-percent"
          onChange={(e) => {
            setPercent(Number(e.target.value));
            setTouched(true);
          }}
        />
        <input
          className="input"
          type="number"
          min={0}
          max={100}
          style={{ width: 70 }}
          aria-label="Canary percent"
          data-testid="canary-percent-number"
          value={percent}
          onChange={(e) => {
            setPercent(Math.max(0, Math.min(100, Math.round(Number(e.target.value) || 0))));
            setTouched(true);
          }}
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
        <button
          className="btn ghost danger"
          disabled={!touched && !restored}
          onClick={() => {
            discardDraft(key);
            setForm(start());
            setPercent(20);
            setTouched(false);
            setProblems([]);
            setMessage(undefined);
            setShowChecks(false);
          }}
        >
          Discard draft
        </button>
      </div>
    </div>
  );
}
