// SPDX-License-Identifier: Apache-2.0
/**
 * Deploy a model: from a registry version (storageUri, format and version prefilled, all
 * editable) or typed by hand. Choose the namespace and name (a name already taken offers a
 * canary of that service instead), the format and runtime, S3 access, resources, GPUs and
 * replicas; see and edit the InferenceService YAML (form ⇄ YAML); a server-side dry run puts the
 * cluster's objections next to their fields; Deploy creates the S3 Secret and service account
 * when asked, then the service, and opens its page to follow it to Ready. The draft is kept on
 * every change until deployed or discarded; Deploy is disabled with the reason when RBAC forbids it.
 * With `service` set, the page puts the version into that service as a canary instead.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { parse, stringify } from 'yaml';
import { AppError } from '../../../shared/errors';
import { servingContract, type FieldProblem, type ServingPermissions } from '../../../shared/features/serving/serving.contract';
import {
  deployFormProblems,
  formFieldOfPath,
  formToManifest,
  isvcKind,
  manifestToForm,
  newDeployForm,
  withFormat,
  type DeployForm,
} from '../../../shared/serving/deploy-form';
import { summarizeIsvc } from '../../../shared/serving/isvc-summary';
import { guessModelFormat, isS3Uri } from '../../../shared/serving/model-formats';
import { useRouter, type Route } from '../../app/router';
import { ErrorNote } from '../../components/ErrorNote';
import { YamlEditor } from '../../components/YamlEditor';
import { api } from '../../lib/api/api-context';
import { notify, notifyError } from '../../lib/notify';
import { useClusters } from '../clusters/clusters.store';
import { useKinds } from '../resources/kinds.store';
import { useNamespaces } from '../resources/use-namespaces';
import { useSlice } from '../sync/use-slice';
import { CanaryForm, type CanarySeed } from './CanaryForm';
import { deployDraftKey, discardDeployDraft, loadDeployDraft, saveDeployDraft, type S3Choice } from './deploy-draft';
import { DeployFormView } from './DeployFormView';
import { loadVersionPrefill, type VersionPrefill } from './registry-prefill';
import { S3AccessFields, noS3, s3Problems, type S3Keys } from './S3AccessFields';
import './serving.css';

type DeployRoute = Extract<Route, { page: 'deploy' }>;

/** A DNS-label service name from a registry model name. */
function nameFromModel(model: string): string {
  const n = model
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .replace(/-+$/, '')
    .slice(0, 45)
    .replace(/-+$/, '');
  return n;
}

/** The registry version of the route, loaded once. */
function useVersion(clusterId: string, model: string | undefined, version: string | undefined) {
  const [v, setV] = useState<VersionPrefill | AppError | undefined>();
  useEffect(() => {
    if (!model || !version) return;
    let live = true;
    loadVersionPrefill(clusterId, model, version).then(
      (p) => live && setV(p),
      (e: unknown) => live && setV(e instanceof AppError ? e : new AppError('internal', String(e))),
    );
    return () => {
      live = false;
    };
  }, [clusterId, model, version]);
  return v;
}

function VersionCard({ v, route }: { v: VersionPrefill | AppError | undefined; route: DeployRoute }) {
  if (!route.model || !route.version) return null;
  if (!v)
    return (
      <div className="muted">
        Reading {route.model} version {route.version} from the registry…
      </div>
    );
  if (v instanceof AppError)
    return (
      <>
        <ErrorNote error={v} />
        <div className="note stale" role="status">
          The registry cannot be read now: type the model’s storageUri yourself.
        </div>
      </>
    );
  return (
    <div className="note info" role="status" data-testid="deploy-version">
      <div>
        <strong>
          {v.model} version {v.version}
        </strong>{' '}
        {v.aliases.length > 0 && <span className="muted">({v.aliases.map((a) => `@${a}`).join(', ')})</span>} · {v.status}
      </div>
      <div className="muted small mono">source: {v.source}</div>
      {!v.storageUri && <div className="warn-text">No storageUri KServe can load: {v.storageUriReason ?? 'unknown'}. Type one below.</div>}
    </div>
  );
}

/** The page for a `deploy` route. */
export function DeployPage({ route }: { route: DeployRoute }) {
  return route.service ? <CanaryDeploy route={route} service={route.service} /> : <NewDeploy route={route} />;
}

function CanaryDeploy({ route, service }: { route: DeployRoute; service: string }) {
  const go = useRouter((s) => s.go);
  const cluster = useClusters((s) => s.list?.clusters.find((c) => c.id === route.clusterId));
  const ns = route.namespace ?? cluster?.namespace ?? 'default';
  const slice = useSlice(
    useMemo(
      () => ({ clusterId: route.clusterId, group: isvcKind.group, version: isvcKind.version, resource: isvcKind.resource, namespace: ns }),
      [route.clusterId, ns],
    ),
  );
  const object = slice.items?.find((o) => o.metadata.name === service);
  const summary = useMemo(() => (object ? summarizeIsvc(object) : undefined), [object]);
  const v = useVersion(route.clusterId, route.model, route.version);
  const seed = useMemo<CanarySeed | undefined>(
    () =>
      v && !(v instanceof AppError)
        ? {
            ...(v.storageUri ? { storageUri: v.storageUri } : {}),
            ...(guessModelFormat(v.format) ? { format: guessModelFormat(v.format) } : {}),
            model: v.model,
            version: v.version,
          }
        : undefined,
    [v],
  );
  return (
    <div className="page sv-page" data-testid="deploy-page">
      <header className="page-head">
        <h1>New version of {service}</h1>
        <span className="muted">
          canary · {ns} · {cluster?.displayName ?? route.clusterId}
        </span>
      </header>
      <VersionCard v={v} route={route} />
      {slice.error && <ErrorNote error={slice.error} />}
      {!summary && <div className="muted">{slice.items === undefined ? 'Loading…' : `InferenceService ${service} is not in ${ns}.`}</div>}
      {summary && (
        <CanaryForm
          clusterId={route.clusterId}
          summary={summary}
          {...(seed ? { seed } : {})}
          onApplied={() => go({ page: 'inference-service', clusterId: route.clusterId, namespace: ns, name: service })}
        />
      )}
    </div>
  );
}

function NewDeploy({ route }: { route: DeployRoute }) {
  const { clusterId } = route;
  const go = useRouter((s) => s.go);
  const clusters = useClusters((s) => s.list?.clusters);
  const cluster = clusters?.find((c) => c.id === clusterId);
  const namespaces = useNamespaces(clusterId);
  const source = route.model && route.version ? `version:${route.model}@${route.version}` : 'new';
  const key = deployDraftKey(clusterId, source);
  const v = useVersion(clusterId, route.model, route.version);

  const [form, setForm] = useState<DeployForm>(() => loadDeployDraft(key)?.form ?? newDeployForm(route.namespace ?? cluster?.namespace ?? 'default'));
  const [tab, setTab] = useState<'form' | 'yaml'>(() => loadDeployDraft(key)?.tab ?? 'form');
  const [yaml, setYaml] = useState<string | undefined>(() => loadDeployDraft(key)?.yaml);
  const [s3, setS3] = useState<S3Choice>(() => loadDeployDraft(key)?.s3 ?? noS3);
  const [keys, setKeys] = useState<S3Keys>({ accessKeyId: '', secretAccessKey: '' });
  const [restoredAt] = useState(() => loadDeployDraft(key)?.savedAt);
  const [touched, setTouched] = useState(false);
  const [yamlError, setYamlError] = useState<string | undefined>();
  const [serverProblems, setServerProblems] = useState<FieldProblem[]>([]);
  const [serverMessage, setServerMessage] = useState<string | undefined>();
  const [showChecks, setShowChecks] = useState(false);
  const [busy, setBusy] = useState<'validate' | 'deploy' | undefined>();
  const [passed, setPassed] = useState(false);
  const [perm, setPerm] = useState<ServingPermissions | AppError | undefined>();
  const [saveFailed, setSaveFailed] = useState(false);

  // the registry version fills what the user has not typed (a restored draft wins)
  const filled = useRef(false);
  useEffect(() => {
    if (filled.current || !v || v instanceof AppError || restoredAt) return;
    filled.current = true;
    setForm((f) => {
      const fmt = guessModelFormat(v.format);
      const next = fmt ? withFormat(f, fmt) : f;
      return { ...next, name: next.name || nameFromModel(v.model), storageUri: v.storageUri ?? next.storageUri, modelName: v.model, modelVersion: v.version };
    });
  }, [v, restoredAt]);

  useEffect(() => {
    if (touched) setSaveFailed(!saveDeployDraft(key, { form, yaml: tab === 'yaml' ? yaml : undefined, tab, s3, percent: 100 }));
  }, [form, yaml, tab, s3, touched, key]);

  const ns = form.namespace;
  useEffect(() => {
    if (!ns) return;
    let live = true;
    setPerm(undefined);
    api()
      .call(servingContract.permissions, { clusterId, namespace: ns })
      .then(
        (p) => live && setPerm(p),
        (e: unknown) => live && setPerm(e instanceof AppError ? e : new AppError('internal', String(e))),
      );
    return () => {
      live = false;
    };
  }, [clusterId, ns]);

  // a name already taken in the namespace: offer a canary of that service instead
  const nsSlice = useSlice(
    useMemo(
      () => (ns ? { clusterId, group: isvcKind.group, version: isvcKind.version, resource: isvcKind.resource, namespace: ns } : undefined),
      [clusterId, ns],
    ),
  );
  const taken = nsSlice.items?.some((o) => o.metadata.name === form.name) ?? false;

  const change = (f: DeployForm) => {
    setForm(f);
    setTouched(true);
    setPassed(false);
  };
  const changeS3 = (c: S3Choice) => {
    setS3(c);
    setTouched(true);
    const sa = c.mode === 'none' ? '' : c.serviceAccountName;
    if (sa !== form.serviceAccountName) change({ ...form, serviceAccountName: sa });
  };

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
      if (typeof o !== 'object' || o === null || Array.isArray(o)) throw new Error('The YAML must be one object (an InferenceService).');
      setForm(manifestToForm(o as Record<string, unknown>));
      setYamlError(undefined);
    } catch (e) {
      setYamlError(e instanceof Error ? e.message.split('\n')[0] : String(e));
    }
  };
  const openTab = (t: 'form' | 'yaml') => {
    if (t === tab) return;
    if (t === 'yaml') {
      setYaml(stringify(formToManifest(form), { lineWidth: 0 }));
      setYamlError(undefined);
    }
    setTab(t);
  };

  const s3Needed = isS3Uri(form.storageUri);
  const s3Checks = showChecks && s3Needed ? s3Problems(s3, keys) : {};
  const byField: Record<string, string[]> = { ...s3Checks };
  if (showChecks) for (const c of deployFormProblems(form)) (byField[c.field] ??= []).push(c.message);
  for (const p of serverProblems) {
    const f = p.field ? formFieldOfPath(p.field) : undefined;
    if (f) (byField[f] ??= []).push(p.message);
  }
  const other = serverProblems.filter((p) => !p.field || !formFieldOfPath(p.field));

  // a cluster without KServe: said at once rather than by a failed dry run
  const kinds = useKinds((st) => st.byCluster[clusterId]);
  const loadKinds = useKinds((st) => st.load);
  useEffect(() => {
    if (!kinds) void loadKinds(clusterId);
  }, [kinds, loadKinds, clusterId]);
  const noKserve =
    kinds && 'keys' in kinds && !kinds.keys.has(`${isvcKind.group}/${isvcKind.version}/${isvcKind.resource}`)
      ? `${cluster?.displayName ?? clusterId} does not serve KServe InferenceServices (serving.kserve.io/v1beta1).`
      : undefined;

  const permOk = perm && !(perm instanceof AppError) ? perm : undefined;
  const createS3 = s3Needed && s3.mode === 'create';
  const s3Blocked = permOk && createS3 ? [permOk.createSecret, permOk.createServiceAccount].find((p) => !p.allowed)?.reason : undefined;
  const blocked = noKserve ?? (permOk && !permOk.create.allowed ? permOk.create.reason : s3Blocked);

  const submit = async (deploy: boolean) => {
    setShowChecks(true);
    if (tab === 'yaml' && (yamlError || !yamlObject)) {
      notify('error', 'The YAML does not parse', yamlError ?? 'Fix the YAML first.');
      return;
    }
    if (deployFormProblems(form).length || (s3Needed && Object.keys(s3Problems(s3, keys)).length)) {
      setServerProblems([]);
      setServerMessage(undefined);
      return;
    }
    const object = tab === 'yaml' && yamlObject ? yamlObject : formToManifest(form);
    setBusy(deploy ? 'deploy' : 'validate');
    try {
      const dry = await api().call(servingContract.submit, { clusterId, object, dryRun: true });
      if (dry.problems) {
        setServerProblems(dry.problems);
        setServerMessage(dry.message);
        return;
      }
      const s3Req = createS3
        ? {
            clusterId,
            namespace: form.namespace,
            serviceAccountName: s3.serviceAccountName,
            secretName: s3.secretName,
            endpoint: s3.endpoint.trim(),
            useHttps: s3.useHttps,
            region: s3.region,
            verifySsl: s3.verifySsl,
            ...keys,
          }
        : undefined;
      if (s3Req) await api().call(servingContract.createS3Access, { ...s3Req, dryRun: true });
      setServerProblems([]);
      setServerMessage(undefined);
      if (!deploy) {
        setPassed(true);
        notify('success', 'The cluster accepts this InferenceService', 'The server-side dry run passed; nothing was created.');
        return;
      }
      if (s3Req) {
        await api().call(servingContract.createS3Access, { ...s3Req, dryRun: false });
        // made: from now on the draft uses it, and the keys are forgotten
        setKeys({ accessKeyId: '', secretAccessKey: '' });
        setS3({ ...s3, mode: 'existing' });
      }
      const made = await api().call(servingContract.submit, { clusterId, object, dryRun: false });
      if (made.problems) {
        setServerProblems(made.problems);
        setServerMessage(made.message);
        return;
      }
      discardDeployDraft(key);
      notify(
        'success',
        `InferenceService ${made.object.metadata.name} created`,
        `In ${made.object.metadata.namespace ?? form.namespace}; following it to Ready.`,
      );
      go({ page: 'inference-service', clusterId, namespace: made.object.metadata.namespace ?? form.namespace, name: made.object.metadata.name });
    } catch (e) {
      notifyError(e); // the draft is kept: nothing typed is lost
    } finally {
      setBusy(undefined);
    }
  };

  const discard = () => {
    discardDeployDraft(key);
    filled.current = false;
    setForm(newDeployForm(route.namespace ?? cluster?.namespace ?? 'default'));
    setS3(noS3);
    setKeys({ accessKeyId: '', secretAccessKey: '' });
    setTab('form');
    setYaml(undefined);
    setTouched(false);
    setServerProblems([]);
    setServerMessage(undefined);
    setShowChecks(false);
  };

  const editorProblems = useMemo(() => serverProblems.map((p) => ({ path: p.field, message: p.message })), [serverProblems]);
  const existingNote = taken ? (
    <div className="note info" role="status" data-testid="name-taken">
      <span>
        {form.name} already exists in {form.namespace}.{' '}
        <button
          className="btn"
          data-testid="deploy-as-canary"
          onClick={() =>
            go({
              page: 'deploy',
              clusterId,
              namespace: form.namespace,
              service: form.name,
              ...(route.model ? { model: route.model } : {}),
              ...(route.version ? { version: route.version } : {}),
            })
          }
        >
          Deploy to it as a canary instead
        </button>
      </span>
    </div>
  ) : undefined;

  return (
    <div className="page sv-page" data-testid="deploy-page">
      <header className="page-head">
        <h1>Deploy a model</h1>
        <span className="muted">{cluster?.displayName ?? clusterId}</span>
      </header>
      <VersionCard v={v} route={route} />
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
      <div className="sv-toolbar">
        <label className="sv-field">
          <span className="muted">Cluster</span>
          <select
            className="input"
            aria-label="Cluster"
            data-testid="deploy-cluster"
            value={clusterId}
            onChange={(e) =>
              // the draft of this cluster stays kept; the other cluster has its own
              go({
                page: 'deploy',
                clusterId: e.target.value,
                ...(route.model ? { model: route.model } : {}),
                ...(route.version ? { version: route.version } : {}),
              })
            }
          >
            {(clusters ?? []).map((c) => (
              <option key={c.id} value={c.id}>
                {c.displayName}
              </option>
            ))}
          </select>
        </label>
        <label className="sv-field">
          <span className="muted">Namespace</span>
          <select
            className="input"
            aria-label="Namespace"
            data-testid="deploy-namespace"
            value={form.namespace}
            onChange={(e) => {
              const next = { ...form, namespace: e.target.value, serviceAccountName: '' };
              change(next);
              setS3(noS3);
              if (tab === 'yaml') setYaml(stringify(formToManifest(next), { lineWidth: 0 }));
            }}
          >
            {[...new Set([form.namespace, ...(namespaces ?? [])])].filter(Boolean).map((n) => (
              <option key={n}>{n}</option>
            ))}
          </select>
        </label>
        <div className="sv-actions">
          <button className="btn" onClick={() => void submit(false)} disabled={busy !== undefined}>
            {busy === 'validate' ? 'Validating…' : 'Validate (dry run)'}
          </button>
          <button
            className="btn primary"
            data-testid="deploy-submit"
            onClick={() => void submit(true)}
            disabled={busy !== undefined || blocked !== undefined || taken}
            title={blocked ?? (taken ? 'The name is taken: deploy as a canary instead' : 'Dry-run, then create')}
          >
            {busy === 'deploy' ? 'Deploying…' : 'Deploy'}
          </button>
          <button className="btn ghost danger" onClick={discard} disabled={!touched && !restoredAt} title="Forget this draft and start again">
            Discard draft
          </button>
        </div>
      </div>
      {blocked && (
        <div className="note forbidden" role="status" data-testid="deploy-forbidden">
          <strong>Deploy is not available: </strong>
          {blocked}
        </div>
      )}
      {perm instanceof AppError && <ErrorNote error={perm} />}
      {passed && (
        <div className="note info" role="status" data-testid="dry-run-ok">
          The server-side dry run passed: the cluster accepts this InferenceService as it is.
        </div>
      )}
      {(serverMessage || other.length > 0) && (
        <div className="note error" role="alert" data-testid="deploy-problems">
          <strong>The cluster rejected the InferenceService</strong>
          {other.length === 0 && <div className="muted small">Each problem is shown next to its field.</div>}
          {other.length > 0 && (
            <ul>
              {other.map((p, i) => (
                <li key={i}>
                  {p.field && <code>{p.field}</code>} {p.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <div className="tabs" role="tablist">
        <button role="tab" className={`tab ${tab === 'form' ? 'active' : ''}`} aria-selected={tab === 'form'} onClick={() => openTab('form')}>
          Form
        </button>
        <button
          role="tab"
          className={`tab ${tab === 'yaml' ? 'active' : ''}`}
          aria-selected={tab === 'yaml'}
          data-testid="tab-yaml"
          onClick={() => openTab('yaml')}
        >
          YAML
        </button>
      </div>
      {tab === 'form' ? (
        <>
          <DeployFormView form={form} problems={byField} onChange={change} existingNote={existingNote} />
          {s3Needed && (
            <S3AccessFields
              clusterId={clusterId}
              namespace={form.namespace}
              choice={s3}
              keys={keys}
              problems={byField}
              onChange={changeS3}
              onKeys={setKeys}
              createBlocked={s3Blocked}
            />
          )}
        </>
      ) : (
        <div className="sv-yaml">
          {yamlError && (
            <div className="note error" role="alert">
              {yamlError}
            </div>
          )}
          <YamlEditor value={yaml ?? ''} onChange={onYaml} problems={editorProblems} testId="deploy-yaml" ariaLabel="InferenceService YAML" />
          <div className="muted small">MLDeck adds its rollout-history annotation (mldeck.dev/rollout-history) when it creates the service.</div>
        </div>
      )}
    </div>
  );
}
