// SPDX-License-Identifier: Apache-2.0
/**
 * Deploy a new model: from a registry version (storageUri, format and version prefilled, all
 * editable) or typed by hand. Choose the cluster, namespace and name (a name already taken offers
 * a canary of that service instead), the format and runtime, S3 access, resources, GPUs and
 * replicas; form ⇄ YAML, dry run with problems at their fields, and Deploy through the shared
 * create flow (`components/create`), which then opens the service's page to follow it to Ready.
 * The data is in `use-deploy.ts`.
 */
import { useRouter } from '../../app/router';
import { CreateFlowView } from '../../components/create/CreateFlowView';
import { NamespacePicker } from '../../components/create/NamespacePicker';
import { Picker } from '../../components/create/Picker';
import { DeployFormView } from './DeployFormView';
import { S3AccessFields } from './S3AccessFields';
import { useDeploy, type DeployRoute } from './use-deploy';
import { VersionCard } from './VersionCard';
import { useNamespaces } from '../../lib/resources/use-namespaces';

/** The new-deploy page. */
export function NewDeploy({ route }: { route: DeployRoute }) {
  const { clusterId } = route;
  const go = useRouter((s) => s.go);
  const namespaces = useNamespaces(clusterId);
  const d = useDeploy(route);
  const { flow } = d;
  const { form } = flow;
  const fromVersion = { ...(route.model ? { model: route.model } : {}), ...(route.version ? { version: route.version } : {}) };
  const existingNote =
    form && d.taken ? (
      <div className="note info" role="status" data-testid="name-taken">
        <span>
          {form.name} already exists in {form.namespace}.{' '}
          <button
            className="btn"
            data-testid="deploy-as-canary"
            onClick={() => go({ page: 'deploy', clusterId, namespace: form.namespace, service: form.name, ...fromVersion })}
          >
            Deploy to it as a canary instead
          </button>
        </span>
      </div>
    ) : undefined;

  return (
    <div className="page sv-page" data-testid="deploy-page">
      <header className="page-head">
        <h1>Deploy a model</h1>
        <span className="muted">{d.clusterName}</span>
      </header>
      <VersionCard v={d.version} route={route} />
      {!form && <div className="muted">Loading…</div>}
      {form && (
        <CreateFlowView
          flow={flow}
          words={{ noun: 'InferenceService', submit: 'Deploy', submitting: 'Deploying…', validate: 'Validate (dry run)', submitTitle: 'Dry-run, then create' }}
          blocked={d.blocked}
          held={d.taken ? 'The name is taken: deploy as a canary instead' : undefined}
          permissionError={d.permission.error}
          editor={{
            testId: 'deploy-yaml',
            ariaLabel: 'InferenceService YAML',
            after: <div className="muted small">MLDeck adds its rollout-history annotation (mldeck.dev/rollout-history) when it creates the service.</div>,
          }}
          pickers={
            <>
              <Picker
                label="Cluster"
                testId="deploy-cluster"
                value={clusterId}
                options={(d.clusters ?? []).map((c) => ({ value: c.id, label: c.displayName }))}
                // the draft of this cluster stays kept; the other cluster has its own
                onChange={(id) => go({ page: 'deploy', clusterId: id, ...fromVersion })}
              />
              <NamespacePicker value={form.namespace} namespaces={namespaces} testId="deploy-namespace" onChange={d.changeNamespace} />
            </>
          }
        >
          <DeployFormView form={form} problems={flow.placed.byField} onChange={flow.change} existingNote={existingNote} />
          {d.s3Needed && (
            <S3AccessFields
              clusterId={clusterId}
              namespace={form.namespace}
              choice={flow.extra.s3}
              keys={d.keys}
              problems={flow.placed.byField}
              onChange={d.changeS3}
              onKeys={d.setKeys}
              createBlocked={d.s3Blocked}
            />
          )}
        </CreateFlowView>
      )}
    </div>
  );
}
