// SPDX-License-Identifier: Apache-2.0
/**
 * Creating and changing training jobs: the kind's schema from the cluster (`/openapi/v3`),
 * validation against it, submit (server-side dry-run or for real, with field problems returned
 * as data), suspend/resume, delete, and what the user's RBAC allows.
 */
import { z } from 'zod';
import type { FieldProblem, SubmitResult } from '../../kube/field-problem';

export type { FieldProblem, SubmitResult } from '../../kube/field-problem';
import { rpc } from '../../ipc/define';
import { ApiGroup, ApiVersionName, DnsLabel, DnsSubdomain, ResourcePlural } from '../../kube/names';
import type { KubeObject } from '../../kube/object';

const ClusterId = z.string().min(1).max(512);

/** A job kind: group, version and plural. */
export const JobKindRef = z.object({ group: ApiGroup, version: ApiVersionName, resource: ResourcePlural });

/** A manifest as sent by the form or the YAML tab (checked by the server, not here). */
const Manifest = z.record(z.string(), z.unknown()).refine((o) => JSON.stringify(o).length <= 3 * 1024 * 1024, 'The manifest is larger than 3 MiB.');

export const SchemaRequest = JobKindRef.extend({ clusterId: ClusterId });
/** {@link SchemaRequest} */
export type SchemaRequest = z.infer<typeof SchemaRequest>;

/** An OpenAPI v3 schema object (as the API server publishes it). */
export type OpenApiSchema = Record<string, unknown>;

/** A kind's schema: the root and the components it refers to (`#/components/schemas/<name>`). */
export interface KindSchema {
  kind: string;
  /** The component name of the root, e.g. `org.kubeflow.v1.PyTorchJob`. */
  root: string;
  schema: OpenApiSchema;
  components: Record<string, OpenApiSchema>;
}

export const ValidateRequest = z.object({ clusterId: ClusterId, object: Manifest });
/** {@link ValidateRequest} */
export type ValidateRequest = z.infer<typeof ValidateRequest>;

export const SubmitRequest = z.object({
  clusterId: ClusterId,
  object: Manifest,
  /** True: the server checks everything (admission webhooks included) and stores nothing. */
  dryRun: z.boolean(),
});
/** {@link SubmitRequest} */
export type SubmitRequest = z.infer<typeof SubmitRequest>;

export const JobRequest = JobKindRef.extend({ clusterId: ClusterId, namespace: DnsLabel, name: DnsSubdomain });
/** {@link JobRequest} */
export type JobRequest = z.infer<typeof JobRequest>;

export const SuspendRequest = JobRequest.extend({ suspended: z.boolean() });
/** {@link SuspendRequest} */
export type SuspendRequest = z.infer<typeof SuspendRequest>;

export const PermissionsRequest = z.object({ clusterId: ClusterId, namespace: DnsLabel, group: ApiGroup, resource: ResourcePlural });
/** {@link PermissionsRequest} */
export type PermissionsRequest = z.infer<typeof PermissionsRequest>;

/** Whether one action is allowed, and if not, why (who the user is and what is missing). */
export interface Permission {
  allowed: boolean;
  /** Empty when allowed; e.g. "alice may not delete pytorchjobs in team-b". */
  reason: string;
}

/** What the user may do with a kind in a namespace. */
export interface JobPermissions {
  /** Who the cluster says the user is. */
  user: string;
  create: Permission;
  patch: Permission;
  delete: Permission;
}

export const jobsContract = {
  /** The kind's OpenAPI v3 schema, read from the cluster (cached per schema hash). */
  schema: rpc<SchemaRequest, KindSchema>('jobs:schema', SchemaRequest),
  /** Checks a manifest against its kind's schema from the cluster, without sending it. */
  validate: rpc<ValidateRequest, { problems: FieldProblem[] }>('jobs:validate', ValidateRequest),
  /** Dry-runs or creates a job (`fieldValidation=Strict`); invalid objects come back as problems, not errors. */
  submit: rpc<SubmitRequest, SubmitResult>('jobs:submit', SubmitRequest),
  /** Suspends or resumes a job through its kind's `suspend` field. */
  setSuspended: rpc<SuspendRequest, { object: KubeObject }>('jobs:set-suspended', SuspendRequest),
  /** Deletes a job; its pods go in the background. */
  delete: rpc<JobRequest, void>('jobs:delete', JobRequest),
  /** What the user may do (SelfSubjectAccessReview). */
  permissions: rpc<PermissionsRequest, JobPermissions>('jobs:permissions', PermissionsRequest),
} as const;
