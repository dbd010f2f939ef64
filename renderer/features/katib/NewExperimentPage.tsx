// SPDX-License-Identifier: Apache-2.0
/**
 * A new Katib experiment with the shared create flow (form ⇄ YAML, the form's checks, a dry run
 * whose problems land at their fields, a draft kept per start): fresh, a clone of an experiment,
 * or "Tune this job" (a training job's spec as the trial template).
 */
import { CreateFlowView } from '../../components/create/CreateFlowView';
import { NamespacePicker } from '../../components/create/NamespacePicker';
import { ErrorNote } from '../../components/ErrorNote';
import { ExperimentFormView } from './ExperimentFormView';
import { useNewExperiment, type NewExperimentRoute } from './use-new-experiment';
import './katib.css';

/** The new-experiment page. */
export function NewExperimentPage({ route }: { route: NewExperimentRoute }) {
  const { clusterName, namespaces, loadError, flow, permission, blocked } = useNewExperiment(route);
  const { form } = flow;
  const title = route.fromJob ? `Tune ${route.fromJob.name}` : route.cloneOf ? `Clone ${route.cloneOf.name}` : 'New experiment';
  return (
    <div className="page new-experiment" data-testid="new-experiment">
      <div className="page-head">
        <h1>{title}</h1>
        <span className="muted">{clusterName}</span>
      </div>
      {loadError && <ErrorNote error={loadError} />}
      {!form && !loadError && <div className="muted">Loading…</div>}
      {form && (
        <CreateFlowView
          flow={flow}
          words={{ noun: 'experiment', submit: 'Create', submitting: 'Creating…', submitTitle: 'Dry-run, then create the experiment' }}
          blocked={blocked}
          permissionError={permission.error}
          editor={{ testId: 'experiment-yaml', ariaLabel: 'Experiment YAML' }}
          pickers={<NamespacePicker value={form.namespace} namespaces={namespaces} onChange={(namespace) => flow.changeAll({ ...form, namespace })} />}
        >
          <ExperimentFormView form={form} problems={flow.placed.byField} onChange={flow.change} />
        </CreateFlowView>
      )}
    </div>
  );
}
