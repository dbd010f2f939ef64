// SPDX-License-Identifier: Apache-2.0
/** Table columns per kind: the generic ones plus what matters for pods, nodes, jobs and events. */
import type { KubeObject } from '../../../shared/kube/object';
import { objectStatus } from '../../../shared/kube/status';
import { gpuRequestOfPodSpec, gpuRequestOfJob } from '../../../shared/kube/gpus';
import type { Column } from '../../components/VirtualTable';
import { age } from '../../lib/format';

type Row = KubeObject;

function statusColumn(kind: string): Column<Row> {
  return {
    id: 'status',
    title: 'Status',
    width: 150,
    text: (o) => objectStatus(kind, o).text,
    render: (o) => {
      const s = objectStatus(kind, o);
      return (
        <span className={`pill ${s.tone}`} title={s.reason}>
          {s.text}
        </span>
      );
    },
  };
}

const nameColumn: Column<Row> = { id: 'name', title: 'Name', text: (o) => o.metadata.name };
const namespaceColumn: Column<Row> = { id: 'namespace', title: 'Namespace', width: 140, text: (o) => o.metadata.namespace ?? '' };
const ageColumn: Column<Row> = {
  id: 'age',
  title: 'Age',
  width: 70,
  align: 'right',
  text: (o) => age(o.metadata.creationTimestamp),
  sortValue: (o) => -Date.parse(o.metadata.creationTimestamp ?? '1970-01-01'),
};

function podColumns(): Column<Row>[] {
  type PodStatus = { containerStatuses?: { ready?: boolean; restartCount?: number }[] };
  const cs = (o: Row) => (o.status as PodStatus | undefined)?.containerStatuses ?? [];
  return [
    {
      id: 'ready',
      title: 'Ready',
      width: 70,
      text: (o) => `${cs(o).filter((c) => c.ready).length}/${((o.spec as { containers?: unknown[] } | undefined)?.containers ?? []).length}`,
    },
    {
      id: 'restarts',
      title: 'Restarts',
      width: 80,
      align: 'right',
      text: (o) => String(cs(o).reduce((n, c) => n + (c.restartCount ?? 0), 0)),
      sortValue: (o) => cs(o).reduce((n, c) => n + (c.restartCount ?? 0), 0),
    },
    {
      id: 'gpus',
      title: 'GPUs',
      width: 60,
      align: 'right',
      text: (o) => String(gpuRequestOfPodSpec(o.spec) || ''),
      sortValue: (o) => gpuRequestOfPodSpec(o.spec),
    },
    { id: 'node', title: 'Node', width: 140, text: (o) => (o.spec as { nodeName?: string } | undefined)?.nodeName ?? '' },
  ];
}

function nodeColumns(): Column<Row>[] {
  type NodeStatus = { capacity?: Record<string, string>; allocatable?: Record<string, string>; nodeInfo?: { kubeletVersion?: string } };
  const st = (o: Row) => (o.status ?? {}) as NodeStatus;
  return [
    { id: 'gpu-model', title: 'GPU model', width: 200, text: (o) => o.metadata.labels?.['nvidia.com/gpu.product'] ?? '' },
    {
      id: 'gpus',
      title: 'GPUs',
      width: 60,
      align: 'right',
      text: (o) => st(o).capacity?.['nvidia.com/gpu'] ?? '',
      sortValue: (o) => Number(st(o).capacity?.['nvidia.com/gpu'] ?? 0),
    },
    { id: 'cpu', title: 'CPU', width: 60, align: 'right', text: (o) => st(o).capacity?.cpu ?? '', sortValue: (o) => Number(st(o).capacity?.cpu ?? 0) },
    { id: 'memory', title: 'Memory', width: 90, align: 'right', text: (o) => st(o).capacity?.memory ?? '' },
    { id: 'version', title: 'Kubelet', width: 90, text: (o) => st(o).nodeInfo?.kubeletVersion ?? '', hiddenByDefault: true },
  ];
}

function jobColumns(): Column<Row>[] {
  type ReplicaStatuses = Record<string, { active?: number; succeeded?: number; failed?: number }>;
  const specs = (o: Row): Record<string, { replicas?: number }> => {
    const s = (o.spec ?? {}) as Record<string, unknown>;
    const key = Object.keys(s).find((x) => /ReplicaSpecs$/.test(x));
    return key ? (s[key] as Record<string, { replicas?: number }>) : {};
  };
  return [
    {
      id: 'replicas',
      title: 'Replicas',
      width: 170,
      text: (o) => {
        const rs = ((o.status as { replicaStatuses?: ReplicaStatuses } | undefined)?.replicaStatuses ?? {}) as ReplicaStatuses;
        return Object.entries(specs(o))
          .map(([t, s]) => `${t} ${rs[t]?.active ?? 0}/${s.replicas ?? 1}`)
          .join(', ');
      },
    },
    { id: 'gpus', title: 'GPUs', width: 60, align: 'right', text: (o) => String(gpuRequestOfJob(o) || ''), sortValue: (o) => gpuRequestOfJob(o) },
  ];
}

function eventColumns(): Column<Row>[] {
  type Ev = {
    type?: string;
    reason?: string;
    message?: string;
    count?: number;
    lastTimestamp?: string;
    eventTime?: string;
    involvedObject?: { kind?: string; name?: string };
  };
  const e = (o: Row) => o as unknown as Ev;
  return [
    {
      id: 'type',
      title: 'Type',
      width: 80,
      text: (o) => e(o).type ?? '',
      render: (o) => <span className={`pill ${e(o).type === 'Warning' ? 'warn' : 'neutral'}`}>{e(o).type}</span>,
    },
    { id: 'reason', title: 'Reason', width: 150, text: (o) => e(o).reason ?? '' },
    { id: 'object', title: 'Object', width: 220, text: (o) => `${e(o).involvedObject?.kind ?? ''}/${e(o).involvedObject?.name ?? ''}` },
    { id: 'message', title: 'Message', text: (o) => e(o).message ?? '' },
    { id: 'count', title: 'Count', width: 60, align: 'right', text: (o) => String(e(o).count ?? 1), sortValue: (o) => e(o).count ?? 1 },
    {
      id: 'last',
      title: 'Last seen',
      width: 80,
      align: 'right',
      text: (o) => age(e(o).lastTimestamp ?? e(o).eventTime),
      sortValue: (o) => -Date.parse(e(o).lastTimestamp ?? e(o).eventTime ?? '1970-01-01'),
    },
  ];
}

/** The columns for a kind. */
export function columnsFor(kind: string, namespaced: boolean, allNamespaces: boolean): Column<Row>[] {
  const head: Column<Row>[] = [nameColumn];
  if (namespaced && allNamespaces) head.push(namespaceColumn);
  if (kind === 'Event') return [...(allNamespaces ? [namespaceColumn] : []), ...eventColumns()];
  let extra: Column<Row>[] = [];
  if (kind === 'Pod') extra = podColumns();
  else if (kind === 'Node') extra = nodeColumns();
  else if (/Job$/.test(kind) && kind !== 'Job') extra = jobColumns();
  return [...head, statusColumn(kind), ...extra, ageColumn];
}
