// SPDX-License-Identifier: Apache-2.0
/**
 * The create-run dialog: a run (or a recurring run) of a pipeline version, or a clone of a run,
 * through the shared create flow: a form built from the version's root `inputDefinitions` (each
 * parameter with its type, default and problems), its YAML tab (the KFP request body), Validate
 * (MLDeck's checks against the version and KFP) and Create.
 */
import { CreateFlowView } from '../../../components/create/CreateFlowView';
import { Picker } from '../../../components/create/Picker';
import { ErrorNote } from '../../../components/ErrorNote';
import { Field, type FieldProblems } from '../../../components/form/Field';
import { SelectField, TextField } from '../../../components/form/inputs';
import { typeWords, type RunParameterSpec } from '../../../../shared/kfp/run-parameters';
import type { RunForm } from './create-run-model';
import { useCreateRun, type CreateRunStart, type Made } from './use-create-run';

function ParameterField(props: { spec: RunParameterSpec; value: string; problems: FieldProblems; onChange(v: string): void }) {
  const { spec } = props;
  const field = `param:${spec.name}`;
  const hint = [
    typeWords(spec.type),
    spec.defaultValue !== undefined ? `default ${JSON.stringify(spec.defaultValue)}` : spec.optional ? 'optional' : 'required',
    spec.description,
  ]
    .filter(Boolean)
    .join(' · ');
  if (spec.type === 'BOOLEAN')
    return (
      <SelectField
        label={spec.name}
        field={field}
        problems={props.problems}
        hint={hint}
        testId={`run-param-${spec.name}`}
        value={props.value}
        options={[{ value: '', label: spec.defaultValue !== undefined ? `(default: ${String(spec.defaultValue)})` : '(not set)' }, 'true', 'false']}
        onChange={props.onChange}
      />
    );
  if (spec.type === 'LIST' || spec.type === 'STRUCT')
    return (
      <Field label={spec.name} field={field} problems={props.problems} hint={hint}>
        {(id, invalid) => (
          <textarea
            id={id}
            className="input mono"
            rows={3}
            data-testid={`run-param-${spec.name}`}
            aria-invalid={invalid}
            value={props.value}
            spellCheck={false}
            onChange={(e) => props.onChange(e.target.value)}
          />
        )}
      </Field>
    );
  return (
    <TextField
      label={spec.name}
      field={field}
      problems={props.problems}
      hint={hint}
      testId={`run-param-${spec.name}`}
      value={props.value}
      onChange={props.onChange}
      mono
    />
  );
}

function RecurringFields({ form, problems, change }: { form: RunForm; problems: FieldProblems; change(f: RunForm): void }) {
  return (
    <fieldset className="run-recurring">
      <legend>Schedule</legend>
      <SelectField
        label="Trigger"
        field="trigger-kind"
        problems={problems}
        testId="run-trigger"
        value={form.trigger}
        options={[
          { value: 'periodic', label: 'Every N seconds' },
          { value: 'cron', label: 'Cron (six fields, seconds first)' },
        ]}
        onChange={(v) => change({ ...form, trigger: v === 'cron' ? 'cron' : 'periodic' })}
      />
      {form.trigger === 'periodic' ? (
        <TextField
          label="Interval (seconds)"
          field="trigger"
          problems={problems}
          testId="run-interval"
          value={form.intervalSeconds}
          onChange={(v) => change({ ...form, intervalSeconds: v })}
        />
      ) : (
        <TextField
          label="Cron"
          field="trigger"
          problems={problems}
          testId="run-cron"
          hint="0 0 2 * * * is 02:00 every day"
          mono
          value={form.cron}
          onChange={(v) => change({ ...form, cron: v })}
        />
      )}
      <TextField
        label="Runs at a time (max concurrency)"
        field="maxConcurrency"
        problems={problems}
        testId="run-concurrency"
        value={form.maxConcurrency}
        onChange={(v) => change({ ...form, maxConcurrency: v })}
      />
      <label className="check">
        <input type="checkbox" data-testid="run-catchup" checked={form.catchup} onChange={(e) => change({ ...form, catchup: e.target.checked })} /> Catch up:
        run the intervals missed while disabled
      </label>
      <label className="check">
        <input type="checkbox" data-testid="run-enabled" checked={form.enabled} onChange={(e) => change({ ...form, enabled: e.target.checked })} /> Enabled from
        the start
      </label>
    </fieldset>
  );
}

/** The dialog. */
export function CreateRunDialog(props: { start: CreateRunStart; onCancel(): void; onMade(m: Made): void }) {
  const { flow, specs, artifacts, versionName, error, experimentOptions } = useCreateRun(props.start, props.onMade);
  const { form } = flow;
  const problems = flow.placed.byField;
  const title = props.start.cloneOf ? 'Clone run' : props.start.mode === 'run' ? 'Create run' : 'Create recurring run';
  return (
    <div className="dialog-backdrop" onClick={() => flow.busy === undefined && props.onCancel()}>
      <div
        className="dialog create-run-dialog"
        role="dialog"
        aria-modal="true"
        aria-label={title}
        data-testid="create-run-dialog"
        onClick={(e) => e.stopPropagation()}
      >
        <div className="page-head">
          <h2>{title}</h2>
          <span className="muted">{versionName}</span>
          <span className="spacer" />
          <button className="btn ghost" onClick={props.onCancel} disabled={flow.busy !== undefined}>
            Close
          </button>
        </div>
        {error && <ErrorNote error={error} />}
        {!form && !error && <div className="muted">Loading the pipeline’s parameters…</div>}
        {artifacts.length > 0 && (
          <div className="note warn small">The pipeline takes artifacts as inputs ({artifacts.join(', ')}): a run cannot give them.</div>
        )}
        {form && specs && (
          <CreateFlowView
            flow={flow}
            words={{
              noun: props.start.mode === 'run' ? 'run' : 'recurring run',
              submit: 'Start',
              submitting: 'Starting…',
              submitTitle: 'Check, then ask KFP to start it',
            }}
            editor={{ testId: 'run-yaml', ariaLabel: 'KFP run request' }}
            pickers={
              <>
                <Picker
                  label="Kind"
                  testId="run-mode"
                  value={form.mode}
                  options={[
                    { value: 'run', label: 'Run once' },
                    { value: 'recurring', label: 'Recurring' },
                  ]}
                  onChange={(v) => flow.changeAll({ ...form, mode: v === 'recurring' ? 'recurring' : 'run' })}
                />
                <Picker
                  label="Experiment"
                  testId="run-experiment"
                  value={form.experimentId}
                  options={experimentOptions}
                  onChange={(experimentId) => flow.changeAll({ ...form, experimentId })}
                />
              </>
            }
          >
            <div className="run-form">
              <TextField
                label="Name"
                field="displayName"
                problems={problems}
                testId="run-name"
                value={form.displayName}
                onChange={(v) => flow.change({ ...form, displayName: v })}
              />
              <TextField
                label="Description"
                field="description"
                problems={problems}
                value={form.description}
                onChange={(v) => flow.change({ ...form, description: v })}
              />
              <Field label="Experiment" field="experimentId" problems={problems}>
                {() => <span className="muted small">Chosen above.</span>}
              </Field>
              <h3>Parameters</h3>
              {specs.length === 0 && <p className="muted small">This pipeline takes no parameters.</p>}
              {specs.map((spec) => (
                <ParameterField
                  key={spec.name}
                  spec={spec}
                  problems={problems}
                  value={form.params[spec.name] ?? ''}
                  onChange={(v) => flow.change({ ...form, params: { ...form.params, [spec.name]: v } })}
                />
              ))}
              {form.mode === 'recurring' && <RecurringFields form={form} problems={problems} change={flow.change} />}
            </div>
          </CreateFlowView>
        )}
      </div>
    </div>
  );
}
