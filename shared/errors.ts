// SPDX-License-Identifier: Apache-2.0
/**
 * Errors cross every boundary (IPC, WebSocket) as data with one of a small set of codes.
 * The renderer switches on `code`, never on message text.
 */

/** The codes an error can carry. */
export const errorCodes = ['validation', 'unauthenticated', 'forbidden', 'not-found', 'conflict', 'unavailable', 'timeout', 'cancelled', 'internal'] as const;

/** One of {@link errorCodes}. */
export type ErrorCode = (typeof errorCodes)[number];

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
}

/** An error with a code, thrown inside main and the renderer, sent as {@link AppErrorData}. */
export class AppError extends Error {
  /**
   * @param code - the kind of failure
   * @param message - a sentence for the user
   * @param detail - extra detail, never a secret
   * @param retryable - whether trying again may help
   */
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly detail?: string,
    readonly retryable?: boolean,
  ) {
    super(message);
    this.name = 'AppError';
  }

  /** Rebuilds an error from its data form. */
  static fromData(data: AppErrorData): AppError {
    return new AppError(data.code, data.message, data.detail, data.retryable);
  }

  /** The data form of this error. */
  toData(): AppErrorData {
    const data: AppErrorData = { code: this.code, message: this.message };
    if (this.detail !== undefined) data.detail = this.detail;
    if (this.retryable !== undefined) data.retryable = this.retryable;
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
