// SPDX-License-Identifier: Apache-2.0
/** What the user may do with Katib experiments in a namespace: SelfSubjectAccessReviews, with reasons naming the user. */
import type { KatibPermissions, Permission } from '../../../shared/features/katib/katib.contract';
import type { KubeHttp } from '../../platform/kube/kube-http';

async function whoAmI(h: KubeHttp): Promise<string> {
  return h
    .request<{ status?: { userInfo?: { username?: string } } }>({
      method: 'POST',
      path: '/apis/authentication.k8s.io/v1/selfsubjectreviews',
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
    })
    .then((r) => r.status?.userInfo?.username ?? '')
    .catch(() => ''); // older servers or a forbidden review: the answers still stand, only the name is missing
}

async function review(h: KubeHttp, verb: string, namespace: string): Promise<{ allowed: boolean; reason: string }> {
  const r = await h.request<{ status?: { allowed?: boolean; reason?: string } }>({
    method: 'POST',
    path: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
    body: {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      spec: { resourceAttributes: { verb, group: 'kubeflow.org', resource: 'experiments', namespace } },
    },
  });
  return { allowed: r.status?.allowed === true, reason: r.status?.reason ?? '' };
}

/** Create, change (stop/resume) and delete of experiments in the namespace. */
export async function katibPermissions(h: KubeHttp, namespace: string): Promise<KatibPermissions> {
  const [user, create, patch, del] = await Promise.all([
    whoAmI(h),
    review(h, 'create', namespace),
    review(h, 'patch', namespace),
    review(h, 'delete', namespace),
  ]);
  const who = user || 'Your account';
  const explain = (verb: string, r: { allowed: boolean; reason: string }): Permission =>
    r.allowed
      ? { allowed: true, reason: '' }
      : { allowed: false, reason: `${who} may not ${verb} experiments in ${namespace}${r.reason ? ` (${r.reason})` : ''}.` };
  return { user, create: explain('create', create), patch: explain('change', patch), delete: explain('delete', del) };
}
