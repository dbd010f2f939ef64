// SPDX-License-Identifier: Apache-2.0
/** The kinds a cluster serves: /api/v1 and every group/version of /apis, listed in parallel. */
import { z } from 'zod';
import type { ApiResourceInfo } from '../../../shared/features/resources/resources.contract';
import type { KubeHttp } from './kube-http';

const ResourceList = z.object({
  groupVersion: z.string(),
  resources: z.array(
    z.object({
      name: z.string(),
      kind: z.string(),
      namespaced: z.boolean(),
      verbs: z.array(z.string()).nullish(),
      shortNames: z.array(z.string()).nullish(),
    }),
  ),
});

/** Lists every served resource (no subresources). Group versions that fail to answer are skipped. */
export async function listApiResources(http: KubeHttp, signal?: AbortSignal): Promise<ApiResourceInfo[]> {
  const gvs = await http.discovery(signal);
  const paths = ['/api/v1', ...gvs.map((gv) => `/apis/${gv.groupVersion}`)];
  const lists = await Promise.allSettled(paths.map((path) => http.request({ path, ...(signal ? { signal } : {}) }, ResourceList)));
  const core = lists[0];
  if (core?.status === 'rejected') throw core.reason;
  const out: ApiResourceInfo[] = [];
  for (const r of lists) {
    if (r.status !== 'fulfilled') continue;
    const [group, version] = r.value.groupVersion.includes('/') ? (r.value.groupVersion.split('/') as [string, string]) : ['', r.value.groupVersion];
    for (const res of r.value.resources) {
      if (res.name.includes('/')) continue;
      out.push({ group, version, resource: res.name, kind: res.kind, namespaced: res.namespaced, verbs: res.verbs ?? [], shortNames: res.shortNames ?? [] });
    }
  }
  return out;
}
