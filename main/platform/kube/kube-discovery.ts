// SPDX-License-Identifier: Apache-2.0
/** Shapes of the API server's `/version` and `/apis` answers. */
import { z } from 'zod';

/** `/version`. */
export const VersionSchema = z.object({
  major: z.string(),
  minor: z.string(),
  gitVersion: z.string(),
  gitCommit: z.string().optional(),
  buildDate: z.string().optional(),
  goVersion: z.string().optional(),
  platform: z.string().optional(),
});
/** The server's version. */
export type KubeVersion = z.infer<typeof VersionSchema>;

const GroupVersion = z.object({ groupVersion: z.string(), version: z.string() });

/** `/apis` (APIGroupList). */
export const DiscoverySchema = z.object({
  groups: z
    .array(z.object({ name: z.string(), versions: z.array(GroupVersion), preferredVersion: GroupVersion.optional() }))
    .nullish()
    .transform((v) => v ?? []),
});

/** One group/version the server serves. */
export interface ServedGroupVersion {
  /** API group, e.g. `kubeflow.org`. */
  group: string;
  /** Version, e.g. `v1`. */
  version: string;
  /** `group/version`. */
  groupVersion: string;
  /** Whether it is the group's preferred version. */
  preferred: boolean;
}
