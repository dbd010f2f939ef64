// SPDX-License-Identifier: Apache-2.0
/**
 * A cluster's KFP connection: how MLDeck reached it (port-forward or gateway), single- or
 * multi-user, the namespaces listed and those not with why; and the Kubeflow user MLDeck acts as
 * on a multi-user KFP.
 */
import { useEffect, useState } from 'react';
import { ErrorNote } from '../../components/ErrorNote';
import { TextField } from '../../components/form/inputs';
import { useAction } from '../../lib/use-action';
import { originText } from './pipelines-view-model';
import { useKfpConnection, useKfpSettings } from './use-pipelines';

/** The panel. */
export function KfpSettingsPanel({ clusterId, clusterName, onSaved }: { clusterId: string; clusterName: string; onSaved(): void }) {
  const conn = useKfpConnection(clusterId);
  const settings = useKfpSettings(clusterId);
  const action = useAction();
  const [userId, setUserId] = useState('');
  useEffect(() => setUserId(settings.value?.userId ?? ''), [settings.value]);
  const c = conn.value;
  const save = async () => {
    if (!(await action.run(() => settings.save(userId.trim())))) return;
    conn.reload();
    onSaved();
  };
  return (
    <section className="card kfp-settings" data-testid="kfp-settings">
      <h3>KFP on {clusterName}</h3>
      {conn.loading && <p className="muted small">Connecting…</p>}
      {conn.error && <ErrorNote error={conn.error} onRetry={conn.reload} />}
      {c && (
        <p className={c.ok ? 'small' : 'note warn small'} data-testid="kfp-connection">
          {c.message}
          {c.ok && c.origin ? ` (${originText(c.origin)})` : ''}
        </p>
      )}
      {c?.refused.map((r) => (
        <p key={r.namespace} className="muted small" data-testid="kfp-refused" data-namespace={r.namespace}>
          {r.namespace}: {r.reason}
        </p>
      ))}
      <TextField
        label="Kubeflow user (multi-user KFP)"
        field="userId"
        problems={{}}
        testId="kfp-user"
        placeholder="you@example.com"
        hint="Sent as the user id header when MLDeck reaches a multi-user KFP directly; your profiles decide the namespaces."
        value={userId}
        onChange={setUserId}
      />
      {action.error && <ErrorNote error={action.error} />}
      <button className="btn" data-testid="kfp-save" disabled={action.busy} onClick={() => void save()}>
        Save and connect
      </button>
    </section>
  );
}
