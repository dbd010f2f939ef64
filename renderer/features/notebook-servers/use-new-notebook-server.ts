// SPDX-License-Identifier: Apache-2.0
/**
 * The data of the new-notebook-server page: the namespace's options (images, PodDefaults,
 * volumes, storage classes), the RBAC answer, and the create flow wired to
 * `notebook-servers:create` (the PVCs, then the Notebook; dry run first). The page renders.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { type AppError, asAppError } from '../../../shared/errors';
import {
  notebookServersContract,
  type CreateResult,
  type NotebookOptions,
  type NotebookPermissions,
  type NotebookProblem,
} from '../../../shared/features/notebook-servers/notebook-servers.contract';
import { formProblems, newNotebookForm, type NotebookForm, type NotebookManifests } from '../../../shared/kube/notebook-form';
import { useRouter, type Route } from '../../app/router';
import type { Outcome } from '../../components/create/create-spec';
import { draftKey } from '../../components/create/draft-store';
import { useCreateFlow } from '../../components/create/use-create-flow';
import { usePermissionCheck } from '../../components/use-permission-check';
import { api } from '../../lib/api/api-context';
import { notify } from '../../lib/notify';
import { useClusters } from '../../lib/clusters.store';
import { useNamespaces } from '../../lib/resources/use-namespaces';
import { listPath, serverCodec, serverCreateBlocked, serverDraft, serverPlacement } from './new-server-model';

/** The route of the page. */
export type NewServerRoute = Extract<Route, { page: 'notebook-new' }>;

/** The options of a namespace (asked again by `retry`). */
function useNotebookOptions(clusterId: string, namespace: string) {
  const [options, setOptions] = useState<NotebookOptions | undefined>();
  const [of, setOf] = useState('');
  const [error, setError] = useState<AppError | undefined>();
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (!namespace) return;
    let live = true;
    setOptions(undefined);
    setError(undefined);
    api()
      .call(notebookServersContract.options, { clusterId, namespace })
      .then(
        (o) => {
          if (!live) return;
          setOptions(o);
          setOf(namespace);
        },
        (e: unknown) => live && setError(asAppError(e)),
      );
    return () => {
      live = false;
    };
  }, [clusterId, namespace, attempt]);
  return { options, of, error, retry: () => setAttempt((a) => a + 1), setOptions };
}

/** A create's answer as the flow reads it. */
function outcome(r: CreateResult): Outcome<NotebookProblem, CreateResult> {
  return r.problems ? { rejected: { problems: r.problems, message: r.message } } : { done: r };
}

/** Everything the new-server page shows. */
export function useNewNotebookServer(route: NewServerRoute) {
  const { clusterId } = route;
  const go = useRouter((s) => s.go);
  const cluster = useClusters((s) => s.list?.clusters.find((c) => c.id === clusterId));
  const clusterName = cluster?.displayName ?? clusterId;
  const namespaces = useNamespaces(clusterId);
  const startNs = route.namespace ?? cluster?.namespace ?? 'default';
  const fresh = useMemo(() => newNotebookForm(startNs), [startNs]);
  const [namespace, setNamespace] = useState('');
  const opts = useNotebookOptions(clusterId, namespace);
  const send = (m: NotebookManifests, dryRun: boolean) =>
    api().call(notebookServersContract.create, { clusterId, notebook: m.notebook, volumes: m.volumes, dryRun }).then(outcome);

  const flow = useCreateFlow<NotebookForm, NotebookManifests, NotebookProblem, CreateResult, Record<never, never>>({
    ...serverCodec(opts.options?.podDefaults ?? []),
    ...serverPlacement,
    draft: serverDraft,
    draftKey: draftKey(serverDraft.prefix, clusterId),
    fresh,
    freshExtra: {},
    checks: (form) => formProblems(form),
    checksOnYaml: false,
    editorPath: listPath,
    dryRun: (m) => send(m, true),
    create: (m) => send(m, false),
    created: (r, form) => {
      const name = r.notebook?.metadata.name ?? form.name;
      const ns = r.notebook?.metadata.namespace ?? form.namespace;
      const volumes = r.volumes ?? [];
      notify('success', `Notebook server ${name} created`, volumes.length ? `In ${ns}, with ${volumes.map((v) => v.metadata.name).join(', ')}.` : `In ${ns}.`);
      go({ page: 'notebook-server', clusterId, namespace: ns, name });
    },
    acceptedNoun: 'this server',
  });
  const form = flow.form;
  useEffect(() => setNamespace(form?.namespace ?? ''), [form?.namespace]);

  // a namespace without Kubeflow's default-editor account: the pod would never be made with it
  // (checked once per namespace, so the user can still type it on purpose)
  const accountChecked = useRef('');
  const { options } = opts;
  const { replaceForm } = flow;
  useEffect(() => {
    if (!options || !form || opts.of !== form.namespace || accountChecked.current === form.namespace) return;
    accountChecked.current = form.namespace;
    if (!options.hasDefaultEditor && form.serviceAccount === 'default-editor') replaceForm((f) => ({ ...f, serviceAccount: '' }));
  }, [options, opts.of, form, replaceForm]);

  const permission = usePermissionCheck<NotebookPermissions>(namespace ? `${clusterId}|${namespace}` : undefined, () =>
    api().call(notebookServersContract.permissions, { clusterId, namespace }),
  );
  return { clusterName, namespaces, options: opts, flow, permission, blocked: serverCreateBlocked(form, permission.value) };
}
