// SPDX-License-Identifier: Apache-2.0
/**
 * The namespaces a user works in on a multi-user Kubeflow: the Profiles (`kubeflow.org/v1`,
 * cluster-scoped) the user owns (`spec.owner.name`) or contributes to (a RoleBinding in the
 * profile's namespace annotated `user: <email>`, as the central dashboard's contributor page
 * makes them), and, for every other profile, why it is not listed.
 */
import { z } from 'zod';
import { AppError, isAppError } from '../../../shared/errors';
import type { NamespaceRefusal } from '../../../shared/features/pipelines/pipelines.contract';
import type { KubeHttp } from '../../platform/kube/kube-http';

/** A profile: its namespace (the profile's name) and owner. */
export interface ProfileOwner {
  name: string;
  owner: string;
}

/** The user's namespaces and the profiles that are not the user's. */
export interface UserNamespaces {
  namespaces: string[];
  refused: NamespaceRefusal[];
}

const ProfileList = z.object({
  items: z.array(
    z.looseObject({
      metadata: z.looseObject({ name: z.string() }),
      spec: z.looseObject({ owner: z.looseObject({ name: z.string().optional() }).optional() }).optional(),
    }),
  ),
});
const BindingList = z.object({
  items: z.array(z.looseObject({ metadata: z.looseObject({ annotations: z.record(z.string(), z.string()).optional() }) })),
});

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * Splits profiles into the user's and the others (pure).
 * @param contributors - the contributors of each profile MLDeck could read (absent: not readable)
 */
export function splitProfiles(user: string, profiles: ProfileOwner[], contributors: Map<string, string[]>): UserNamespaces {
  const namespaces: string[] = [];
  const refused: NamespaceRefusal[] = [];
  for (const p of [...profiles].sort((a, b) => a.name.localeCompare(b.name))) {
    const users = contributors.get(p.name);
    if (same(p.owner, user) || users?.some((u) => same(u, user))) namespaces.push(p.name);
    else
      refused.push({
        namespace: p.name,
        reason:
          users === undefined
            ? `Profile ${p.name} belongs to ${p.owner || 'nobody'}; MLDeck may not read its RoleBindings to see whether ${user} contributes to it.`
            : `Profile ${p.name} belongs to ${p.owner || 'nobody'}; ${user} is neither its owner nor a contributor.`,
      });
  }
  return { namespaces, refused };
}

/**
 * Reads the Profiles and the contributors of those the user does not own.
 * @throws AppError from the cluster (`not-found` words a missing Profile CRD)
 */
export async function userNamespaces(http: KubeHttp, user: string): Promise<UserNamespaces> {
  let list;
  try {
    list = await http.request({ path: '/apis/kubeflow.org/v1/profiles', timeoutMs: 15_000 }, ProfileList);
  } catch (e) {
    if (isAppError(e) && e.code === 'not-found')
      throw new AppError(
        'not-found',
        'KFP is multi-user but this cluster serves no Kubeflow Profiles (kubeflow.org/v1), so MLDeck cannot tell which namespaces are yours.',
      );
    if (isAppError(e) && e.code === 'forbidden')
      throw new AppError('forbidden', `Your account may not list Kubeflow Profiles, so MLDeck cannot tell which namespaces are yours: ${e.message}`);
    throw e;
  }
  const profiles = list.items.map((p) => ({ name: p.metadata.name, owner: p.spec?.owner?.name ?? '' }));
  const contributors = new Map<string, string[]>();
  await Promise.all(
    profiles
      .filter((p) => !same(p.owner, user))
      .map(async (p) => {
        try {
          const b = await http.request(
            { path: `/apis/rbac.authorization.k8s.io/v1/namespaces/${encodeURIComponent(p.name)}/rolebindings`, timeoutMs: 15_000 },
            BindingList,
          );
          contributors.set(p.name, b.items.map((i) => i.metadata.annotations?.user ?? '').filter(Boolean));
        } catch (e) {
          if (!isAppError(e) || (e.code !== 'forbidden' && e.code !== 'not-found')) throw e;
          // not readable: the refusal says so
        }
      }),
  );
  return splitProfiles(user, profiles, contributors);
}
