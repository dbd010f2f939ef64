// SPDX-License-Identifier: Apache-2.0
/**
 * The volume browser's pod: what it may be (read-only or read-write, on which node) given the
 * claim's access modes and the pods that mount it now, and its manifest. A ReadWriteOnce
 * claim in use can only be mounted on the node where it is attached, so the pod is placed
 * there (as Kubeflow's Tensorboard controller does with RWO_PVC_SCHEDULING); a
 * ReadWriteOncePod claim in use cannot be mounted by a second pod at all.
 */
import { AppError } from '../../../shared/errors';

/** The image the pod runs (sh, find, stat, head, tar, rm). */
export const browserImage = 'busybox:1.37.0';

/** Where the claim is mounted (and the container's working directory). */
export const mountPath = '/volume';

/** The label every browser pod carries. */
export const browserLabel = 'mldeck.dev/volume-browser';

/** How long a browser pod may live at most, whatever happens to MLDeck. */
export const maxLifetimeSeconds = 8 * 3600;

/** A pod that mounts the claim, as far as the plan needs it. */
export interface MountingPod {
  name: string;
  phase: string;
  node?: string;
  /** The notebook server it belongs to (`notebook-name` label). */
  notebook?: string;
  securityContext?: { runAsUser?: number; runAsGroup?: number; fsGroup?: number };
  tolerations?: unknown[];
}

/** Where and how the browser pod runs, and what to tell the user. */
export interface BrowserPlan {
  readOnly: boolean;
  node?: string;
  notes: string[];
  securityContext?: MountingPod['securityContext'];
  tolerations?: unknown[];
}

/**
 * Decides the pod's mode and node.
 * @throws AppError `validation` for writing to a ReadOnlyMany claim, `conflict` for a
 *   ReadWriteOncePod claim in use
 */
export function planBrowser(claim: string, accessModes: readonly string[], phase: string, pods: readonly MountingPod[], writable: boolean): BrowserPlan {
  const notes: string[] = [];
  const active = pods.filter((p) => p.phase === 'Running' || p.phase === 'Pending');
  const who = (p: MountingPod) => (p.notebook ? `pod ${p.name} (notebook server ${p.notebook})` : `pod ${p.name}`);
  if (writable && accessModes.length > 0 && accessModes.every((m) => m === 'ReadOnlyMany')) {
    throw new AppError('validation', `${claim} can only be mounted read-only (its access mode is ReadOnlyMany). Open it read-only.`);
  }
  if (accessModes.includes('ReadWriteOncePod') && active.length > 0) {
    const p = active[0] as MountingPod;
    throw new AppError(
      'conflict',
      `${claim} is ReadWriteOncePod and ${who(p)} mounts it: Kubernetes lets only one pod use it at a time. Stop that pod (or its notebook server) to browse the volume.`,
    );
  }
  if (phase !== 'Bound') notes.push(`${claim} is ${phase || 'not bound'}: the browser pod waits until a volume is bound to it.`);
  const shared = accessModes.includes('ReadWriteMany') || (!writable && accessModes.includes('ReadOnlyMany'));
  const holder = active.find((p) => p.phase === 'Running' && p.node) ?? active.find((p) => p.node);
  let node: string | undefined;
  if (!shared && holder?.node) {
    node = holder.node;
    notes.push(
      `${claim} is ReadWriteOnce and in use by ${who(holder)} on node ${holder.node}: a ReadWriteOnce volume is attached to one node at a time, so the browser runs on ${holder.node}.`,
    );
  }
  const readOnly = !writable;
  if (!readOnly && active.length > 0)
    notes.push(`Opened for writing while ${active.map(who).join(', ')} also uses the volume: changes are seen there at once.`);
  return { readOnly, node, notes, securityContext: holder?.securityContext ?? active[0]?.securityContext, tolerations: node ? holder?.tolerations : undefined };
}

/** The metadata of what MLDeck makes to browse a claim (a pod or a PVCViewer): its label and when it expires. */
export function browserMetadata(name: string, namespace: string, claim: string, now: Date): Record<string, unknown> {
  return {
    name,
    namespace,
    labels: { [browserLabel]: 'true', 'app.kubernetes.io/managed-by': 'mldeck' },
    annotations: {
      'mldeck.dev/claim': claim,
      'mldeck.dev/expires-at': new Date(now.getTime() + maxLifetimeSeconds * 1000).toISOString(),
      'mldeck.dev/purpose': 'MLDeck volume browser: deleted when the user closes it',
    },
  };
}

/**
 * Where the pod MLDeck runs to browse a claim goes and whom it runs as (the pod spec's fields, for a
 * browser pod or a PVCViewer's pod): the node of the pod that holds a ReadWriteOnce claim, with its
 * tolerations, and the holder's user, group and fsGroup, so files keep their owners.
 */
export function browserPlacement(plan: BrowserPlan): Record<string, unknown> {
  const sc = plan.securityContext ?? {};
  return {
    ...(plan.node ? { nodeName: plan.node } : {}),
    ...(plan.tolerations?.length ? { tolerations: plan.tolerations } : {}),
    securityContext: {
      ...(sc.runAsUser !== undefined ? { runAsUser: sc.runAsUser } : {}),
      ...(sc.runAsGroup !== undefined ? { runAsGroup: sc.runAsGroup } : {}),
      ...(sc.fsGroup !== undefined ? { fsGroup: sc.fsGroup } : {}),
    },
  };
}

/** The browser pod's manifest. */
export function browserPodManifest(name: string, namespace: string, claim: string, plan: BrowserPlan, now: Date): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: browserMetadata(name, namespace, claim, now),
    spec: {
      restartPolicy: 'Never',
      activeDeadlineSeconds: maxLifetimeSeconds,
      terminationGracePeriodSeconds: 1,
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      ...browserPlacement(plan),
      containers: [
        {
          name: 'browser',
          image: browserImage,
          imagePullPolicy: 'IfNotPresent',
          command: ['sleep', String(maxLifetimeSeconds)],
          workingDir: mountPath,
          resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { memory: '256Mi' } },
          securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
          volumeMounts: [{ name: 'volume', mountPath, readOnly: plan.readOnly }],
        },
      ],
      volumes: [{ name: 'volume', persistentVolumeClaim: { claimName: claim, readOnly: plan.readOnly } }],
    },
  };
}

/** A pod's scheduling or mount trouble in words, from its events (Multi-Attach explained). */
export function startProblem(events: readonly { reason?: string; message?: string }[]): string | undefined {
  const bad = events.filter((e) => /FailedScheduling|FailedAttachVolume|FailedMount|Failed|BackOff|ErrImagePull/.test(e.reason ?? ''));
  const last = bad[bad.length - 1];
  if (!last) return undefined;
  const msg = last.message ?? last.reason ?? '';
  if (/Multi-Attach/i.test(msg)) return `the volume is in use on another node (ReadWriteOnce volumes attach to one node at a time): ${msg}`;
  return `${last.reason}: ${msg}`;
}
