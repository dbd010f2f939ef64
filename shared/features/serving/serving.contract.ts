// SPDX-License-Identifier: Apache-2.0
/**
 * Serving models with KServe: deploy an InferenceService (server-side dry run with field
 * problems, then create), S3 access for the storage initializer (a Secret with KServe's S3
 * annotations and a ServiceAccount listing it; the keys go to main once and are never read
 * back), rollouts (canary with a traffic percentage, promote, roll back, return to an earlier
 * model from the history), test requests through a port-forward or the service URL, and what
 * the user's RBAC allows. Lists and status come from sync slices (`sync:subscribe`).
 */
import { z } from 'zod';
import type { SubmitResult } from '../../kube/field-problem';

export type { FieldProblem, SubmitResult } from '../../kube/field-problem';
import { rpc } from '../../ipc/define';
import { DnsLabel, DnsSubdomain } from '../../kube/names';
import type { KubeObject } from '../../kube/object';

const ClusterId = z.string().min(1).max(512);

/** A manifest as sent by the form or the YAML tab (checked by the server, not here). */
const Manifest = z.record(z.string(), z.unknown()).refine((o) => JSON.stringify(o).length <= 1024 * 1024, 'The manifest is larger than 1 MiB.');

/** One InferenceService. */
export const ServiceRef = z.object({ clusterId: ClusterId, namespace: DnsLabel, name: DnsLabel });
/** {@link ServiceRef} */
export type ServiceRef = z.infer<typeof ServiceRef>;

export const SubmitRequest = z.object({
  clusterId: ClusterId,
  object: Manifest,
  /** True: the server checks everything (admission webhooks included) and stores nothing. */
  dryRun: z.boolean(),
});
/** {@link SubmitRequest} */
export type SubmitRequest = z.infer<typeof SubmitRequest>;

const Text = (max: number) => z.string().max(max);

/** The model a canary or a restore puts in the predictor. */
export const PredictorModelSchema = z.object({
  format: z.string().min(1).max(63),
  runtime: Text(253).optional(),
  protocolVersion: z.enum(['v1', 'v2']).optional(),
  storageUri: z.string().min(1).max(2048),
});

/** Registry model and version served, recorded in annotations. */
export const RegistryRef = z.object({ model: z.string().min(1).max(256), version: z.string().min(1).max(64) });

export const CanaryRequest = ServiceRef.extend({
  model: PredictorModelSchema,
  /** Share of traffic for the new revision; 100 rolls it out at once. */
  percent: z.number().int().min(0).max(100),
  registry: RegistryRef.optional(),
  dryRun: z.boolean(),
});
/** {@link CanaryRequest} */
export type CanaryRequest = z.infer<typeof CanaryRequest>;

export const TrafficRequest = ServiceRef.extend({ percent: z.number().int().min(0).max(100) });
/** {@link TrafficRequest} */
export type TrafficRequest = z.infer<typeof TrafficRequest>;

export const RestoreRequest = ServiceRef.extend({
  /** Index in the history as the user saw it, with its time to make sure it is the same entry. */
  index: z.number().int().min(0).max(1000),
  at: z.string().min(1).max(64),
});
/** {@link RestoreRequest} */
export type RestoreRequest = z.infer<typeof RestoreRequest>;

/** A ServiceAccount and the S3 credential Secrets it lists (names and endpoints only). */
export interface ServiceAccountInfo {
  name: string;
  s3Secrets: { name: string; endpoint?: string }[];
}

/** ServiceAccounts of a namespace. */
export interface ServiceAccounts {
  accounts: ServiceAccountInfo[];
  /** False when the user may not list Secrets, so S3 credentials could not be told apart. */
  secretsReadable: boolean;
}

export const S3AccessRequest = z.object({
  clusterId: ClusterId,
  namespace: DnsLabel,
  serviceAccountName: DnsSubdomain,
  secretName: DnsSubdomain,
  /** host[:port], no scheme (`serving.kserve.io/s3-endpoint`). */
  endpoint: z
    .string()
    .min(1)
    .max(253)
    .regex(/^[A-Za-z0-9.-]+(:\d{1,5})?$/, 'host or host:port, without a scheme'),
  useHttps: z.boolean(),
  region: z.string().max(64),
  verifySsl: z.boolean(),
  accessKeyId: z.string().min(1).max(256),
  secretAccessKey: z.string().min(1).max(512),
  dryRun: z.boolean(),
});
/** {@link S3AccessRequest} */
export type S3AccessRequest = z.infer<typeof S3AccessRequest>;

/** Whether one action is allowed, and if not, why (who the user is and what is missing). */
export interface Permission {
  allowed: boolean;
  /** Empty when allowed; e.g. "alice may not create inferenceservices in team-b". */
  reason: string;
}

/** What the user may do in a namespace. */
export interface ServingPermissions {
  user: string;
  create: Permission;
  patch: Permission;
  createSecret: Permission;
  createServiceAccount: Permission;
  portForward: Permission;
}

export const PredictRequest = ServiceRef.extend({
  protocol: z.enum(['v1', 'v2']),
  /** `/v1/models/<m>:predict`, `/v2/models/<m>/infer` (checked again in main). */
  path: z.string().min(1).max(1024),
  body: z.string().max(1024 * 1024),
  /** Port-forward to a ready predictor pod, or the service's URL. */
  via: z.enum(['port-forward', 'url']),
  /** The revision to send to; default: one picked by the traffic split. */
  revision: DnsSubdomain.optional(),
});
/** {@link PredictRequest} */
export type PredictRequest = z.infer<typeof PredictRequest>;

/** The model server's answer. */
export interface PredictResponse {
  status: number;
  /** The body (at most 2 MiB; longer bodies are cut). */
  body: string;
  contentType: string;
  latencyMs: number;
  /** Where the request went, in words (the pod and revision, or the URL). */
  target: string;
  revision?: string;
  pod?: string;
  truncated: boolean;
}

export const servingContract = {
  /** Dry-runs or creates an InferenceService (`fieldValidation=Strict`); MLDeck adds its rollout-history entry. */
  submit: rpc<SubmitRequest, SubmitResult>('serving:submit', SubmitRequest),
  /** Puts a new model in a running service as a canary with a share of traffic (dry run first when asked). */
  canary: rpc<CanaryRequest, SubmitResult>('serving:canary', CanaryRequest),
  /** Changes the canary's share of traffic (`canaryTrafficPercent`). */
  setTraffic: rpc<TrafficRequest, { object: KubeObject }>('serving:set-traffic', TrafficRequest),
  /** Promotes the canary: all traffic to the latest revision (`canaryTrafficPercent` removed). */
  promote: rpc<z.infer<typeof ServiceRef>, { object: KubeObject }>('serving:promote', ServiceRef),
  /** Rolls back as KServe does: `canaryTrafficPercent: 0` sends all traffic to the previous rolled-out revision. */
  rollback: rpc<z.infer<typeof ServiceRef>, { object: KubeObject }>('serving:rollback', ServiceRef),
  /** Returns to an earlier model from the history: its storageUri and format become the predictor again. */
  restore: rpc<RestoreRequest, { object: KubeObject }>('serving:restore', RestoreRequest),
  /** ServiceAccounts of a namespace with the S3 Secrets they list. */
  serviceAccounts: rpc<{ clusterId: string; namespace: string }, ServiceAccounts>(
    'serving:service-accounts',
    z.object({ clusterId: ClusterId, namespace: DnsLabel }),
  ),
  /** Creates a Secret with KServe's S3 annotations and a ServiceAccount listing it (or adds it to an existing one). */
  createS3Access: rpc<S3AccessRequest, { serviceAccountName: string; secretName: string }>('serving:create-storage-access', S3AccessRequest),
  /** What the user may do in a namespace (SelfSubjectAccessReview), with reasons naming the user. */
  permissions: rpc<{ clusterId: string; namespace: string }, ServingPermissions>(
    'serving:permissions',
    z.object({ clusterId: ClusterId, namespace: DnsLabel }),
  ),
  /** Sends a test request to the model server and returns its answer and the latency. */
  predict: rpc<PredictRequest, PredictResponse>('serving:predict', PredictRequest),
} as const;
