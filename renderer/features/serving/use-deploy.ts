// SPDX-License-Identifier: Apache-2.0
/**
 * The data of the deploy page: the registry version it starts from, whether the cluster serves
 * KServe, whether the name is taken in the namespace (offer a canary instead), the RBAC answer,
 * the S3 keys (in memory only, until sent once) and the create flow wired to `serving:*` (dry
 * run of the service and the S3 access, then the S3 Secret and account, then the service).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { AppError, asAppError } from '../../../shared/errors';
import { servingContract, type FieldProblem } from '../../../shared/features/serving/serving.contract';
import { isvcKind, newDeployForm, type DeployForm } from '../../../shared/serving/deploy-form';
import { isS3Uri } from '../../../shared/serving/model-formats';
import type { KubeObject } from '../../../shared/kube/object';
import { useRouter, type Route } from '../../app/router';
import { submitOutcome } from '../../components/create/create-spec';
import { draftKey } from '../../components/create/draft-store';
import { useCreateFlow } from '../../components/create/use-create-flow';
import { api } from '../../lib/api/api-context';
import { notify } from '../../lib/notify';
import { useClusters } from '../../lib/clusters.store';
import { useKinds } from '../../lib/resources/kinds.store';
import { useSlice } from '../../lib/sync/use-slice';
import {
  deployBlocked,
  deployChecks,
  deployCodec,
  deployDraft,
  deployPlacement,
  noKeys,
  noS3,
  prefilled,
  s3Blocked,
  type DeployExtra,
  type S3Choice,
  type S3Keys,
} from './deploy-model';
import { useServingPermissions } from './use-serving-calls';
import { loadVersionPrefill, type VersionPrefill } from './registry-prefill';

/** The route of the page. */
export type DeployRoute = Extract<Route, { page: 'deploy' }>;

/** The registry version of the route, loaded once. */
export function useVersion(clusterId: string, model: string | undefined, version: string | undefined) {
  const [v, setV] = useState<VersionPrefill | AppError | undefined>();
  useEffect(() => {
    if (!model || !version) return;
    let live = true;
    loadVersionPrefill(clusterId, model, version).then(
      (p) => live && setV(p),
      (e: unknown) => live && setV(asAppError(e)),
    );
    return () => {
      live = false;
    };
  }, [clusterId, model, version]);
  return v;
}

/** The InferenceServices of a namespace (live slice). */
export function useIsvcSlice(clusterId: string, namespace: string | undefined) {
  return useSlice(
    useMemo(
      () => (namespace ? { clusterId, group: isvcKind.group, version: isvcKind.version, resource: isvcKind.resource, namespace } : undefined),
      [clusterId, namespace],
    ),
  );
}

/** Why the cluster cannot take a deploy at all (no KServe), said at once rather than by a failed dry run. */
function useNoKserve(clusterId: string, clusterName: string): string | undefined {
  const kinds = useKinds((st) => st.byCluster[clusterId]);
  const loadKinds = useKinds((st) => st.load);
  useEffect(() => {
    if (!kinds) void loadKinds(clusterId);
  }, [kinds, loadKinds, clusterId]);
  return kinds && 'keys' in kinds && !kinds.keys.has(`${isvcKind.group}/${isvcKind.version}/${isvcKind.resource}`)
    ? `${clusterName} does not serve KServe InferenceServices (serving.kserve.io/v1beta1).`
    : undefined;
}

/** Everything the new-deploy page shows. */
export function useDeploy(route: DeployRoute) {
  const { clusterId } = route;
  const go = useRouter((s) => s.go);
  const clusters = useClusters((s) => s.list?.clusters);
  const cluster = clusters?.find((c) => c.id === clusterId);
  const clusterName = cluster?.displayName ?? clusterId;
  const source = route.model && route.version ? `version:${route.model}@${route.version}` : route.uri ? `uri:${route.uri}` : 'new';
  const version = useVersion(clusterId, route.model, route.version);
  const startNs = route.namespace ?? cluster?.namespace ?? 'default';
  // a model folder from the storage browser: its storageUri and format
  const fresh = useMemo(
    () => newDeployForm(startNs, { ...(route.uri ? { storageUri: route.uri } : {}), ...(route.format ? { format: route.format } : {}) }),
    [startNs, route.uri, route.format],
  );
  const [keys, setKeys] = useState<S3Keys>(noKeys);

  const s3Request = (form: DeployForm, s3: S3Choice) =>
    isS3Uri(form.storageUri) && s3.mode === 'create'
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

  const flow = useCreateFlow<DeployForm, Record<string, unknown>, FieldProblem, KubeObject, DeployExtra>({
    ...deployCodec,
    ...deployPlacement,
    draft: deployDraft,
    draftKey: draftKey(deployDraft.prefix, clusterId, source),
    fresh,
    freshExtra: { s3: noS3, percent: 100 },
    checks: (form, x) => deployChecks(form, x.s3, keys),
    dryRun: async (object, form, x) => {
      const dry = submitOutcome(await api().call(servingContract.submit, { clusterId, object, dryRun: true }));
      const s3 = s3Request(form, x.s3);
      if ('done' in dry && s3) await api().call(servingContract.createS3Access, { ...s3, dryRun: true });
      return dry;
    },
    create: async (object, form, x) => {
      const s3 = s3Request(form, x.s3);
      if (s3) {
        await api().call(servingContract.createS3Access, { ...s3, dryRun: false });
        // made: from now on the draft uses it, and the keys are forgotten
        setKeys(noKeys);
        flow.changeExtra({ ...x, s3: { ...x.s3, mode: 'existing' } });
      }
      return submitOutcome(await api().call(servingContract.submit, { clusterId, object, dryRun: false }));
    },
    created: (made, form) => {
      const ns = made.metadata.namespace ?? form.namespace;
      notify('success', `InferenceService ${made.metadata.name} created`, `In ${ns}; following it to Ready.`);
      go({ page: 'inference-service', clusterId, namespace: ns, name: made.metadata.name });
    },
    discarded: () => setKeys(noKeys),
    acceptedNoun: 'this InferenceService',
  });
  const { form, extra, replaceForm, restoredAt, generation } = flow;

  // the registry version fills what the user has not typed (a restored draft wins); again after Discard draft
  const filled = useRef(-1);
  const formReady = form !== undefined;
  useEffect(() => {
    if (filled.current === generation || !formReady || !version || version instanceof AppError || restoredAt) return;
    filled.current = generation;
    replaceForm((f) => prefilled(f, version));
  }, [version, restoredAt, generation, formReady, replaceForm]);

  const ns = form?.namespace;
  const permission = useServingPermissions(clusterId, ns);
  // a name already taken in the namespace: offer a canary of that service instead
  const nsSlice = useIsvcSlice(clusterId, ns);
  const taken = form !== undefined && (nsSlice.items?.some((o) => o.metadata.name === form.name) ?? false);
  const noKserve = useNoKserve(clusterId, clusterName);
  const s3Needed = form !== undefined && isS3Uri(form.storageUri);
  const createsS3 = s3Needed && extra.s3.mode === 'create';

  /** The user changed the S3 part: the service runs as the chosen account. */
  const changeS3 = (c: S3Choice) => {
    if (!form) return;
    flow.changeExtra({ ...extra, s3: c });
    const sa = c.mode === 'none' ? '' : c.serviceAccountName;
    if (sa !== form.serviceAccountName) flow.change({ ...form, serviceAccountName: sa });
  };
  /** Another namespace: its accounts differ, so the S3 choice starts again. */
  const changeNamespace = (namespace: string) => {
    if (!form) return;
    flow.changeExtra({ ...extra, s3: noS3 });
    flow.changeAll({ ...form, namespace, serviceAccountName: '' });
  };

  return {
    clusters,
    clusterName,
    version,
    flow,
    keys,
    setKeys,
    changeS3,
    changeNamespace,
    taken,
    s3Needed,
    s3Blocked: createsS3 ? s3Blocked(permission.value) : undefined,
    permission,
    blocked: deployBlocked(noKserve, permission.value, createsS3),
  };
}
