// SPDX-License-Identifier: Apache-2.0
/**
 * The data of the new-job page: the training kinds the cluster serves, the job a clone starts
 * from, the create flow wired to `jobs:*` (schema check, dry run, create) and the RBAC answer for
 * the chosen kind and namespace. The page only renders what this returns.
 */
import { useEffect, useMemo, useState } from 'react';
import { jobsContract, type FieldProblem, type JobPermissions } from '../../../shared/features/jobs/jobs.contract';
import { resourcesContract } from '../../../shared/features/resources/resources.contract';
import { formKind, formProblems, manifestToForm, type JobForm } from '../../../shared/kube/job-form';
import { trainingKindKey } from '../../../shared/kube/training-kinds';
import { useRouter, type Route } from '../../app/router';
import { submitOutcome } from '../../components/create/create-spec';
import { draftKey } from '../../components/create/draft-store';
import { useCreateFlow } from '../../components/create/use-create-flow';
import { useReadForm } from '../../components/create/use-read-form';
import type { KubeObject } from '../../../shared/kube/object';
import { usePermissionCheck } from '../../components/use-permission-check';
import { api } from '../../lib/api/api-context';
import { notify } from '../../lib/notify';
import { useClusters } from '../../lib/clusters.store';
import { useKinds } from '../../lib/resources/kinds.store';
import { useNamespaces } from '../../lib/resources/use-namespaces';
import { createBlocked, freshJobForm, jobCodec, jobDraft, jobPlacement, servedKinds, startingKind } from './new-job-model';

/** The route of the page. */
export type NewJobRoute = Extract<Route, { page: 'job-new' }>;

/** The training kinds the cluster serves (main answers from its cache when the cluster is unreachable). */
function useServedKinds(clusterId: string) {
  const kinds = useKinds((s) => s.byCluster[clusterId]);
  const load = useKinds((s) => s.load);
  useEffect(() => {
    if (!kinds) void load(clusterId);
  }, [kinds, load, clusterId]);
  const error = kinds && 'error' in kinds ? kinds.error : undefined;
  const served = useMemo(() => servedKinds(kinds && 'keys' in kinds ? kinds.keys : undefined), [kinds]);
  return { known: kinds !== undefined, error, served, reload: () => void load(clusterId) };
}

/** The form a clone starts from (read only when `wanted`). */
function useCloneForm(clusterId: string, cloneOf: NewJobRoute['cloneOf'], wanted: boolean) {
  const key = cloneOf ? `${clusterId}|${trainingKindKey(cloneOf.kind)}/${cloneOf.namespace}/${cloneOf.name}` : '';
  return useReadForm(
    key,
    wanted,
    cloneOf &&
      (async () => {
        const r = await api().call(resourcesContract.get, { clusterId, ...cloneOf.kind, namespace: cloneOf.namespace, name: cloneOf.name });
        return manifestToForm(r.object as Record<string, unknown>, { clone: true });
      }),
  );
}

/** Everything the new-job page shows. */
export function useNewJob(route: NewJobRoute) {
  const { clusterId, cloneOf } = route;
  const go = useRouter((s) => s.go);
  const cluster = useClusters((s) => s.list?.clusters.find((c) => c.id === clusterId));
  const clusterName = cluster?.displayName ?? clusterId;
  const namespaces = useNamespaces(clusterId);
  const kinds = useServedKinds(clusterId);
  const source = cloneOf ? `clone:${trainingKindKey(cloneOf.kind)}/${cloneOf.namespace}/${cloneOf.name}` : 'new';
  const [needsClone, setNeedsClone] = useState(false);
  const clone = useCloneForm(clusterId, cloneOf, needsClone);
  const namespace = route.namespace ?? cluster?.namespace ?? 'default';
  const fresh = useMemo(
    () => (cloneOf ? clone.form : freshJobForm(startingKind(kinds.served, route.kind), namespace)),
    [cloneOf, clone.form, kinds.served, route.kind, namespace],
  );

  const flow = useCreateFlow<JobForm, Record<string, unknown>, FieldProblem, KubeObject, Record<never, never>>({
    ...jobCodec,
    ...jobPlacement,
    draft: jobDraft,
    draftKey: draftKey(jobDraft.prefix, clusterId, source),
    fresh,
    freshExtra: {},
    checks: (form) => formProblems(form),
    schemaCheck: async (object) => (await api().call(jobsContract.validate, { clusterId, object })).problems,
    dryRun: (object) => api().call(jobsContract.submit, { clusterId, object, dryRun: true }).then(submitOutcome),
    create: (object) => api().call(jobsContract.submit, { clusterId, object, dryRun: false }).then(submitOutcome),
    created: (made, form) => {
      const name = made.metadata.name;
      const ns = made.metadata.namespace ?? form.namespace;
      notify('success', `${formKind(form).kind} ${name} created`, `In ${ns}.`);
      go({ page: 'job', clusterId, kind: form.kind, namespace: ns, name });
    },
    acceptedNoun: 'this job',
  });
  useEffect(() => setNeedsClone(flow.waiting && cloneOf !== undefined), [flow.waiting, cloneOf]);

  const kind = flow.form ? formKind(flow.form) : undefined;
  const ns = flow.form?.namespace ?? '';
  const permission = usePermissionCheck<JobPermissions>(kind && ns ? `${clusterId}|${ns}|${kind.group}/${kind.resource}` : undefined, () =>
    api().call(jobsContract.permissions, { clusterId, namespace: ns, group: kind?.group ?? '', resource: kind?.resource ?? '' }),
  );
  const blocked = createBlocked({
    clusterName,
    kind,
    served: kinds.served,
    kindsKnown: kinds.known,
    kindsFailed: kinds.error !== undefined,
    permissions: permission.value,
  });
  return { clusterName, namespaces, kinds, kind, loadError: clone.error, flow, permission, blocked };
}
