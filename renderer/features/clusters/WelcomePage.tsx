// SPDX-License-Identifier: Apache-2.0
/** First run: no clusters yet. Add a kubeconfig, or start the lab and pick up its contexts. */
import { notifyError } from '../../lib/notify';
import { AddKubeconfig } from './AddKubeconfig';
import { useClusters } from '../../lib/clusters.store';
import { chainWords } from './kubeconfig-chain-words';
import { openSampleSnapshot } from './use-snapshot-actions';

/** The welcome page. */
export function WelcomePage() {
  const { list } = useClusters();
  const problems = list?.problems ?? [];
  const openSample = async () => {
    try {
      await openSampleSnapshot();
    } catch (e) {
      notifyError(e);
    }
  };
  const pickUpLab = async () => {
    try {
      await useClusters.getState().pickUpLab();
    } catch (e) {
      notifyError(e);
    }
  };
  return (
    <div className="page welcome" data-testid="welcome">
      <h1>Welcome to MLDeck</h1>
      <p className="lead">Training jobs, notebooks, tuning, models and serving on your Kubeflow clusters, in one app.</p>
      <p className="muted" data-testid="welcome-chain">
        {list && chainWords(list.kubeconfigChain).map((w, i) => (w.code ? <code key={i}>{w.text}</code> : <span key={i}>{w.text}</span>))} Add a kubeconfig
        below — MLDeck connects wherever <code>kubectl</code> does.
      </p>
      {problems.length > 0 && (
        <div className="note error" role="alert">
          {problems.map((p) => (
            <div key={p.origin}>
              <strong>{p.origin}</strong>: {p.message}
            </div>
          ))}
        </div>
      )}
      <div className="card sample">
        <h3>Explore a sample workspace</h3>
        <p>
          A read-only snapshot recorded from MLDeck’s lab: GPU nodes, training jobs of every kind, notebooks, Katib experiments and InferenceServices, with kept
          training logs. Nothing is contacted.
        </p>
        <button className="btn primary" onClick={() => void openSample()} data-testid="open-sample">
          Explore the sample
        </button>
      </div>
      <div className="welcome-grid">
        <AddKubeconfig />
        <div className="card">
          <h3>No cluster? Use the lab</h3>
          <p>The repository ships a real local Kubeflow control plane (two clusters, GPU nodes, Jupyter, MLflow, S3):</p>
          <pre className="mono">npm run lab -- up</pre>
          <p>
            It writes a kubeconfig with five contexts (two clusters, a restricted user, a client certificate and an exec plugin). MLDeck picks it up when it
            runs from the same folder; otherwise add the file that <code>npm run lab -- env</code> prints.
          </p>
          <button className="btn primary" onClick={() => void pickUpLab()} data-testid="use-lab">
            {list?.labAvailable ? 'Use the lab' : 'Use the lab (after starting it)'}
          </button>
        </div>
      </div>
    </div>
  );
}
