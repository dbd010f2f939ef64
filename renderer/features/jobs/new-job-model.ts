// SPDX-License-Identifier: Apache-2.0
/**
 * The pure parts of the new-job page: its draft kind, the kinds offered (only those the cluster
 * serves), the starting kind, switching kind while keeping what was typed, where the server's
 * problems go, and why Create is not available.
 */
import type { FieldProblem, JobPermissions } from '../../../shared/features/jobs/jobs.contract';
import { formFieldOfPath, formToManifest, manifestToForm, newJobForm, problemText, type JobForm } from '../../../shared/kube/job-form';
import { trainingKindKey, trainingKinds, type TrainingKind } from '../../../shared/kube/training-kinds';
import type { DraftKind } from '../../components/create/draft-store';
import type { Placement } from '../../components/create/problem-placement';
import { yamlObject, yamlOf, type FormCodec } from '../../components/create/yaml-sync';

/** New-job drafts (the prefix is the one earlier versions wrote, so their drafts are still found). */
export const jobDraft: DraftKind<JobForm> = {
  prefix: 'mldeck.job-draft.',
  isForm: (f): f is JobForm => typeof f === 'object' && f !== null && Boolean((f as Partial<JobForm>).kind) && Array.isArray((f as Partial<JobForm>).replicas),
};

/** Form ⇄ manifest of a training job (one object). */
export const jobCodec: FormCodec<JobForm, Record<string, unknown>> = {
  toManifest: formToManifest,
  fromYaml: (text) => yamlObject(text, 'a job manifest'),
  toYaml: yamlOf,
  toForm: (m) => manifestToForm(m),
};

/** The server's problems at the form's fields, worded for the field. */
export const jobPlacement: Placement<JobForm, FieldProblem> = {
  fieldOf: (form, p) => (p.field ? formFieldOfPath(form, p.field) : undefined),
  textOf: (p) => problemText(p.message, p.field),
};

/** The training kinds a cluster serves, from its served resource keys. */
export function servedKinds(keys: ReadonlySet<string> | undefined): TrainingKind[] {
  return keys ? trainingKinds.filter((k) => keys.has(trainingKindKey(k))) : [];
}

/** The kind a fresh form starts with: the route's if served, else PyTorchJob, else the first served. */
export function startingKind(
  served: readonly TrainingKind[],
  wanted: { group: string; version: string; resource: string } | undefined,
): TrainingKind | undefined {
  const w = wanted ? served.find((k) => trainingKindKey(k) === trainingKindKey(wanted)) : undefined;
  return w ?? served.find((k) => k.resource === 'pytorchjobs') ?? served[0];
}

/** A fresh form of `kind` in `namespace`. */
export function freshJobForm(kind: TrainingKind | undefined, namespace: string): JobForm | undefined {
  return kind ? newJobForm(kind, namespace) : undefined;
}

/** Changes a form's kind, keeping the name, labels and what the first container runs. */
export function switchKind(form: JobForm, kind: TrainingKind): JobForm {
  const next = newJobForm(kind, form.namespace);
  const from = form.replicas[0] ?? form.trainJob;
  const container = from
    ? { image: from.image, command: from.command, args: from.args, cpu: from.cpu, memory: from.memory, gpus: from.gpus, env: from.env }
    : {};
  next.name = form.name;
  next.labels = form.labels;
  next.replicas = next.replicas.map((r) => ({ ...r, ...container }));
  if (next.trainJob) next.trainJob = { ...next.trainJob, ...container };
  return next;
}

/**
 * Why Create is not available, if it is not: the kind is not served (or it is unknown whether it
 * is), or RBAC forbids it (a failed RBAC check does not block; it is said on its own).
 */
export function createBlocked(opts: {
  clusterName: string;
  kind: TrainingKind | undefined;
  served: readonly TrainingKind[];
  kindsKnown: boolean;
  kindsFailed: boolean;
  permissions: JobPermissions | undefined;
}): string | undefined {
  const { kind } = opts;
  if (opts.kindsKnown && kind && !opts.served.some((k) => trainingKindKey(k) === trainingKindKey(kind)))
    return opts.kindsFailed
      ? `MLDeck does not know whether ${opts.clusterName} serves ${kind.title}; your draft is kept until it does.`
      : `${opts.clusterName} does not serve ${kind.title}.`;
  return opts.permissions && !opts.permissions.create.allowed ? opts.permissions.create.reason : undefined;
}
