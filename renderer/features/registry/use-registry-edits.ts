// SPDX-License-Identifier: Apache-2.0
/**
 * Changes to a model or a version in MLflow (description, tags, aliases) as a hook: each goes
 * through main and hands back the model as it is after (given to `onChanged`), is told as a
 * success, and on failure keeps the error for the editor to show (resolving false, so what was
 * typed stays).
 */
import { useCallback } from 'react';
import type { AppError } from '../../../shared/errors';
import { registryContract, type ModelDetail } from '../../../shared/features/registry/registry.contract';
import { api } from '../../lib/api/api-context';
import { notify } from '../../lib/notify';
import { useAction } from '../../lib/use-action';

/** A model, or one of its versions. */
export type EditTarget = { clusterId: string; name: string; version?: string | undefined };

const targetArgs = (t: EditTarget) =>
  t.version === undefined ? { clusterId: t.clusterId, name: t.name } : { clusterId: t.clusterId, name: t.name, version: t.version };

/** What the hook gives an editor; every change resolves with whether it was made. */
export interface RegistryEdits {
  busy: boolean;
  error: AppError | undefined;
  setDescription(target: EditTarget, description: string): Promise<boolean>;
  setTag(target: EditTarget, key: string, value: string): Promise<boolean>;
  deleteTag(target: EditTarget, key: string): Promise<boolean>;
  /** Points an alias (new, or moved) at a version. */
  setAlias(model: { clusterId: string; name: string }, alias: string, version: string): Promise<boolean>;
  deleteAlias(model: { clusterId: string; name: string }, alias: string): Promise<boolean>;
}

/** @param onChanged - given the model as it is after each change */
export function useRegistryEdits(onChanged: (d: ModelDetail) => void): RegistryEdits {
  const { busy, error, run: act } = useAction();
  const run = useCallback(
    async (what: string, op: () => Promise<ModelDetail>): Promise<boolean> =>
      (await act(async () => {
        onChanged(await op());
        notify('success', what);
      })) !== undefined,
    [act, onChanged],
  );
  return {
    busy,
    error,
    setDescription: (target, description) =>
      run('Description saved', () => api().call(registryContract.setDescription, { ...targetArgs(target), description })),
    setTag: (target, key, value) => run(`Tag ${key} set`, () => api().call(registryContract.setTag, { ...targetArgs(target), key, value })),
    deleteTag: (target, key) => run(`Tag ${key} removed`, () => api().call(registryContract.deleteTag, { ...targetArgs(target), key })),
    setAlias: (model, alias, version) =>
      run(`@${alias} now points at version ${version}`, () =>
        api().call(registryContract.setAlias, { clusterId: model.clusterId, name: model.name, alias, version }),
      ),
    deleteAlias: (model, alias) =>
      run(`Alias @${alias} removed`, () => api().call(registryContract.deleteAlias, { clusterId: model.clusterId, name: model.name, alias })),
  };
}
