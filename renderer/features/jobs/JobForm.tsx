// SPDX-License-Identifier: Apache-2.0
/**
 * The new-job form: name and labels, one card per replica type (replicas, image, command and
 * args, CPU/memory/GPUs, env, volumes, pod labels), or TrainJob's runtime and trainer, and the
 * run policy. Problems (from the form check, the schema or the server's dry-run) are shown
 * under the field they belong to.
 */
import { emptyReplica, formKind, type ContainerForm, type JobForm, type ReplicaForm, type VolumeForm } from '../../../shared/kube/job-form';
import { Problems, type FieldProblems } from '../../components/form/Field';
import { LinesField, NumberField, PairsField, SelectField, TextField } from '../../components/form/inputs';

function VolumesField(props: { field: string; problems: FieldProblems; value: VolumeForm[]; onChange(v: VolumeForm[]): void }) {
  const set = (i: number, p: Partial<VolumeForm>) => props.onChange(props.value.map((x, j) => (j === i ? { ...x, ...p } : x)));
  return (
    <fieldset className="form-pairs">
      <legend>Volumes</legend>
      {props.value.map((v, i) => (
        <div className="form-row" key={i}>
          <input
            className="input mono"
            aria-label={`Volume name ${i + 1}`}
            placeholder="Name"
            value={v.name}
            onChange={(e) => set(i, { name: e.target.value })}
          />
          <select className="input" aria-label={`Volume type ${i + 1}`} value={v.type} onChange={(e) => set(i, { type: e.target.value as VolumeForm['type'] })}>
            <option value="pvc">PersistentVolumeClaim</option>
            <option value="emptyDir">emptyDir (scratch)</option>
          </select>
          {v.type === 'pvc' && (
            <input
              className="input mono"
              aria-label={`Claim name ${i + 1}`}
              placeholder="Claim name"
              value={v.claimName}
              onChange={(e) => set(i, { claimName: e.target.value })}
            />
          )}
          <input
            className="input mono"
            aria-label={`Mount path ${i + 1}`}
            placeholder="/mount/path"
            value={v.mountPath}
            onChange={(e) => set(i, { mountPath: e.target.value })}
          />
          <button
            type="button"
            className="btn ghost"
            aria-label={`Remove volume ${i + 1}`}
            onClick={() => props.onChange(props.value.filter((_, j) => j !== i))}
          >
            ✕
          </button>
        </div>
      ))}
      <button
        type="button"
        className="btn"
        onClick={() => props.onChange([...props.value, { name: `volume-${props.value.length + 1}`, type: 'pvc', claimName: '', mountPath: '' }])}
      >
        Add volume
      </button>
      <Problems list={props.problems[props.field]} field={props.field} />
    </fieldset>
  );
}

function ContainerFields(props: {
  prefix: string;
  problems: FieldProblems;
  value: ContainerForm;
  onChange(v: Partial<ContainerForm>): void;
  volumes: boolean;
}) {
  const { prefix: f, problems: pr, value: c } = props;
  return (
    <>
      <TextField
        label="Image"
        field={`${f}.image`}
        problems={pr}
        value={c.image}
        placeholder="registry/image:tag"
        onChange={(image) => props.onChange({ image })}
      />
      <div className="form-grid2">
        <LinesField
          label="Command"
          field={`${f}.command`}
          problems={pr}
          value={c.command}
          placeholder={'python\ntrain.py'}
          onChange={(command) => props.onChange({ command })}
        />
        <LinesField
          label="Arguments"
          field={`${f}.args`}
          problems={pr}
          value={c.args}
          placeholder={'--epochs\n10'}
          onChange={(args) => props.onChange({ args })}
        />
      </div>
      <div className="form-grid3">
        <TextField label="CPU" field={`${f}.cpu`} problems={pr} value={c.cpu} placeholder="e.g. 4 or 500m" onChange={(cpu) => props.onChange({ cpu })} />
        <TextField
          label="Memory"
          field={`${f}.memory`}
          problems={pr}
          value={c.memory}
          placeholder="e.g. 16Gi"
          onChange={(memory) => props.onChange({ memory })}
        />
        <TextField
          label="GPUs"
          field={`${f}.gpus`}
          problems={pr}
          value={c.gpus}
          placeholder="nvidia.com/gpu, e.g. 1"
          onChange={(gpus) => props.onChange({ gpus })}
        />
      </div>
      <PairsField label="Environment" nameLabel="Variable" field={`${f}.env`} problems={pr} value={c.env} onChange={(env) => props.onChange({ env })} />
      {props.volumes && <VolumesField field={`${f}.volumes`} problems={pr} value={c.volumes} onChange={(volumes) => props.onChange({ volumes })} />}
    </>
  );
}

function ReplicaCard(props: { replica: ReplicaForm; problems: FieldProblems; onChange(r: ReplicaForm): void; onRemove(): void; canRemove: boolean }) {
  const r = props.replica;
  const f = `replica.${r.type}`;
  const set = (p: Partial<ReplicaForm>) => props.onChange({ ...r, ...p });
  return (
    <section className="card jf-replica" data-testid={`replica-${r.type}`} aria-label={`${r.type} replicas`}>
      <div className="jf-replica-head">
        <h3>{r.type}</h3>
        {props.canRemove && (
          <button type="button" className="btn ghost danger" onClick={props.onRemove}>
            Remove {r.type}
          </button>
        )}
      </div>
      <Problems list={props.problems[f]} field={f} />
      <div className="form-grid3">
        <NumberField label="Replicas" field={`${f}.replicas`} problems={props.problems} value={r.replicas} onChange={(v) => set({ replicas: v ?? 0 })} />
        <SelectField
          label="Restart policy"
          field={`${f}.restartPolicy`}
          problems={props.problems}
          value={r.restartPolicy}
          options={[{ value: '', label: 'Operator default' }, 'OnFailure', 'Never', 'Always', 'ExitCode']}
          onChange={(restartPolicy) => set({ restartPolicy })}
        />
      </div>
      <ContainerFields prefix={f} problems={props.problems} value={r} onChange={set} volumes />
      <details className="jf-details" open={r.podLabels.length + r.podAnnotations.length > 0 || undefined}>
        <summary>Pod labels and annotations</summary>
        <PairsField
          label="Pod labels"
          nameLabel="Key"
          field={`${f}.podLabels`}
          problems={props.problems}
          value={r.podLabels}
          onChange={(podLabels) => set({ podLabels })}
        />
        <PairsField
          label="Pod annotations"
          nameLabel="Key"
          field={`${f}.podAnnotations`}
          problems={props.problems}
          value={r.podAnnotations}
          onChange={(podAnnotations) => set({ podAnnotations })}
        />
      </details>
    </section>
  );
}

/** The form body (kind and namespace are chosen by the page). */
export function JobFormView(props: { form: JobForm; problems: FieldProblems; onChange(f: JobForm): void }) {
  const { form, problems } = props;
  const kind = formKind(form);
  const set = (p: Partial<JobForm>) => props.onChange({ ...form, ...p });
  const unused = kind.replicaTypes.filter((t) => !form.replicas.some((r) => r.type === t));
  const rp = form.runPolicy;
  const setRp = (p: Partial<JobForm['runPolicy']>) => set({ runPolicy: { ...rp, ...p } });
  return (
    <div className="job-form" data-testid="job-form">
      <section className="card">
        <TextField label="Name" field="name" problems={problems} value={form.name} placeholder="e.g. resnet-finetune" onChange={(name) => set({ name })} />
        <PairsField label="Labels" nameLabel="Key" field="labels" problems={problems} value={form.labels} onChange={(labels) => set({ labels })} />
      </section>

      {kind.replicaSpecsField ? (
        <>
          <Problems list={problems['replicas']} field="replicas" />
          {form.replicas.map((r, i) => (
            <ReplicaCard
              key={r.type}
              replica={r}
              problems={problems}
              canRemove={form.replicas.length > 1}
              onChange={(nr) => set({ replicas: form.replicas.map((x, j) => (j === i ? nr : x)) })}
              onRemove={() => set({ replicas: form.replicas.filter((_, j) => j !== i) })}
            />
          ))}
          {unused.length > 0 && (
            <div className="jf-add">
              <span className="muted">Add a replica type:</span>
              {unused.map((t) => (
                <button
                  type="button"
                  key={t}
                  className="btn"
                  onClick={() => set({ replicas: [...form.replicas, { ...emptyReplica(t), image: form.replicas[0]?.image ?? '' }] })}
                >
                  + {t}
                </button>
              ))}
            </div>
          )}
        </>
      ) : (
        form.trainJob && (
          <section className="card jf-replica" data-testid="trainer">
            <h3>Trainer</h3>
            <div className="form-grid3">
              <TextField
                label="Runtime"
                field="trainJob.runtimeRef"
                problems={problems}
                value={form.trainJob.runtimeRef}
                placeholder="torch-distributed"
                onChange={(runtimeRef) => form.trainJob && set({ trainJob: { ...form.trainJob, runtimeRef } })}
              />
              <SelectField
                label="Runtime kind"
                field="trainJob.runtimeKind"
                problems={problems}
                value={form.trainJob.runtimeKind}
                options={['ClusterTrainingRuntime', 'TrainingRuntime']}
                onChange={(runtimeKind) => form.trainJob && set({ trainJob: { ...form.trainJob, runtimeKind } })}
              />
              <NumberField
                label="Nodes"
                field="trainJob.numNodes"
                problems={problems}
                min={1}
                value={form.trainJob.numNodes}
                onChange={(numNodes) => form.trainJob && set({ trainJob: { ...form.trainJob, numNodes } })}
              />
            </div>
            <ContainerFields
              prefix="trainJob"
              problems={problems}
              value={form.trainJob}
              volumes={false}
              onChange={(p) => form.trainJob && set({ trainJob: { ...form.trainJob, ...p } })}
            />
          </section>
        )
      )}

      <section className="card" aria-label="Run policy">
        <h3>Run policy</h3>
        <div className="form-grid3">
          {kind.replicaSpecsField && (
            <SelectField
              label="Clean pods when finished"
              field="runPolicy.cleanPodPolicy"
              problems={problems}
              value={rp.cleanPodPolicy}
              options={[
                { value: '', label: 'Operator default (None)' },
                { value: 'None', label: 'None: keep all pods' },
                { value: 'Running', label: 'Running: delete running pods' },
                { value: 'All', label: 'All: delete all pods' },
              ]}
              onChange={(cleanPodPolicy) => setRp({ cleanPodPolicy })}
            />
          )}
          {kind.replicaSpecsField && (
            <NumberField
              label="Backoff limit (retries)"
              field="runPolicy.backoffLimit"
              problems={problems}
              value={rp.backoffLimit}
              onChange={(backoffLimit) => setRp({ backoffLimit })}
            />
          )}
          <NumberField
            label="Deadline (seconds)"
            field="runPolicy.activeDeadlineSeconds"
            problems={problems}
            min={1}
            value={rp.activeDeadlineSeconds}
            onChange={(activeDeadlineSeconds) => setRp({ activeDeadlineSeconds })}
          />
          {kind.replicaSpecsField && (
            <NumberField
              label="Delete after finishing (seconds)"
              field="runPolicy.ttlSecondsAfterFinished"
              problems={problems}
              value={rp.ttlSecondsAfterFinished}
              onChange={(ttlSecondsAfterFinished) => setRp({ ttlSecondsAfterFinished })}
            />
          )}
        </div>
        <label className="jf-check">
          <input type="checkbox" checked={rp.suspend} onChange={(e) => setRp({ suspend: e.target.checked })} /> Create suspended (start it later with Resume)
        </label>
        <Problems list={problems['runPolicy.suspend']} field="runPolicy.suspend" />
      </section>
    </div>
  );
}
