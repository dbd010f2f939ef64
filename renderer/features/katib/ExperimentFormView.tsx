// SPDX-License-Identifier: Apache-2.0
/**
 * The new-experiment form: name, objective (maximize/minimize, goal, objective and additional
 * metrics, metric strategies), algorithm with its settings (only the ones it takes), medianstop
 * early stopping, the parameters (ParametersEditor), trial counts and resume policy, the metrics
 * collector and the trial template's primary container. Every field's id is its manifest path.
 */
import { algorithmSettings, collectorKinds, earlyStoppingSettings } from '../../../shared/features/katib/experiment-checks';
import type { ExperimentForm } from '../../../shared/features/katib/experiment-form';
import type { ExperimentSpec, KatibAlgorithm } from '../../../shared/features/katib/katib-objects';
import { Problems, type FieldProblems } from '../../components/form/Field';
import { NumberField, SelectField, TextField } from '../../components/form/inputs';
import { commaList } from './new-experiment-model';
import { ParametersEditor } from './ParametersEditor';

type TrialCount = 'parallelTrialCount' | 'maxTrialCount' | 'maxFailedTrialCount';

/** The settings of an algorithm as text fields (empty: not set). */
function SettingsFields(props: {
  where: 'algorithm' | 'earlyStopping';
  alg: KatibAlgorithm;
  names: string[];
  problems: FieldProblems;
  onChange(a: KatibAlgorithm): void;
}) {
  const { alg } = props;
  const value = (n: string) => alg.algorithmSettings?.find((s) => s.name === n)?.value ?? '';
  const set = (n: string, v: string) =>
    props.onChange({ ...alg, algorithmSettings: [...(alg.algorithmSettings ?? []).filter((s) => s.name !== n), ...(v ? [{ name: n, value: v }] : [])] });
  return (
    <div className="katib-settings" data-testid={`${props.where}-settings`}>
      {props.names.map((n) => (
        <TextField
          key={n}
          label={n}
          field={`spec.${props.where}.settings.${n}`}
          problems={{}}
          value={value(n)}
          mono
          testId={`setting-${n}`}
          onChange={(v) => set(n, v)}
        />
      ))}
      <Problems list={props.problems[`spec.${props.where}.algorithmSettings`]} field={`spec.${props.where}.algorithmSettings`} />
    </div>
  );
}

/** The form body. */
export function ExperimentFormView(props: { form: ExperimentForm; problems: FieldProblems; onChange(f: ExperimentForm): void }) {
  const { form, problems: pr } = props;
  const spec = form.spec;
  const setSpec = (s: ExperimentSpec) => props.onChange({ ...form, spec: s });
  const o = spec.objective ?? { type: 'maximize' as const, objectiveMetricName: '' };
  const setObjective = (patch: Partial<typeof o>) => setSpec({ ...spec, objective: { ...o, ...patch } });
  /** A trial count's field, at its manifest path. */
  const count = (key: TrialCount) => ({
    field: `spec.${key}`,
    problems: pr,
    value: spec[key],
    onChange: (v: number | undefined) => setSpec({ ...spec, [key]: v }),
  });
  const alg = spec.algorithm ?? { algorithmName: 'random' };
  const collector = spec.metricsCollectorSpec as
    { collector?: { kind?: string }; source?: { fileSystemPath?: { path?: string; kind?: string; format?: string } } } | undefined;
  const kind = collector?.collector?.kind ?? 'StdOut';
  const setCollector = (k: string, path?: string) =>
    setSpec({
      ...spec,
      metricsCollectorSpec: {
        collector: { kind: k },
        ...(k === 'File' || k === 'TensorFlowEvent' ? { source: { fileSystemPath: { path: path ?? '', kind: k === 'File' ? 'File' : 'Directory' } } } : {}),
      } as ExperimentSpec['metricsCollectorSpec'],
    });
  const tt = spec.trialTemplate ?? {};
  return (
    <div className="katib-form" data-testid="experiment-form">
      <TextField
        label="Name"
        field="metadata.name"
        problems={pr}
        value={form.name}
        testId="experiment-name"
        onChange={(name) => props.onChange({ ...form, name })}
      />

      <fieldset>
        <legend>Objective</legend>
        <SelectField
          label="Goal direction"
          field="spec.objective.type"
          problems={pr}
          value={o.type}
          options={['maximize', 'minimize']}
          testId="objective-type"
          onChange={(type) => setObjective({ type: type as 'maximize' | 'minimize' })}
        />
        <TextField
          label="Objective metric"
          field="spec.objective.objectiveMetricName"
          problems={pr}
          value={o.objectiveMetricName}
          mono
          testId="objective-metric"
          onChange={(m) => setObjective({ objectiveMetricName: m })}
        />
        <NumberField
          label="Goal (optional: stop when reached)"
          field="spec.objective.goal"
          problems={pr}
          value={o.goal}
          testId="objective-goal"
          onChange={(goal) => setObjective(goal === undefined ? { goal: undefined } : { goal })}
        />
        <TextField
          label="Additional metrics (comma-separated)"
          field="spec.objective.additionalMetricNames"
          problems={pr}
          value={(o.additionalMetricNames ?? []).join(', ')}
          mono
          testId="objective-additional"
          onChange={(v) => setObjective({ additionalMetricNames: commaList(v) })}
        />
        <SelectField
          label="Objective metric strategy"
          field="spec.objective.metricStrategies"
          problems={pr}
          value={o.metricStrategies?.find((s) => s.name === o.objectiveMetricName)?.value ?? ''}
          options={[{ value: '', label: `default (${o.type === 'maximize' ? 'max' : 'min'})` }, 'min', 'max', 'latest']}
          onChange={(v) =>
            setObjective({
              metricStrategies: [
                ...(o.metricStrategies ?? []).filter((s) => s.name !== o.objectiveMetricName),
                ...(v ? [{ name: o.objectiveMetricName, value: v as 'min' | 'max' | 'latest' }] : []),
              ],
            })
          }
        />
      </fieldset>

      <fieldset>
        <legend>Search</legend>
        <SelectField
          label="Algorithm"
          field="spec.algorithm.algorithmName"
          problems={pr}
          value={alg.algorithmName}
          options={Object.keys(algorithmSettings)}
          testId="algorithm"
          onChange={(name) => setSpec({ ...spec, algorithm: { algorithmName: name, algorithmSettings: [] } })}
        />
        <SettingsFields
          where="algorithm"
          alg={alg}
          names={Object.keys(algorithmSettings[alg.algorithmName] ?? {})}
          problems={pr}
          onChange={(a) => setSpec({ ...spec, algorithm: a })}
        />
        <label className="check">
          <input
            type="checkbox"
            data-testid="medianstop"
            checked={spec.earlyStopping?.algorithmName === 'medianstop'}
            onChange={(e) => setSpec({ ...spec, earlyStopping: e.target.checked ? { algorithmName: 'medianstop', algorithmSettings: [] } : undefined })}
          />{' '}
          Early stopping (medianstop): stop a trial whose objective falls below the median of finished trials
        </label>
        {spec.earlyStopping && (
          <SettingsFields
            where="earlyStopping"
            alg={spec.earlyStopping}
            names={Object.keys(earlyStoppingSettings['medianstop'] ?? {})}
            problems={pr}
            onChange={(a) => setSpec({ ...spec, earlyStopping: a })}
          />
        )}
      </fieldset>

      <ParametersEditor spec={spec} problems={pr} onChange={setSpec} />

      <fieldset>
        <legend>Trials</legend>
        <NumberField label="In parallel" {...count('parallelTrialCount')} min={1} testId="parallel" />
        <NumberField label="At most" {...count('maxTrialCount')} min={1} testId="max-trials" />
        <NumberField label="Failed trials before the experiment fails" {...count('maxFailedTrialCount')} testId="max-failed" />
        <SelectField
          label="Resume policy"
          field="spec.resumePolicy"
          problems={pr}
          value={spec.resumePolicy ?? 'Never'}
          options={['Never', 'LongRunning', 'FromVolume']}
          onChange={(v) => setSpec({ ...spec, resumePolicy: v as ExperimentSpec['resumePolicy'] })}
        />
      </fieldset>

      <fieldset>
        <legend>Metrics collector</legend>
        <SelectField
          label="Collector"
          field="spec.metricsCollectorSpec.collector.kind"
          problems={pr}
          value={kind}
          options={collectorKinds}
          testId="collector"
          onChange={(k) => setCollector(k)}
        />
        {(kind === 'File' || kind === 'TensorFlowEvent') && (
          <TextField
            label={kind === 'File' ? 'Metrics file' : 'Event directory'}
            field="spec.metricsCollectorSpec.source.fileSystemPath.path"
            problems={pr}
            mono
            value={collector?.source?.fileSystemPath?.path ?? ''}
            onChange={(p) => setCollector(kind, p)}
          />
        )}
        <p className="muted small">
          {kind === 'StdOut' && 'Katib reads `<metric>=<value>` lines from the primary container’s output.'}
          {kind === 'PrometheusMetric' && 'Katib scrapes the metrics from the trial pod’s /metrics endpoint on port 8080 (its defaults).'}
          {kind === 'Push' && 'The training code pushes its metrics with the Katib SDK (report_metrics).'}
        </p>
      </fieldset>

      <fieldset>
        <legend>Trial template</legend>
        <p className="mono small" data-testid="template-kind">
          {String(tt.trialSpec?.['kind'] ?? 'No template')} ({String(tt.trialSpec?.['apiVersion'] ?? '')})
        </p>
        <Problems list={pr['spec.trialTemplate.trialSpec']} field="spec.trialTemplate.trialSpec" />
        <TextField
          label="Primary container (the one whose output has the metrics)"
          field="spec.trialTemplate.primaryContainerName"
          problems={pr}
          value={tt.primaryContainerName ?? ''}
          mono
          onChange={(v) => setSpec({ ...spec, trialTemplate: { ...tt, primaryContainerName: v } })}
        />
        <Problems list={pr['spec.trialTemplate.trialParameters']} field="spec.trialTemplate.trialParameters" />
        <p className="muted small">Wire each parameter to a field in the table above; edit the rest of the template in the YAML tab.</p>
      </fieldset>
    </div>
  );
}
