// SPDX-License-Identifier: Apache-2.0
/**
 * Kubeflow TensorBoards (`tensorboard.kubeflow.org/v1alpha1` Tensorboard objects): created from a
 * run's or job's log directory (`s3://<bucket>/<prefix>` or `pvc://<claim>/<path>`, as the
 * Tensorboard controller reads `spec.logspath`), deleted, and opened for the user's browser
 * through a tunnel to the Service the controller makes (port 80). The list is read through the
 * sync contract; {@link tensorboardStatus} words an object's status.
 */
import { z } from 'zod';
import { rpc } from '../../ipc/define';
import { DnsLabel } from '../../kube/names';
import type { KubeObject } from '../../kube/object';
import type { TunnelInfo } from '../tunnels/tunnels.contract';

const ClusterId = z.string().min(1).max(512);

/** The kind as the sync contract names it. */
export const tensorboardKind = { group: 'tensorboard.kubeflow.org', version: 'v1alpha1', resource: 'tensorboards' } as const;

/** A log directory the controller can mount or read: `s3://bucket/prefix` or `pvc://claim/path`. */
export const LogsPath = z
  .string()
  .trim()
  .max(2048)
  .refine(
    (p) => /^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/[^\0]*)?$/.test(p) || /^pvc:\/\/[a-z0-9]([-a-z0-9.]*[a-z0-9])?(\/[^\0]*)?$/.test(p),
    'Give the log directory as s3://<bucket>/<prefix> or pvc://<claim>/<path inside it>.',
  )
  .refine((p) => !p.split('/').includes('..'), 'A log directory cannot contain "..".');

/** The annotation on a Tensorboard made from a job's or run's page: where it came from ({@link MadeFrom}). */
export const madeFromAnnotation = 'mldeck.dev/made-from';

/** Where a TensorBoard came from: a job (`job:<group>/<version>/<resource>/<namespace>/<name>`) or a KFP run (`run:<id>`). */
export const MadeFrom = /^(job:[a-z0-9.-]*\/[a-z0-9]+\/[a-z0-9]+\/[a-z0-9-]{1,63}\/[a-z0-9.-]{1,253}|run:[A-Za-z0-9-]{1,64})$/;

export const CreateRequest = z.object({
  clusterId: ClusterId,
  namespace: DnsLabel,
  name: DnsLabel,
  logsPath: LogsPath,
  /** The job or run it is made from (the list links back). */
  madeFrom: z.string().regex(MadeFrom, 'not a job or run').optional(),
});
/** {@link CreateRequest} */
export type CreateRequest = z.infer<typeof CreateRequest>;

export const TensorboardRequest = z.object({ clusterId: ClusterId, namespace: DnsLabel, name: DnsLabel });
/** {@link TensorboardRequest} */
export type TensorboardRequest = z.infer<typeof TensorboardRequest>;

/** A Tensorboard's state as the Kubeflow TensorBoards web app shows it. */
export interface TensorboardStatus {
  ready: boolean;
  /** `ready`, `waiting` (with the Deployment's last state), or `terminating`. */
  phase: 'ready' | 'waiting' | 'terminating';
  /** The Deployment's last condition type the controller recorded. */
  deploymentState?: string;
  logsPath: string;
}

/** The status of a Tensorboard object. */
export function tensorboardStatus(tb: KubeObject): TensorboardStatus {
  const spec = (tb.spec ?? {}) as { logspath?: string };
  const st = (tb.status ?? {}) as { readyReplicas?: number; conditions?: { deploymentState?: string }[] };
  const last = st.conditions?.[st.conditions.length - 1]?.deploymentState;
  if ((tb.metadata as { deletionTimestamp?: string }).deletionTimestamp)
    return { ready: false, phase: 'terminating', deploymentState: last, logsPath: spec.logspath ?? '' };
  const ready = (st.readyReplicas ?? 0) > 0;
  return { ready, phase: ready ? 'ready' : 'waiting', deploymentState: last, logsPath: spec.logspath ?? '' };
}

export const tensorboardsContract = {
  /** Creates a Tensorboard (the server's objections come back as errors with fields). */
  create: rpc<CreateRequest, void>('tensorboards:create', CreateRequest),
  /** Deletes a Tensorboard (the controller's Deployment and Service go with it). */
  delete: rpc<TensorboardRequest, void>('tensorboards:delete', TensorboardRequest),
  /** A tunnel to the Tensorboard's Service (an open one is reused) with its token link. */
  open: rpc<TensorboardRequest, TunnelInfo>('tensorboards:open', TensorboardRequest),
};
