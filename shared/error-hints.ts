// SPDX-License-Identifier: Apache-2.0
/**
 * The hint an error's code calls for, said after its message: what kind of failure it is and, for
 * a refused sign-in or a refused action, who refused it (the error's `service`: the cluster, an
 * MLflow server, Kubeflow Pipelines, an S3 store...), so an MLflow that refuses its token is not
 * blamed on the kubeconfig.
 */
import type { AppErrorData, ErrorCode, ErrorService } from './errors';

/** How a service is named in a sentence. */
export const serviceNames: Record<ErrorService, string> = {
  cluster: 'the cluster',
  kfp: 'Kubeflow Pipelines',
  mlflow: 'the MLflow server',
  'object-store': 'the S3 store',
  jupyter: 'the Jupyter server',
  feast: 'the Feast registry',
  'file-server': "the volume's file server",
  prometheus: 'the Prometheus server',
  keychain: "this computer's keychain",
};

/** A refused sign-in, by who refused it. */
const unauthenticated: Record<ErrorService, string> = {
  cluster: 'The cluster did not accept your credentials. Sign in again or check the kubeconfig.',
  kfp: 'Kubeflow Pipelines did not accept who MLDeck signed in as. Check the gateway token or the Kubeflow user in this cluster\u2019s settings.',
  mlflow: 'The MLflow server did not accept the credentials MLDeck sent. Check them in the MLflow connection settings.',
  'object-store': 'The S3 store did not accept the keys MLDeck sent. Check them in the storage connection\u2019s settings.',
  jupyter: 'The Jupyter server did not accept the token MLDeck sent. Enter its token again.',
  feast: 'The Feast registry asks for a sign-in, which MLDeck does not do for Feast.',
  'file-server': "The volume's file server did not accept MLDeck's sign-in.",
  prometheus: 'The Prometheus server asks for credentials, which MLDeck does not send to Prometheus.',
  keychain: 'A secret saved on this computer could not be read here. Enter it again.',
};

/** The hints of the other codes (a refused action names its service when known, see {@link errorHint}). */
const byCode: Record<Exclude<ErrorCode, 'unauthenticated' | 'forbidden'>, string> = {
  unavailable: 'The cluster or service could not be reached.',
  timeout: 'It took too long to answer.',
  validation: 'Something in the request is not valid.',
  'not-found': 'It does not exist (any more).',
  conflict: 'It was changed by someone else in the meantime.',
  cancelled: 'It was cancelled.',
  internal: 'MLDeck hit an unexpected problem.',
};

function capitalised(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The hint for an error, or undefined when its message says all there is. */
export function errorHint(e: Pick<AppErrorData, 'code' | 'retryable' | 'service'>): string | undefined {
  switch (e.code) {
    case 'unauthenticated':
      return e.service ? unauthenticated[e.service] : 'The service did not accept the credentials MLDeck sent.';
    case 'forbidden':
      if (e.service === 'cluster') return 'Your account is not allowed to do this (Kubernetes RBAC).';
      // who refused is not known (a read-only volume, a file's permissions...): the message says why
      if (e.service === undefined || e.service === 'keychain') return undefined;
      return `${capitalised(serviceNames[e.service])} does not allow your account to do this.`;
    case 'unavailable':
      // "unavailable" that trying again will not fix is something not set up, not a network failure
      if (e.retryable === false) return undefined;
      return e.service ? `${capitalised(serviceNames[e.service])} could not be reached.` : byCode.unavailable;
    default:
      return byCode[e.code];
  }
}
