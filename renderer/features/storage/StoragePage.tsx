// SPDX-License-Identifier: Apache-2.0
/**
 * Object storage of a cluster: the store to use (found in the cluster or saved), its buckets, and
 * a bucket's files. A route's `uri` (`s3://bucket/prefix`, from a model version or an
 * InferenceService) opens that place with the chosen store.
 */
import { useEffect, useState } from 'react';
import type { SavedStore } from '../../../shared/features/storage/storage.contract';
import { useRouter, type Route } from '../../app/router';
import { ErrorNote } from '../../components/ErrorNote';
import { PageHeader } from '../../components/PageHeader';
import { api } from '../../lib/api/api-context';
import { useClusters } from '../../lib/clusters.store';
import { useCall } from '../../lib/use-call';
import { storageContract } from '../../../shared/features/storage/storage.contract';
import { ConnectionsPanel } from './ConnectionsPanel';
import { ObjectBrowser } from './ObjectBrowser';
import { parseS3 } from './storage-model';
import { TransfersPanel } from './TransfersPanel';
import { useStoreConnections } from './use-store-connections';
import './storage.css';

function Buckets({ clusterId, store, onOpen }: { clusterId: string; store: SavedStore; onOpen(b: string): void }) {
  const b = useCall(`buckets:${clusterId}:${store.id}`, () => api().call(storageContract.buckets, { clusterId, connectionId: store.id }));
  return (
    <section aria-label="Buckets" data-testid="storage-buckets">
      {b.error && <ErrorNote error={b.error} onRetry={b.reload} />}
      {b.loading && <p className="muted">Listing buckets…</p>}
      <ul className="storage-bucket-list">
        {b.value?.buckets.map((x) => (
          <li key={x.name}>
            <button className="btn ghost" onClick={() => onOpen(x.name)}>
              {x.name}
            </button>
            {x.created && <span className="small muted"> created {new Date(x.created).toLocaleDateString()}</span>}
          </li>
        ))}
      </ul>
      {b.value && b.value.buckets.length === 0 && <p className="muted">No buckets these keys may see. Open one by its s3:// URI below.</p>}
    </section>
  );
}

export function StoragePage({ route }: { route: Extract<Route, { page: 'storage' }> }) {
  const list = useClusters((s) => s.list);
  const clusterId = route.clusterId ?? list?.currentId ?? '';
  const state = useStoreConnections(clusterId);
  const go = useRouter((s) => s.go);
  const [place, setPlace] = useState<{ bucket: string; prefix: string } | undefined>(() => (route.uri ? parseS3(route.uri) : undefined));
  const [showConnections, setShowConnections] = useState(false);
  const [typed, setTyped] = useState('');
  useEffect(() => {
    if (route.uri) setPlace(parseS3(route.uri));
  }, [route.uri]);
  const chosen = state.chosen;
  const cluster = list?.clusters.find((c) => c.id === clusterId);
  const openStore = (s: SavedStore) => {
    state.choose(s.id);
    setShowConnections(false);
    if (!route.uri) setPlace(s.location ? parseS3(`${s.location.replace(/\/?$/, '/')}`) : undefined);
  };
  const openUri = (uri: string) => go({ page: 'storage', clusterId, uri });
  return (
    <div className="page storage-page" data-testid="storage-page">
      <PageHeader
        title="Storage"
        actions={
          <>
            {chosen && (
              <select className="input" value={chosen.id} onChange={(e) => state.choose(e.target.value)} aria-label="Store">
                {state.connections.value?.saved.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </select>
            )}
            <button className="btn" onClick={() => setShowConnections((v) => !v)} aria-expanded={showConnections || !chosen}>
              Stores…
            </button>
          </>
        }
      >
        <span className="muted">{cluster?.displayName ?? clusterId}</span>
      </PageHeader>
      {(showConnections || !chosen) && <ConnectionsPanel state={state} onChosen={openStore} />}
      {chosen && (
        <>
          <form
            className="row storage-open"
            onSubmit={(e) => {
              e.preventDefault();
              if (parseS3(typed)) openUri(typed);
            }}
          >
            <input
              className="input mono"
              placeholder="s3://bucket/prefix/"
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              aria-label="Open an s3:// URI"
            />
            <button className="btn small" type="submit" disabled={!parseS3(typed)}>
              Open
            </button>
            <span className="small muted">
              {chosen.name} · {chosen.endpoint}
            </span>
          </form>
          <TransfersPanel />
          {place ? (
            <ObjectBrowser
              target={{ clusterId, connectionId: chosen.id, bucket: place.bucket, canPresign: chosen.canPresign }}
              prefix={place.prefix && !place.prefix.endsWith('/') ? `${place.prefix}/` : place.prefix}
              onPrefix={(prefix) => setPlace({ bucket: place.bucket, prefix })}
              onBuckets={() => setPlace(undefined)}
            />
          ) : (
            <Buckets clusterId={clusterId} store={chosen} onOpen={(bucket) => setPlace({ bucket, prefix: '' })} />
          )}
        </>
      )}
    </div>
  );
}
