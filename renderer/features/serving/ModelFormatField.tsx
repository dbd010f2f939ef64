// SPDX-License-Identifier: Apache-2.0
/** The model-format field of the deploy and canary forms: KServe's formats, plus the form's own when it is not one of them. */
import { withFormat, type DeployForm } from '../../../shared/serving/deploy-form';
import { modelFormats } from '../../../shared/serving/model-formats';
import { Field, type FieldProblems } from '../../components/form/Field';

/** The field; choosing a format also picks its runtime defaults (`withFormat`). */
export function ModelFormatField(props: { form: DeployForm; problems: FieldProblems; onChange(f: DeployForm): void; testId: string }) {
  const { form } = props;
  return (
    <Field label="Model format" field="format" problems={props.problems}>
      {(id) => (
        <select id={id} className="input" data-testid={props.testId} value={form.format} onChange={(e) => props.onChange(withFormat(form, e.target.value))}>
          {!modelFormats.some((f) => f.name === form.format) && <option value={form.format}>{form.format || '(choose)'}</option>}
          {modelFormats.map((f) => (
            <option key={f.name} value={f.name}>
              {f.title}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
