// SPDX-License-Identifier: Apache-2.0
/**
 * Driven Notebook controller (kubeflow/notebooks `notebook-controller`) and the effect of
 * the PodDefault admission webhook. For each Notebook it keeps a StatefulSet `<name>` (pod
 * labels `statefulset`, `notebook-name`; env `NB_PREFIX`; replicas 0 while the
 * `kubeflow-resource-stopped` annotation is present) and a Service `<name>` (port 80 →
 * the notebook port, default 8888). The real kube-controller-manager then makes the pod
 * `<name>-0` and KWOK runs it. Status mirrors the StatefulSet and pod as upstream does:
 * `readyReplicas`, `containerState` of the container named like the Notebook, `conditions`
 * copied from the pod. PodDefaults whose selector matches the pod labels are merged into the
 * StatefulSet's pod template (upstream a webhook mutates the pod at creation).
 */
import { createHash } from 'node:crypto';
import { sameJson } from './conditions.ts';
import { controllerRef, core, type KObject, type Kube, type Manifest } from './kube.ts';
import { groupByOwner, withEnv, type Container, type Pod, type PodTemplate } from './pods.ts';
import { kf, reconcileEach, type Reconciler } from './reconciler.ts';

/** The stop annotation the Jupyter web app writes. */
export const stopAnnotation = 'kubeflow-resource-stopped';

interface NotebookSpec {
  template: PodTemplate;
}

interface NotebookStatus {
  readyReplicas?: number;
  containerState?: unknown;
  conditions?: unknown[];
}

type Notebook = KObject<NotebookSpec, NotebookStatus>;

interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

interface PodDefaultSpec {
  selector: LabelSelector;
  desc?: string;
  env?: Container['env'];
  envFrom?: unknown[];
  volumes?: { name: string }[];
  volumeMounts?: Container['volumeMounts'];
  annotations?: Record<string, string>;
  labels?: Record<string, string>;
  tolerations?: unknown[];
  serviceAccountName?: string;
  automountServiceAccountToken?: boolean;
  imagePullSecrets?: unknown[];
  initContainers?: Container[];
  sidecars?: Container[];
  command?: string[];
  args?: string[];
}

type PodDefault = KObject<PodDefaultSpec>;

interface StatefulSet {
  metadata: KObject['metadata'];
  spec?: { replicas?: number; template?: PodTemplate };
  status?: { readyReplicas?: number; replicas?: number };
}

/** Does a label selector match these labels? (empty selector matches nothing, as the webhook does) */
export function selectorMatches(sel: LabelSelector | undefined, labels: Record<string, string>): boolean {
  if (!sel || (!sel.matchLabels && !sel.matchExpressions)) return false;
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of sel.matchExpressions ?? []) {
    const has = e.key in labels;
    const val = labels[e.key];
    if (e.operator === 'In' && !(has && e.values?.includes(val ?? ''))) return false;
    if (e.operator === 'NotIn' && has && e.values?.includes(val ?? '')) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

function byName<T extends { name: string }>(base: T[] | undefined, add: T[] | undefined): T[] | undefined {
  if (!add?.length) return base;
  const names = new Set(add.map((x) => x.name));
  return [...(base ?? []).filter((x) => !names.has(x.name)), ...add];
}

/** Applies matching PodDefaults to a pod template, as the admission webhook does to pods. */
export function applyPodDefaults(tpl: PodTemplate, defaults: PodDefault[]): PodTemplate {
  const out: PodTemplate = structuredClone(tpl);
  const labels = out.metadata?.labels ?? {};
  const meta = (out.metadata ??= {});
  for (const pd of defaults.filter((d) => d.spec && selectorMatches(d.spec.selector, labels))) {
    const s = pd.spec as PodDefaultSpec;
    meta.annotations = {
      ...(meta.annotations ?? {}),
      ...(s.annotations ?? {}),
      [`poddefault.admission.kubeflow.org/poddefault-${pd.metadata.name}`]: pd.metadata.resourceVersion ?? '',
    };
    meta.labels = { ...(meta.labels ?? {}), ...(s.labels ?? {}) };
    const spec = out.spec;
    spec.containers = spec.containers.map((c) => {
      let next = s.env ? withEnv(c, s.env) : { ...c };
      if (s.envFrom) next = { ...next, envFrom: [...((next['envFrom'] as unknown[] | undefined) ?? []), ...s.envFrom] };
      if (s.volumeMounts) next = { ...next, volumeMounts: byName(next.volumeMounts, s.volumeMounts) };
      if (s.command) next = { ...next, command: s.command };
      if (s.args) next = { ...next, args: s.args };
      return next;
    });
    if (s.sidecars) spec.containers = byName(spec.containers, s.sidecars) ?? spec.containers;
    if (s.initContainers) spec.initContainers = byName(spec.initContainers, s.initContainers);
    if (s.volumes) spec.volumes = byName(spec.volumes, s.volumes);
    if (s.tolerations) spec.tolerations = [...(spec.tolerations ?? []), ...s.tolerations];
    if (s.serviceAccountName) spec.serviceAccountName = s.serviceAccountName;
    if (s.automountServiceAccountToken !== undefined) spec['automountServiceAccountToken'] = s.automountServiceAccountToken;
    if (s.imagePullSecrets) spec['imagePullSecrets'] = [...((spec['imagePullSecrets'] as unknown[] | undefined) ?? []), ...s.imagePullSecrets];
  }
  return out;
}

function notebookPort(nb: Notebook): number {
  return nb.spec?.template.spec.containers[0]?.ports?.[0]?.containerPort ?? 8888;
}

function desiredTemplate(nb: Notebook, defaults: PodDefault[]): PodTemplate {
  const name = nb.metadata.name;
  const ns = nb.metadata.namespace ?? '';
  const tpl: PodTemplate = structuredClone(nb.spec?.template ?? { spec: { containers: [] } });
  tpl.metadata = { ...(tpl.metadata ?? {}), labels: { ...(tpl.metadata?.labels ?? {}), statefulset: name, 'notebook-name': name } };
  tpl.spec.containers = tpl.spec.containers.map((c, i) => {
    if (i !== 0) return c;
    const withPort: Container = c.ports?.length ? c : { ...c, ports: [{ name: 'notebook-port', containerPort: 8888, protocol: 'TCP' }] };
    return withEnv({ ...withPort, workingDir: (c['workingDir'] as string | undefined) ?? '/home/jovyan' }, [
      { name: 'NB_PREFIX', value: `/notebook/${ns}/${name}` },
    ]);
  });
  tpl.spec['securityContext'] ??= { fsGroup: 100 };
  return applyPodDefaults(tpl, defaults);
}

const hashAnnotation = 'mldeck.dev/notebook-template-hash';

async function reconcileNotebook(kube: Kube, nb: Notebook, sts: StatefulSet | undefined, pod: Pod | undefined, defaults: PodDefault[]): Promise<void> {
  if (nb.metadata.deletionTimestamp) return;
  const name = nb.metadata.name;
  const ns = nb.metadata.namespace ?? '';
  const replicas = nb.metadata.annotations?.[stopAnnotation] !== undefined ? 0 : 1;
  const template = desiredTemplate(nb, defaults);
  const hash = createHash('sha256').update(JSON.stringify(template)).digest('hex').slice(0, 16);
  if (!sts) {
    const body: Manifest = {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name, namespace: ns, annotations: { [hashAnnotation]: hash }, ownerReferences: [controllerRef(nb)] },
      spec: { replicas, selector: { matchLabels: { statefulset: name } }, serviceName: name, template },
    };
    await kube.create(core.statefulsets, body);
  } else if (sts.spec?.replicas !== replicas || sts.metadata.annotations?.[hashAnnotation] !== hash) {
    await kube.patch(core.statefulsets, ns, name, { metadata: { annotations: { [hashAnnotation]: hash } }, spec: { replicas, template } });
  }
  if (!(await kube.get(core.services, ns, name))) {
    await kube.create(core.services, {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, namespace: ns, ownerReferences: [controllerRef(nb)] },
      spec: { type: 'ClusterIP', selector: { statefulset: name }, ports: [{ name: `http-${name}`, port: 80, targetPort: notebookPort(nb), protocol: 'TCP' }] },
    });
  }
  const status: NotebookStatus = { readyReplicas: sts?.status?.readyReplicas ?? 0, containerState: {}, conditions: [] };
  if (pod?.status && !pod.metadata.deletionTimestamp) {
    const cs = pod.status.containerStatuses?.find((c) => c.name === name) ?? pod.status.containerStatuses?.[0];
    status.containerState = cs?.state ?? {};
    status.conditions = (pod.status.conditions ?? []).map((c) => ({
      type: c.type,
      status: c.status,
      lastProbeTime: c.lastProbeTime ?? null,
      lastTransitionTime: c.lastTransitionTime,
      reason: c.reason,
      message: c.message,
    }));
  }
  if (!sameJson(status, nb.status ?? {})) await kube.patchStatus(kf.notebooks, ns, name, status);
}

/** The Notebook controller. */
export const notebookReconciler: Reconciler = {
  name: 'notebook',
  requires: [kf.notebooks, kf.poddefaults],
  async tick(kube) {
    const [notebooks, sets, pods, defaults] = await Promise.all([
      kube.list<Notebook>(kf.notebooks),
      kube.list<StatefulSet>(core.statefulsets),
      kube.list<Pod>(core.pods, { labelSelector: 'notebook-name' }),
      kube.list<PodDefault>(kf.poddefaults),
    ]);
    const setsByOwner = groupByOwner(sets);
    await reconcileEach(notebooks, 8, async (nb) => {
      const full: Notebook = { ...nb, apiVersion: 'kubeflow.org/v1', kind: 'Notebook' };
      const sts = setsByOwner.get(nb.metadata.uid ?? '')?.[0];
      const pod = pods.find((p) => p.metadata.namespace === nb.metadata.namespace && p.metadata.name === `${nb.metadata.name}-0`);
      await reconcileNotebook(
        kube,
        full,
        sts,
        pod,
        defaults.filter((d) => d.metadata.namespace === nb.metadata.namespace),
      );
    });
    return notebooks.length;
  },
};
