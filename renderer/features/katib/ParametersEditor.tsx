// SPDX-License-Identifier: Apache-2.0
/**
 * The search parameters of the new-experiment form: a row per parameter (name, type, feasible
 * space: min/max/step or the list of values, log scale where the algorithm samples one) and the
 * template field it reaches, picked from the primary container's arguments and environment
 * (`wireParameter` writes `${trialParameters.…}` there), never typed.
 */
import { logScaleAlgorithms } from '../../../shared/features/katib/experiment-checks';
import { newParameter, templateFields, wiredField, wireParameter } from '../../../shared/features/katib/experiment-form';
import type { ExperimentSpec, KatibParameter } from '../../../shared/features/katib/katib-objects';
import { Problems, type FieldProblems } from '../../components/form/Field';
import { commaList } from './new-experiment-model';

const types: KatibParameter['parameterType'][] = ['double', 'int', 'discrete', 'categorical'];
/** A numeric parameter's feasible space, in the order shown. */
const bounds = ['min', 'max', 'step'] as const;

/** The parameters table. */
export function ParametersEditor(props: { spec: ExperimentSpec; problems: FieldProblems; onChange(spec: ExperimentSpec): void }) {
  const { spec, problems } = props;
  const params = spec.parameters ?? [];
  const fields = templateFields(spec);
  const alg = spec.algorithm?.algorithmName ?? '';
  const set = (i: number, p: KatibParameter) => props.onChange({ ...spec, parameters: params.map((x, j) => (j === i ? p : x)) });
  const fs = (i: number, patch: Partial<KatibParameter['feasibleSpace']>) =>
    set(i, { ...(params[i] as KatibParameter), feasibleSpace: { ...params[i]?.feasibleSpace, ...patch } });
  const remove = (i: number) => {
    const name = params[i]?.name;
    const tt = spec.trialTemplate;
    props.onChange({
      ...spec,
      parameters: params.filter((_, j) => j !== i),
      ...(tt ? { trialTemplate: { ...tt, trialParameters: (tt.trialParameters ?? []).filter((t) => t.reference !== name) } } : {}),
    });
  };
  return (
    <fieldset className="katib-params" data-testid="katib-parameters">
      <legend>Parameters</legend>
      <Problems list={problems['spec.parameters']} field="spec.parameters" />
      <table className="table">
        <thead>
          <tr>
            <th>Name</th>
            <th>Type</th>
            <th>Feasible space</th>
            <th>Log scale</th>
            <th>Reaches the trial as</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {params.map((p, i) => {
            const numeric = p.parameterType === 'int' || p.parameterType === 'double';
            const row = `param-${i}`;
            return (
              <tr key={i} data-testid={row}>
                <td>
                  <input
                    className="input mono"
                    aria-label={`Parameter ${i + 1} name`}
                    data-testid={`${row}-name`}
                    value={p.name}
                    onChange={(e) => set(i, { ...p, name: e.target.value })}
                  />
                  <Problems list={problems[`spec.parameters[${i}]`]} field={`spec.parameters[${i}]`} />
                </td>
                <td>
                  <select
                    className="input"
                    aria-label={`Parameter ${p.name || i + 1} type`}
                    data-testid={`${row}-type`}
                    value={p.parameterType}
                    onChange={(e) => set(i, newParameter(p.name, e.target.value as KatibParameter['parameterType']))}
                  >
                    {types.map((t) => (
                      <option key={t}>{t}</option>
                    ))}
                  </select>
                </td>
                <td className="katib-space">
                  {numeric ? (
                    bounds.map((b) => (
                      <input
                        key={b}
                        className="input mono"
                        aria-label={`${p.name} ${b}`}
                        data-testid={`${row}-${b}`}
                        placeholder={b === 'step' ? 'step' : undefined}
                        value={p.feasibleSpace[b] ?? ''}
                        // an empty step is no step; min and max stay as typed (the checks say they are needed)
                        onChange={(e) => fs(i, { [b]: b === 'step' ? e.target.value || undefined : e.target.value })}
                      />
                    ))
                  ) : (
                    <input
                      className="input mono"
                      aria-label={`${p.name} values (comma-separated)`}
                      data-testid={`${row}-list`}
                      value={(p.feasibleSpace.list ?? []).join(', ')}
                      onChange={(e) => fs(i, { list: commaList(e.target.value) })}
                    />
                  )}
                </td>
                <td>
                  {numeric && (
                    <input
                      type="checkbox"
                      aria-label={`${p.name} on a log scale`}
                      data-testid={`${row}-log`}
                      disabled={!logScaleAlgorithms.has(alg)}
                      title={logScaleAlgorithms.has(alg) ? 'Sample on a log scale (logUniform)' : `${alg} does not sample a log scale`}
                      checked={p.feasibleSpace.distribution === 'logUniform'}
                      onChange={(e) => fs(i, { distribution: e.target.checked ? 'logUniform' : undefined })}
                    />
                  )}
                </td>
                <td>
                  <select
                    className="input"
                    aria-label={`Where ${p.name} reaches the trial`}
                    data-testid={`${row}-field`}
                    value={wiredField(spec, p.name) ?? ''}
                    disabled={!p.name || fields.length === 0}
                    onChange={(e) => e.target.value && props.onChange(wireParameter(spec, p.name, e.target.value))}
                  >
                    <option value="">Pick a field…</option>
                    {fields.map((f) => (
                      <option key={f.id} value={f.id}>
                        {f.label}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <button className="btn ghost" aria-label={`Remove parameter ${p.name}`} onClick={() => remove(i)}>
                    ✕
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <button
        className="btn"
        data-testid="add-parameter"
        onClick={() => props.onChange({ ...spec, parameters: [...params, newParameter(`param${params.length + 1}`, 'double')] })}
      >
        Add a parameter
      </button>
    </fieldset>
  );
}
