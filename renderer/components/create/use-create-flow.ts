// SPDX-License-Identifier: Apache-2.0
/**
 * The state machine of a create page, shared by every "create a Kubernetes object from a form"
 * page: start from the kept draft, else the page's fresh form; keep the draft on every change the
 * user makes; form ⇄ YAML tabs kept in sync (`yaml-sync.ts`); the schema check of the YAML tab;
 * Validate (server dry run) and Create (dry run, then create, then the page follows the object),
 * with the cluster's problems placed at their fields (`problem-placement.ts`); Discard draft.
 * Nothing typed is lost to a failure: the draft stays until the object is created.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { notify, notifyError } from '../../lib/notify';
import type { CreateSpec } from './create-spec';
import { discardDraft, loadDraft, saveDraft, type CreateTab } from './draft-store';
import { editorMarkers, placeProblems, type ServerProblem } from './problem-placement';
import { useSchemaCheck } from './use-schema-check';
import { manifestToSend, yamlEdited, yamlForForm } from './yaml-sync';

/** What a submit is doing. */
export type Busy = 'validate' | 'create' | undefined;

/** The flow of one create page (see the file comment). */
export function useCreateFlow<F, M, P extends ServerProblem, C, X extends object>(spec: CreateSpec<F, M, P, C, X>) {
  const ref = useRef(spec);
  ref.current = spec;
  const key = spec.draftKey;

  const [form, setForm] = useState<F | undefined>();
  const [extra, setExtra] = useState<X>(spec.freshExtra);
  const [tab, setTab] = useState<CreateTab>('form');
  const [yaml, setYaml] = useState<string | undefined>();
  const [yamlError, setYamlError] = useState<string | undefined>();
  const [restoredAt, setRestoredAt] = useState<number | undefined>();
  const [touched, setTouched] = useState(false);
  const [saveFailed, setSaveFailed] = useState(false);
  const [serverProblems, setServerProblems] = useState<P[]>([]);
  const [serverMessage, setServerMessage] = useState<string | undefined>();
  const [showChecks, setShowChecks] = useState(false);
  const [busy, setBusy] = useState<Busy>();
  const [passed, setPassed] = useState(false);
  /** Bumped by Discard draft to start over. */
  const [generation, setGeneration] = useState(0);

  // the starting form: the kept draft, else the page's fresh form once it is ready
  const started = useRef('');
  const [waiting, setWaiting] = useState(false);
  const fresh = spec.fresh;
  useEffect(() => {
    if (started.current === key) return;
    const draft = loadDraft(ref.current.draft, key);
    if (draft) {
      started.current = key;
      setWaiting(false);
      setForm(draft.form);
      setExtra(draft.extra);
      setYaml(draft.yaml);
      setTab(draft.tab);
      setRestoredAt(draft.savedAt);
      return;
    }
    setWaiting(true);
    if (fresh === undefined) return;
    started.current = key;
    setWaiting(false);
    setForm(fresh);
    setExtra(ref.current.freshExtra);
  }, [key, fresh, generation]);

  // keep the draft on every change the user makes
  useEffect(() => {
    if (form === undefined || !touched) return;
    setSaveFailed(!saveDraft(key, { form, extra, yaml: tab === 'yaml' ? yaml : undefined, tab }));
  }, [form, extra, yaml, tab, touched, key]);

  const edited = useCallback(() => {
    setTouched(true);
    setPassed(false);
  }, []);

  /** The user changed the form. */
  const change = useCallback(
    (f: F) => {
      setForm(f);
      edited();
    },
    [edited],
  );
  /** The user changed what the page keeps beside the form. */
  const changeExtra = useCallback(
    (x: X) => {
      setExtra(x);
      edited();
    },
    [edited],
  );
  /** A change made for the user (prefill, a default that does not apply): not itself a reason to keep a draft. */
  const replaceForm = useCallback((fn: (f: F) => F) => setForm((f) => (f === undefined ? f : fn(f))), []);
  /** A change from outside both tabs (kind, namespace): the YAML tab is rewritten to match. */
  const changeAll = (f: F) => {
    change(f);
    if (tab === 'yaml') setYaml(yamlForForm(ref.current, f));
  };

  /** An edit in the YAML tab: the form follows when the text parses. */
  const onYaml = (text: string) => {
    setYaml(text);
    edited();
    const r = yamlEdited(ref.current, text);
    if (r.form !== undefined) setForm(r.form);
    setYamlError(r.error);
  };

  const openTab = (t: CreateTab) => {
    if (t === tab || form === undefined) return;
    if (t === 'yaml') {
      setYaml(yamlForForm(ref.current, form));
      setYamlError(undefined);
    }
    setTab(t);
  };

  // the YAML tab's manifest when it parses: what the schema check reads
  const yamlManifest = useMemo(() => {
    if (tab !== 'yaml' || yaml === undefined) return undefined;
    try {
      return ref.current.fromYaml(yaml);
    } catch {
      return undefined;
    }
  }, [tab, yaml]);
  const schema = useSchemaCheck(yamlManifest, spec.schemaCheck ? (m: M) => ref.current.schemaCheck?.(m) ?? Promise.resolve([]) : undefined);

  const checksApply = tab === 'form' || spec.checksOnYaml !== false;
  const checks = useMemo(
    () => (form !== undefined && showChecks && checksApply ? ref.current.checks(form, extra) : []),
    // spec.checks may read page state beside the form (typed keys): recomputed each render it changes
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [form, extra, showChecks, checksApply, spec],
  );
  // at their fields on the form tab; on the YAML tab the list and the editor's markers say them
  const placed = useMemo(
    () =>
      form === undefined
        ? { byField: {}, other: [] as P[] }
        : tab === 'form'
          ? placeProblems(ref.current, form, serverProblems, checks)
          : { byField: {}, other: serverProblems },
    [form, tab, serverProblems, checks],
  );
  const editorProblems = useMemo(
    () => editorMarkers([...schema.problems, ...serverProblems], spec.editorPath ? (p: P) => ref.current.editorPath?.(p, yaml ?? '') ?? '' : undefined),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [schema.problems, serverProblems, yaml],
  );

  const clearServer = () => {
    setServerProblems([]);
    setServerMessage(undefined);
  };

  const submit = async (create: boolean) => {
    const s = ref.current;
    if (form === undefined) return;
    setShowChecks(true);
    const sent = manifestToSend(s, tab, form, yaml);
    if ('error' in sent) {
      notify('error', 'The YAML does not parse', sent.error);
      return;
    }
    if (checksApply && s.checks(form, extra).length > 0) return clearServer();
    setBusy(create ? 'create' : 'validate');
    try {
      const dry = await s.dryRun(sent.manifest, form, extra);
      if ('rejected' in dry) {
        setServerProblems(dry.rejected.problems);
        setServerMessage(dry.rejected.message);
        return;
      }
      clearServer();
      if (!create) {
        setPassed(true);
        notify('success', `The cluster accepts ${s.acceptedNoun}`, 'The server-side dry run passed; nothing was created.');
        return;
      }
      const made = await s.create(sent.manifest, form, extra);
      if ('rejected' in made) {
        setServerProblems(made.rejected.problems);
        setServerMessage(made.rejected.message);
        return;
      }
      discardDraft(key);
      s.created(made.done, form);
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
    clearServer();
    setShowChecks(false);
    setPassed(false);
    setYaml(undefined);
    setYamlError(undefined);
    setTab('form');
    setForm(undefined);
    ref.current.discarded?.();
    setGeneration((g) => g + 1);
  };

  return {
    form,
    extra,
    tab,
    yaml,
    yamlError,
    restoredAt,
    touched,
    saveFailed,
    busy,
    passed,
    /** No draft, and the page's fresh form is not ready yet. */
    waiting,
    /** Bumped by each Discard draft (a page's once-per-start prefill keys on it). */
    generation,
    placed,
    checks,
    serverProblems,
    serverMessage,
    schema,
    hasSchemaCheck: spec.schemaCheck !== undefined,
    editorProblems,
    change,
    changeExtra,
    changeAll,
    replaceForm,
    onYaml,
    openTab,
    submit,
    discard,
  };
}
