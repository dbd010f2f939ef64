// SPDX-License-Identifier: Apache-2.0
/**
 * The new-experiment page's pure parts for the shared create flow: its drafts, form ⇄ manifest
 * (`shared/features/katib/experiment-form.ts`), where problems go (the form's fields are
 * manifest paths, so a problem sits at the field of its path or its nearest shown parent), and
 * the form's own checks (`checkExperimentSpec`, plus name and namespace).
 */
import { checkExperimentSpec } from '../../../shared/features/katib/experiment-checks';
import { formToManifest, manifestToForm, type ExperimentForm } from '../../../shared/features/katib/experiment-form';
import type { FieldProblem } from '../../../shared/kube/field-problem';
import type { DraftKind } from '../../components/create/draft-store';
import type { FormCheck, Placement } from '../../components/create/problem-placement';
import { yamlObject, yamlOf, type FormCodec } from '../../components/create/yaml-sync';

/** A comma-separated list as typed (metric names, a parameter's values): its items, trimmed, without empty ones. */
export function commaList(text: string): string[] {
  return text
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
}

/** New-experiment drafts. */
export const experimentDraft: DraftKind<ExperimentForm> = {
  prefix: 'mldeck.katib-experiment-draft.',
  isForm: (f): f is ExperimentForm =>
    typeof f === 'object' && f !== null && typeof (f as Partial<ExperimentForm>).name === 'string' && typeof (f as Partial<ExperimentForm>).spec === 'object',
};

/** Form ⇄ manifest of an Experiment (one object). */
export const experimentCodec: FormCodec<ExperimentForm, Record<string, unknown>> = {
  toManifest: formToManifest,
  fromYaml: (text) => yamlObject(text, 'an Experiment manifest'),
  toYaml: yamlOf,
  toForm: manifestToForm,
};

/** The fields the form shows problems at (problems of deeper paths go to the nearest of these). */
export const shownFields = [
  'metadata.name',
  'metadata.namespace',
  'spec.objective.objectiveMetricName',
  'spec.objective.type',
  'spec.objective.goal',
  'spec.objective.additionalMetricNames',
  'spec.objective.metricStrategies',
  'spec.algorithm.algorithmName',
  'spec.algorithm.algorithmSettings',
  'spec.earlyStopping.algorithmSettings',
  'spec.parameters',
  'spec.parallelTrialCount',
  'spec.maxTrialCount',
  'spec.maxFailedTrialCount',
  'spec.resumePolicy',
  'spec.metricsCollectorSpec.collector.kind',
  'spec.metricsCollectorSpec.source.fileSystemPath.path',
  'spec.trialTemplate.primaryContainerName',
  'spec.trialTemplate.trialParameters',
  'spec.trialTemplate.trialSpec',
];

/** The shown field a problem at `path` belongs to: the path itself, a parameter's row, or the nearest shown parent. */
export function fieldOfPath(path: string): string | undefined {
  const param = /^spec\.parameters\[(\d+)\]/.exec(path);
  if (param) return `spec.parameters[${param[1]}]`;
  const setting = /^spec\.(algorithm|earlyStopping)\.algorithmSettings/.exec(path);
  if (setting) return `spec.${setting[1]}.algorithmSettings`;
  let p = path;
  while (p) {
    if (shownFields.includes(p)) return p;
    const cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
    p = cut > 0 ? p.slice(0, cut) : '';
  }
  return undefined;
}

/** The server's problems at the form's fields. */
export const experimentPlacement: Placement<ExperimentForm, FieldProblem> = {
  fieldOf: (_form, p) => (p.field ? fieldOfPath(p.field) : undefined),
};

/** The form's own checks, at the form's fields. */
export function experimentChecks(f: ExperimentForm): FormCheck[] {
  const out: FormCheck[] = [];
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(f.name) || f.name.length > 40)
    out.push({ field: 'metadata.name', message: 'Required value: lower-case letters, digits and "-", at most 40 characters (trials add 9)' });
  if (!f.namespace) out.push({ field: 'metadata.namespace', message: 'Required value' });
  for (const p of checkExperimentSpec(f.spec)) out.push({ field: fieldOfPath(p.field) ?? 'spec', message: p.message });
  return out;
}
