// SPDX-License-Identifier: Apache-2.0
/**
 * A cluster's MLflow connection settings, as a hook: read on mount (late answers for another
 * cluster dropped), the form's draft, the MLflow services found in the cluster, save (the draft
 * stays as typed when it fails) and the connection test (saving first when the form changed).
 */
import { useEffect, useState } from 'react';
import { type AppError, asAppError } from '../../../shared/errors';
import { registryContract, type ConnectionTest, type RegistrySettings } from '../../../shared/features/registry/registry.contract';
import { api } from '../../lib/api/api-context';
import { notify } from '../../lib/notify';
import { useServiceCandidates, type ServiceCandidates } from '../../lib/use-service-candidates';
import { draftOf, settingsInput, type MlflowDraft } from './mlflow-settings-model';

/** What the hook gives the panel. */
export interface MlflowSettings {
  saved: RegistrySettings | undefined;
  draft: MlflowDraft | undefined;
  /** Changes fields of the draft. */
  set(patch: Partial<MlflowDraft>): void;
  error: AppError | undefined;
  test: ConnectionTest | undefined;
  busy: 'save' | 'test' | undefined;
  found: ServiceCandidates;
  /** Saves the draft; resolves with whether it was saved. */
  save(): Promise<boolean>;
  /** Tests the connection, saving first when `changed`. */
  runTest(changed: boolean): Promise<void>;
}

/**
 * @param clusterId - the cluster
 * @param clusterName - its name, for the success message
 * @param onSaved - called after a save (the page reloads its data)
 */
export function useMlflowSettings(clusterId: string, clusterName: string, onSaved: () => void): MlflowSettings {
  const [saved, setSaved] = useState<RegistrySettings | undefined>(undefined);
  const [draft, setDraft] = useState<MlflowDraft | undefined>(undefined);
  const [error, setError] = useState<AppError | undefined>(undefined);
  const [test, setTest] = useState<ConnectionTest | undefined>(undefined);
  const [busy, setBusy] = useState<'save' | 'test' | undefined>(undefined);
  const found = useServiceCandidates(() => api().call(registryContract.candidates, { clusterId }), clusterId);

  useEffect(() => {
    let live = true;
    api()
      .call(registryContract.getSettings, { clusterId })
      .then(
        (s) => {
          if (!live) return;
          setSaved(s);
          setDraft(draftOf(s));
        },
        (e: unknown) => live && setError(asAppError(e)),
      );
    return () => {
      live = false;
    };
  }, [clusterId]);

  const save = async (): Promise<boolean> => {
    if (!draft) return false;
    setBusy('save');
    setError(undefined);
    try {
      const s = await api().call(registryContract.setSettings, settingsInput(clusterId, draft));
      setSaved(s);
      setDraft(draftOf(s));
      notify('success', 'MLflow connection saved', `For ${clusterName}.`);
      onSaved();
      return true;
    } catch (e) {
      // the draft stays as typed, so nothing is lost
      setError(asAppError(e));
      return false;
    } finally {
      setBusy(undefined);
    }
  };

  const runTest = async (changed: boolean) => {
    if (changed && !(await save())) return;
    setBusy('test');
    setTest(undefined);
    try {
      setTest(await api().call(registryContract.testConnection, { clusterId }));
    } catch (e) {
      setError(asAppError(e));
    } finally {
      setBusy(undefined);
    }
  };

  const set = (patch: Partial<MlflowDraft>) => setDraft(draft ? { ...draft, ...patch } : draft);

  return { saved, draft, set, error, test, busy, found, save, runTest };
}
