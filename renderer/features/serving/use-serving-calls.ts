// SPDX-License-Identifier: Apache-2.0
/**
 * The serving page's smaller calls as hooks: a test request to a model server (`serving:predict`)
 * with its answer or error, and the service accounts of a namespace (`serving:service-accounts`)
 * for the S3 access fields, and what RBAC allows in a namespace.
 */
import { useEffect, useState } from 'react';
import { type AppError, asAppError } from '../../../shared/errors';
import {
  servingContract,
  type PredictRequest,
  type PredictResponse,
  type ServiceAccounts,
  type ServingPermissions,
} from '../../../shared/features/serving/serving.contract';
import { usePermissionCheck } from '../../components/use-permission-check';
import { api } from '../../lib/api/api-context';

/** Sends test requests; keeps the last answer or error. */
export function usePredict() {
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState<PredictResponse | undefined>();
  const [error, setError] = useState<AppError | undefined>();
  const send = async (req: PredictRequest) => {
    setBusy(true);
    setError(undefined);
    try {
      setAnswer(await api().call(servingContract.predict, req));
    } catch (e) {
      setAnswer(undefined);
      setError(asAppError(e));
    } finally {
      setBusy(false);
    }
  };
  return { busy, answer, error, send };
}

/** The service accounts of a namespace (asked again by `reload`). */
export function useServiceAccounts(clusterId: string, namespace: string) {
  const [accounts, setAccounts] = useState<ServiceAccounts | AppError | undefined>();
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let live = true;
    setAccounts(undefined);
    api()
      .call(servingContract.serviceAccounts, { clusterId, namespace })
      .then(
        (a) => live && setAccounts(a),
        (e: unknown) => live && setAccounts(asAppError(e)),
      );
    return () => {
      live = false;
    };
  }, [clusterId, namespace, attempt]);
  return { accounts, reload: () => setAttempt((a) => a + 1) };
}

/** What RBAC allows the user with InferenceServices in a namespace. */
export function useServingPermissions(clusterId: string, namespace: string | undefined) {
  return usePermissionCheck<ServingPermissions>(namespace ? `${clusterId}|${namespace}` : undefined, () =>
    api().call(servingContract.permissions, { clusterId, namespace: namespace ?? '' }),
  );
}
