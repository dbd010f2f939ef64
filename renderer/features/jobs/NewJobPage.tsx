// SPDX-License-Identifier: Apache-2.0
/**
 * A new training job: a kind the cluster serves, a namespace, the form or its YAML (checked
 * against the kind's schema from the cluster as you type), a server-side dry run whose problems
 * land next to their fields, and Create. Clone fills the form from an existing job. The draft is
 * kept on every change, so nothing typed is lost to a failure; Create is disabled with the reason
 * when RBAC forbids it. Only kinds the cluster serves are offered: when discovery fails (and main
 * has none of the cluster's kinds cached to answer with) the page says so and offers none.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { parse, stringify } from 'yaml';
import { AppError } from '../../../shared/errors';
import { jobsContract, type FieldProblem, type JobPermissions } from '../../../shared/features/jobs/jobs.contract';
import { resourcesContract } from '../../../shared/features/resources/resources.contract';
import { formFieldOfPath, formKind, formProblems, formToManifest, manifestToForm, newJobForm, problemText, type JobForm } from '../../../shared/kube/job-form';
import { trainingKindKey, trainingKinds, type TrainingKind } from '../../../shared/kube/training-kinds';
import { useRouter, type Route } from '../../app/router';
import { ErrorNote } from '../../components/ErrorNote';
import { YamlEditor } from '../../components/YamlEditor';
import { api } from '../../lib/api/api-context';
import { notify, notifyError } from '../../lib/notify';
import { useClusters } from '../clusters/clusters.store';
import { useKinds } from '../resources/kinds.store';
import { useNamespaces } from '../resources/use-namespaces';
import { discardDraft, draftKey, loadDraft, saveDraft } from './job-draft';
import { JobFormView, type FieldProblems } from './JobForm';
import './new-job.css';

type NewJobRoute = Extract<Route, { page: 'job-new' }>;

/** Changes a form's kind, keeping the name, labels and what the first container runs. */
function switchKind(form: JobForm, kind: TrainingKind): JobForm {
  const next = newJobForm(kind, form.namespace);
  const from = form.replicas[0] ?? form.trainJob;
  const container = from
    ? { image: from.image, command: from.command, args: from.args, cpu: from.cpu, memory: from.memory, gpus: from.gpus, env: from.env }
    : {};
  next.name = form.name;
  next.labels = form.labels;
  next.replicas = next.replicas.map((r) => ({ ...r, ...container }));
  if (next.trainJob) next.trainJob = { ...next.trainJob, ...container };
  return next;
}

/** Server problems by form field, and those the form has no field for. */
function groupProblems(form: JobForm, problems: FieldProblem[]): { byField: FieldProblems; other: FieldProblem[] } {
  const byField: FieldProblems = {};
  const other: FieldProblem[] = [];
  for (const p of problems) {
    const f = p.field ? formFieldOfPath(form, p.field) : undefined;
    if (f) (byField[f] ??= []).push(problemText(p.message, p.field));
    else other.push(p);
  }
  return { byField, other };
}

/** The new-job page. */
export function NewJobPage({ route }: { route: NewJobRoute }) {
  const { clusterId, cloneOf } = route;
  const go = useRouter((s) => s.go);
  const cluster = useClusters((s) => s.list?.clusters.find((c) => c.id === clusterId));
  const kinds = useKinds((s) => s.byCluster[clusterId]);
  const loadKinds = useKinds((s) => s.load);
  const namespaces = useNamespaces(clusterId);
  const source = cloneOf ? `clone:${trainingKindKey(cloneOf.kind)}/${cloneOf.namespace}/${cloneOf.name}` : 'new';
  const key = draftKey(clusterId, source);

  const [form, setForm] = useState<JobForm | undefined>();
  const [tab, setTab] = useState<'form' | 'yaml'>('form');
  const [yaml, setYaml] = useState<string | undefined>();
  const [yamlError, setYamlError] = useState<string | undefined>();
  const [restoredAt, setRestoredAt] = useState<number | undefined>();
  const [touched, setTouched] = useState(false);
  const [loadError, setLoadError] = useState<AppError | undefined>();
  const [serverProblems, setServerProblems] = useState<FieldProblem[]>([]);
  const [serverMessage, setServerMessage] = useState<string | undefined>();
  const [schemaProblems, setSchemaProblems] = useState<FieldProblem[]>([]);
  const [schemaError, setSchemaError] = useState<string | undefined>();
  const [showChecks, setShowChecks] = useState(false);
  const [busy, setBusy] = useState<'validate' | 'create' | undefined>();
  const [passed, setPassed] = useState(false);
  const [perm, setPerm] = useState<JobPermissions | AppError | undefined>();
  const [saveFailed, setSaveFailed] = useState(false);
  /** Bumped by Discard draft to start over. */
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    if (!kinds) void loadKinds(clusterId);
  }, [kinds, loadKinds, clusterId]);

  // main answers from the kinds it has cached when the cluster cannot be reached; an error here
  // means neither worked, and guessing kinds would only lead to creates the cluster rejects
  const kindsError = kinds && 'error' in kinds ? kinds.error : undefined;
  const served = useMemo(() => (!kinds || 'error' in kinds ? [] : trainingKinds.filter((k) => kinds.keys.has(trainingKindKey(k)))), [kinds]);

  // the starting form: the kept draft, else the clone source, else a fresh form of the route's kind
  const started = useRef('');
  useEffect(() => {
    if (started.current === key) return;
    const draft = loadDraft(key);
    if (draft) {
      started.current = key;
      setForm(draft.form);
      setYaml(draft.yaml);
      setTab(draft.tab);
      setRestoredAt(draft.savedAt);
      return;
    }
    if (cloneOf) {
      started.current = key;
      api()
        .call(resourcesContract.get, { clusterId, ...cloneOf.kind, namespace: cloneOf.namespace, name: cloneOf.name })
        .then((r) => setForm(manifestToForm(r.object as Record<string, unknown>, { clone: true })))
        .catch((e: unknown) => setLoadError(e instanceof AppError ? e : new AppError('internal', e instanceof Error ? e.message : String(e))));
      return;
    }
    if (!kinds) return; // wait for the kinds the cluster serves
    const routeKind = route.kind;
    const wanted = routeKind ? served.find((k) => trainingKindKey(k) === trainingKindKey(routeKind)) : undefined;
    const kind = wanted ?? served.find((k) => k.resource === 'pytorchjobs') ?? served[0];
    if (!kind) return; // nothing to offer (the page says why); a retried discovery starts the form
    started.current = key;
    setForm(newJobForm(kind, route.namespace ?? cluster?.namespace ?? 'default'));
  }, [key, cloneOf, clusterId, kinds, served, route.kind, route.namespace, cluster?.namespace, generation]);

  // keep the draft on every change the user makes
  useEffect(() => {
    if (!form || !touched) return;
    setSaveFailed(!saveDraft(key, { form, yaml: tab === 'yaml' ? yaml : undefined, tab }));
  }, [form, yaml, tab, touched, key]);

  const kind = form ? formKind(form) : undefined;
  const namespace = form?.namespace ?? '';

  // what RBAC allows in the chosen namespace
  useEffect(() => {
    if (!kind || !namespace) return;
    let live = true;
    setPerm(undefined);
    api()
      .call(jobsContract.permissions, { clusterId, namespace, group: kind.group, resource: kind.resource })
      .then(
        (p) => live && setPerm(p),
        (e: unknown) => live && setPerm(e instanceof AppError ? e : new AppError('internal', String(e))),
      );
    return () => {
      live = false;
    };
  }, [clusterId, namespace, kind]);

  const change = useCallback((f: JobForm) => {
    setForm(f);
    setTouched(true);
    setPassed(false);
  }, []);

  // the YAML tab: every edit updates the form when it parses; the schema check runs after a pause
  const yamlObject = useMemo(() => {
    if (yaml === undefined) return undefined;
    try {
      const o: unknown = parse(yaml);
      return typeof o === 'object' && o !== null && !Array.isArray(o) ? (o as Record<string, unknown>) : undefined;
    } catch {
      return undefined;
    }
  }, [yaml]);

  const onYaml = (text: string) => {
    setYaml(text);
    setTouched(true);
    setPassed(false);
    try {
      const o: unknown = parse(text);
      if (typeof o !== 'object' || o === null || Array.isArray(o)) throw new Error('The YAML must be one object (a job manifest).');
      setForm(manifestToForm(o as Record<string, unknown>));
      setYamlError(undefined);
    } catch (e) {
      setYamlError(e instanceof Error ? e.message.split('\n')[0] : String(e));
    }
  };

  useEffect(() => {
    if (tab !== 'yaml' || !yamlObject) return;
    let live = true;
    const t = setTimeout(() => {
      api()
        .call(jobsContract.validate, { clusterId, object: yamlObject })
        .then(
          (r) => {
            if (!live) return;
            setSchemaProblems(r.problems);
            setSchemaError(undefined);
          },
          (e: unknown) => live && setSchemaError(e instanceof Error ? e.message : String(e)),
        );
    }, 400);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [tab, yamlObject, clusterId]);

  const openTab = (t: 'form' | 'yaml') => {
    if (t === tab || !form) return;
    if (t === 'yaml') {
      setYaml(stringify(formToManifest(form), { lineWidth: 0 }));
      setYamlError(undefined);
    }
    setTab(t);
  };

  const checks = useMemo(() => (form && showChecks ? formProblems(form) : []), [form, showChecks]);
  const grouped = useMemo(() => {
    if (!form) return { byField: {}, other: [] };
    const g = groupProblems(form, serverProblems);
    for (const c of checks) (g.byField[c.field] ??= []).push(c.message);
    return g;
  }, [form, serverProblems, checks]);

  const submit = async (create: boolean) => {
    if (!form) return;
    setShowChecks(true);
    if (tab === 'yaml' && (yamlError || !yamlObject)) {
      notify('error', 'The YAML does not parse', yamlError ?? 'Fix the YAML first.');
      return;
    }
    if (formProblems(form).length > 0) {
      setServerProblems([]);
      setServerMessage(undefined);
      return;
    }
    // the YAML tab sends exactly what was typed; the form sends its manifest
    const object = tab === 'yaml' && yamlObject ? yamlObject : formToManifest(form);
    setBusy(create ? 'create' : 'validate');
    try {
      const dry = await api().call(jobsContract.submit, { clusterId, object, dryRun: true });
      if (dry.problems) {
        setServerProblems(dry.problems);
        setServerMessage(dry.message);
        return;
      }
      setServerProblems([]);
      setServerMessage(undefined);
      if (!create) {
        setPassed(true);
        notify('success', 'The cluster accepts this job', 'The server-side dry run passed; nothing was created.');
        return;
      }
      const made = await api().call(jobsContract.submit, { clusterId, object, dryRun: false });
      if (made.problems) {
        setServerProblems(made.problems);
        setServerMessage(made.message);
        return;
      }
      const name = made.object.metadata.name;
      const ns = made.object.metadata.namespace ?? form.namespace;
      discardDraft(key);
      notify('success', `${formKind(form).kind} ${name} created`, `In ${ns}.`);
      go({ page: 'job', clusterId, kind: form.kind, namespace: ns, name });
    } catch (e) {
      notifyError(e); // the draft is kept: nothing typed is lost
    } finally {
      setBusy(undefined);
    }
  };

  const discard = () => {
    discardDraft(key);
    started.current = '';
    setTouched(false);
    setRestoredAt(undefined);
    setServerProblems([]);
    setSchemaProblems([]);
    setShowChecks(false);
    setYaml(undefined);
    setTab('form');
    setForm(undefined);
    setLoadError(undefined);
    setGeneration((g) => g + 1);
  };

  const clusterName = cluster?.displayName ?? clusterId;
  const kindServed = kind !== undefined && served.some((k) => trainingKindKey(k) === trainingKindKey(kind));
  const kindBlocked =
    !kinds || kindServed || !kind
      ? undefined
      : kindsError
        ? `MLDeck does not know whether ${clusterName} serves ${kind.title}; your draft is kept until it does.`
        : `${clusterName} does not serve ${kind.title}.`;
  const createBlocked = kindBlocked ?? (perm instanceof AppError ? undefined : perm && !perm.create.allowed ? perm.create.reason : undefined);
  const editorProblems = useMemo(
    () => [...schemaProblems, ...serverProblems].map((p) => ({ path: p.field, message: p.message })),
    [schemaProblems, serverProblems],
  );

  return (
    <div className="page new-job" data-testid="new-job">
      <div className="page-head">
        <h1>{cloneOf ? `Clone ${cloneOf.name}` : 'New training job'}</h1>
        <span className="muted">{cluster?.displayName ?? clusterId}</span>
      </div>
      {loadError && <ErrorNote error={loadError} />}
      {restoredAt !== undefined && restoredAt > 0 && (
        <div className="note stale" role="status" data-testid="draft-restored">
          Your draft from {new Date(restoredAt).toLocaleString()} was restored.
        </div>
      )}
      {saveFailed && (
        <div className="note error" role="alert">
          The draft could not be saved in this browser (storage is full); copy the YAML to keep it.
        </div>
      )}
      {kindsError && (
        <>
          <ErrorNote error={kindsError} onRetry={() => void loadKinds(clusterId)} />
          <div className="note stale" role="status" data-testid="no-kinds">
            MLDeck could not learn which training-job kinds {clusterName} serves and has none cached, so it offers none: a job of a kind the cluster may not
            serve cannot be created.
          </div>
        </>
      )}
      {kinds && !kindsError && served.length === 0 && (
        <div className="note stale" role="status" data-testid="no-kinds">
          {clusterName} serves no training-job kinds: install the Kubeflow Training Operator or Trainer there to create jobs.
        </div>
      )}
      {!form && !loadError && !(kinds && served.length === 0) && <div className="muted">Loading…</div>}
      {form && kind && (
        <>
          <div className="nj-toolbar">
            <label className="nj-pick">
              <span className="muted">Kind</span>
              <select
                className="input"
                aria-label="Kind"
                value={trainingKindKey(kind)}
                onChange={(e) => {
                  const k = served.find((x) => trainingKindKey(x) === e.target.value);
                  if (k) change(switchKind(form, k));
                  if (tab === 'yaml' && k) setYaml(stringify(formToManifest(switchKind(form, k)), { lineWidth: 0 }));
                }}
              >
                {(served.includes(kind) ? served : [kind, ...served]).map((k) => (
                  <option key={trainingKindKey(k)} value={trainingKindKey(k)}>
                    {k.title}
                  </option>
                ))}
              </select>
            </label>
            <label className="nj-pick">
              <span className="muted">Namespace</span>
              <select
                className="input"
                aria-label="Namespace"
                value={form.namespace}
                onChange={(e) => {
                  const next = { ...form, namespace: e.target.value };
                  change(next);
                  if (tab === 'yaml') setYaml(stringify(formToManifest(next), { lineWidth: 0 }));
                }}
              >
                {[...new Set([form.namespace, ...(namespaces ?? [])])].filter(Boolean).map((n) => (
                  <option key={n}>{n}</option>
                ))}
              </select>
            </label>
            <div className="nj-actions">
              <button className="btn" onClick={() => void submit(false)} disabled={busy !== undefined}>
                {busy === 'validate' ? 'Validating…' : 'Validate'}
              </button>
              <button
                className="btn primary"
                onClick={() => void submit(true)}
                disabled={busy !== undefined || createBlocked !== undefined}
                title={createBlocked ?? 'Dry-run, then create the job'}
              >
                {busy === 'create' ? 'Creating…' : 'Create'}
              </button>
              <button className="btn ghost danger" onClick={discard} disabled={!touched && restoredAt === undefined} title="Forget this draft and start again">
                Discard draft
              </button>
            </div>
          </div>
          {createBlocked && (
            <div className="note forbidden" role="status" data-testid="create-forbidden">
              <strong>Create is not available: </strong>
              {createBlocked}
            </div>
          )}
          {perm instanceof AppError && <ErrorNote error={perm} />}
          {passed && (
            <div className="note nj-ok" role="status" data-testid="dry-run-ok">
              The server-side dry run passed: the cluster accepts this job as it is.
            </div>
          )}
          {(serverMessage || grouped.other.length > 0 || checks.length > 0) && (
            <div className="note error" role="alert" data-testid="job-problems">
              <strong>{serverMessage ? 'The cluster rejected the job' : 'Some fields need attention'}</strong>
              {serverMessage && grouped.other.length === 0 && serverProblems.length > 0 && (
                <div className="muted small">Each problem is shown next to its field.</div>
              )}
              {grouped.other.length > 0 && (
                <ul className="nj-problem-list">
                  {grouped.other.map((p, i) => (
                    <li key={i}>
                      {p.field && <code>{p.field}</code>} {p.message}
                    </li>
                  ))}
                </ul>
              )}
            </div>
          )}
          <div className="tabs nj-tabs" role="tablist">
            <button role="tab" className={`tab ${tab === 'form' ? 'active' : ''}`} aria-selected={tab === 'form'} onClick={() => openTab('form')}>
              Form
            </button>
            <button role="tab" className={`tab ${tab === 'yaml' ? 'active' : ''}`} aria-selected={tab === 'yaml'} onClick={() => openTab('yaml')}>
              YAML
            </button>
          </div>
          {tab === 'form' ? (
            <JobFormView form={form} problems={grouped.byField} onChange={change} />
          ) : (
            <div className="nj-yaml">
              {yamlError && (
                <div className="note error" role="alert">
                  {yamlError}
                </div>
              )}
              {schemaError && <div className="note stale">The schema check is not available: {schemaError}</div>}
              <YamlEditor value={yaml ?? ''} onChange={onYaml} problems={editorProblems} testId="job-yaml" ariaLabel="Job YAML" />
              <div className="nj-schema-status small" data-testid="yaml-problems" role="status">
                {editorProblems.length === 0 ? (
                  <span className="muted">No problems found against the cluster’s schema.</span>
                ) : (
                  <ul className="nj-problem-list">
                    {editorProblems.map((p, i) => (
                      <li key={i}>
                        {p.path && <code>{p.path}</code>} {p.message}
                      </li>
                    ))}
                  </ul>
                )}
              </div>
            </div>
          )}
        </>
      )}
    </div>
  );
}
