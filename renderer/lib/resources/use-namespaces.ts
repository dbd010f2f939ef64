// SPDX-License-Identifier: Apache-2.0
/** The namespaces of a cluster the user can list, or the context's default one when listing is forbidden. */
import { useEffect, useState } from 'react';
import { resourcesContract } from '../../../shared/features/resources/resources.contract';
import { api } from '../api/api-context';
import { useClusters } from '../clusters.store';

/** Namespace names, sorted; undefined while loading. */
export function useNamespaces(clusterId: string): string[] | undefined {
  const [names, setNames] = useState<string[] | undefined>(undefined);
  const fallback = useClusters((s) => s.list?.clusters.find((c) => c.id === clusterId)?.namespace);
  useEffect(() => {
    let live = true;
    api()
      .call(resourcesContract.list, { clusterId, group: '', version: 'v1', resource: 'namespaces' })
      .then(
        (r) => live && setNames(r.items.map((o) => o.metadata.name).sort()),
        () => live && setNames(fallback ? [fallback] : []),
      );
    return () => {
      live = false;
    };
  }, [clusterId, fallback]);
  return names;
}
