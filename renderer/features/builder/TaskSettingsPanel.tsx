// SPDX-License-Identifier: Apache-2.0
/**
 * The selected task: its inputs (each open parameter input can be set to a value of its type), and
 * its settings (display name, caching, retries, image, CPU/memory requests and limits, accelerator,
 * env, Secrets, PVCs, node selector, tolerations) applied together with Apply. Edits go through the
 * builder store; the form model is settings-form.ts.
 */
import { useMemo, useState } from 'react';
import { clearInput, setConstant } from '../../../shared/kfp/graph-edit';
import { setTaskSettings } from '../../../shared/kfp/graph-edit-settings';
import type { TaskNode } from '../../../shared/kfp/graph-types';
import { useBuilder, useGraph } from './builder.store';
import { defaultText, parseDefault } from './param-form';
import { settingsForm, settingsPatch, type SettingsForm } from './settings-form';

function InputsSection({ task }: { task: TaskNode }) {
  const graph = useGraph();
  const edit = useBuilder((s) => s.edit);
  const connected = new Set(graph.edges.flatMap((e) => (e.kind === 'data' && e.to.node === task.id ? [e.to.port] : [])));
  const params = task.inputs.filter((p) => p.io === 'parameter' && p.parameterType !== 'TASK_FINAL_STATUS');
  if (params.length === 0) return null;
  return (
    <section className="builder-section">
      <h4>Inputs</h4>
      {params.map((p) => {
        const value = task.constants[p.name]?.constant;
        return (
          <label key={p.name} className="field">
            <span>
              {p.name} <span className="muted small">{p.parameterType}</span>
            </span>
            {connected.has(p.name) ? (
              <span className="muted small">connected</span>
            ) : (
              <input
                className="input"
                key={defaultText(value)}
                defaultValue={defaultText(value)}
                placeholder={p.defaultValue !== undefined ? `default ${defaultText(p.defaultValue)}` : p.optional ? 'optional' : 'required'}
                data-testid={`input-${p.name}`}
                onBlur={(e) => {
                  const text = e.target.value;
                  if (text === defaultText(value)) return;
                  edit((g) => {
                    const v = parseDefault(text, p.parameterType ?? 'STRING');
                    return v === undefined ? clearInput(g, task.id, p.name) : setConstant(g, task.id, p.name, v);
                  });
                }}
              />
            )}
          </label>
        );
      })}
    </section>
  );
}

const textFields: [keyof SettingsForm, string, string?][] = [
  ['label', 'Display name'],
  ['retries', 'Retries', '0'],
  ['image', 'Image'],
  ['cpuRequest', 'CPU request', '500m'],
  ['cpuLimit', 'CPU limit', '2'],
  ['memoryRequest', 'Memory request', '1Gi'],
  ['memoryLimit', 'Memory limit', '4Gi'],
  ['acceleratorType', 'Accelerator type', 'nvidia.com/gpu'],
  ['acceleratorCount', 'Accelerator count', '1'],
];

const lineFields: [keyof SettingsForm, string, string][] = [
  ['env', 'Environment', 'NAME=value'],
  ['secretVolumes', 'Secrets as volumes', 'secret:/mount/path'],
  ['secretEnv', 'Secrets as env', 'secret:key=ENV_VAR'],
  ['pvcs', 'PVCs', 'claim:/mount/path[:sub/path]'],
  ['nodeSelector', 'Node selector', 'label=value'],
  ['tolerations', 'Tolerations', 'key=value:NoSchedule or key:NoSchedule'],
];

export function TaskSettingsPanel({ task }: { task: TaskNode }) {
  const current = useMemo(() => settingsForm(task), [task]);
  return (
    <div data-testid="task-settings">
      <h3>
        {task.label} <span className="muted small">{task.kind}</span>
      </h3>
      <InputsSection task={task} />
      <SettingsSection key={JSON.stringify(current)} task={task} before={current} />
    </div>
  );
}

function SettingsSection({ task, before }: { task: TaskNode; before: SettingsForm }) {
  const edit = useBuilder((s) => s.edit);
  const [form, setForm] = useState(before);
  const set = <K extends keyof SettingsForm>(k: K, v: SettingsForm[K]) => setForm((f) => ({ ...f, [k]: v }));
  const dirty = JSON.stringify(form) !== JSON.stringify(before);
  return (
    <section className="builder-section">
      <h4>Settings</h4>
      <label className="field builder-check">
        <input type="checkbox" checked={form.caching} onChange={(e) => set('caching', e.target.checked)} /> Caching
      </label>
      {textFields.map(([k, label, placeholder]) =>
        k === 'image' && task.kind !== 'container' ? null : (
          <label key={k} className="field">
            <span>{label}</span>
            <input
              className="input"
              value={form[k] as string}
              placeholder={placeholder}
              data-testid={`setting-${k}`}
              onChange={(e) => set(k, e.target.value)}
            />
          </label>
        ),
      )}
      {lineFields.map(([k, label, placeholder]) => (
        <label key={k} className="field">
          <span>{label}</span>
          <textarea
            className="input"
            rows={2}
            value={form[k] as string}
            placeholder={placeholder}
            data-testid={`setting-${k}`}
            onChange={(e) => set(k, e.target.value)}
          />
        </label>
      ))}
      <div className="builder-actions">
        <button
          className="btn primary"
          disabled={!dirty}
          data-testid="settings-apply"
          onClick={() => edit((g) => setTaskSettings(g, task.id, settingsPatch(before, form)))}
        >
          Apply
        </button>
        <button className="btn ghost" disabled={!dirty} onClick={() => setForm(before)}>
          Reset
        </button>
      </div>
    </section>
  );
}
