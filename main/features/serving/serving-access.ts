// SPDX-License-Identifier: Apache-2.0
/**
 * Who may do what in a namespace (SelfSubjectAccessReview, with reasons naming the user), the
 * explanation of a 403 in the same words, and S3 access for KServe's storage initializer: a
 * Secret with `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY` and the `serving.kserve.io/s3-*`
 * annotations, listed by a ServiceAccount the predictor runs as. Secrets are listed as metadata
 * only (`PartialObjectMetadataList`), so their data never reaches MLDeck.
 */
import { AppError, isAppError } from '../../../shared/errors';
import type { Permission, S3AccessRequest, ServiceAccounts, ServingPermissions } from '../../../shared/features/serving/serving.contract';
import type { KubeHttp } from '../../platform/kube/kube-http';

/** KServe's S3 annotations on a credentials Secret (`pkg/credentials/s3/s3_secret.go`). */
export const s3Annotations = {
  endpoint: 'serving.kserve.io/s3-endpoint',
  useHttps: 'serving.kserve.io/s3-usehttps',
  region: 'serving.kserve.io/s3-region',
  verifySsl: 'serving.kserve.io/s3-verifyssl',
} as const;

interface Meta {
  name: string;
  annotations?: Record<string, string>;
  resourceVersion?: string;
}

/** The user name the cluster gives the credentials ('' when it will not say). */
export async function whoAmI(h: KubeHttp): Promise<string> {
  return h
    .request<{ status?: { userInfo?: { username?: string } } }>({
      method: 'POST',
      path: '/apis/authentication.k8s.io/v1/selfsubjectreviews',
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
    })
    .then((r) => r.status?.userInfo?.username ?? '')
    .catch(() => ''); // older servers or a forbidden review: the answers still stand, only the name is missing
}

async function review(h: KubeHttp, attrs: { verb: string; group: string; resource: string; subresource?: string; namespace: string }) {
  const r = await h.request<{ status?: { allowed?: boolean; reason?: string } }>({
    method: 'POST',
    path: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
    body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: attrs } },
  });
  return { allowed: r.status?.allowed === true, reason: r.status?.reason ?? '' };
}

/** What the user may do with serving in a namespace. */
export async function servingPermissions(h: KubeHttp, namespace: string): Promise<ServingPermissions> {
  const isvc = { group: 'serving.kserve.io', resource: 'inferenceservices', namespace };
  const [user, create, patch, secret, sa, pf] = await Promise.all([
    whoAmI(h),
    review(h, { verb: 'create', ...isvc }),
    review(h, { verb: 'patch', ...isvc }),
    review(h, { verb: 'create', group: '', resource: 'secrets', namespace }),
    review(h, { verb: 'create', group: '', resource: 'serviceaccounts', namespace }),
    review(h, { verb: 'create', group: '', resource: 'pods', subresource: 'portforward', namespace }),
  ]);
  const who = user || 'Your account';
  const explain = (verb: string, what: string, r: { allowed: boolean; reason: string }): Permission =>
    r.allowed
      ? { allowed: true, reason: '' }
      : { allowed: false, reason: `${who} may not ${verb} ${what} in ${namespace}${r.reason ? ` (${r.reason})` : ''}.` };
  return {
    user,
    create: explain('create', 'inferenceservices', create),
    patch: explain('change', 'inferenceservices', patch),
    createSecret: explain('create', 'secrets', secret),
    createServiceAccount: explain('create', 'serviceaccounts', sa),
    portForward: explain('port-forward to', 'pods', pf),
  };
}

/** A 403 in words naming the user, verb, resource and namespace (the server's message as detail). */
export async function explainForbidden(h: KubeHttp, e: unknown, verb: string, resource: string, namespace: string): Promise<unknown> {
  if (!isAppError(e) || e.code !== 'forbidden') return e;
  const who = (await whoAmI(h)) || 'Your account';
  return new AppError('forbidden', `${who} may not ${verb} ${resource} in ${namespace}.`, e.message, undefined, 'cluster');
}

/** ServiceAccounts of the namespace with the S3 Secrets each lists. */
export async function serviceAccounts(h: KubeHttp, namespace: string): Promise<ServiceAccounts> {
  const ns = encodeURIComponent(namespace);
  const sas = await h.request<{ items?: { metadata: Meta; secrets?: { name?: string }[] }[] }>({ path: `/api/v1/namespaces/${ns}/serviceaccounts` });
  let secrets: Meta[] | undefined;
  try {
    const list = await h.request<{ items?: { metadata: Meta }[] }>({
      path: `/api/v1/namespaces/${ns}/secrets`,
      accept: 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1',
    });
    secrets = (list.items ?? []).map((i) => i.metadata);
  } catch (e) {
    if (!isAppError(e) || e.code !== 'forbidden') throw e;
  }
  const s3 = new Map((secrets ?? []).filter((s) => s.annotations?.[s3Annotations.endpoint] !== undefined).map((s) => [s.name, s]));
  return {
    secretsReadable: secrets !== undefined,
    accounts: (sas.items ?? [])
      .map((sa) => ({
        name: sa.metadata.name,
        s3Secrets: (sa.secrets ?? [])
          .map((r) => r.name ?? '')
          .filter((n) => s3.has(n))
          .map((n) => ({ name: n, endpoint: s3.get(n)?.annotations?.[s3Annotations.endpoint] })),
      }))
      .sort((a, b) => b.s3Secrets.length - a.s3Secrets.length || a.name.localeCompare(b.name)),
  };
}

/** Creates the S3 Secret and a ServiceAccount listing it (or adds it to the existing ServiceAccount). */
export async function createS3Access(h: KubeHttp, req: S3AccessRequest): Promise<{ serviceAccountName: string; secretName: string }> {
  const ns = encodeURIComponent(req.namespace);
  const query = req.dryRun ? { dryRun: 'All', fieldValidation: 'Strict' } : { fieldValidation: 'Strict' };
  const annotations: Record<string, string> = {
    [s3Annotations.endpoint]: req.endpoint,
    [s3Annotations.useHttps]: req.useHttps ? '1' : '0',
    [s3Annotations.verifySsl]: req.verifySsl ? '1' : '0',
  };
  if (req.region.trim()) annotations[s3Annotations.region] = req.region.trim();
  const labels = { 'app.kubernetes.io/managed-by': 'mldeck' };
  try {
    await h.request({
      method: 'POST',
      path: `/api/v1/namespaces/${ns}/secrets`,
      query,
      body: {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: req.secretName, namespace: req.namespace, annotations, labels },
        type: 'Opaque',
        stringData: { AWS_ACCESS_KEY_ID: req.accessKeyId, AWS_SECRET_ACCESS_KEY: req.secretAccessKey },
      },
    });
  } catch (e) {
    if (isAppError(e) && e.code === 'conflict')
      throw new AppError('conflict', `A Secret named ${req.secretName} already exists in ${req.namespace}; choose another name.`);
    throw await explainForbidden(h, e, 'create', 'secrets', req.namespace);
  }
  const saPath = `/api/v1/namespaces/${ns}/serviceaccounts`;
  let existing: { metadata: Meta; secrets?: { name?: string }[] } | undefined;
  try {
    existing = await h.request({ path: `${saPath}/${encodeURIComponent(req.serviceAccountName)}` });
  } catch (e) {
    if (!isAppError(e) || e.code !== 'not-found') throw e;
  }
  try {
    if (!existing)
      await h.request({
        method: 'POST',
        path: saPath,
        query,
        body: {
          apiVersion: 'v1',
          kind: 'ServiceAccount',
          metadata: { name: req.serviceAccountName, namespace: req.namespace, labels },
          secrets: [{ name: req.secretName }],
        },
      });
    else if (!(existing.secrets ?? []).some((s) => s.name === req.secretName))
      await h.request({
        method: 'PATCH',
        path: `${saPath}/${encodeURIComponent(req.serviceAccountName)}`,
        query,
        // a merge patch replaces the list: send it whole, guarded by the version read
        body: { metadata: { resourceVersion: existing.metadata.resourceVersion }, secrets: [...(existing.secrets ?? []), { name: req.secretName }] },
        contentType: 'application/merge-patch+json',
      });
  } catch (e) {
    throw await explainForbidden(h, e, existing ? 'change' : 'create', 'serviceaccounts', req.namespace);
  }
  return { serviceAccountName: req.serviceAccountName, secretName: req.secretName };
}
