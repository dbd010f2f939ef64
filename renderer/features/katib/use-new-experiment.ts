// SPDX-License-Identifier: Apache-2.0
/**
 * The data of the new-experiment page: the form it starts from (fresh, a clone of an
 * experiment, or a training job's spec as the trial template: "Tune this job"), the create flow
 * wired to `katib:submit` (the form's checks, a dry run, create) and the RBAC answer for the
 * namespace. The page only renders what this returns.
 */
import { useEffect, useMemo, useState } from 'react';
import { cloneForm, formFromJob, newExperimentForm, type ExperimentForm } from '../../../shared/features/katib/experiment-form';
import { katibContract, type KatibPermissions } from '../../../shared/features/katib/katib.contract';
import { katibGroup, katibVersion } from '../../../shared/features/katib/katib-objects';
import { resourcesContract } from '../../../shared/features/resources/resources.contract';
import type { FieldProblem } from '../../../shared/kube/field-problem';
import type { KubeObject } from '../../../shared/kube/object';
import { useRouter, type Route } from '../../app/router';
import { submitOutcome } from '../../components/create/create-spec';
import { draftKey } from '../../components/create/draft-store';
import { useCreateFlow } from '../../components/create/use-create-flow';
import { useReadForm } from '../../components/create/use-read-form';
import { usePermissionCheck } from '../../components/use-permission-check';
import { api } from '../../lib/api/api-context';
import { useClusters } from '../../lib/clusters.store';
import { notify } from '../../lib/notify';
import { useNamespaces } from '../../lib/resources/use-namespaces';
import { experimentChecks, experimentCodec, experimentDraft, experimentPlacement } from './new-experiment-model';

/** The route of the page. */
export type NewExperimentRoute = Extract<Route, { page: 'experiment-new' }>;

/** The form a clone or a tuned job starts from, read once the flow asks for it. */
function useStartingForm(clusterId: string, route: NewExperimentRoute, wanted: boolean) {
  const { fromJob, cloneOf } = route;
  const ref = fromJob
    ? `job:${fromJob.kind.group}/${fromJob.kind.resource}/${fromJob.namespace}/${fromJob.name}`
    : cloneOf
      ? `clone:${cloneOf.namespace}/${cloneOf.name}`
      : '';
  const read = async () => {
    const r = fromJob
      ? await api().call(resourcesContract.get, { clusterId, ...fromJob.kind, namespace: fromJob.namespace, name: fromJob.name })
      : await api().call(resourcesContract.get, {
          clusterId,
          group: katibGroup,
          version: katibVersion,
          resource: 'experiments',
          namespace: cloneOf?.namespace,
          name: cloneOf?.name ?? '',
        });
    return fromJob ? formFromJob(r.object as Record<string, unknown>) : cloneForm(r.object as Record<string, unknown>);
  };
  const { form, error } = useReadForm(`${clusterId}|${ref}`, wanted, ref ? read : undefined);
  return { ref, form, error };
}

/** Everything the new-experiment page shows. */
export function useNewExperiment(route: NewExperimentRoute) {
  const { clusterId } = route;
  const go = useRouter((s) => s.go);
  const cluster = useClusters((s) => s.list?.clusters.find((c) => c.id === clusterId));
  const clusterName = cluster?.displayName ?? clusterId;
  const namespaces = useNamespaces(clusterId);
  const [needsStart, setNeedsStart] = useState(false);
  const start = useStartingForm(clusterId, route, needsStart);
  const namespace = route.namespace ?? route.fromJob?.namespace ?? cluster?.namespace ?? 'default';
  const fresh = useMemo(() => (start.ref ? start.form : newExperimentForm(namespace)), [start.ref, start.form, namespace]);

  const flow = useCreateFlow<ExperimentForm, Record<string, unknown>, FieldProblem, KubeObject, Record<never, never>>({
    ...experimentCodec,
    ...experimentPlacement,
    draft: experimentDraft,
    draftKey: draftKey(experimentDraft.prefix, clusterId, start.ref || 'new'),
    fresh,
    freshExtra: {},
    checks: (form) => experimentChecks(form),
    dryRun: (object) => api().call(katibContract.submit, { clusterId, object, dryRun: true }).then(submitOutcome),
    create: (object) => api().call(katibContract.submit, { clusterId, object, dryRun: false }).then(submitOutcome),
    created: (made, form) => {
      const ns = made.metadata.namespace ?? form.namespace;
      notify('success', `Experiment ${made.metadata.name} created`, `In ${ns}; Katib starts its trials.`);
      go({ page: 'experiment', clusterId, namespace: ns, name: made.metadata.name });
    },
    acceptedNoun: 'this experiment',
  });
  useEffect(() => setNeedsStart(flow.waiting && start.ref !== ''), [flow.waiting, start.ref]);

  const ns = flow.form?.namespace ?? '';
  const permission = usePermissionCheck<KatibPermissions>(ns ? `${clusterId}|${ns}|experiments` : undefined, () =>
    api().call(katibContract.permissions, { clusterId, namespace: ns }),
  );
  const blocked = permission.value && !permission.value.create.allowed ? permission.value.create.reason : undefined;
  return { clusterName, namespaces, loadError: start.error, flow, permission, blocked };
}
