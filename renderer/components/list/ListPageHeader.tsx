// SPDX-License-Identifier: Apache-2.0
/**
 * The header of a cross-cluster list page: its title, the "one cluster or all" picker, the
 * freshness pill while every slice is live or syncing, and the page's create button (disabled
 * until a cluster is chosen).
 */
import { useClusters } from '../../lib/clusters.store';
import type { ListFreshness } from '../../lib/list-scope';
import { ClusterScopeSelect } from '../ClusterScopeSelect';
import { PageHeader } from '../PageHeader';

/** The page's create button; it creates in the page's cluster, else the current one. */
export interface ListCreateButton {
  testId: string;
  label: string;
  /** The button's tooltip for the cluster it creates in. */
  title(clusterName: string): string;
  onCreate(clusterId: string): void;
}

/** The header; `clusterId` is the page's scope (undefined: all clusters). */
export function ListPageHeader(props: {
  title: string;
  scopeTestId: string;
  clusterId: string | undefined;
  onScope(clusterId: string | undefined): void;
  freshness: ListFreshness;
  create: ListCreateButton;
}) {
  const { create } = props;
  const list = useClusters((s) => s.list);
  const target = props.clusterId ?? list?.currentId;
  const name = (id: string) => list?.clusters.find((c) => c.id === id)?.displayName ?? id;
  return (
    <PageHeader
      title={props.title}
      actions={
        <button
          className="btn primary"
          data-testid={create.testId}
          disabled={!target}
          title={target ? create.title(name(target)) : 'Choose a cluster first'}
          onClick={() => target && create.onCreate(target)}
        >
          {create.label}
        </button>
      }
    >
      <ClusterScopeSelect testId={props.scopeTestId} value={props.clusterId} onChange={props.onScope} />
      {props.freshness && (
        <span className={`pill ${props.freshness === 'syncing' ? 'progress' : 'ok'} small`} data-testid="freshness" data-freshness={props.freshness}>
          {props.freshness === 'syncing' ? 'syncing…' : 'live'}
        </span>
      )}
    </PageHeader>
  );
}
