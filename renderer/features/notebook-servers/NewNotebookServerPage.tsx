// SPDX-License-Identifier: Apache-2.0
/**
 * A new notebook server: the form (or the YAML of the Notebook and its new volumes' PVCs,
 * editable), a server-side dry run whose problems land next to their fields, and Create (the
 * PVCs, then the Notebook). The draft is kept on every change until the server is created or the
 * draft discarded; Create is disabled with the reason when RBAC forbids it.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { parseAllDocuments, stringify } from 'yaml';
import { AppError } from '../../../shared/errors';
import {
  notebookServersContract,
  type NotebookOptions,
  type NotebookPermissions,
  type NotebookProblem,
} from '../../../shared/features/notebook-servers/notebook-servers.contract';
import {
  formFieldOf,
  formProblems,
  formToManifests,
  manifestsToForm,
  newNotebookForm,
  type NotebookForm,
  type NotebookManifests,
} from '../../../shared/kube/notebook-form';
import { useRouter, type Route } from '../../app/router';
import { ErrorNote } from '../../components/ErrorNote';
import { YamlEditor } from '../../components/YamlEditor';
import { api } from '../../lib/api/api-context';
import { notify, notifyError } from '../../lib/notify';
import { useClusters } from '../clusters/clusters.store';
import { useNamespaces } from '../resources/use-namespaces';
import { NotebookImagesSettings } from './NotebookImagesSettings';
import { NotebookServerForm, type FormFieldProblems } from './NotebookServerForm';
import { discardNotebookDraft, loadNotebookDraft, notebookDraftKey, saveNotebookDraft } from './notebook-draft';
import '../jobs/new-job.css';
import './notebook-servers.css';

/** The manifests as one editable document: a v1 List of the Notebook and its new volumes' PVCs. */
function toYaml(m: NotebookManifests): string {
  return stringify({ apiVersion: 'v1', kind: 'List', items: [m.notebook, ...m.volumes] }, { lineWidth: 0 });
}

/** The manifests in a YAML text: a List (or several documents) of one Notebook and any PVCs. */
function fromYaml(text: string): NotebookManifests {
  const docs = parseAllDocuments(text);
  let objects: Record<string, unknown>[] = [];
  for (const d of Array.isArray(docs) ? docs : [docs]) {
    if (d.errors.length) throw new Error(d.errors[0]?.message.split('\n')[0] ?? 'The YAML does not parse.');
    const o: unknown = d.toJS();
    if (o === null || o === undefined) continue;
    if (typeof o !== 'object' || Array.isArray(o)) throw new Error('Each YAML document must be one object.');
    objects.push(o as Record<string, unknown>);
  }
  if (objects.length === 1 && objects[0]?.['kind'] === 'List') {
    const items = objects[0]['items'];
    if (!Array.isArray(items) || items.some((i) => typeof i !== 'object' || i === null || Array.isArray(i)))
      throw new Error('The List’s items must be objects.');
    objects = items as Record<string, unknown>[];
  }
  const notebooks = objects.filter((o) => o['kind'] === 'Notebook');
  if (notebooks.length !== 1) throw new Error('The YAML must hold exactly one Notebook (and any PersistentVolumeClaims).');
  const other = objects.find((o) => o['kind'] !== 'Notebook' && o['kind'] !== 'PersistentVolumeClaim');
  if (other) throw new Error(`Only a Notebook and PersistentVolumeClaims can be created here, not ${String(other['kind'])}.`);
  return { notebook: notebooks[0] as Record<string, unknown>, volumes: objects.filter((o) => o['kind'] === 'PersistentVolumeClaim') };
}

/** The new-notebook-server page. */
export function NewNotebookServerPage({ route }: { route: Extract<Route, { page: 'notebook-new' }> }) {
  const { clusterId } = route;
  const go = useRouter((s) => s.go);
  const cluster = useClusters((s) => s.list?.clusters.find((c) => c.id === clusterId));
  const namespaces = useNamespaces(clusterId);
  const key = notebookDraftKey(clusterId);

  const [form, setForm] = useState<NotebookForm | undefined>();
  const [tab, setTab] = useState<'form' | 'yaml'>('form');
  const [yaml, setYaml] = useState<string | undefined>();
  const [yamlError, setYamlError] = useState<string | undefined>();
  const [restoredAt, setRestoredAt] = useState<number | undefined>();
  const [touched, setTouched] = useState(false);
  const [options, setOptions] = useState<NotebookOptions | undefined>();
  /** The namespace `options` are of. */
  const [optionsNs, setOptionsNs] = useState('');
  const [optionsError, setOptionsError] = useState<AppError | undefined>();
  const [problems, setProblems] = useState<NotebookProblem[]>([]);
  const [serverMessage, setServerMessage] = useState<string | undefined>();
  const [showChecks, setShowChecks] = useState(false);
  const [busy, setBusy] = useState<'validate' | 'create' | undefined>();
  const [passed, setPassed] = useState(false);
  const [perm, setPerm] = useState<NotebookPermissions | AppError | undefined>();
  const [saveFailed, setSaveFailed] = useState(false);
  const [editImages, setEditImages] = useState(false);
  const [generation, setGeneration] = useState(0);

  // the starting form: the kept draft, else a fresh one in the route's (or the context's) namespace
  const started = useRef('');
  useEffect(() => {
    if (started.current === key) return;
    started.current = key;
    const draft = loadNotebookDraft(key);
    if (draft) {
      setForm(draft.form);
      setYaml(draft.yaml);
      setTab(draft.tab);
      setRestoredAt(draft.savedAt);
      return;
    }
    setForm(newNotebookForm(route.namespace ?? cluster?.namespace ?? 'default'));
  }, [key, route.namespace, cluster?.namespace, generation]);

  useEffect(() => {
    if (!form || !touched) return;
    setSaveFailed(!saveNotebookDraft(key, { form, yaml: tab === 'yaml' ? yaml : undefined, tab }));
  }, [form, yaml, tab, touched, key]);

  const namespace = form?.namespace ?? '';
  const [optionsAttempt, setOptionsAttempt] = useState(0);
  useEffect(() => {
    if (!namespace) return;
    let live = true;
    setOptions(undefined);
    setOptionsError(undefined);
    setPerm(undefined);
    api()
      .call(notebookServersContract.options, { clusterId, namespace })
      .then(
        (o) => {
          if (!live) return;
          setOptions(o);
          setOptionsNs(namespace);
        },
        (e: unknown) => live && setOptionsError(e instanceof AppError ? e : new AppError('internal', String(e))),
      );
    api()
      .call(notebookServersContract.permissions, { clusterId, namespace })
      .then(
        (p) => live && setPerm(p),
        (e: unknown) => live && setPerm(e instanceof AppError ? e : new AppError('internal', String(e))),
      );
    return () => {
      live = false;
    };
  }, [clusterId, namespace, optionsAttempt]);

  // a namespace without Kubeflow's default-editor account: the pod would never be made with it
  // (checked once per namespace, so the user can still type it on purpose)
  const accountChecked = useRef('');
  useEffect(() => {
    if (!options || !form || optionsNs !== form.namespace || accountChecked.current === form.namespace) return;
    accountChecked.current = form.namespace;
    if (!options.hasDefaultEditor && form.serviceAccount === 'default-editor') setForm({ ...form, serviceAccount: '' });
  }, [options, optionsNs, form]);

  const change = useCallback((f: NotebookForm) => {
    setForm(f);
    setTouched(true);
    setPassed(false);
  }, []);

  const onYaml = (text: string) => {
    setYaml(text);
    setTouched(true);
    setPassed(false);
    try {
      setForm(manifestsToForm(fromYaml(text), options?.podDefaults ?? []));
      setYamlError(undefined);
    } catch (e) {
      setYamlError(e instanceof Error ? e.message.split('\n')[0] : String(e));
    }
  };

  const openTab = (t: 'form' | 'yaml') => {
    if (t === tab || !form) return;
    if (t === 'yaml') {
      setYaml(toYaml(formToManifests(form)));
      setYamlError(undefined);
    }
    setTab(t);
  };

  const checks = useMemo(() => (form && showChecks && tab === 'form' ? formProblems(form) : []), [form, showChecks, tab]);
  const grouped = useMemo(() => {
    const byField: FormFieldProblems = {};
    const other: NotebookProblem[] = [];
    if (!form) return { byField, other };
    for (const p of problems) {
      const f = tab === 'form' ? formFieldOf(form, p.target, p.field) : undefined;
      if (f) (byField[f] ??= []).push(p.message);
      else other.push(p);
    }
    for (const c of checks) (byField[c.field] ??= []).push(c.message);
    return { byField, other };
  }, [form, problems, checks, tab]);

  const submit = async (create: boolean) => {
    if (!form) return;
    setShowChecks(true);
    let manifests: NotebookManifests;
    if (tab === 'yaml') {
      try {
        manifests = fromYaml(yaml ?? '');
      } catch (e) {
        notify('error', 'The YAML does not parse', e instanceof Error ? e.message : String(e));
        return;
      }
    } else {
      if (formProblems(form).length > 0) {
        setProblems([]);
        setServerMessage(undefined);
        return;
      }
      manifests = formToManifests(form);
    }
    setBusy(create ? 'create' : 'validate');
    try {
      const r = await api().call(notebookServersContract.create, { clusterId, notebook: manifests.notebook, volumes: manifests.volumes, dryRun: !create });
      if (r.problems) {
        setProblems(r.problems);
        setServerMessage(r.message);
        return;
      }
      setProblems([]);
      setServerMessage(undefined);
      if (!create) {
        setPassed(true);
        notify('success', 'The cluster accepts this server', 'The server-side dry run passed; nothing was created.');
        return;
      }
      const name = r.notebook.metadata.name;
      const ns = r.notebook.metadata.namespace ?? form.namespace;
      discardNotebookDraft(key);
      notify(
        'success',
        `Notebook server ${name} created`,
        r.volumes.length ? `In ${ns}, with ${r.volumes.map((v) => v.metadata.name).join(', ')}.` : `In ${ns}.`,
      );
      go({ page: 'notebook-server', clusterId, namespace: ns, name });
    } catch (e) {
      notifyError(e); // the draft is kept
    } finally {
      setBusy(undefined);
    }
  };

  const discard = () => {
    discardNotebookDraft(key);
    started.current = '';
    setTouched(false);
    setRestoredAt(undefined);
    setProblems([]);
    setServerMessage(undefined);
    setShowChecks(false);
    setYaml(undefined);
    setTab('form');
    setForm(undefined);
    setGeneration((g) => g + 1);
  };

  const clusterName = cluster?.displayName ?? clusterId;
  const newVolumes = form ? [form.workspace, ...form.dataVolumes].some((v) => v?.type === 'new') : false;
  const createBlocked =
    perm instanceof AppError || !perm
      ? undefined
      : !perm.create.allowed
        ? perm.create.reason
        : newVolumes && !perm.createVolumes.allowed
          ? perm.createVolumes.reason
          : undefined;
  // problems on the List's items: the Notebook first, then the PVCs in the order they were sent
  const editorProblems = useMemo(() => {
    let names: string[] = [];
    try {
      names = fromYaml(yaml ?? '').volumes.map((v) => String((v['metadata'] as { name?: unknown } | undefined)?.name ?? ''));
    } catch {
      /* the YAML does not parse: its own error is shown */
    }
    return problems.map((p) => {
      const at = p.target === 'notebook' ? 0 : names.indexOf(p.target) + 1;
      return { path: at > 0 || p.target === 'notebook' ? `items[${at}]${p.field ? `.${p.field}` : ''}` : '', message: p.message };
    });
  }, [problems, yaml]);

  return (
    <div className="page new-job new-notebook-server" data-testid="new-notebook-server">
      <div className="page-head">
        <button className="btn ghost" onClick={() => go({ page: 'notebooks', clusterId })} aria-label="Back to notebook servers">
          ← Servers
        </button>
        <h1>New notebook server</h1>
        <span className="muted">{clusterName}</span>
        <span className="spacer" />
        {options && (
          <button className="btn ghost" data-testid="edit-images" onClick={() => setEditImages(!editImages)}>
            Images…
          </button>
        )}
      </div>
      {editImages && options && (
        <NotebookImagesSettings
          settings={options.settings}
          clusterName={clusterName}
          onSaved={(settings) => setOptions({ ...options, settings })}
          onClose={() => setEditImages(false)}
        />
      )}
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
      {optionsError && <ErrorNote error={optionsError} onRetry={() => setOptionsAttempt((a) => a + 1)} />}
      {options && options.problems.length > 0 && (
        <div className="note stale" role="status">
          {options.problems.join(' ')}
        </div>
      )}
      {!form && <div className="muted">Loading…</div>}
      {form && (
        <>
          <div className="nj-toolbar">
            <label className="nj-pick">
              <span className="muted">Namespace</span>
              <select
                className="input"
                aria-label="Namespace"
                data-testid="server-namespace"
                value={form.namespace}
                onChange={(e) => {
                  // configurations and existing volumes belong to the old namespace
                  const next = { ...form, namespace: e.target.value, configurations: [] };
                  change(next);
                  if (tab === 'yaml') setYaml(toYaml(formToManifests(next)));
                }}
              >
                {[...new Set([form.namespace, ...(namespaces ?? [])])].filter(Boolean).map((n) => (
                  <option key={n}>{n}</option>
                ))}
              </select>
            </label>
            <div className="nj-actions">
              <button className="btn" onClick={() => void submit(false)} disabled={busy !== undefined} data-testid="validate-server">
                {busy === 'validate' ? 'Validating…' : 'Validate'}
              </button>
              <button
                className="btn primary"
                onClick={() => void submit(true)}
                disabled={busy !== undefined || createBlocked !== undefined}
                title={createBlocked ?? 'Dry-run, then create the volumes and the server'}
                data-testid="create-server"
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
              The server-side dry run passed: the cluster accepts this server and its volumes as they are.
            </div>
          )}
          {(serverMessage || grouped.other.length > 0 || checks.length > 0) && (
            <div className="note error" role="alert" data-testid="server-problems">
              <strong>{serverMessage ? 'The cluster rejected the server' : 'Some fields need attention'}</strong>
              {serverMessage && grouped.other.length === 0 && <div className="muted small">Each problem is shown next to its field.</div>}
              {grouped.other.length > 0 && (
                <ul className="nj-problem-list">
                  {grouped.other.map((p, i) => (
                    <li key={i}>
                      {p.target !== 'notebook' && <strong>{p.target}: </strong>}
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
            <button
              role="tab"
              className={`tab ${tab === 'yaml' ? 'active' : ''}`}
              aria-selected={tab === 'yaml'}
              onClick={() => openTab('yaml')}
              data-testid="tab-yaml"
            >
              YAML
            </button>
          </div>
          {tab === 'form' ? (
            <NotebookServerForm form={form} options={options} problems={grouped.byField} onChange={change} />
          ) : (
            <div className="nj-yaml">
              {yamlError && (
                <div className="note error" role="alert">
                  {yamlError}
                </div>
              )}
              <p className="muted small">
                A List of the Notebook and a PersistentVolumeClaim for each new volume; Create makes the volumes, then the server, exactly as written here.
              </p>
              <YamlEditor value={yaml ?? ''} onChange={onYaml} problems={editorProblems} testId="server-yaml-editor" ariaLabel="Notebook server YAML" />
            </div>
          )}
        </>
      )}
    </div>
  );
}
