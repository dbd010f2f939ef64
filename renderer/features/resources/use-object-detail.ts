// SPDX-License-Identifier: Apache-2.0
/**
 * One object and its events, as a hook: reads the object (`resources:get`, from the cache when
 * the cluster cannot be reached), then its events by uid (by name when it has none); each fails
 * on its own. Answers for an object no longer shown are dropped.
 */
import { useEffect, useState } from 'react';
import { type AppError, asAppError } from '../../../shared/errors';
import { resourcesContract, type GetResponse } from '../../../shared/features/resources/resources.contract';
import type { KubeEvent } from '../../../shared/kube/object';
import type { RouteKind } from '../../app/router';
import { api } from '../../lib/api/api-context';

/** What the detail panel shows. */
export interface ObjectDetail {
  obj: GetResponse | undefined;
  error: AppError | undefined;
  events: KubeEvent[] | undefined;
  eventsError: AppError | undefined;
}

/**
 * @param clusterId - the cluster
 * @param kind - the object's kind
 * @param namespace - its namespace (undefined: cluster-scoped)
 * @param name - its name
 */
export function useObjectDetail(clusterId: string, kind: RouteKind, namespace: string | undefined, name: string): ObjectDetail {
  const [obj, setObj] = useState<GetResponse | undefined>(undefined);
  const [events, setEvents] = useState<KubeEvent[] | undefined>(undefined);
  const [error, setError] = useState<AppError | undefined>(undefined);
  const [eventsError, setEventsError] = useState<AppError | undefined>(undefined);

  useEffect(() => {
    let live = true;
    setObj(undefined);
    setError(undefined);
    setEvents(undefined);
    setEventsError(undefined);
    const req = { clusterId, group: kind.group, version: kind.version, resource: kind.resource, name, ...(namespace ? { namespace } : {}) };
    api()
      .call(resourcesContract.get, req)
      .then((r) => {
        if (!live) return;
        setObj(r);
        const uid = r.object.metadata.uid;
        return api()
          .call(resourcesContract.events, { clusterId, ...(namespace ? { namespace } : {}), ...(uid ? { uid } : { name }) })
          .then(
            (ev) => live && setEvents(ev),
            (e: unknown) => live && setEventsError(asAppError(e)),
          );
      })
      .catch((e: unknown) => live && setError(asAppError(e)));
    return () => {
      live = false;
    };
  }, [clusterId, kind.group, kind.version, kind.resource, namespace, name]);

  return { obj, error, events, eventsError };
}
