// SPDX-License-Identifier: Apache-2.0
/**
 * A new training job: a kind the cluster serves, a namespace, the form or its YAML (checked
 * against the kind's schema from the cluster as you type), a server-side dry run whose problems
 * land next to their fields, and Create; the shared create flow does all of that
 * (`components/create`). Clone fills the form from an existing job. Only kinds the cluster serves
 * are offered: when discovery fails (and main has none of the cluster's kinds cached to answer
 * with) the page says so and offers none.
 */
import { trainingKindKey } from '../../../shared/kube/training-kinds';
import { CreateFlowView } from '../../components/create/CreateFlowView';
import { NamespacePicker } from '../../components/create/NamespacePicker';
import { Picker } from '../../components/create/Picker';
import { ErrorNote } from '../../components/ErrorNote';
import { JobFormView } from './JobForm';
import { switchKind } from './new-job-model';
import { useNewJob, type NewJobRoute } from './use-new-job';
import './new-job.css';

/** The new-job page. */
export function NewJobPage({ route }: { route: NewJobRoute }) {
  const { clusterName, namespaces, kinds, kind, loadError, flow, permission, blocked } = useNewJob(route);
  const { form } = flow;
  const served = kinds.served;
  return (
    <div className="page new-job" data-testid="new-job">
      <div className="page-head">
        <h1>{route.cloneOf ? `Clone ${route.cloneOf.name}` : 'New training job'}</h1>
        <span className="muted">{clusterName}</span>
      </div>
      {loadError && <ErrorNote error={loadError} />}
      {kinds.error && (
        <>
          <ErrorNote error={kinds.error} onRetry={kinds.reload} />
          <div className="note stale" role="status" data-testid="no-kinds">
            MLDeck could not learn which training-job kinds {clusterName} serves and has none cached, so it offers none: a job of a kind the cluster may not
            serve cannot be created.
          </div>
        </>
      )}
      {kinds.known && !kinds.error && served.length === 0 && (
        <div className="note stale" role="status" data-testid="no-kinds">
          {clusterName} serves no training-job kinds: install the Kubeflow Training Operator or Trainer there to create jobs.
        </div>
      )}
      {!form && !loadError && !(kinds.known && served.length === 0) && <div className="muted">Loading…</div>}
      {form && kind && (
        <CreateFlowView
          flow={flow}
          words={{ noun: 'job', submit: 'Create', submitting: 'Creating…', submitTitle: 'Dry-run, then create the job' }}
          blocked={blocked}
          permissionError={permission.error}
          editor={{ testId: 'job-yaml', ariaLabel: 'Job YAML' }}
          pickers={
            <>
              <Picker
                label="Kind"
                value={trainingKindKey(kind)}
                options={(served.includes(kind) ? served : [kind, ...served]).map((k) => ({ value: trainingKindKey(k), label: k.title }))}
                onChange={(key) => {
                  const k = served.find((x) => trainingKindKey(x) === key);
                  if (k) flow.changeAll(switchKind(form, k));
                }}
              />
              <NamespacePicker value={form.namespace} namespaces={namespaces} onChange={(namespace) => flow.changeAll({ ...form, namespace })} />
            </>
          }
        >
          <JobFormView form={form} problems={flow.placed.byField} onChange={flow.change} />
        </CreateFlowView>
      )}
    </div>
  );
}
