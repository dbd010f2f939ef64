// SPDX-License-Identifier: Apache-2.0
/** Turns anything thrown in main into an error as data, without leaking stacks or secrets. */
import { AppError, type AppErrorData } from '../../shared/errors';

/** The error data for a thrown value: AppErrors keep their code, anything else is internal. */
export function toErrorData(e: unknown): AppErrorData {
  if (e instanceof AppError) return e.toData();
  if (e instanceof Error && e.name === 'AbortError') return { code: 'cancelled', message: 'The operation was cancelled.' };
  return { code: 'internal', message: 'Something went wrong inside MLDeck. The details are in the log.' };
}
