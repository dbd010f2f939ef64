// SPDX-License-Identifier: Apache-2.0
/** A cluster's Feast settings: the URL of a registry server to read instead of the ones found in the cluster, and a registry file to read besides. */
import { useEffect, useState } from 'react';
import { ErrorNote } from '../../components/ErrorNote';
import { TextField } from '../../components/form/inputs';
import { useFeastSettings } from './use-feast';

/** The panel. */
export function FeastSettingsPanel({ clusterId, clusterName, onSaved }: { clusterId: string; clusterName: string; onSaved(): void }) {
  const settings = useFeastSettings(clusterId);
  const [url, setUrl] = useState('');
  const [file, setFile] = useState('');
  useEffect(() => {
    setUrl(settings.value?.url ?? '');
    setFile(settings.value?.registryFile ?? '');
  }, [settings.value]);
  const save = async () => {
    if (await settings.save(url.trim(), file.trim())) onSaved();
  };
  return (
    <section className="card feast-settings" data-testid="feast-settings">
      <h3>Feast on {clusterName}</h3>
      {settings.error && <ErrorNote error={settings.error} onRetry={settings.reload} />}
      <TextField
        label="Registry URL"
        field="url"
        problems={{}}
        testId="feast-url"
        placeholder="http://feast-registry.feast:6572"
        hint="A Feast REST registry server (feast serve_registry --rest-api) to read instead of the ones MLDeck finds in the cluster. Leave empty to find them."
        value={url}
        onChange={setUrl}
      />
      <TextField
        label="Registry file"
        field="registryFile"
        problems={{}}
        testId="feast-registry-file"
        placeholder="s3://feast/registry.db"
        hint="A Feast registry file in object storage (a feature_store.yaml's registry path), read besides the registries above with Feast's protobuf schema and the credentials of the object store KFP uses in this cluster. Files named by a feature_store.yaml ConfigMap are found without this."
        value={file}
        onChange={setFile}
      />
      {settings.saveError && <ErrorNote error={settings.saveError} />}
      <button className="btn" data-testid="feast-save" disabled={settings.busy} onClick={() => void save()}>
        Save
      </button>
    </section>
  );
}
