// SPDX-License-Identifier: Apache-2.0
/** A cluster's Feast settings: the URL of a registry server to read instead of the ones found in the cluster. */
import { useEffect, useState } from 'react';
import { ErrorNote } from '../../components/ErrorNote';
import { TextField } from '../../components/form/inputs';
import { useFeastSettings } from './use-feast';

/** The panel. */
export function FeastSettingsPanel({ clusterId, clusterName, onSaved }: { clusterId: string; clusterName: string; onSaved(): void }) {
  const settings = useFeastSettings(clusterId);
  const [url, setUrl] = useState('');
  useEffect(() => setUrl(settings.value?.url ?? ''), [settings.value]);
  const save = async () => {
    if (await settings.save(url.trim())) onSaved();
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
      {settings.saveError && <ErrorNote error={settings.saveError} />}
      <button className="btn" data-testid="feast-save" disabled={settings.busy} onClick={() => void save()}>
        Save
      </button>
    </section>
  );
}
