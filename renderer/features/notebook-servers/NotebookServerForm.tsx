// SPDX-License-Identifier: Apache-2.0
/**
 * The new-notebook-server form, as the Kubeflow Jupyter web app lays it out: name, server type,
 * image (from the cluster's list, or typed), CPU and memory with their limits, GPUs, the
 * workspace volume (new, existing or none), data volumes, configurations (the namespace's
 * PodDefaults), shared memory and the service account. Problems show next to their fields.
 */
import type { NotebookOptions } from '../../../shared/features/notebook-servers/notebook-servers.contract';
import {
  accessModes,
  effectiveLimits,
  gpuVendors,
  newDataVolume,
  renameServer,
  serverTypes,
  workspaceName,
  type AccessMode,
  type NotebookForm,
  type ServerType,
  type VolumeForm,
} from '../../../shared/kube/notebook-form';
import { serverTypeTitle } from '../../../shared/kube/notebook-summary';
import { Field, type FieldProblems } from '../../components/form/Field';
import { SelectField, TextField as Text } from '../../components/form/inputs';

function VolumeFields(props: {
  title: string;
  prefix: string;
  v: VolumeForm;
  options: NotebookOptions | undefined;
  problems: FieldProblems;
  onChange(v: VolumeForm): void;
  onRemove?: () => void;
  /** The type is chosen outside (the workspace's own picker). */
  fixedType?: boolean;
}) {
  const { v, prefix, problems, options } = props;
  const set = (p: Partial<VolumeForm>) => props.onChange({ ...v, ...p });
  const existing = options?.volumes ?? [];
  const defaultClass = options?.storageClasses.find((c) => c.isDefault)?.name;
  return (
    <div className="nbs-volume card" data-testid={`volume-${prefix}`}>
      <div className="nbs-volume-head">
        <strong>{props.title}</strong>
        {!props.fixedType && (
          <select
            className="input"
            aria-label={`${props.title} type`}
            value={v.type}
            onChange={(e) => set({ type: e.target.value as VolumeForm['type'], ...(e.target.value === 'existing' ? { name: '' } : {}) })}
          >
            <option value="new">New volume</option>
            <option value="existing">Existing volume</option>
          </select>
        )}
        {props.onRemove && (
          <button className="btn ghost danger" onClick={props.onRemove} aria-label={`Remove ${props.title}`}>
            Remove
          </button>
        )}
      </div>
      <div className="form-grid3">
        {v.type === 'new' ? (
          <Text label="Volume name" field={`${prefix}.name`} problems={problems} value={v.name} onChange={(name) => set({ name })} />
        ) : (
          <Field label="Volume (PVC)" field={`${prefix}.name`} problems={problems}>
            {(id) => (
              <select id={id} className="input" value={v.name} onChange={(e) => set({ name: e.target.value })} aria-label={`${props.title} PVC`}>
                <option value="">Choose…</option>
                {existing.map((p) => (
                  <option key={p.name} value={p.name}>
                    {p.name} ({p.size || '?'}, {p.phase}
                    {p.usedBy.length ? `, used by ${p.usedBy.join(', ')}` : ''})
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        <Text label="Mount path" field={`${prefix}.mountPath`} problems={problems} value={v.mountPath} onChange={(mountPath) => set({ mountPath })} />
        {v.type === 'new' && (
          <>
            <Text label="Size" field={`${prefix}.size`} problems={problems} value={v.size} onChange={(size) => set({ size })} placeholder="5Gi" />
            <SelectField
              label="Storage class"
              field={`${prefix}.storageClass`}
              problems={problems}
              value={v.storageClass}
              options={[
                { value: '', label: `Cluster default${defaultClass ? ` (${defaultClass})` : ''}` },
                ...new Set([...(options?.storageClasses ?? []).map((s) => s.name), ...(v.storageClass ? [v.storageClass] : [])]),
              ]}
              onChange={(storageClass) => set({ storageClass })}
            />
            <SelectField
              label="Access mode"
              field={`${prefix}.accessMode`}
              problems={problems}
              value={v.accessMode}
              options={accessModes}
              onChange={(m) => set({ accessMode: m as AccessMode })}
            />
          </>
        )}
      </div>
    </div>
  );
}

/** The form. */
export function NotebookServerForm(props: {
  form: NotebookForm;
  options: NotebookOptions | undefined;
  problems: FieldProblems;
  onChange(f: NotebookForm): void;
}) {
  const { form, options, problems } = props;
  const set = (p: Partial<NotebookForm>) => props.onChange({ ...form, ...p });
  const images = options?.settings.images[form.serverType] ?? [];
  const allowCustom = options?.settings.allowCustomImage ?? true;
  // a typed image only where the cluster's settings allow one
  const custom = allowCustom && (form.customImage || (images.length > 0 && !images.includes(form.image)));
  const limits = effectiveLimits(form);
  const chosen = new Set(form.configurations.map((c) => c.podDefault));

  return (
    <div className="job-form nbs-form" data-testid="notebook-server-form">
      <section className="card">
        <h3>Server</h3>
        <div className="form-grid2">
          <Text
            label="Name"
            field="name"
            problems={problems}
            value={form.name}
            onChange={(name) => props.onChange(renameServer(form, name))}
            placeholder="my-notebook"
          />
          <Field label="Type" field="serverType" problems={problems}>
            {() => (
              <div className="nbs-radios" role="radiogroup" aria-label="Server type">
                {serverTypes.map((t) => (
                  <label key={t} className="check">
                    <input
                      type="radio"
                      name="server-type"
                      checked={form.serverType === t}
                      onChange={() => set({ serverType: t as ServerType, image: options?.settings.images[t][0] ?? form.image, customImage: false })}
                    />{' '}
                    {serverTypeTitle(t)}
                  </label>
                ))}
              </div>
            )}
          </Field>
        </div>
        <Field label="Image" field="image" problems={problems}>
          {(id) =>
            custom ? (
              <input
                id={id}
                className="input mono"
                value={form.image}
                spellCheck={false}
                placeholder="registry/image:tag"
                onChange={(e) => set({ image: e.target.value, customImage: true })}
              />
            ) : (
              <select id={id} className="input mono" value={form.image} onChange={(e) => set({ image: e.target.value })}>
                {[...new Set([...images, form.image])].filter(Boolean).map((i) => (
                  <option key={i} value={i}>
                    {i}
                  </option>
                ))}
              </select>
            )
          }
        </Field>
        <div className="nbs-inline">
          {allowCustom && (
            <label className="check">
              <input
                type="checkbox"
                checked={custom}
                aria-label="Custom image"
                onChange={(e) => set(e.target.checked ? { customImage: true } : { customImage: false, image: images[0] ?? form.image })}
              />{' '}
              Custom image
            </label>
          )}
          <label className="check">
            Pull policy{' '}
            <select
              className="input"
              value={form.imagePullPolicy}
              onChange={(e) => set({ imagePullPolicy: e.target.value as NotebookForm['imagePullPolicy'] })}
            >
              <option>IfNotPresent</option>
              <option>Always</option>
              <option>Never</option>
            </select>
          </label>
        </div>
      </section>

      <section className="card">
        <h3>CPU, memory and GPUs</h3>
        <div className="form-grid3">
          <Text label="CPU" field="cpu" problems={problems} value={form.cpu} onChange={(cpu) => set({ cpu })} hint="Cores requested (0.5, 2, 500m)." />
          <Text
            label="CPU limit"
            field="cpuLimit"
            problems={problems}
            value={form.cpuLimit}
            onChange={(cpuLimit) => set({ cpuLimit })}
            placeholder={limits.cpu}
            hint="Empty: the request × 1.2."
          />
          <Text label="Memory" field="memory" problems={problems} value={form.memory} onChange={(memory) => set({ memory })} hint="1Gi, 512Mi." />
          <Text
            label="Memory limit"
            field="memoryLimit"
            problems={problems}
            value={form.memoryLimit}
            onChange={(memoryLimit) => set({ memoryLimit })}
            placeholder={limits.memory}
            hint="Empty: the request × 1.2."
          />
          <Field label="GPUs" field="gpuCount" problems={problems}>
            {(id) => (
              <select
                id={id}
                className="input"
                value={String(form.gpuCount)}
                onChange={(e) =>
                  set({ gpuCount: Number(e.target.value), ...(Number(e.target.value) && !form.gpuVendor ? { gpuVendor: gpuVendors[0].limitsKey } : {}) })
                }
              >
                <option value="0">None</option>
                {[1, 2, 4, 8].map((n) => (
                  <option key={n} value={String(n)}>
                    {n}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <SelectField
            label="GPU vendor"
            field="gpuVendor"
            problems={problems}
            value={form.gpuVendor}
            disabled={form.gpuCount === 0}
            options={[
              { value: '', label: '—' },
              ...[...new Set([...gpuVendors.map((g) => g.limitsKey as string), ...(form.gpuVendor ? [form.gpuVendor] : [])])].map((k) => ({
                value: k,
                label: `${gpuVendors.find((g) => g.limitsKey === k)?.uiName ?? k} (${k})`,
              })),
            ]}
            onChange={(gpuVendor) => set({ gpuVendor })}
          />
        </div>
      </section>

      <section className="card">
        <h3>Workspace volume</h3>
        <div className="nbs-inline">
          <select
            className="input"
            aria-label="Workspace volume"
            data-testid="workspace-choice"
            value={form.workspace ? form.workspace.type : 'none'}
            onChange={(e) => {
              const t = e.target.value;
              if (t === 'none') set({ workspace: undefined });
              else
                set({
                  workspace: {
                    type: t as VolumeForm['type'],
                    name: t === 'new' ? workspaceName(form.name) : '',
                    size: form.workspace?.size ?? '5Gi',
                    storageClass: form.workspace?.storageClass ?? '',
                    accessMode: form.workspace?.accessMode ?? 'ReadWriteOnce',
                    mountPath: '/home/jovyan',
                  },
                });
            }}
          >
            <option value="new">New volume</option>
            <option value="existing">Existing volume</option>
            <option value="none">None (lost when the pod goes)</option>
          </select>
        </div>
        {form.workspace && (
          <VolumeFields
            title="Workspace"
            fixedType
            prefix="workspace"
            v={form.workspace}
            options={options}
            problems={problems}
            onChange={(workspace) => set({ workspace })}
          />
        )}
      </section>

      <section className="card">
        <h3>Data volumes</h3>
        {form.dataVolumes.length === 0 && <p className="muted">None.</p>}
        {form.dataVolumes.map((v, i) => (
          <VolumeFields
            key={i}
            title={`Data volume ${i + 1}`}
            prefix={`dataVolumes.${i}`}
            v={v}
            options={options}
            problems={problems}
            onChange={(nv) => set({ dataVolumes: form.dataVolumes.map((x, j) => (j === i ? nv : x)) })}
            onRemove={() => set({ dataVolumes: form.dataVolumes.filter((_, j) => j !== i) })}
          />
        ))}
        <button
          className="btn"
          data-testid="add-data-volume"
          onClick={() => set({ dataVolumes: [...form.dataVolumes, newDataVolume(form.name, form.dataVolumes.length + 1)] })}
        >
          Add data volume
        </button>
      </section>

      <section className="card">
        <h3>Configurations</h3>
        {!options ? (
          <p className="muted">Loading the namespace’s PodDefaults…</p>
        ) : options.podDefaults.length === 0 ? (
          <p className="muted">The namespace {form.namespace} has no PodDefaults.</p>
        ) : (
          <div className="nbs-configs" data-testid="configurations">
            {options.podDefaults.map((p) => (
              <label
                key={p.name}
                className="check"
                title={Object.entries(p.labels)
                  .map(([k, v]) => `${k}=${v}`)
                  .join(', ')}
              >
                <input
                  type="checkbox"
                  checked={chosen.has(p.name)}
                  disabled={Object.keys(p.labels).length === 0}
                  aria-label={`Configuration ${p.name}`}
                  onChange={(e) =>
                    set({
                      configurations: e.target.checked
                        ? [...form.configurations, { podDefault: p.name, labels: p.labels }]
                        : form.configurations.filter((c) => c.podDefault !== p.name),
                    })
                  }
                />{' '}
                {p.desc || p.name} <span className="muted small">({p.name})</span>
              </label>
            ))}
          </div>
        )}
      </section>

      <section className="card">
        <h3>Advanced</h3>
        <div className="form-grid2">
          <label className="check">
            <input type="checkbox" checked={form.shm} onChange={(e) => set({ shm: e.target.checked })} /> Enable shared memory (/dev/shm in memory)
          </label>
          <Text
            label="Service account"
            field="serviceAccount"
            problems={problems}
            value={form.serviceAccount}
            onChange={(serviceAccount) => set({ serviceAccount })}
            hint={
              options && !options.hasDefaultEditor
                ? 'This namespace has no default-editor account; empty uses "default".'
                : 'Kubeflow profiles give default-editor.'
            }
          />
        </div>
      </section>
    </div>
  );
}
