// SPDX-License-Identifier: Apache-2.0
/**
 * Kubeflow notebook servers (Notebook custom resources): what the new-server form offers in a
 * namespace (images from the per-cluster settings, PodDefaults as configurations, PVCs,
 * StorageClasses), create (dry-run first; the cluster's objections come back as field problems),
 * stop and start through the `kubeflow-resource-stopped` annotation, delete (optionally with
 * its volumes), and what the user's RBAC allows. Lists are read through the sync contract.
 */
import { z } from 'zod';
import type { FieldProblem } from '../../kube/field-problem';
import { rpc } from '../../ipc/define';
import { DnsLabel, DnsSubdomain } from '../../kube/names';
import type { KubeObject } from '../../kube/object';

const ClusterId = z.string().min(1).max(512);

/** A manifest (checked by the server, not here). */
const Manifest = z.record(z.string(), z.unknown()).refine((o) => JSON.stringify(o).length <= 1024 * 1024, 'The manifest is larger than 1 MiB.');

const ImageList = z.array(z.string().trim().min(1).max(512)).max(100);

/** The images offered per server type, per cluster (kept by main in `notebook-settings.json`). */
export const NotebookSettings = z.object({
  clusterId: ClusterId,
  images: z.object({ jupyter: ImageList, 'group-one': ImageList, 'group-two': ImageList }),
  /** May the user type an image that is not in the lists? */
  allowCustomImage: z.boolean(),
});
/** {@link NotebookSettings} */
export type NotebookSettings = z.infer<typeof NotebookSettings>;

export const ClusterRequest = z.object({ clusterId: ClusterId });
/** {@link ClusterRequest} */
export type ClusterRequest = z.infer<typeof ClusterRequest>;

export const NamespaceRequest = z.object({ clusterId: ClusterId, namespace: DnsLabel });
/** {@link NamespaceRequest} */
export type NamespaceRequest = z.infer<typeof NamespaceRequest>;

/** A PodDefault offered as a configuration. */
export interface PodDefaultOption {
  name: string;
  /** Its `desc`. */
  desc: string;
  /** The labels its selector matches (`matchLabels`); set on the pod template when chosen. */
  labels: Record<string, string>;
}

/** A PVC of the namespace. */
export interface VolumeOption {
  name: string;
  /** Pending, Bound, Lost. */
  phase: string;
  size: string;
  storageClass: string;
  accessModes: string[];
  /** Notebooks of the namespace that mount it. */
  usedBy: string[];
}

/** A StorageClass of the cluster. */
export interface StorageClassOption {
  name: string;
  provisioner: string;
  isDefault: boolean;
}

/** What the new-server form offers in a namespace; a part that could not be read says why. */
export interface NotebookOptions {
  settings: NotebookSettings;
  podDefaults: PodDefaultOption[];
  volumes: VolumeOption[];
  storageClasses: StorageClassOption[];
  /** Whether the namespace has the `default-editor` ServiceAccount (Kubeflow profiles do). */
  hasDefaultEditor: boolean;
  /** Parts that could not be read (RBAC, the kind not served), in words. */
  problems: string[];
}

export const CreateRequest = z.object({
  clusterId: ClusterId,
  notebook: Manifest,
  /** PVCs to create before the Notebook (its new volumes). */
  volumes: z.array(Manifest).max(20),
  /** True: the server checks everything and stores nothing. */
  dryRun: z.boolean(),
});
/** {@link CreateRequest} */
export type CreateRequest = z.infer<typeof CreateRequest>;

/** One objection, with the object it is about. */
export interface NotebookProblem extends FieldProblem {
  /** `notebook`, or the name of the PVC. */
  target: string;
}

/** The stored (or dry-run) objects, or the server's objections. */
export type CreateResult =
  | { notebook: KubeObject; volumes: KubeObject[]; problems?: undefined }
  | { problems: NotebookProblem[]; message: string; notebook?: undefined; volumes?: undefined };

export const ServerRequest = z.object({ clusterId: ClusterId, namespace: DnsLabel, name: DnsSubdomain });
/** {@link ServerRequest} */
export type ServerRequest = z.infer<typeof ServerRequest>;

export const StopRequest = ServerRequest.extend({ stopped: z.boolean() });
/** {@link StopRequest} */
export type StopRequest = z.infer<typeof StopRequest>;

export const DeleteRequest = ServerRequest.extend({
  /** PVCs of the server to delete with it (each must be one the server mounts). */
  deleteVolumes: z.array(DnsSubdomain).max(20),
});
/** {@link DeleteRequest} */
export type DeleteRequest = z.infer<typeof DeleteRequest>;

/** Whether one action is allowed, and if not, why (naming the user). */
export interface Permission {
  allowed: boolean;
  reason: string;
}

/** What the user may do with notebook servers in a namespace. */
export interface NotebookPermissions {
  user: string;
  create: Permission;
  /** Stop and start. */
  patch: Permission;
  delete: Permission;
  createVolumes: Permission;
  deleteVolumes: Permission;
}

export const notebookServersContract = {
  /** The images offered on a cluster. */
  settings: rpc<ClusterRequest, NotebookSettings>('notebook-servers:settings', ClusterRequest),
  /** Changes the images offered on a cluster. */
  setSettings: rpc<NotebookSettings, NotebookSettings>('notebook-servers:set-settings', NotebookSettings),
  /** What the form offers in a namespace. */
  options: rpc<NamespaceRequest, NotebookOptions>('notebook-servers:options', NamespaceRequest),
  /** Dry-runs or creates the PVCs then the Notebook; objections come back as problems. */
  create: rpc<CreateRequest, CreateResult>('notebook-servers:create', CreateRequest),
  /** Stops (annotation set to now) or starts (annotation removed) a server. */
  setStopped: rpc<StopRequest, { object: KubeObject }>('notebook-servers:set-stopped', StopRequest),
  /** Deletes a server, and the volumes named. */
  delete: rpc<DeleteRequest, { deletedVolumes: string[] }>('notebook-servers:delete', DeleteRequest),
  /** What the user may do in a namespace (SelfSubjectAccessReview). */
  permissions: rpc<NamespaceRequest, NotebookPermissions>('notebook-servers:permissions', NamespaceRequest),
} as const;
