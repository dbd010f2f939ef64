// SPDX-License-Identifier: Apache-2.0
/**
 * The data of the canary form: the new version (format, runtime, storageUri, registry version)
 * and its share of traffic, seeded from a registry version until the user types, kept as a draft
 * (`components/create/draft-store`) until applied or discarded; a server-side dry run of
 * `serving:canary` comes first, and the cluster's problems are placed at the form's fields.
 */
import { useEffect, useState } from 'react';
import { servingContract, type FieldProblem } from '../../../shared/features/serving/serving.contract';
import { deployFormProblems, formFieldOfPath, newDeployForm, withFormat, type DeployForm } from '../../../shared/serving/deploy-form';
import type { IsvcSummary } from '../../../shared/serving/isvc-summary';
import { api } from '../../lib/api/api-context';
import { notify, notifyError } from '../../lib/notify';
import { discardDraft, draftKey, loadDraft, saveDraft } from '../../components/create/draft-store';
import { deployDraft, noS3 } from './deploy-model';

/** What a canary starts from (a registry version). */
export interface CanarySeed {
  storageUri?: string;
  format?: string;
  model?: string;
  version?: string;
}

/** The canary form's state, draft and submit for one service. */
export function useCanary(props: { clusterId: string; summary: IsvcSummary; seed?: CanarySeed; onApplied(): void }) {
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

  const changePercent = (p: number) => {
    setPercent(p);
    setTouched(true);
  };
  const discard = () => {
    discardDraft(key);
    setForm(start());
    setPercent(20);
    setTouched(false);
    setProblems([]);
    setMessage(undefined);
    setShowChecks(false);
  };
  return { form, change, percent, changePercent, touched, restored, byField, other, message, busy, submit, discard };
}
