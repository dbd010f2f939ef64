// SPDX-License-Identifier: Apache-2.0
/**
 * The deploy form's fields: name, model format and runtime, storageUri, registry version,
 * resources, GPUs and replicas. Problems (from the form's checks or the server's dry run) are
 * shown under their field.
 */
import type { ReactNode } from 'react';
import type { DeployForm } from '../../../shared/serving/deploy-form';
import { Field } from '../../components/form/Field';
import { ModelFormatField } from './ModelFormatField';

/** Problems by form field. */
export type DeployProblems = Record<string, string[]>;

function Text(props: {
  label: string;
  field: keyof DeployForm;
  form: DeployForm;
  problems: DeployProblems;
  onChange(f: DeployForm): void;
  placeholder?: string;
  hint?: string;
  mono?: boolean;
}) {
  return (
    <Field label={props.label} field={props.field} problems={props.problems} hint={props.hint}>
      {(id, invalid) => (
        <input
          id={id}
          className={`input${props.mono ? ' mono' : ''}`}
          data-testid={`deploy-${props.field}`}
          value={String(props.form[props.field] ?? '')}
          placeholder={props.placeholder}
          aria-invalid={invalid}
          spellCheck={false}
          onChange={(e) => props.onChange({ ...props.form, [props.field]: e.target.value })}
        />
      )}
    </Field>
  );
}

/** The fields. */
export function DeployFormView(props: { form: DeployForm; problems: DeployProblems; onChange(f: DeployForm): void; existingNote?: ReactNode }) {
  const { form, problems, onChange } = props;
  const common = { form, problems, onChange };
  return (
    <div className="sv-form" data-testid="deploy-form">
      <fieldset className="sv-section">
        <legend>Service</legend>
        <div className="sv-grid2">
          <Text label="Name" field="name" placeholder="iris" hint="A DNS label; the URL becomes http://<name>.<namespace>.<domain>." {...common} />
          <ModelFormatField form={form} problems={problems} onChange={onChange} testId="deploy-format" />
        </div>
        {props.existingNote}
        <Text
          label="storageUri"
          field="storageUri"
          placeholder="s3://bucket/path/to/model"
          hint="s3://, gs://, pvc://<claim>/<path> or http(s)://: KServe’s storage initializer downloads it to /mnt/models."
          mono
          {...common}
        />
        <div className="sv-grid4">
          <Text label="Runtime (empty: KServe picks)" field="runtime" placeholder="auto" {...common} />
          <Field label="Protocol" field="protocolVersion" problems={problems}>
            {(id) => (
              <select
                id={id}
                className="input"
                value={form.protocolVersion}
                onChange={(e) => onChange({ ...form, protocolVersion: e.target.value as DeployForm['protocolVersion'] })}
              >
                <option value="">runtime default</option>
                <option value="v1">V1</option>
                <option value="v2">V2 (Open Inference Protocol)</option>
              </select>
            )}
          </Field>
          <Text label="Registry model" field="modelName" hint="Recorded on the service (mldeck.dev/model)." {...common} />
          <Text label="Registry version" field="modelVersion" {...common} />
        </div>
      </fieldset>
      <fieldset className="sv-section">
        <legend>Resources and replicas</legend>
        <div className="sv-grid4">
          <Text label="CPU request" field="cpuRequest" placeholder="500m" {...common} />
          <Text label="Memory request" field="memoryRequest" placeholder="1Gi" {...common} />
          <Text label="CPU limit" field="cpuLimit" placeholder="1" {...common} />
          <Text label="Memory limit" field="memoryLimit" placeholder="2Gi" {...common} />
          <Text label="GPUs (nvidia.com/gpu)" field="gpus" placeholder="0" {...common} />
          <Text label="Min replicas" field="minReplicas" placeholder="1" hint="0 lets Knative scale to zero." {...common} />
          <Text label="Max replicas" field="maxReplicas" placeholder="auto" {...common} />
        </div>
      </fieldset>
    </div>
  );
}
