// SPDX-License-Identifier: Apache-2.0
/**
 * The header of an object's page: a back button to its list, the object's name, what it is and
 * where (kind · namespace · cluster), its status pill, the live/syncing pill of its slice, and the
 * page's actions at the right.
 */
import type { ReactNode } from 'react';
import type { SliceStatus } from '../../../shared/features/sync/sync.contract';
import { FreshnessBanner } from '../FreshnessBanner';
import { PageHeader } from '../PageHeader';

/** The header; `children` are the actions. */
export function DetailHeader(props: {
  /** The back button: its accessible label ("Back to training jobs") and text ("← Jobs"). */
  back: { label: string; text: string; onClick(): void };
  name: string;
  /** What the object is ("PyTorchJob", "Notebook server"). */
  what: string;
  namespace: string;
  clusterName: string;
  /** Its status pill, once known. */
  status?: { text: string; tone: string; title: string | undefined } | undefined;
  /** The object's slice: its live or syncing pill (a stale slice has its banner under the header). */
  freshness: SliceStatus | undefined;
  children?: ReactNode;
}) {
  const f = props.freshness;
  return (
    <PageHeader title={props.name} back={props.back} actions={props.children}>
      <span className="muted">
        {props.what} · {props.namespace} · {props.clusterName}
      </span>
      {props.status && (
        <span className={`pill ${props.status.tone}`} title={props.status.title}>
          {props.status.text}
        </span>
      )}
      {f && (f.freshness === 'live' || f.freshness === 'syncing') && <FreshnessBanner status={f} />}
    </PageHeader>
  );
}
