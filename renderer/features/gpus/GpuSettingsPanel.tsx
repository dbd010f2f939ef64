// SPDX-License-Identifier: Apache-2.0
/**
 * GPU settings of one cluster: the Prometheus URL, or the in-cluster Prometheus service the user
 * confirms (pinned), and the idle rule.
 */
import { useEffect, useState } from 'react';
import { type AppError, asAppError } from '../../../shared/errors';
import { gpusContract, prometheusUrlProblem, type GpuSettings } from '../../../shared/features/gpus/gpus.contract';
import { samePin, type ServicePin } from '../../../shared/kube/service-pin';
import { ErrorNote } from '../../components/ErrorNote';
import { ServicePinPicker } from '../../components/ServicePinPicker';
import { useServiceCandidates } from '../../lib/use-service-candidates';
import { api } from '../../lib/api/api-context';
import { notify } from '../../lib/notify';

/** The panel; `onSaved` reloads the page's data. */
export function GpuSettingsPanel({ clusterId, clusterName, onSaved }: { clusterId: string; clusterName: string; onSaved: () => void }) {
  const [saved, setSaved] = useState<GpuSettings | undefined>(undefined);
  const [draft, setDraft] = useState<{ url: string; threshold: string; window: string; pin: ServicePin | null } | undefined>(undefined);
  const found = useServiceCandidates(() => api().call(gpusContract.prometheusCandidates, { clusterId }), clusterId);
  const [error, setError] = useState<AppError | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    setSaved(undefined);
    setDraft(undefined);
    setError(undefined);
    // a late answer for the cluster shown before must not become this cluster's draft (and be saved for it)
    let live = true;
    api()
      .call(gpusContract.getSettings, { clusterId })
      .then(
        (s) => {
          if (!live) return;
          setSaved(s);
          setDraft({ url: s.prometheusUrl, threshold: String(s.idleThresholdPercent), window: String(s.idleWindowMinutes), pin: s.prometheusPin ?? null });
        },
        (e: unknown) => live && setError(asAppError(e)),
      );
    return () => {
      live = false;
    };
  }, [clusterId]);

  if (!draft) return error ? <ErrorNote error={error} /> : <div className="muted small">Loading settings…</div>;
  const urlProblem = draft.url.trim() === '' ? undefined : prometheusUrlProblem(draft.url);
  const threshold = Number(draft.threshold);
  const window = Number(draft.window);
  const thresholdProblem = draft.threshold.trim() === '' || !(threshold >= 0 && threshold <= 100) ? 'A percentage from 0 to 100' : undefined;
  const windowProblem = !(Number.isInteger(window) && window >= 1 && window <= 1440) ? 'Whole minutes from 1 to 1440' : undefined;
  const changed =
    !saved ||
    draft.url.trim() !== saved.prometheusUrl ||
    threshold !== saved.idleThresholdPercent ||
    window !== saved.idleWindowMinutes ||
    !samePin(draft.pin, saved.prometheusPin);

  const save = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const s = await api().call(gpusContract.setSettings, {
        clusterId,
        prometheusUrl: draft.url.trim(),
        prometheusPin: draft.pin,
        idleThresholdPercent: threshold,
        idleWindowMinutes: window,
      });
      setSaved(s);
      notify('success', 'GPU settings saved', `For ${clusterName}.`);
      onSaved();
    } catch (e) {
      // the draft stays as typed, so nothing is lost
      setError(asAppError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="card gpu-settings"
      data-testid="gpu-settings"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h3>GPU settings for {clusterName}</h3>
      <label className="field">
        Prometheus URL
        <input
          className="input"
          data-testid="gpu-settings-url"
          placeholder="empty: the Prometheus service confirmed below, through a port-forward"
          value={draft.url}
          onChange={(e) => setDraft({ ...draft, url: e.target.value })}
          aria-invalid={urlProblem ? true : undefined}
        />
        {urlProblem && <span className="error-text small">{urlProblem}</span>}
      </label>
      {draft.url.trim() === '' && (
        <ServicePinPicker what="Prometheus" testId="prometheus" pin={draft.pin} found={found} onPin={(pin) => setDraft({ ...draft, pin })} />
      )}
      <div className="gpu-settings-row">
        <label className="field">
          Idle below (%)
          <input
            className="input"
            type="number"
            min={0}
            max={100}
            step="any"
            data-testid="gpu-settings-threshold"
            value={draft.threshold}
            onChange={(e) => setDraft({ ...draft, threshold: e.target.value })}
          />
          {thresholdProblem && <span className="error-text small">{thresholdProblem}</span>}
        </label>
        <label className="field">
          for at least (minutes)
          <input
            className="input"
            type="number"
            min={1}
            max={1440}
            data-testid="gpu-settings-window"
            value={draft.window}
            onChange={(e) => setDraft({ ...draft, window: e.target.value })}
          />
          {windowProblem && <span className="error-text small">{windowProblem}</span>}
        </label>
      </div>
      {error && <ErrorNote error={error} />}
      <button
        className="btn primary"
        type="submit"
        data-testid="gpu-settings-save"
        disabled={busy || !changed || !!urlProblem || !!thresholdProblem || !!windowProblem}
      >
        {busy ? 'Saving…' : 'Save'}
      </button>
    </form>
  );
}
