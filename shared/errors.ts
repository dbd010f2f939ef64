// SPDX-License-Identifier: Apache-2.0
/**
 * Errors cross every boundary (IPC, WebSocket) as data with one of a small set of codes.
 * The renderer switches on `code`, never on message text.
 */

/** The codes an error can carry. */
export const errorCodes = ['validation', 'unauthenticated', 'forbidden', 'not-found', 'conflict', 'unavailable', 'timeout', 'cancelled', 'internal'] as const;

/** One of {@link errorCodes}. */
export type ErrorCode = (typeof errorCodes)[number];

/**
 * The services an error can come from, for saying who refused or failed: the cluster (its API
 * server, or the kubeconfig's credential plugin or identity provider signing in to it), Kubeflow
 * Pipelines, an MLflow server, an S3 store, a Jupyter server, a Feast registry, a volume's file
 * server, a Prometheus server, or this computer's keychain holding a saved secret.
 */
export const errorServices = ['cluster', 'kfp', 'mlflow', 'object-store', 'jupyter', 'feast', 'file-server', 'prometheus', 'keychain'] as const;

/** One of {@link errorServices}. */
export type ErrorService = (typeof errorServices)[number];

/** The serialisable form of an error. */
export interface AppErrorData {
  /** What kind of failure this is. */
  code: ErrorCode;
  /** A sentence for the user. */
  message: string;
  /** Extra detail (a server's message, a field path, a log tail). Never a secret. */
  detail?: string;
  /** Whether trying again may help. */
  retryable?: boolean;
  /** The service that refused or failed, when it is known. */
  service?: ErrorService;
}

/** An error with a code, thrown inside main and the renderer, sent as {@link AppErrorData}. */
export class AppError extends Error {
  /**
   * @param code - the kind of failure
   * @param message - a sentence for the user
   * @param detail - extra detail, never a secret
   * @param retryable - whether trying again may help
   * @param service - the service that refused or failed
   */
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly detail?: string,
    readonly retryable?: boolean,
    readonly service?: ErrorService,
  ) {
    super(message);
    this.name = 'AppError';
  }

  /** Rebuilds an error from its data form. */
  static fromData(data: AppErrorData): AppError {
    return new AppError(data.code, data.message, data.detail, data.retryable, data.service);
  }

  /** The data form of this error. */
  toData(): AppErrorData {
    const data: AppErrorData = { code: this.code, message: this.message };
    if (this.detail !== undefined) data.detail = this.detail;
    if (this.retryable !== undefined) data.retryable = this.retryable;
    if (this.service !== undefined) data.service = this.service;
    return data;
  }
}

/** Is this value an {@link AppError}? */
export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

/** Anything thrown, as an {@link AppError}: itself, or `internal` with the thrown error's message. */
export function asAppError(e: unknown): AppError {
  return e instanceof AppError ? e : new AppError('internal', e instanceof Error ? e.message : String(e));
}

/** The error code a given HTTP status maps to. */
export function codeForHttpStatus(status: number): ErrorCode {
  if (status === 400 || status === 422) return 'validation';
  if (status === 401) return 'unauthenticated';
  if (status === 403) return 'forbidden';
  if (status === 404 || status === 410) return 'not-found';
  if (status === 409) return 'conflict';
  if (status === 408 || status === 504) return 'timeout';
  if (status >= 500 || status === 429) return 'unavailable';
  return 'internal';
}
