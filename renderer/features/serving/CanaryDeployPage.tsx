// SPDX-License-Identifier: Apache-2.0
/**
 * Deploy a registry version into a running InferenceService as a canary: the service (live
 * slice), the version card, and the canary form; applied, it opens the service's page.
 */
import { useMemo } from 'react';
import { AppError } from '../../../shared/errors';
import { summarizeIsvc } from '../../../shared/serving/isvc-summary';
import { guessModelFormat } from '../../../shared/serving/model-formats';
import { useRouter } from '../../app/router';
import { ErrorNote } from '../../components/ErrorNote';
import { useClusters } from '../../lib/clusters.store';
import { CanaryForm, type CanarySeed } from './CanaryForm';
import { useIsvcSlice, useVersion, type DeployRoute } from './use-deploy';
import { VersionCard } from './VersionCard';

/** The canary page of one service. */
export function CanaryDeploy({ route, service }: { route: DeployRoute; service: string }) {
  const go = useRouter((s) => s.go);
  const cluster = useClusters((s) => s.list?.clusters.find((c) => c.id === route.clusterId));
  const ns = route.namespace ?? cluster?.namespace ?? 'default';
  const slice = useIsvcSlice(route.clusterId, ns);
  const object = slice.items?.find((o) => o.metadata.name === service);
  const summary = useMemo(() => (object ? summarizeIsvc(object) : undefined), [object]);
  const v = useVersion(route.clusterId, route.model, route.version);
  const seed = useMemo<CanarySeed | undefined>(
    () =>
      v && !(v instanceof AppError)
        ? {
            ...(v.storageUri ? { storageUri: v.storageUri } : {}),
            ...(guessModelFormat(v.format) ? { format: guessModelFormat(v.format) } : {}),
            model: v.model,
            version: v.version,
          }
        : undefined,
    [v],
  );
  return (
    <div className="page sv-page" data-testid="deploy-page">
      <header className="page-head">
        <h1>New version of {service}</h1>
        <span className="muted">
          canary · {ns} · {cluster?.displayName ?? route.clusterId}
        </span>
      </header>
      <VersionCard v={v} route={route} />
      {slice.error && <ErrorNote error={slice.error} />}
      {!summary && <div className="muted">{slice.items === undefined ? 'Loading…' : `InferenceService ${service} is not in ${ns}.`}</div>}
      {summary && (
        <CanaryForm
          clusterId={route.clusterId}
          summary={summary}
          {...(seed ? { seed } : {})}
          onApplied={() => go({ page: 'inference-service', clusterId: route.clusterId, namespace: ns, name: service })}
        />
      )}
    </div>
  );
}
