// SPDX-License-Identifier: Apache-2.0
/**
 * Katib experiments: create (dry run or for real, the server's objections as field problems),
 * stop and resume (through `maxTrialCount`, as Katib restarts experiments), delete, what the
 * user's RBAC allows, keeping the logs of an experiment's trial pods, and a trial's observation
 * log parsed from its kept logs. Lists and pages read experiments, trials, pods and events
 * through the sync engine (`sync:subscribe`), as the jobs pages do.
 */
import { z } from 'zod';
import { rpc } from '../../ipc/define';
import type { SubmitResult } from '../../kube/field-problem';
import { DnsLabel, DnsSubdomain } from '../../kube/names';
import type { KubeObject } from '../../kube/object';
import type { Observation } from './observation-log';
import type { TrialTable } from './trial-table';

export type { FieldProblem, SubmitResult } from '../../kube/field-problem';

const ClusterId = z.string().min(1).max(512);
const MetricName = z.string().min(1).max(253);

/** An Experiment manifest as the form or the YAML tab sends it (checked by the server). */
const Manifest = z.record(z.string(), z.unknown()).refine((o) => JSON.stringify(o).length <= 3 * 1024 * 1024, 'The manifest is larger than 3 MiB.');

export const SubmitRequest = z.object({ clusterId: ClusterId, object: Manifest, dryRun: z.boolean() });
/** {@link SubmitRequest} */
export type SubmitRequest = z.infer<typeof SubmitRequest>;

export const ExperimentRequest = z.object({ clusterId: ClusterId, namespace: DnsLabel, name: DnsSubdomain });
/** {@link ExperimentRequest} */
export type ExperimentRequest = z.infer<typeof ExperimentRequest>;

export const TrialsRequest = z.object({ clusterId: ClusterId, namespace: DnsLabel, experiment: DnsSubdomain });
/** {@link TrialsRequest} */
export type TrialsRequest = z.infer<typeof TrialsRequest>;

/** An experiment's trials as one list call read them: the fields MLDeck's views use, as a table (trial-table.ts). */
export interface TrialList {
  table: TrialTable;
  resourceVersion: string | undefined;
}

export const PermissionsRequest = z.object({ clusterId: ClusterId, namespace: DnsLabel });
/** {@link PermissionsRequest} */
export type PermissionsRequest = z.infer<typeof PermissionsRequest>;

export const ObservationRequest = z.object({
  clusterId: ClusterId,
  namespace: DnsLabel,
  trial: DnsSubdomain,
  metricNames: z.array(MetricName).min(1).max(50),
  /** The trial's primary container; all containers when absent. */
  container: z.string().min(1).max(253).optional(),
});
/** {@link ObservationRequest} */
export type ObservationRequest = z.infer<typeof ObservationRequest>;

/** Whether one action is allowed, and if not, why. */
export interface Permission {
  allowed: boolean;
  reason: string;
}

/** What the user may do with experiments in a namespace. */
export interface KatibPermissions {
  user: string;
  create: Permission;
  /** Stop and resume change the experiment. */
  patch: Permission;
  delete: Permission;
}

/** A trial's observation log and where it was read from. */
export interface TrialObservation {
  observations: Observation[];
  /** The kept containers it was read from (pod and container). */
  sources: { pod: string; container: string; lines: number }[];
}

export const katibContract = {
  /** Dry-runs or creates an Experiment (`fieldValidation=Strict`); the form's own checks come first, as problems. */
  submit: rpc<SubmitRequest, SubmitResult>('katib:submit', SubmitRequest),
  /** Stops an experiment from starting trials (maxTrialCount = trials so far; running ones finish). */
  stop: rpc<ExperimentRequest, { object: KubeObject }>('katib:stop', ExperimentRequest),
  /** Resumes a stopped experiment, or restarts a finished one whose resume policy allows it. */
  resume: rpc<ExperimentRequest, { object: KubeObject }>('katib:resume', ExperimentRequest),
  /** Deletes an experiment (its trials, runs and suggestion go with it). */
  delete: rpc<ExperimentRequest, void>('katib:delete', ExperimentRequest),
  /** What the user may do with experiments in the namespace (SelfSubjectAccessReview). */
  permissions: rpc<PermissionsRequest, KatibPermissions>('katib:permissions', PermissionsRequest),
  /** Keeps the logs of the experiment's live trial pods (so they outlive the pods); answers the pods kept. */
  keepTrialLogs: rpc<ExperimentRequest, { pods: string[] }>('katib:keep-trial-logs', ExperimentRequest),
  /** A trial's observation log, parsed from its pods' kept logs. */
  observation: rpc<ObservationRequest, TrialObservation>('katib:observation', ObservationRequest),
  /** An experiment's trials in one list call (its page draws them while the live slice of the namespace's trials is still listing). */
  listTrials: rpc<TrialsRequest, TrialList>('katib:list-trials', TrialsRequest),
} as const;
