// SPDX-License-Identifier: Apache-2.0
/**
 * A new notebook server: the form (or the YAML of the Notebook and its new volumes' PVCs,
 * editable), a server-side dry run whose problems land next to their fields, and Create (the
 * PVCs, then the Notebook), all through the shared create flow (`components/create`); the data
 * is in `use-new-notebook-server.ts`.
 */
import { useState } from 'react';
import { CreateFlowView } from '../../components/create/CreateFlowView';
import { NamespacePicker } from '../../components/create/NamespacePicker';
import { ErrorNote } from '../../components/ErrorNote';
import { useRouter } from '../../app/router';
import { problemTarget } from './new-server-model';
import { NotebookImagesSettings } from './NotebookImagesSettings';
import { NotebookServerForm } from './NotebookServerForm';
import { useNewNotebookServer, type NewServerRoute } from './use-new-notebook-server';
import './notebook-servers.css';

/** The new-notebook-server page. */
export function NewNotebookServerPage({ route }: { route: NewServerRoute }) {
  const { clusterId } = route;
  const go = useRouter((s) => s.go);
  const { clusterName, namespaces, options: opts, flow, permission, blocked } = useNewNotebookServer(route);
  const { options } = opts;
  const [editImages, setEditImages] = useState(false);
  const { form } = flow;
  return (
    <div className="page new-job new-notebook-server" data-testid="new-notebook-server">
      <div className="page-head">
        <button className="btn ghost" onClick={() => go({ page: 'notebooks', clusterId })} aria-label="Back to notebook servers">
          ← Servers
        </button>
        <h1>New notebook server</h1>
        <span className="muted">{clusterName}</span>
        <span className="spacer" />
        {options && (
          <button className="btn ghost" data-testid="edit-images" onClick={() => setEditImages(!editImages)}>
            Images…
          </button>
        )}
      </div>
      {editImages && options && (
        <NotebookImagesSettings
          settings={options.settings}
          clusterName={clusterName}
          onSaved={(settings) => opts.setOptions({ ...options, settings })}
          onClose={() => setEditImages(false)}
        />
      )}
      {opts.error && <ErrorNote error={opts.error} onRetry={opts.retry} />}
      {options && options.problems.length > 0 && (
        <div className="note stale" role="status">
          {options.problems.join(' ')}
        </div>
      )}
      {!form && <div className="muted">Loading…</div>}
      {form && (
        <CreateFlowView
          flow={flow}
          words={{
            noun: 'server',
            acceptedNoun: 'server and its volumes',
            submit: 'Create',
            submitting: 'Creating…',
            submitTitle: 'Dry-run, then create the volumes and the server',
          }}
          blocked={blocked}
          permissionError={permission.error}
          whereOf={problemTarget}
          editor={{
            testId: 'server-yaml-editor',
            ariaLabel: 'Notebook server YAML',
            before: (
              <p className="muted small">
                A List of the Notebook and a PersistentVolumeClaim for each new volume; Create makes the volumes, then the server, exactly as written here.
              </p>
            ),
          }}
          pickers={
            <NamespacePicker
              value={form.namespace}
              namespaces={namespaces}
              testId="server-namespace"
              // configurations and existing volumes belong to the old namespace
              onChange={(namespace) => flow.changeAll({ ...form, namespace, configurations: [] })}
            />
          }
        >
          <NotebookServerForm form={form} options={options} problems={flow.placed.byField} onChange={flow.change} />
        </CreateFlowView>
      )}
    </div>
  );
}
