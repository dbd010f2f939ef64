// SPDX-License-Identifier: Apache-2.0
/** The pipeline's parameters: name, type, default; add, change, remove (edits through the builder store). */
import { useState } from 'react';
import { addParam, removeParam, updateParam } from '../../../shared/kfp/graph-edit';
import type { JsonValue, ParameterType } from '../../../shared/kfp/ir-types';
import { useBuilder, useGraph } from './builder.store';
import { defaultText, paramTypes, parseDefault } from './param-form';

export function ParamsPanel() {
  const graph = useGraph();
  const edit = useBuilder((s) => s.edit);
  const [name, setName] = useState('');
  const [type, setType] = useState<ParameterType>('STRING');
  const [value, setValue] = useState('');
  const add = () => {
    if (edit((g) => addParam(g, { name: name.trim(), type, ...withDefault(parseDefault(value, type)) }))) {
      setName('');
      setValue('');
    }
  };
  return (
    <section className="builder-section" data-testid="params-panel">
      <h4>Pipeline parameters</h4>
      <table className="builder-params-table">
        <tbody>
          {graph.params.map((p) => (
            <tr key={p.name}>
              <td>
                <code>{p.name}</code>
              </td>
              <td>
                <select
                  className="input"
                  value={p.type}
                  aria-label={`Type of ${p.name}`}
                  onChange={(e) => edit((g) => updateParam(g, p.name, { type: e.target.value as ParameterType }))}
                >
                  {paramTypes.map((t) => (
                    <option key={t}>{t}</option>
                  ))}
                </select>
              </td>
              <td>
                <input
                  className="input"
                  defaultValue={defaultText(p.defaultValue)}
                  key={defaultText(p.defaultValue)}
                  aria-label={`Default of ${p.name}`}
                  onBlur={(e) => {
                    if (e.target.value !== defaultText(p.defaultValue)) edit((g) => updateParam(g, p.name, withDefault(parseDefault(e.target.value, p.type))));
                  }}
                />
              </td>
              <td>
                <button className="btn ghost" title={`Remove ${p.name}`} onClick={() => edit((g) => removeParam(g, p.name))}>
                  ✕
                </button>
              </td>
            </tr>
          ))}
          <tr>
            <td>
              <input className="input" placeholder="name" value={name} onChange={(e) => setName(e.target.value)} aria-label="New parameter name" />
            </td>
            <td>
              <select className="input" value={type} onChange={(e) => setType(e.target.value as ParameterType)} aria-label="New parameter type">
                {paramTypes.map((t) => (
                  <option key={t}>{t}</option>
                ))}
              </select>
            </td>
            <td>
              <input
                className="input"
                placeholder="default"
                value={value}
                onChange={(e) => setValue(e.target.value)}
                onKeyDown={(e) => e.key === 'Enter' && add()}
                aria-label="New parameter default"
              />
            </td>
            <td>
              <button className="btn" onClick={add} disabled={!name.trim()} data-testid="param-add">
                Add
              </button>
            </td>
          </tr>
        </tbody>
      </table>
    </section>
  );
}

function withDefault(v: JsonValue | undefined): { defaultValue?: JsonValue } {
  return v === undefined ? {} : { defaultValue: v };
}
