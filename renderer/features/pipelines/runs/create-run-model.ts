// SPDX-License-Identifier: Apache-2.0
/**
 * The create-run form's pure parts, for the shared create flow: the form (name, experiment, the
 * pipeline's runtime parameters as typed text, and for a recurring run its trigger, concurrency,
 * catch-up and whether it starts enabled) ⇄ the KFP request body its YAML tab shows; the form's
 * own checks (each parameter parsed by its type, at its field); where the server's problems go;
 * the request main checks or makes; the fresh form of a version and of a clone.
 */
import type { CreateRecurringRunRequest, CreateRunRequest, RunDetail, RunFieldProblem } from '../../../../shared/features/pipelines/runs.contract';
import { parameterText, parseParameterText, type RunParameterSpec } from '../../../../shared/kfp/run-parameters';
import type { DraftKind } from '../../../components/create/draft-store';
import type { FormCheck, Placement } from '../../../components/create/problem-placement';
import { yamlObject, yamlOf, type FormCodec } from '../../../components/create/yaml-sync';

/** The form. */
export interface RunForm {
  mode: 'run' | 'recurring';
  pipelineId: string;
  versionId: string;
  displayName: string;
  description: string;
  experimentId: string;
  /** Typed text by parameter name ('' leaves the default). */
  params: Record<string, string>;
  trigger: 'periodic' | 'cron';
  intervalSeconds: string;
  cron: string;
  maxConcurrency: string;
  catchup: boolean;
  enabled: boolean;
}

/** The KFP request body (what the YAML tab shows). */
export type RunBody = Record<string, unknown>;

/** Create-run drafts. */
export const runDraft: DraftKind<RunForm> = {
  prefix: 'mldeck.pipeline-run-draft.',
  isForm: (f): f is RunForm =>
    typeof f === 'object' && f !== null && typeof (f as Partial<RunForm>).versionId === 'string' && typeof (f as Partial<RunForm>).params === 'object',
};

/** A fresh form for a version; a clone starts from the run's name, experiment and parameters. */
export function freshRunForm(
  target: { pipelineId: string; versionId: string },
  specs: readonly RunParameterSpec[],
  mode: RunForm['mode'],
  clone?: Pick<RunDetail, 'displayName' | 'description' | 'experimentId' | 'parameters'>,
  now = new Date(),
): RunForm {
  const params: Record<string, string> = {};
  for (const s of specs) params[s.name] = parameterText(s, clone && s.name in clone.parameters ? clone.parameters[s.name] : s.defaultValue);
  const stamp = now.toISOString().slice(0, 16).replace('T', ' ');
  return {
    mode,
    ...target,
    displayName: clone ? `Clone of ${clone.displayName}` : `Run of ${stamp}`,
    description: clone?.description ?? '',
    experimentId: clone?.experimentId ?? '',
    params,
    trigger: 'periodic',
    intervalSeconds: '3600',
    cron: '0 0 2 * * *',
    maxConcurrency: '1',
    catchup: false,
    enabled: true,
  };
}

/** A parameter's value from its text (the text itself when it does not parse: the checks say why). */
function values(specs: readonly RunParameterSpec[], params: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const byName = new Map(specs.map((s) => [s.name, s]));
  for (const [name, text] of Object.entries(params)) {
    const s = byName.get(name);
    if (!s) {
      if (text !== '') out[name] = text;
      continue;
    }
    const v = parseParameterText(s, text);
    if ('value' in v) out[name] = v.value;
    else if ('error' in v) out[name] = text;
  }
  return out;
}

/** Form ⇄ KFP body, for the parameters of one version. */
export function runCodec(specs: readonly RunParameterSpec[]): FormCodec<RunForm, RunBody> {
  return {
    toManifest(f) {
      const body: RunBody = {
        display_name: f.displayName,
        description: f.description,
        ...(f.experimentId ? { experiment_id: f.experimentId } : {}),
        pipeline_version_reference: { pipeline_id: f.pipelineId, pipeline_version_id: f.versionId },
        runtime_config: { parameters: values(specs, f.params) },
      };
      if (f.mode === 'run') return body;
      return {
        ...body,
        trigger: f.trigger === 'cron' ? { cron_schedule: { cron: f.cron } } : { periodic_schedule: { interval_second: f.intervalSeconds } },
        max_concurrency: f.maxConcurrency,
        no_catchup: !f.catchup,
        mode: f.enabled ? 'ENABLE' : 'DISABLE',
      };
    },
    fromYaml: (text) => yamlObject(text, 'a KFP run'),
    toYaml: yamlOf,
    toForm(m) {
      const ref = (m.pipeline_version_reference ?? {}) as { pipeline_id?: unknown; pipeline_version_id?: unknown };
      const rc = (m.runtime_config ?? {}) as { parameters?: Record<string, unknown> };
      const byName = new Map(specs.map((s) => [s.name, s]));
      const params: Record<string, string> = {};
      for (const s of specs) params[s.name] = '';
      for (const [k, v] of Object.entries(rc.parameters ?? {})) {
        const s = byName.get(k);
        params[k] = s ? parameterText(s, v) : typeof v === 'string' ? v : JSON.stringify(v);
      }
      const trig = (m.trigger ?? {}) as { cron_schedule?: { cron?: unknown }; periodic_schedule?: { interval_second?: unknown } };
      return {
        mode: m.trigger !== undefined ? 'recurring' : 'run',
        pipelineId: String(ref.pipeline_id ?? ''),
        versionId: String(ref.pipeline_version_id ?? ''),
        displayName: String(m.display_name ?? ''),
        description: String(m.description ?? ''),
        experimentId: String(m.experiment_id ?? ''),
        params,
        trigger: trig.cron_schedule ? 'cron' : 'periodic',
        intervalSeconds: String(trig.periodic_schedule?.interval_second ?? '3600'),
        cron: String(trig.cron_schedule?.cron ?? '0 0 2 * * *'),
        maxConcurrency: String(m.max_concurrency ?? '1'),
        catchup: m.trigger !== undefined && m.no_catchup !== true,
        enabled: m.mode !== 'DISABLE',
      };
    },
  };
}

/** The form's own checks. */
export function runChecks(specs: readonly RunParameterSpec[], f: RunForm): FormCheck[] {
  const out: FormCheck[] = [];
  if (!f.displayName.trim()) out.push({ field: 'displayName', message: 'Give the run a name.' });
  for (const s of specs) {
    const v = parseParameterText(s, f.params[s.name] ?? '');
    if ('error' in v) out.push({ field: `param:${s.name}`, message: v.error });
  }
  if (f.mode === 'recurring') {
    if (f.trigger === 'periodic' && !/^[1-9]\d*$/.test(f.intervalSeconds.trim()))
      out.push({ field: 'trigger', message: 'The interval is a whole number of seconds.' });
    if (f.trigger === 'cron' && !f.cron.trim()) out.push({ field: 'trigger', message: 'Give a cron schedule (six fields, seconds first).' });
    const n = Number(f.maxConcurrency);
    if (!Number.isInteger(n) || n < 1 || n > 10) out.push({ field: 'maxConcurrency', message: 'Between 1 and 10 runs at a time.' });
  }
  return out;
}

/** The server's problems at the form's fields. */
export const runPlacement: Placement<RunForm, RunFieldProblem> = {
  fieldOf: (_f, p) => {
    if (!p.field) return undefined;
    if (p.field.startsWith('parameters.')) return `param:${p.field.slice('parameters.'.length)}`;
    return ['displayName', 'experimentId', 'trigger', 'maxConcurrency', 'endTime'].includes(p.field) ? p.field : undefined;
  },
};

const str = (v: unknown) => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));

/** The request main checks (`dryRun`) or makes, from a body (the form's, or the YAML tab's). */
export function requestOf(clusterId: string, body: RunBody, dryRun: boolean): { run: CreateRunRequest } | { recurring: CreateRecurringRunRequest } {
  const ref = (body.pipeline_version_reference ?? {}) as Record<string, unknown>;
  const rc = (body.runtime_config ?? {}) as { parameters?: Record<string, unknown> };
  const experimentId = str(body.experiment_id);
  const run: CreateRunRequest = {
    clusterId,
    displayName: str(body.display_name),
    description: str(body.description),
    pipelineId: str(ref.pipeline_id),
    versionId: str(ref.pipeline_version_id),
    ...(experimentId ? { experimentId } : {}),
    parameters: rc.parameters ?? {},
    dryRun,
  };
  if (body.trigger === undefined) return { run };
  const trig = body.trigger as { cron_schedule?: { cron?: unknown }; periodic_schedule?: { interval_second?: unknown } };
  return {
    recurring: {
      ...run,
      trigger: trig.cron_schedule
        ? { kind: 'cron', cron: str(trig.cron_schedule.cron) }
        : { kind: 'periodic', intervalSeconds: Number(trig.periodic_schedule?.interval_second ?? NaN) },
      maxConcurrency: Number(body.max_concurrency ?? 1),
      catchup: body.no_catchup !== true,
      enabled: body.mode !== 'DISABLE',
    },
  };
}
